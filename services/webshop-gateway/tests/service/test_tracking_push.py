"""Tracking codes going back to (fake) shops from the outbox, on the real database: each shipment
reaches its shop exactly once, whether the shop is down for a while, the event comes twice or
webshop_gateway restarts in between; a parcel withdrawn in its window never does; a shop that
refuses for good leaves a reason a person can act on."""
import time
import uuid
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select, update
from webshop_fakes import FakeJsonShop, FakeOrders, FakeShopify, FakeWooCommerce

from servicekit.testing import started_with_fakes
from webshop_gateway import shop_updates, tracking_push
from webshop_gateway.connections import link_webshop
from webshop_gateway.exceptions import ShopUpdateNotFound, ShopUpdateNotRetryable, WebshopNotFound
from webshop_gateway.models import SeenOrder, ShopUpdate
from webshop_gateway.service import WebshopGatewayService
from webshop_gateway.shop_writes import ShopWrites

CUSTOMER = 7
ORDER_ID = 4321


@pytest.fixture(autouse=True)
def no_grace(monkeypatch):
    """Sent as soon as the window closes (the grace for a late cancellation is for production)."""
    monkeypatch.setattr(shop_updates, "GRACE_SECONDS", 0)


def linked_with_order(db, platform: str, url: str, credentials: dict, external_id: str, reference: str) -> dict:
    webshop = db.change(link_webshop, CUSTOMER, {"platform": platform, "name": "Acme shop", "url": url,
                                                 **credentials}, "anna")

    def add(uow):
        uow.session.add(SeenOrder(customer_id=CUSTOMER, webshop_id=webshop["idwebshop"], external_id=external_id,
                                  reference=reference, shop_status="processing", shop_modified="2026-12-01T09:00:00",
                                  outcome="imported", order_id=ORDER_ID, times_seen=1))
    db.change(add)
    return webshop


@pytest.fixture
def woocommerce(db):
    with FakeWooCommerce() as shop:
        order = shop.add_order([("MUG-1", 1)])
        linked_with_order(db, "woocommerce", shop.url, {"consumer_key": shop.consumer_key,
                                                        "consumer_secret": shop.consumer_secret},
                          str(order["id"]), order["number"])
        shop.order = order
        yield shop


def shipped(shipment_id: int = 55, window_closes_in: float = -1, cancelled: bool = False,
            products: tuple[tuple[str, int], ...] = ()) -> dict:
    until = datetime.now(timezone.utc) + timedelta(seconds=window_closes_in)
    return {"event_id": str(uuid.uuid4()), "shipment": {
        "idshipment": shipment_id, "idorder": ORDER_ID, "idfulfilment_customer": CUSTOMER, "cancelled": cancelled,
        "public_providername": "PostNL", "trackingcode": f"3SDEMO{shipment_id:04}",
        "tracktraceurl": f"https://postnl.example/{shipment_id}", "cancellable_until": until.isoformat(),
        "products": [{"idproduct": 1, "productcode": code, "name": code, "amount": amount} for code, amount in products]}}


def the_update(db) -> ShopUpdate:
    (row,) = db.read(lambda session: session.scalars(select(ShopUpdate)).all())
    return row


def due_now(db) -> None:
    """As if the wait before the next attempt had passed."""
    db.change(lambda uow: uow.session.execute(update(ShopUpdate).where(ShopUpdate.status == "waiting")
                                              .values(next_attempt_at=datetime.now(timezone.utc))))


def test_a_woocommerce_order_is_completed_and_its_customer_gets_the_tracking_code_once(db, woocommerce):
    db.change(shop_updates.record_shipment, shipped())
    assert tracking_push.push_due_updates(db) == 1
    assert tracking_push.push_due_updates(db) == 0
    order_id = woocommerce.order["id"]
    assert woocommerce.orders[order_id]["status"] == "completed"
    assert {"key": "_fulfilment_tracking_code", "value": "3SDEMO0055"} in [
        {"key": meta["key"], "value": meta["value"]} for meta in woocommerce.orders[order_id]["meta_data"]]
    (note,) = woocommerce.notes[order_id]
    assert "PostNL" in note["note"] and "3SDEMO0055" in note["note"] and note["customer_note"] is True
    assert the_update(db).status == "sent"


