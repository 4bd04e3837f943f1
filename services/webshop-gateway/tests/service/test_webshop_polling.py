"""Orders from a (fake) WooCommerce shop, read by polling on the real database: each shop order
becomes exactly one order, whatever the shop does wrong, and every one is in the orders-seen log
with its outcome."""
import time

import pytest
from sqlalchemy import update
from webshop_fakes import FakeOrders, FakeWooCommerce

from nameko.exceptions import RemoteError
from nameko.standalone.rpc import ServiceRpcProxy

from servicekit.testing import started_with_fakes
from webshop_gateway import polling, seen_orders
from webshop_gateway.connections import link_webshop
from webshop_gateway.models import Webshop
from webshop_gateway.service import WebshopGatewayService

CUSTOMER = 7


@pytest.fixture
def shop():
    with FakeWooCommerce() as running:
        yield running


@pytest.fixture
def orders():
    return FakeOrders()


@pytest.fixture
def webshop(db, shop) -> dict:
    return db.change(link_webshop, CUSTOMER, {"platform": "woocommerce", "name": "Acme shop", "url": shop.url,
                                              "consumer_key": shop.consumer_key,
                                              "consumer_secret": shop.consumer_secret}, "anna")


def poll_now(db, orders, webshop) -> None:
    """The timer's round, with the shop due at once (not after WEBSHOP_POLL_SECONDS)."""
    db.change(lambda uow: uow.session.execute(update(Webshop).where(Webshop.id == webshop["idwebshop"])
                                              .values(next_poll_at=None)))
    polling.poll_due_shops(db, orders)


def seen(db, webshop, outcome=None) -> list[dict]:
    return db.read(seen_orders.list_seen_orders, CUSTOMER, webshop["idwebshop"], 0, outcome)


def shop_state(db, webshop) -> Webshop:
    return db.read(lambda session: session.get(Webshop, webshop["idwebshop"]))


def test_each_order_to_fulfil_becomes_one_order_however_often_it_is_read(db, shop, orders, webshop):
    first = shop.add_order([("MUG-1", 2), ("TEE-M", 1), ("MUG-1", 1)], first_name="Piet", last_name="Bakker")
    shop.add_order([("MUG-1", 1)], status="pending")
    for _ in range(3):
        poll_now(db, orders, webshop)
    assert orders.calls == ["create_order"]
    (order,) = orders.created.values()
    assert order["reference"] == first["number"] and order["source"] == "webshop"
    assert order["idwebshop"] == webshop["idwebshop"]
    assert order["products"] == [{"productcode": "MUG-1", "amount": 3}, {"productcode": "TEE-M", "amount": 1}]
    assert order["deliveryname"] == "Piet Bakker" and order["deliverycountry"] == "NL"
    imported, skipped = seen(db, webshop, "imported"), seen(db, webshop, "skipped")
    assert [row["idorder"] for row in imported] == [order["idorder"]] and imported[0]["times_seen"] >= 3
    assert "status is 'pending'" in skipped[0]["reason"]


def test_an_order_asked_again_after_orders_answered_but_before_it_was_recorded_is_not_doubled(db, shop, orders,
                                                                                                webshop):
    shop.add_order([("MUG-1", 1)])
    poll_now(db, orders, webshop)
    db.change(lambda uow: uow.session.execute(update(seen_orders.SeenOrder).values(outcome="pending")))
    poll_now(db, orders, webshop)
    assert len(orders.created) == 1 and seen(db, webshop)[0]["outcome"] == "imported"


def test_an_unknown_sku_fails_with_its_code_and_imports_once_retried_after_the_fix(db, shop, orders, webshop):
    shop.add_order([("MUG-1", 1), ("LAMP-9", 2)])
    poll_now(db, orders, webshop)
    (failed,) = seen(db, webshop, "failed")
    assert 'Unknown SKU "LAMP-9"' in failed["reason"] and not orders.created
    orders.productcodes.add("LAMP-9")
    retried = polling.retry_seen_order(db, orders, CUSTOMER, webshop["idwebshop"], failed["idseen_order"])
    assert retried["outcome"] == "imported" and retried["idorder"] == next(iter(orders.created.values()))["idorder"]
    assert shop.requests[-1][1].endswith(f"/orders/{failed['external_id']}")  # asked of the shop as it is now


def test_a_failed_order_read_again_unchanged_is_not_asked_of_orders_again_until_the_shop_changes_it(
        db, shop, orders, webshop):
    order = shop.add_order([("LAMP-9", 1)])
    for _ in range(3):  # each poll reads it again (the cursor's overlap)
        poll_now(db, orders, webshop)
    assert orders.calls == ["create_order"] and seen(db, webshop)[0]["outcome"] == "failed"
    orders.productcodes.add("LAMP-9")
    shop.update_order(order["id"], customer_note="please hurry")
    poll_now(db, orders, webshop)
    assert orders.calls == ["create_order"] * 2 and seen(db, webshop)[0]["outcome"] == "imported"


