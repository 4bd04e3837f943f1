"""Stock alerts by email: catalog's, orders' and purchasing's events become mail to the right people."""
import uuid

import pytest
from nameko.standalone.events import event_dispatcher
from nameko.testing.services import entrypoint_waiter
from sqlalchemy import select

from accounts.models import OutgoingMail

PASSWORD = "granite-pelican-42"


pytestmark = pytest.mark.usefixtures("mail_folder")


@pytest.fixture
def acme(rpc) -> int:
    """Acme (English) with an operator-set notification address, Bram (Dutch) who wants every
    alert, Carla who switched the stockout and goods-received alerts off, and Dirk who has no email
    address."""
    acme = rpc.create_customer({"name": "Acme BV", "can_login": True, "language": "en", "username": "acme",
                                "password": PASSWORD, "notification_email": "Ops@acme.test"})["idfulfilment_customer"]
    rpc.create_user(acme, {"username": "bram", "emailaddress": "bram@acme.test", "language": "nl",
                           "password": PASSWORD})
    rpc.create_user(acme, {"username": "carla", "emailaddress": "carla@acme.test", "password": PASSWORD,
                           "stockout_alerts": False, "goods_received_alerts": False})
    rpc.create_user(acme, {"username": "dirk", "password": PASSWORD})
    return acme


def deliver(container, config, service: str, event_type: str, payload: dict) -> dict:
    """Deliver the event as its publisher would and wait until accounts has handled it."""
    payload = {"event_id": str(uuid.uuid4()), **payload}
    with entrypoint_waiter(container, f"handle_{event_type}", timeout=10):
        event_dispatcher(config)(service, event_type, payload)
    return payload


def low_stock(customer_id: int) -> dict:
    return {"idfulfilment_customer": customer_id, "idproduct": 7, "productcode": "MUG", "name": "Mug",
            "minimum_stock": 5, "freestock": 4}


def backordered(customer_id: int, idorder: int = 42, reference: str | None = "PO-9") -> dict:
    lines = [{"productcode": "MUG", "name": "Mug", "backordered": 3, "amount": 5},
             {"productcode": "CUP", "name": "Cup", "backordered": 0, "amount": 1}]
    return {"idorder": idorder, "idfulfilment_customer": customer_id, "reference": reference, "products": lines}


def mails(db) -> dict[str, tuple[str, str]]:
    with db.unit_of_work() as uow:
        rows = uow.session.scalars(select(OutgoingMail).order_by(OutgoingMail.id)).all()
        return {row.recipient: (row.subject, row.body) for row in rows}


def test_low_stock_goes_to_the_notification_address_and_each_user_in_their_language(rpc, db, container, config,
                                                                                    acme):
    deliver(container, config, "catalog", "stock_fell_below_minimum", low_stock(acme))
    sent = mails(db)
    assert set(sent) == {"ops@acme.test", "bram@acme.test", "carla@acme.test"}
    assert sent["ops@acme.test"][0] == "Low stock: MUG"
    subject, body = sent["bram@acme.test"]
    assert subject == "Lage voorraad: MUG"
    assert "4 vrije voorraad" in body and "minimum van 5" in body
    assert "http://portal.test/fulfilmentportal/products/7" in body


def test_stockout_names_what_is_missing_and_respects_the_switch(rpc, db, container, config, acme):
    deliver(container, config, "orders", "orders_backordered", {"orders": [backordered(acme)]})
    sent = mails(db)
    assert set(sent) == {"ops@acme.test", "bram@acme.test"}  # Carla switched it off
    subject, body = sent["ops@acme.test"]
    assert subject == "Order PO-9 waits for stock"
    assert "3 × MUG Mug" in body and "CUP" not in body
    assert "/fulfilmentportal/orders/42" in body


