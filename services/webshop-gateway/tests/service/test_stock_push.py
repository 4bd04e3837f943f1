"""Free stock pushed to (fake) WooCommerce and Shopify shops on the real database: only for shops
that opted in, coalesced per product (the latest value wins), retried with backoff, a shop
without the SKU failed with what to do."""
from datetime import datetime, timezone
import uuid

import pytest
from nameko.exceptions import RemoteError
from sqlalchemy import select, update
from webshop_fakes import FakeCatalog, FakeShopify, FakeWooCommerce

from webshop_gateway import stock_full_push, stock_push, sync_health
from webshop_gateway.connections import link_webshop
from webshop_gateway.models import StockPush, Webshop

CUSTOMER = 7


def changed(productcode: str, freestock: int, customer_id: int = CUSTOMER) -> dict:
    return {"event_id": str(uuid.uuid4()), "products": [product(productcode, freestock, customer_id)]}


def product(productcode: str, freestock: int, customer_id: int = CUSTOMER) -> dict:
    return {"idfulfilment_customer": customer_id, "idproduct": 1, "productcode": productcode, "name": productcode,
            "freestock": freestock}


def link(db, data: dict, push: bool = True) -> dict:
    webshop = db.change(link_webshop, CUSTOMER, data, "anna")
    return db.change(stock_push.set_stock_push, CUSTOMER, webshop["idwebshop"], push)


def woocommerce(shop) -> dict:
    return {"platform": "woocommerce", "name": "Acme shop", "url": shop.url, "consumer_key": shop.consumer_key,
            "consumer_secret": shop.consumer_secret}


def rows(db) -> list[StockPush]:
    return db.read(lambda session: session.scalars(select(StockPush).order_by(StockPush.id)).all())


def make_due(db) -> None:
    db.change(lambda uow: uow.session.execute(update(StockPush).values(next_attempt_at=datetime.now(timezone.utc))))


@pytest.fixture
def woo():
    with FakeWooCommerce() as running:
        yield running


def test_changes_coalesce_and_the_shop_gets_our_free_stock_as_it_is_when_sent(db, woo):
    mug = woo.add_product("MUG-1", stock_quantity=0)
    webshop = link(db, woocommerce(woo))
    for freestock in (5, 3, 4):  # three changes before the timer's round
        db.change(stock_push.record_free_stock_change, changed("MUG-1", freestock))
    (row,) = rows(db)
    assert row.status == "waiting" and row.version == 3
    catalog = FakeCatalog()
    catalog.freestock["MUG-1"] = 9  # a later change whose event is still on its way
    assert stock_push.push_due_stock(db, catalog) == 1
    assert woo.products[mug["id"]]["stock_quantity"] == 9 and woo.products[mug["id"]]["manage_stock"] is True
    assert woo.received_at("PUT", f"/products/{mug['id']}") == [{"manage_stock": True, "stock_quantity": 9}]
    (row,) = rows(db)
    assert row.status == "sent" and row.sent_freestock == 9
    assert db.read(sync_health.pending_outbound, webshop["idwebshop"])["stock"] == 0


def test_a_shop_that_did_not_opt_in_gets_nothing(db, woo):
    woo.add_product("MUG-1")
    link(db, woocommerce(woo), push=False)
    assert db.change(stock_push.record_free_stock_change, changed("MUG-1", 5)) == 0
    assert rows(db) == [] and stock_push.push_due_stock(db, FakeCatalog()) == 0


def test_one_event_of_several_products_waits_a_row_per_product_of_each_clients_shop(db, woo):
    link(db, woocommerce(woo))
    other = db.change(link_webshop, CUSTOMER + 1, {**woocommerce(woo), "name": "Other shop"}, "bob")
    db.change(stock_push.set_stock_push, CUSTOMER + 1, other["idwebshop"], True)
    event = {"event_id": str(uuid.uuid4()), "products": [
        product("MUG-1", 5), product("LAMP-9", 2), product("TEE-M", 1, CUSTOMER + 1), product("PEN", 4, CUSTOMER + 2)]}
    assert stock_push.hear_free_stock_change(db, event) == 3
    assert stock_push.hear_free_stock_change(db, event) == 3  # redelivered: the same rows wait, nothing more
    assert sorted((row.customer_id, row.productcode, row.status) for row in rows(db)) == [
        (CUSTOMER, "LAMP-9", "waiting"), (CUSTOMER, "MUG-1", "waiting"), (CUSTOMER + 1, "TEE-M", "waiting")]