@pytest.mark.parametrize("fault, words", [
    ("html", "web page instead of data"),
    ("truncated", "cut off or is not valid JSON"),
    ("500", "answered with an error (500"),
    (("429", 120), "wait 120 seconds"),
])
def test_a_shop_answering_badly_is_a_sync_error_a_person_can_read_and_nothing_is_lost(db, shop, orders, webshop,
                                                                                      fault, words):
    shop.add_order([("MUG-1", 1)])
    shop.faults.append(fault)
    poll_now(db, orders, webshop)
    state = shop_state(db, webshop)
    assert words in state.last_error and state.failures_in_a_row == 1 and not orders.created
    if fault == ("429", 120):
        assert (state.next_poll_at - state.last_poll_at).total_seconds() == pytest.approx(120, abs=1)
    poll_now(db, orders, webshop)
    assert len(orders.created) == 1 and shop_state(db, webshop).last_error is None


def test_revoked_credentials_say_to_link_the_shop_again(db, shop, orders, webshop):
    shop.revoke_keys()
    poll_now(db, orders, webshop)
    assert "refused the credentials (401" in shop_state(db, webshop).last_error
    assert "link it again" in shop_state(db, webshop).last_error


def test_orders_without_lines_address_or_sku_fail_with_the_reason_and_the_sync_goes_on(db, shop, orders, webshop):
    shop.add_order([])
    shop.add_order([("", 1)])
    shop.add_order([("MUG-1", 1)], address_1="", city="")
    good = shop.add_order([("MUG-1", 1)])
    poll_now(db, orders, webshop)
    reasons = sorted(row["reason"] for row in seen(db, webshop, "failed"))
    assert reasons == ["Products without a SKU: Product. Give them the product code they have here, in the shop.",
                       "The delivery address misses its street, city: complete it in the shop.",
                       "The order has no lines to ship."]
    assert [row["reference"] for row in seen(db, webshop, "imported")] == [good["number"]]


def test_pages_are_read_to_the_last_and_an_order_shown_twice_is_seen_once(db, shop, orders, webshop, monkeypatch):
    from webshop_gateway import woocommerce

    monkeypatch.setattr(woocommerce, "PER_PAGE", 2)
    for _ in range(5):
        shop.add_order([("MUG-1", 1)])
    poll_now(db, orders, webshop)
    assert len(orders.created) == 5 and len(seen(db, webshop)) == 5
    pages = [path for method, path in shop.requests if "/orders?" in path]
    assert len(pages) == 3 and all("per_page=2" in path for path in pages)


def test_a_cursor_asks_only_for_what_changed_since_and_an_order_now_to_fulfil_is_imported(db, shop, orders, webshop):
    waiting = shop.add_order([("MUG-1", 1)], status="on-hold")
    poll_now(db, orders, webshop)
    assert shop_state(db, webshop).cursor == waiting["date_modified_gmt"]
    shop.update_order(waiting["id"], status="processing")
    poll_now(db, orders, webshop)
    assert "modified_after=" in shop.requests[-1][1]
    assert [row["outcome"] for row in seen(db, webshop)] == ["imported"]


def test_orders_not_answering_leaves_them_pending_for_the_next_round(db, shop, orders, webshop):
    shop.add_order([("MUG-1", 1)])
    orders.unreachable = 1
    poll_now(db, orders, webshop)
    assert seen(db, webshop)[0]["outcome"] == "pending"
    polling.poll_due_shops(db, orders)  # the shop not due yet: the pending order goes on its own
    assert seen(db, webshop)[0]["outcome"] == "imported"


def test_the_service_polls_by_its_timer_and_answers_for_its_clients_shops_only(db, shop, orders, webshop,
                                                                               container_factory, config):
    shop.add_order([("MUG-1", 1), ("LAMP-9", 1)])
    container = started_with_fakes(container_factory, WebshopGatewayService, config, orders=orders)
    with ServiceRpcProxy(WebshopGatewayService.name, config) as rpc:
        deadline = time.monotonic() + 10
        while not rpc.list_seen_orders(CUSTOMER, webshop["idwebshop"], 0, "failed") and time.monotonic() < deadline:
            time.sleep(0.2)  # seen, then refused by orders
        (failed,) = rpc.list_seen_orders(CUSTOMER, webshop["idwebshop"], 0, "failed")
        for call in (lambda: rpc.list_seen_orders(8, webshop["idwebshop"]),
                     lambda: rpc.retry_seen_order(8, webshop["idwebshop"], failed["idseen_order"])):
            with pytest.raises(RemoteError) as refused:
                call()
            assert refused.value.exc_type in ("WebshopNotFound", "SeenOrderNotFound")
        orders.productcodes.add("LAMP-9")
        assert rpc.retry_seen_order(CUSTOMER, webshop["idwebshop"], failed["idseen_order"])["outcome"] == "imported"
        with pytest.raises(RemoteError) as refused:
            rpc.retry_seen_order(CUSTOMER, webshop["idwebshop"], failed["idseen_order"])
        assert refused.value.exc_type == "InvalidWebshop" and "Only failed orders" in refused.value.value
    container.stop()