def test_a_shop_down_then_up_gets_the_tracking_code_exactly_once(db, woocommerce):
    db.change(shop_updates.record_shipment, shipped())
    woocommerce.faults.extend(["500", "500"])  # the PUT of the first attempt, then of the second
    tracking_push.push_due_updates(db)
    first = the_update(db)
    assert first.status == "waiting" and "answered with an error (500" in first.last_error
    assert first.next_attempt_at > datetime.now(timezone.utc)  # backs off: not asked again at once
    assert tracking_push.push_due_updates(db) == 0
    due_now(db)
    tracking_push.push_due_updates(db)
    second = the_update(db)
    assert second.attempts == 2
    assert (second.next_attempt_at - first.next_attempt_at).total_seconds() >= shop_updates.RETRY_SECONDS
    due_now(db)
    tracking_push.push_due_updates(db)
    due_now(db)
    tracking_push.push_due_updates(db)
    assert the_update(db).status == "sent" and the_update(db).attempts == 3
    assert len(woocommerce.notes[woocommerce.order["id"]]) == 1


def test_a_note_refused_half_way_is_not_doubled_when_the_attempt_is_repeated(db, woocommerce):
    db.change(shop_updates.record_shipment, shipped())
    woocommerce.faults.extend([None, "500"])  # the PUT goes through, the note fails
    tracking_push.push_due_updates(db)
    due_now(db)
    tracking_push.push_due_updates(db)
    assert len(woocommerce.notes[woocommerce.order["id"]]) == 1 and the_update(db).status == "sent"


def test_a_shop_asking_to_wait_is_asked_again_after_its_retry_after(db, woocommerce):
    db.change(shop_updates.record_shipment, shipped())
    woocommerce.faults.append(("429", 120))
    tracking_push.push_due_updates(db)
    row = the_update(db)
    assert row.status == "waiting" and "wait 120 seconds" in row.last_error
    assert (row.next_attempt_at - datetime.now(timezone.utc)).total_seconds() == pytest.approx(120, abs=3)


def test_a_shipment_announced_twice_reaches_the_shop_once(db, woocommerce):
    event = shipped()
    db.change(shop_updates.record_shipment, event)
    tracking_push.push_due_updates(db)
    db.change(shop_updates.record_shipment, {**event, "event_id": str(uuid.uuid4())})
    due_now(db)
    tracking_push.push_due_updates(db)
    assert len(woocommerce.notes[woocommerce.order["id"]]) == 1


def test_a_parcel_cancelled_within_its_window_never_reaches_the_shop(db, woocommerce):
    db.change(shop_updates.record_shipment, shipped(window_closes_in=300))
    assert tracking_push.push_due_updates(db) == 0  # its window is still open
    db.change(shop_updates.withdraw_shipment, shipped(window_closes_in=300, cancelled=True))
    db.change(lambda uow: uow.session.execute(update(ShopUpdate).values(next_attempt_at=datetime.now(timezone.utc))))
    assert tracking_push.push_due_updates(db) == 0
    assert the_update(db).status == "cancelled" and woocommerce.received == []


def test_an_order_deleted_in_the_shop_fails_with_what_to_do(db, woocommerce):
    db.change(shop_updates.record_shipment, shipped())
    del woocommerce.orders[woocommerce.order["id"]]
    tracking_push.push_due_updates(db)
    row = the_update(db)
    assert row.status == "failed" and "does not know this order (404" in row.last_error
    assert f"add tracking code 3SDEMO0055 (PostNL) to order {woocommerce.order['number']}" in row.last_error
    due_now(db)
    assert tracking_push.push_due_updates(db) == 0


