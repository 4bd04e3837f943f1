"""Shipment mails: orders' order_shipped becomes one mail per recipient with the track & trace
link, for the order or for its backorder, respecting each user's switch; once per event. It waits
until the parcel can no longer be cancelled, and a cancellation before then withdraws it."""
import time
from datetime import datetime, timedelta, timezone

import pytest
from nameko.standalone.events import event_dispatcher
from nameko.testing.services import entrypoint_waiter
from test_accounts_stock_alerts import acme, deliver, mails  # noqa: F401 (acme: a fixture)

from accounts import mail
from orders import contract as orders_contract

from accounts.models import OutgoingMail
from servicekit.testing import assert_shape
from sqlalchemy import select, text

pytestmark = pytest.mark.usefixtures("mail_folder")


def shipped(customer_id: int, from_backorder: bool = False, idshipment: int = 4,
            cancellable_until: str = "2026-11-23T17:05:00+00:00") -> dict:
    return {"shipment": {
        "idshipment": idshipment, "idpicklist": 12, "picklistid": "P2026000012", "idorder": 42, "orderid": "2026000042",
        "reference": "PO-9", "idfulfilment_customer": customer_id, "idwarehouse": 1, "idshippingprovider": 2,
        "idshippingprovider_profile": 5, "provider": "PostNL", "providername": "PostNL main",
        "public_providername": "PostNL", "profile_name": "Standard", "carrier_key": "postnl",
        "trackingcode": "3SABC", "trackingurl": "https://postnl.test/3SABC", "tracktraceurl": "https://postnl.test/3SABC",
        "weight": 900, "from_backorder": from_backorder, "cancelled": False, "cancelled_at": None,
        "created_by": "API key warehouse", "created": "2026-11-23T17:00:00+00:00", "updated": "2026-11-23T17:00:00+00:00",
        "cancellable_until": cancellable_until,
        "products": [{"idproduct": 7, "productcode": "MUG", "name": "Mug", "amount": 3}]}}


def test_the_test_event_has_the_shape_orders_promises():
    assert_shape(orders_contract.EVENTS["order_shipped"], {"event_id": "e", **shipped(1)})


def test_a_shipped_order_mails_its_track_and_trace_in_each_language(rpc, db, container, config, acme):  # noqa: F811
    bram = next(user for user in rpc.list_users(acme) if user["username"] == "bram")
    rpc.update_own_settings(acme, bram["iduser"], {"shipment_alerts": False})
    deliver(container, config, "orders", "order_shipped", shipped(acme))
    sent = mails(db)
    assert set(sent) == {"ops@acme.test", "carla@acme.test"}  # Bram switched it off
    subject, body = sent["ops@acme.test"]
    assert subject == "Order 2026000042 (PO-9) has been shipped"
    assert "https://postnl.test/3SABC" in body and "3 × MUG Mug" in body and "with PostNL" in body
    assert "/fulfilmentportal/orders/42" in body


def test_the_mail_waits_for_the_cancel_window_and_a_cancelled_parcel_is_never_mailed(rpc, db, container, config,
                                                                                    acme):  # noqa: F811
    soon = (datetime.now(timezone.utc) + timedelta(minutes=5)).isoformat()
    deliver(container, config, "orders", "order_shipped", shipped(acme, idshipment=4, cancellable_until=soon))
    deliver(container, config, "orders", "order_shipped", shipped(acme, idshipment=5, cancellable_until=soon))
    mail.send_queued(db, lambda message: None)  # as the service's timer does, too
    assert mails_about(db, sent=False) == ["shipment 4"] * 3 + ["shipment 5"] * 3  # held, 3 recipients each
    cancelled = shipped(acme, idshipment=4, cancellable_until=soon)
    cancelled["shipment"]["cancelled"] = True
    assert_shape(orders_contract.EVENTS["shipment_cancelled"], {"event_id": "e", **cancelled})
    deliver(container, config, "orders", "shipment_cancelled", cancelled)
    assert mails_about(db, sent=False) == ["shipment 5"] * 3
    with db.unit_of_work() as uow:
        uow.session.execute(text("UPDATE outgoing_mail SET send_after = now() - interval '1 second'"))
        uow.commit()
    deadline = time.monotonic() + 10
    while mails_about(db, sent=False) and time.monotonic() < deadline:  # by this call or the timer's
        mail.send_queued(db, lambda message: None)
    assert mails_about(db, sent=True) == ["shipment 5"] * 3
    deliver(container, config, "orders", "shipment_cancelled", shipped(acme, idshipment=5))  # too late: it went
    assert mails_about(db, sent=True) == ["shipment 5"] * 3


def mails_about(db, sent: bool) -> list[str]:
    with db.unit_of_work() as uow:
        return uow.session.scalars(select(OutgoingMail.about).where(OutgoingMail.sent_at.isnot(None) == sent)
                                   .order_by(OutgoingMail.id)).all()


def test_a_shipped_backorder_says_so_once(rpc, db, container, config, acme):  # noqa: F811
    payload = deliver(container, config, "orders", "order_shipped", shipped(acme, from_backorder=True))
    with entrypoint_waiter(container, "handle_order_shipped", timeout=10):
        event_dispatcher(config)("orders", "order_shipped", payload)
    sent = mails(db)
    assert len(sent) == 3 and sent["bram@acme.test"][0] == "Nalevering van bestelling 2026000042 (PO-9) is verzonden"
    assert sent["ops@acme.test"][0] == "Backorder of order 2026000042 (PO-9) has been shipped"


def return_changed(customer_id: int) -> dict:
    step = {"changed_by": "API key warehouse", "note": None, "created_at": "2026-11-23T17:00:00+00:00"}
    return {"return": {
        "idreturn": 7, "returnid": "R2026000007", "idfulfilment_customer": customer_id, "idorder": 42,
        "orderid": "2026000042", "status": "received", "reference": None, "tracking_code": None,
        "received_at": "2026-11-24T09:00:00+00:00", "idorder_replacement": None, "name": "Jan Jansen",
        "created_by": "anna", "created": "2026-11-23T17:00:00+00:00", "updated": "2026-11-24T09:00:00+00:00",
        "returned_products": [], "replacement_products": [],
        "history": [{**step, "status": "announced", "changed_by": "anna"},
                    {**step, "status": "received", "note": "box dented", "created_at": "2026-11-24T09:00:00+00:00"}]}}


def test_a_return_that_moved_on_mails_its_status_and_history_once(rpc, db, container, config, acme):  # noqa: F811
    assert_shape(orders_contract.EVENTS["return_status_changed"], {"event_id": "e", **return_changed(acme)})
    payload = deliver(container, config, "orders", "return_status_changed", return_changed(acme))
    with entrypoint_waiter(container, "handle_return_status_changed", timeout=10):
        event_dispatcher(config)("orders", "return_status_changed", payload)
    sent = mails(db)
    assert len(sent) == 3
    subject, body = sent["ops@acme.test"]
    assert subject == "Return R2026000007 of order 2026000042: received by the warehouse"
    assert "(box dented)" in body and "2026-11-23 17:00 announced · anna" in body
    assert sent["bram@acme.test"][0] == "Retour R2026000007 van bestelling 2026000042: ontvangen door het magazijn"