def test_a_change_no_shop_pushes_is_read_once_and_writes_nothing(db, woo, monkeypatch):
    link(db, woocommerce(woo), push=False)
    opened = []
    monkeypatch.setattr(db, "change", lambda *args: opened.append(args))
    assert stock_push.hear_free_stock_change(db, changed("MUG-1", 5)) == 0
    assert opened == [] and rows(db) == []


def test_a_shop_that_is_down_is_asked_again_later_and_then_gets_the_stock(db, woo):
    mug = woo.add_product("MUG-1", stock_quantity=1)
    webshop = link(db, woocommerce(woo))
    db.change(stock_push.record_free_stock_change, changed("MUG-1", 6))
    catalog = FakeCatalog()
    catalog.freestock["MUG-1"] = 6
    woo.faults.append("500")
    stock_push.push_due_stock(db, catalog)
    (row,) = rows(db)
    assert row.status == "waiting" and row.attempts == 1 and "500" in row.last_error
    assert row.next_attempt_at > datetime.now(timezone.utc)
    assert db.read(sync_health.get_sync_health, CUSTOMER, webshop["idwebshop"])["pending_outbound"]["stock"] == 1
    assert stock_push.push_due_stock(db, catalog) == 0  # not due yet: backing off
    make_due(db)
    stock_push.push_due_stock(db, catalog)
    assert woo.products[mug["id"]]["stock_quantity"] == 6 and rows(db)[0].status == "sent"


def test_a_change_arriving_while_it_is_sent_is_sent_after_it(db, woo):
    woo.add_product("MUG-1")
    link(db, woocommerce(woo))
    db.change(stock_push.record_free_stock_change, changed("MUG-1", 2))
    (claimed,) = db.change(stock_push._claim_due)
    db.change(stock_push.record_free_stock_change, changed("MUG-1", 1))
    db.change(stock_push._record, claimed, stock_push.Delivered(), 2)
    (row,) = rows(db)
    assert row.status == "waiting" and row.version == 2


def test_a_shop_without_the_sku_fails_with_what_to_do(db, woo):
    link(db, woocommerce(woo))
    db.change(stock_push.record_free_stock_change, changed("LAMP-9", 2))
    catalog = FakeCatalog()
    catalog.freestock["LAMP-9"] = 2
    stock_push.push_due_stock(db, catalog)
    (row,) = rows(db)
    assert row.status == "failed" and "no product with SKU LAMP-9" in row.last_error


def test_a_shopify_shop_has_the_variants_inventory_level_set_at_its_location(db):
    with FakeShopify() as shop:
        product = shop.add_product("TEE-M", available=0)
        link(db, {"platform": "shopify", "name": "Acme on Shopify", "url": shop.url,
                  "access_token": shop.access_token})
        db.change(stock_push.record_free_stock_change, changed("TEE-M", 12))
        catalog = FakeCatalog()
        catalog.freestock["TEE-M"] = 12
        stock_push.push_due_stock(db, catalog)
        assert shop.available("TEE-M") == 12
        assert shop.received_at("POST", "/inventory_levels/set.json") == [{
            "location_id": 655441491, "inventory_item_id": product["variants"][0]["inventory_item_id"],
            "available": 12}]


def test_only_woocommerce_and_shopify_shops_take_stock_and_only_their_own_clients(rpc):
    shop = rpc.link_webshop(CUSTOMER, {"platform": "json", "name": "Outlet", "url": "http://127.0.0.1:9/orders",
                                       "access_token": "t"}, "anna")
    assert rpc.set_stock_push(CUSTOMER, shop["idwebshop"], True)["push_stock"] is False
    with pytest.raises(RemoteError) as refused:
        rpc.set_stock_push(8, shop["idwebshop"], True)
    assert refused.value.exc_type == "WebshopNotFound"


def switched_on(db, data: dict) -> dict:
    webshop = db.change(link_webshop, CUSTOMER, data, "anna")
    return db.change(stock_push.set_stock_push, CUSTOMER, webshop["idwebshop"], True)


def full_push_offset(db, webshop_id: int):
    return db.read(lambda session: session.get(Webshop, webshop_id).stock_full_push_offset)