def test_revoked_keys_fail_saying_to_give_rights_or_link_again(db, woocommerce):
    db.change(shop_updates.record_shipment, shipped())
    woocommerce.revoke_keys()
    tracking_push.push_due_updates(db)
    assert "refused the credentials (401" in the_update(db).last_error and the_update(db).status == "failed"


def test_an_attempt_a_dead_process_left_half_way_is_not_sent_again_but_said(db, woocommerce):
    db.change(shop_updates.record_shipment, shipped())
    long_ago = datetime.now(timezone.utc) - timedelta(seconds=shop_updates.STALE_CLAIM_SECONDS + 1)
    db.change(lambda uow: uow.session.execute(update(ShopUpdate).values(status="sending", claimed_at=long_ago,
                                                                        attempts=1)))
    tracking_push.push_due_updates(db)
    row = the_update(db)
    assert row.status == "failed" and "not sent again in case the shop has it" in row.last_error
    assert woocommerce.received == []


def test_a_shopify_order_gets_one_fulfillment_with_its_tracking_info(db):
    with FakeShopify() as shop:
        order = shop.add_order([("MUG-1", 2)])
        linked_with_order(db, "shopify", shop.url, {"access_token": shop.access_token}, str(order["id"]), order["name"])
        db.change(shop_updates.record_shipment, shipped())
        shop.faults.append("500")
        tracking_push.push_due_updates(db)
        due_now(db)
        tracking_push.push_due_updates(db)
        (fulfillment,) = shop.fulfillments[order["id"]]
        assert (fulfillment["tracking_number"], fulfillment["tracking_company"], fulfillment["tracking_url"]) == (
            "3SDEMO0055", "PostNL", "https://postnl.example/55")
        (sent,) = shop.received_at("POST", "/fulfillments.json")
        assert sent["fulfillment"]["line_items_by_fulfillment_order"] == [{
            "fulfillment_order_id": shop.fulfillment_order_id(order["id"]),
            "fulfillment_order_line_items": [{"id": order["line_items"][0]["id"] * 7, "quantity": 2}]}]
        assert sent["fulfillment"]["notify_customer"] is True and the_update(db).status == "sent"


def test_a_shopify_fulfillment_whose_answer_was_lost_is_not_made_again(db):
    with FakeShopify() as shop:
        order = shop.add_order([("MUG-1", 2)])
        linked_with_order(db, "shopify", shop.url, {"access_token": shop.access_token}, str(order["id"]), order["name"])
        db.change(shop_updates.record_shipment, shipped())
        update_ = {"external_id": str(order["id"]), "trackingcode": "3SDEMO0055", "carrier": "PostNL",
                   "tracktraceurl": "https://postnl.example/55", "products": None}
        assert tracking_push.tell_shopify(ShopWrites(), shop.url, {"access_token": shop.access_token},
                                          update_) == shop_updates.Delivered()
        tracking_push.push_due_updates(db)  # as if the first answer never reached us
        assert len(shop.fulfillments[order["id"]]) == 1 and the_update(db).status == "sent"


@pytest.fixture
def json_shop(db):
    with FakeJsonShop() as shop:
        shop.order = shop.add_order([("MUG-1", 1)])
        linked_with_order(db, "json", shop.url, {"access_token": shop.access_token}, shop.order["id"],
                          shop.order["reference"])
        yield shop


def test_a_json_shop_receives_the_shipment_once_by_its_idempotency_key(db, json_shop):
    db.change(shop_updates.record_shipment, shipped())
    json_shop.faults.append("503")
    tracking_push.push_due_updates(db)
    due_now(db)
    tracking_push.push_due_updates(db)
    assert json_shop.shipments == {"shipment-55": {
        "shipment_id": 55, "order_id": json_shop.order["id"], "reference": json_shop.order["reference"],
        "status": "shipped", "carrier": "PostNL", "trackingcode": "3SDEMO0055", "trackingurl": "https://postnl.example/55"}}
    assert the_update(db).status == "sent"


