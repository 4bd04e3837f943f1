"""What goes back to a shop, recorded on the real database from orders' shipment events: one
update per shipment of an order the shop sent, however often the event comes; none for an order
no shop sent; a parcel withdrawn in its window is never sent."""
import uuid
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select, update

from webshop_gateway import shop_updates
from webshop_gateway.connections import link_webshop
from webshop_gateway.exceptions import WebshopNotFound
from webshop_gateway.models import SeenOrder, ShopUpdate

CUSTOMER = 7
ORDER_ID = 4321


@pytest.fixture
def webshop(db) -> dict:
    return db.change(link_webshop, CUSTOMER, {"platform": "woocommerce", "name": "Acme shop",
                                              "url": "http://127.0.0.1:9", "consumer_key": "ck_1",
                                              "consumer_secret": "cs_1"}, "anna")


@pytest.fixture
def shop_order(db, webshop) -> int:
    """An order the shop sent, imported as orders' ORDER_ID."""
    def add(uow):
        row = SeenOrder(customer_id=CUSTOMER, webshop_id=webshop["idwebshop"], external_id="701", reference="701",
                        shop_status="processing", shop_modified="2026-12-01T09:00:00", outcome="imported",
                        order_id=ORDER_ID, times_seen=1)
        uow.session.add(row)
        uow.session.flush()
        return row.id
    return db.change(add)


def shipment_event(shipment_id: int = 55, order_id: int = ORDER_ID, cancelled: bool = False,
                   cancellable_until: datetime | None = None) -> dict:
    until = cancellable_until or datetime.now(timezone.utc) + timedelta(minutes=5)
    return {"event_id": str(uuid.uuid4()), "shipment": {
        "idshipment": shipment_id, "idorder": order_id, "idfulfilment_customer": CUSTOMER, "orderid": "O2026-1",
        "public_providername": "PostNL", "trackingcode": "3SDEMO0001",
        "tracktraceurl": "https://postnl.example/3SDEMO0001", "cancelled": cancelled,
        "cancellable_until": until.isoformat()}}


def updates(db) -> list[ShopUpdate]:
    return db.read(lambda session: session.scalars(select(ShopUpdate).order_by(ShopUpdate.id)).all())


def test_a_shipment_of_a_shop_order_waits_to_go_back_to_its_shop_until_its_window_closes(db, webshop, shop_order):
    until = datetime.now(timezone.utc) + timedelta(minutes=5)
    assert db.change(shop_updates.record_shipment, shipment_event(cancellable_until=until)) is True
    (update,) = updates(db)
    assert (update.status, update.webshop_id, update.seen_order_id, update.external_id, update.trackingcode) == (
        "waiting", webshop["idwebshop"], shop_order, "701", "3SDEMO0001")
    assert update.next_attempt_at == update.send_after == until + timedelta(seconds=shop_updates.GRACE_SECONDS)


def test_a_shipment_delivered_twice_is_one_update(db, shop_order):
    event = shipment_event()
    db.change(shop_updates.record_shipment, event)
    db.change(shop_updates.record_shipment, {**event, "event_id": str(uuid.uuid4())})
    assert len(updates(db)) == 1


def test_a_shipment_of_an_order_no_shop_sent_goes_nowhere(db, shop_order):
    assert db.change(shop_updates.record_shipment, shipment_event(order_id=ORDER_ID + 1)) is False
    assert updates(db) == []


def test_hearing_a_shipment_of_an_order_no_shop_sent_is_one_read_and_no_transaction(db, shop_order, monkeypatch):
    change = db.change
    opened = []
    monkeypatch.setattr(db, "change", lambda *args: opened.append(args) or change(*args))
    for handle in (shop_updates.record_shipment, shop_updates.withdraw_shipment):
        assert shop_updates.hear_shipment(db, shipment_event(order_id=ORDER_ID + 1), handle) is False
    assert opened == []
    assert shop_updates.hear_shipment(db, shipment_event(), shop_updates.record_shipment) is True
    assert len(opened) == 1 and [update.status for update in updates(db)] == ["waiting"]


def test_a_parcel_withdrawn_in_its_window_is_never_sent_whichever_event_comes_first(db, shop_order):
    db.change(shop_updates.record_shipment, shipment_event(shipment_id=55))
    db.change(shop_updates.withdraw_shipment, shipment_event(shipment_id=55, cancelled=True))
    db.change(shop_updates.withdraw_shipment, shipment_event(shipment_id=56, cancelled=True))
    db.change(shop_updates.record_shipment, shipment_event(shipment_id=56))  # the announcement came late
    assert [(update.shipment_id, update.status) for update in updates(db)] == [(55, "cancelled"), (56, "cancelled")]


def test_the_client_reads_its_shops_updates_and_another_client_none(db, webshop, shop_order):
    db.change(shop_updates.record_shipment, shipment_event())
    (listed,) = db.read(shop_updates.list_shop_updates, CUSTOMER, webshop["idwebshop"], 0)
    assert (listed["status"], listed["trackingcode"], listed["reference"], listed["idorder"]) == (
        "waiting", "3SDEMO0001", "701", ORDER_ID)
    with pytest.raises(WebshopNotFound):
        db.read(shop_updates.list_shop_updates, CUSTOMER + 1, webshop["idwebshop"], 0)


def test_the_service_records_shipments_as_orders_announces_them(container, deliver_event, db, webshop, shop_order):
    deliver_event("orders", "order_shipped", shipment_event(shipment_id=57))
    deliver_event("orders", "shipment_cancelled", shipment_event(shipment_id=57, cancelled=True))
    assert [(update.shipment_id, update.status) for update in updates(db)] == [(57, "cancelled")]


def test_the_backlog_gauges_count_what_is_overdue_and_what_failed(db, shop_order):
    db.change(shop_updates.record_shipment, shipment_event(shipment_id=60))  # its window still open
    db.change(shop_updates.record_shipment, shipment_event(shipment_id=61))
    db.change(shop_updates.record_shipment, shipment_event(shipment_id=62))
    ten_minutes_ago = datetime.now(timezone.utc) - timedelta(minutes=10)
    db.change(lambda uow: uow.session.execute(update(ShopUpdate).where(ShopUpdate.shipment_id == 61)
                                              .values(send_after=ten_minutes_ago, next_attempt_at=ten_minutes_ago)))
    db.change(lambda uow: uow.session.execute(update(ShopUpdate).where(ShopUpdate.shipment_id == 62)
                                              .values(status="failed")))
    due, oldest_age, failed = db.read(shop_updates.BACKLOG_READING.query)
    assert (due, failed) == (1, 1) and oldest_age == pytest.approx(600, abs=30)