def test_switching_push_on_sets_every_product_the_shop_has_once_and_leaves_the_rest_alone(db, woo):
    mug, tee, cap = woo.add_product("MUG-1", 1), woo.add_product("TEE-M", 4), woo.add_product("CAP-1", 5)
    catalog = FakeCatalog()
    catalog.freestock.update({"MUG-1": 9, "TEE-M": 0, "CAP-1": 5, "LAMP-9": 3})  # no lamp in the shop
    webshop = switched_on(db, woocommerce(woo))
    assert stock_full_push.queue_next_pages(db, catalog) == 1
    assert full_push_offset(db, webshop["idwebshop"]) is None  # one page was all
    assert {row.productcode for row in rows(db)} == {"MUG-1", "TEE-M"}  # the cap is right already
    assert stock_push.push_due_stock(db, catalog) == 2
    assert [woo.products[product["id"]]["stock_quantity"] for product in (mug, tee, cap)] == [9, 0, 5]
    assert woo.received_at("PUT", f"/products/{cap['id']}") == [] and {row.status for row in rows(db)} == {"sent"}
    assert stock_full_push.queue_next_pages(db, catalog) == 0  # once
    db.change(stock_push.set_stock_push, CUSTOMER, webshop["idwebshop"], True)  # on already: not again
    assert full_push_offset(db, webshop["idwebshop"]) is None


def test_a_full_push_goes_a_page_a_round_and_a_shop_that_cannot_be_read_is_asked_again_later(db, woo):
    catalog = FakeCatalog()
    for number in range(150):
        catalog.freestock[f"SKU-{number:03}"] = 2
        woo.add_product(f"SKU-{number:03}", 0)
    webshop = switched_on(db, woocommerce(woo))
    woo.faults.append("500")
    stock_full_push.queue_next_pages(db, catalog)
    assert full_push_offset(db, webshop["idwebshop"]) == 0 and rows(db) == []
    assert stock_full_push.queue_next_pages(db, catalog) == 0  # waits FAILED_PAGE_WAIT
    db.change(lambda uow: uow.session.execute(update(Webshop).values(stock_full_push_at=datetime.now(timezone.utc))))
    stock_full_push.queue_next_pages(db, catalog)
    assert full_push_offset(db, webshop["idwebshop"]) == 100 and len(rows(db)) == 100
    stock_full_push.queue_next_pages(db, catalog)
    assert full_push_offset(db, webshop["idwebshop"]) is None and len(rows(db)) == 150
    reads = [path for method, path in woo.requests if method == "GET" and "/products?" in path]
    assert len(reads) == 3  # a request per page of 100 SKUs (and the one that failed)


def test_a_shop_asking_to_wait_is_not_asked_again_for_its_other_products_that_round(db, woo):
    for code in ("MUG-1", "TEE-M", "CAP-1"):
        woo.add_product(code, 0)
    catalog = FakeCatalog()
    catalog.freestock.update({"MUG-1": 1, "TEE-M": 2, "CAP-1": 3})
    switched_on(db, woocommerce(woo))
    stock_full_push.queue_next_pages(db, catalog)
    asked = len(woo.requests)
    woo.faults.append(("429", 30))
    assert stock_push.push_due_stock(db, catalog) == 3
    assert len(woo.requests) == asked + 1  # the one that was told to wait
    assert all(row.status == "waiting" and (row.next_attempt_at - datetime.now(timezone.utc)).total_seconds() > 25
               for row in rows(db))


def test_a_shopify_shop_switched_on_gets_its_variants_set_once(db):
    with FakeShopify() as shop:
        shop.add_product("TEE-M", available=1)
        catalog = FakeCatalog()
        catalog.freestock.update({"TEE-M": 12, "MUG-1": 4})
        switched_on(db, {"platform": "shopify", "name": "Acme on Shopify", "url": shop.url,
                         "access_token": shop.access_token})
        stock_full_push.queue_next_pages(db, catalog)
        stock_push.push_due_stock(db, catalog)
        assert shop.available("TEE-M") == 12 and len(shop.received_at("POST", "/inventory_levels/set.json")) == 1
        assert [row.productcode for row in rows(db)] == ["TEE-M"]


def test_a_shop_linked_with_push_on_gets_its_products_set_from_the_start(db, woo):
    mug = woo.add_product("MUG-1", 0)
    catalog = FakeCatalog()
    catalog.freestock["MUG-1"] = 6
    webshop = db.change(link_webshop, CUSTOMER, {**woocommerce(woo), "push_stock": True}, "anna")
    assert webshop["push_stock"] is True and full_push_offset(db, webshop["idwebshop"]) == 0
    stock_full_push.queue_next_pages(db, catalog)
    stock_push.push_due_stock(db, catalog)
    assert woo.products[mug["id"]]["stock_quantity"] == 6
    outlet = db.change(link_webshop, CUSTOMER, {"platform": "json", "name": "Outlet", "url": "http://127.0.0.1:9/o",
                                                "access_token": "t", "push_stock": True}, "anna")
    assert outlet["push_stock"] is False and full_push_offset(db, outlet["idwebshop"]) is None