def test_a_json_shop_refusing_the_shipment_fails_with_its_words(db, json_shop):
    db.change(shop_updates.record_shipment, shipped())
    json_shop.faults.append("400")
    tracking_push.push_due_updates(db)
    assert the_update(db).status == "failed" and "refused the update (400" in the_update(db).last_error


def wait_for(condition, timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "not within the time"
        time.sleep(0.1)


def test_an_update_waiting_for_a_shop_that_is_down_survives_a_restart_and_arrives_once(
        container_factory, config, db, woocommerce):
    db.change(shop_updates.record_shipment, shipped())
    woocommerce.faults.extend(["500"] * 100)  # down (the polling timer meets it too)
    first = started_with_fakes(container_factory, WebshopGatewayService, config, orders=FakeOrders())
    wait_for(lambda: the_update(db).attempts >= 1 and the_update(db).status == "waiting")
    first.stop()
    due_now(db)
    started_with_fakes(container_factory, WebshopGatewayService, config, orders=FakeOrders())
    wait_for(lambda: the_update(db).attempts >= 2 and the_update(db).status == "waiting")
    woocommerce.faults.clear()  # up again
    due_now(db)
    wait_for(lambda: the_update(db).status == "sent")
    time.sleep(1.5)  # a few more rounds of the timer
    assert len(woocommerce.notes[woocommerce.order["id"]]) == 1


def test_a_failed_update_sent_again_by_the_client_reaches_the_shop_once(db, woocommerce):
    db.change(shop_updates.record_shipment, shipped())
    order = woocommerce.orders.pop(woocommerce.order["id"])  # deleted in the shop: refused for good
    tracking_push.push_due_updates(db)
    failed = the_update(db)
    assert failed.status == "failed"
    woocommerce.orders[order["id"]] = order  # the client restored it
    webshop_id = failed.webshop_id
    again = db.change(shop_updates.retry_shop_update, CUSTOMER, webshop_id, failed.id)
    assert again["status"] == "waiting" and again["last_error"] == failed.last_error  # kept until it is sent
    assert db.change(shop_updates.retry_shop_update, CUSTOMER, webshop_id, failed.id)["status"] == "waiting"
    assert tracking_push.push_due_updates(db) == 1
    assert db.change(shop_updates.retry_shop_update, CUSTOMER, webshop_id, failed.id)["status"] == "sent"
    assert tracking_push.push_due_updates(db) == 0
    assert len(woocommerce.notes[order["id"]]) == 1 and the_update(db).last_error is None


def test_a_withdrawn_parcel_is_never_sent_again_and_another_clients_update_is_not_found(db, woocommerce):
    db.change(shop_updates.record_shipment, shipped(window_closes_in=300))
    db.change(shop_updates.withdraw_shipment, shipped(window_closes_in=300, cancelled=True))
    row = the_update(db)
    with pytest.raises(ShopUpdateNotRetryable):
        db.change(shop_updates.retry_shop_update, CUSTOMER, row.webshop_id, row.id)
    with pytest.raises(WebshopNotFound):
        db.change(shop_updates.retry_shop_update, CUSTOMER + 1, row.webshop_id, row.id)
    other = db.change(link_webshop, CUSTOMER, {"platform": "json", "name": "Outlet", "url": "http://127.0.0.1:9/o",
                                               "access_token": "t"}, "anna")
    with pytest.raises(ShopUpdateNotFound):
        db.change(shop_updates.retry_shop_update, CUSTOMER, other["idwebshop"], row.id)
    assert the_update(db).status == "cancelled" and woocommerce.received == []


def test_two_parcels_of_one_woocommerce_order_each_reach_the_customer_in_a_note_once(db, woocommerce):
    first, second = shipped(55), shipped(56)
    for event in (first, second):
        db.change(shop_updates.record_shipment, event)
    assert tracking_push.push_due_updates(db) == 2
    for event in (first, second):  # announced again
        db.change(shop_updates.record_shipment, {**event, "event_id": str(uuid.uuid4())})
    due_now(db)
    assert tracking_push.push_due_updates(db) == 0
    order_id = woocommerce.order["id"]
    notes = [note["note"] for note in woocommerce.notes[order_id]]
    assert len(notes) == 2 and "3SDEMO0055" in notes[0] and "3SDEMO0056" in notes[1]
    assert woocommerce.orders[order_id]["status"] == "completed"
    assert len(woocommerce.received_at("PUT", f"/orders/{order_id}")) == 2  # completed again: no harm


@pytest.fixture
def shopify(db):
    with FakeShopify() as shop:
        shop.order = shop.add_order([("MUG-1", 2), ("TEE-M", 1)])
        linked_with_order(db, "shopify", shop.url, {"access_token": shop.access_token}, str(shop.order["id"]),
                          shop.order["name"])
        yield shop


def numbers_at(shop) -> list[list[str]]:
    return [fulfillment["tracking_numbers"] for fulfillment in shop.fulfillments.get(shop.order["id"], [])]


def test_two_parcels_of_one_picklist_reach_shopify_as_two_tracking_numbers_once(db, shopify):
    parcels = [shipped(55, products=(("MUG-1", 2), ("TEE-M", 1))), shipped(56, products=(("MUG-1", 2), ("TEE-M", 1)))]
    for event in parcels:
        db.change(shop_updates.record_shipment, event)
    assert tracking_push.push_due_updates(db) == 2
    assert numbers_at(shopify) == [["3SDEMO0055", "3SDEMO0056"]]  # the second parcel joined the first's fulfillment
    (fulfillment,) = shopify.fulfillments[shopify.order["id"]]
    assert fulfillment["tracking_urls"] == ["https://postnl.example/55", "https://postnl.example/56"]
    assert {(item["sku"], item["quantity"]) for item in fulfillment["line_items"]} == {("MUG-1", 2), ("TEE-M", 1)}
    for event in parcels:  # a repeat of the events: nothing more
        db.change(shop_updates.record_shipment, {**event, "event_id": str(uuid.uuid4())})
    db.change(lambda uow: uow.session.execute(update(ShopUpdate).values(status="waiting",
                                                                        next_attempt_at=datetime.now(timezone.utc))))
    assert tracking_push.push_due_updates(db) == 2  # even sent again, each finds its number there
    assert numbers_at(shopify) == [["3SDEMO0055", "3SDEMO0056"]]
    assert len(shopify.received_at("POST", "/fulfillments.json")) == 1
    assert len(shopify.received_at("POST", "/graphql.json")) == 1


def test_parcels_of_a_backorder_are_fulfillments_of_their_own_items(db, shopify):
    db.change(shop_updates.record_shipment, shipped(55, products=(("MUG-1", 2),)))
    tracking_push.push_due_updates(db)
    assert shopify.orders[shopify.order["id"]]["fulfillment_status"] == "partial"  # the tee still waits
    db.change(shop_updates.record_shipment, shipped(56, products=(("TEE-M", 1),)))
    shopify.faults.append("500")  # the second's first attempt meets a shop that is down
    tracking_push.push_due_updates(db)
    due_now(db)
    tracking_push.push_due_updates(db)
    assert numbers_at(shopify) == [["3SDEMO0055"], ["3SDEMO0056"]]
    assert [[(item["sku"], item["quantity"]) for item in made["line_items"]]
            for made in shopify.fulfillments[shopify.order["id"]]] == [[("MUG-1", 2)], [("TEE-M", 1)]]
    assert shopify.orders[shopify.order["id"]]["fulfillment_status"] == "fulfilled"
    assert {row.status for row in db.read(lambda session: session.scalars(select(ShopUpdate)).all())} == {"sent"}

