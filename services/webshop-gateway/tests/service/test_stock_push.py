"""Free stock pushed to (fake) WooCommerce and Shopify shops on the real database: only for shops
that opted in, coalesced per product (the latest value wins), retried with backoff, a shop
without the SKU failed with what to do."""
from datetime import datetime, timezone
import uuid

import pytest
from nameko.exceptions import RemoteError
from sqlalchemy import select, update
from webshop_fakes import FakeCatalog, FakeShopify, FakeWooCommerce

from webshop_gateway import stock_push, sync_health
from webshop_gateway.connections import link_webshop
from webshop_gateway.models import StockPush

CUSTOMER = 7


def changed(productcode: str, freestock: int, customer_id: int = CUSTOMER) -> dict:
    return {"event_id": str(uuid.uuid4()), "idfulfilment_customer": customer_id, "idproduct": 1,
            "productcode": productcode, "name": productcode, "freestock": freestock}


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