def test_each_order_an_event_lists_is_alerted_once_to_its_own_customer(rpc, db, container, config, acme):
    globex = rpc.create_customer({"name": "Globex BV", "can_login": True, "username": "globex", "password": PASSWORD,
                                  "language": "en", "notification_email": "ops@globex.test"})["idfulfilment_customer"]
    payload = deliver(container, config, "orders", "orders_backordered", {"orders": [
        backordered(acme, 42, "PO-9"), backordered(globex, 43, None), backordered(acme, 44, "PO-10")]})
    with entrypoint_waiter(container, "handle_orders_backordered", timeout=10):
        event_dispatcher(config)("orders", "orders_backordered", payload)  # redelivered: nothing more
    with db.unit_of_work() as uow:
        sent = sorted((row.recipient, row.subject) for row in uow.session.scalars(select(OutgoingMail)))
    assert sent == sorted([("ops@acme.test", "Order PO-9 waits for stock"),
                           ("ops@acme.test", "Order PO-10 waits for stock"),
                           ("bram@acme.test", "Bestelling PO-9 wacht op voorraad"),
                           ("bram@acme.test", "Bestelling PO-10 wacht op voorraad"),
                           ("ops@globex.test", "Order 43 waits for stock")])


def test_a_redelivered_event_mails_nothing_more(rpc, db, container, config, acme):
    payload = deliver(container, config, "catalog", "stock_fell_below_minimum", low_stock(acme))
    with entrypoint_waiter(container, "handle_stock_fell_below_minimum", timeout=10):
        event_dispatcher(config)("catalog", "stock_fell_below_minimum", payload)
    with db.unit_of_work() as uow:
        assert len(uow.session.scalars(select(OutgoingMail)).all()) == 3


def test_a_user_switches_alerts_off_in_own_settings(rpc, db, container, config, acme):
    bram = next(user for user in rpc.list_users(acme) if user["username"] == "bram")
    assert (bram["low_stock_alerts"], bram["stockout_alerts"]) == (True, True)
    settings = rpc.update_own_settings(acme, bram["iduser"], {"low_stock_alerts": False})
    assert settings["low_stock_alerts"] is False and settings["stockout_alerts"] is True
    deliver(container, config, "catalog", "stock_fell_below_minimum", low_stock(acme))
    assert "bram@acme.test" not in mails(db)


def test_an_unknown_customer_mails_no_one(rpc, db, container, config):
    deliver(container, config, "catalog", "stock_fell_below_minimum", low_stock(999999))
    assert mails(db) == {}


def goods_received(customer_id: int, kind: str) -> dict:
    return {"idfulfilment_customer": customer_id, "idwarehouse": 2, "type": kind, "id": 5,
            "number": "ST2026000005" if kind == "transfer" else "R2026000005",
            "idpurchaseorder": None if kind == "transfer" else 12,
            "products": [{"idproduct": 7, "productcode": "MUG", "name": "Mug", "amount": 9}]}


def test_goods_received_tell_what_arrived_and_link_the_transfer_or_purchase_order(rpc, db, container, config, acme):
    deliver(container, config, "purchasing", "goods_received", goods_received(acme, "transfer"))
    sent = mails(db)
    assert set(sent) == {"ops@acme.test", "bram@acme.test"}  # Carla switched it off
    subject, body = sent["ops@acme.test"]
    assert subject == "Goods received: ST2026000005"
    assert "stock transfer ST2026000005" in body and "9 × MUG Mug" in body
    assert "http://portal.test/fulfilmentportal/stock-transfers/5" in body
    assert sent["bram@acme.test"][0] == "Goederen ontvangen: ST2026000005"
    deliver(container, config, "purchasing", "goods_received", goods_received(acme, "receipt"))
    assert "/fulfilmentportal/purchase-orders/12" in mails(db)["ops@acme.test"][1]


def test_a_user_switches_the_goods_received_email_off(rpc, db, container, config, acme):
    bram = next(user for user in rpc.list_users(acme) if user["username"] == "bram")
    assert bram["goods_received_alerts"] is True
    assert rpc.update_own_settings(acme, bram["iduser"], {"goods_received_alerts": False})["goods_received_alerts"] is False
    deliver(container, config, "purchasing", "goods_received", goods_received(acme, "receipt"))
    assert set(mails(db)) == {"ops@acme.test"}
