"""Webhooks as Picqer's: hooks per customer (and the operator's, hearing every customer), other
services' events delivered to a real local HTTP receiver by the service's own timer, signed,
once per event, in order per hook, retried with a growing pause, deactivated after failing in
a row with the reason kept, and sent on once reactivated."""
import time
import uuid

import pytest
from nameko.exceptions import RemoteError
from nameko.standalone.events import event_dispatcher
from nameko.testing.services import entrypoint_waiter
from sqlalchemy import func, select

from accounts import contract
from servicekit.messaging_tables import processed_events
from servicekit.testing import assert_shape
from servicekit.webhook_receiver import WebhookReceiver

PASSWORD = "granite-pelican-42"


@pytest.fixture
def receiver(monkeypatch):
    """A receiver on this machine: hooks may go to private addresses for the test."""
    monkeypatch.setenv("WEBHOOKS_TO_PRIVATE_ADDRESSES", "true")
    with WebhookReceiver() as receiver:
        yield receiver


@pytest.fixture
def quick_retries(monkeypatch):
    monkeypatch.setenv("WEBHOOK_RETRY_SECONDS", "0.1")
    monkeypatch.setenv("WEBHOOK_MAX_FAILURES", "3")


@pytest.fixture
def customers(rpc) -> tuple[int, int]:
    made = [rpc.create_customer({"name": name, "can_login": True, "username": name.lower(), "password": PASSWORD})
            for name in ("Acme", "Globex")]
    return made[0]["idfulfilment_customer"], made[1]["idfulfilment_customer"]


def order_event(customer_id: int, idorder: int = 42, status: str = "concept") -> dict:
    return {"order": {"idorder": idorder, "idfulfilment_customer": customer_id, "orderid": f"20260000{idorder}",
                      "status": status, "created": "2026-11-23T17:00:00.123456+00:00",
                      "products": [{"idproduct": 7, "productcode": "MUG", "amount": 2, "price": "12.50"}]}}


def deliver(container, config, service: str, event_type: str, payload: dict) -> dict:
    payload = {"event_id": str(uuid.uuid4()), **payload}
    with entrypoint_waiter(container, f"handle_{event_type}", timeout=10):
        event_dispatcher(config)(service, event_type, payload)
    return payload


def again(container, config, service: str, event_type: str, payload: dict) -> None:
    """The broker delivers the same event a second time."""
    with entrypoint_waiter(container, f"handle_{event_type}", timeout=10):
        event_dispatcher(config)(service, event_type, payload)


def refusal(call, *args) -> RemoteError:
    with pytest.raises(RemoteError) as raised:
        call(*args)
    return raised.value


def test_hooks_are_registered_listed_and_kept_per_customer(rpc, customers):
    acme, globex = customers
    hook = rpc.create_hook(acme, {"name": "To ERP", "event": "orders.created", "address": "https://erp.test/in",
                                  "secret": "s3cret"})
    assert_shape(contract.RPC["create_hook"]["result"], hook)
    assert (hook["idfulfilment_customer"], hook["active"], hook["secret"], hook["failures"]) == (acme, True, True, 0)
    operators = rpc.create_hook(None, {"name": "All", "event": "orders.completed", "address": "http://wms.test/x"})
    assert operators["idfulfilment_customer"] is None and operators["secret"] is False
    assert [h["idhook"] for h in rpc.list_hooks(acme)] == [hook["idhook"]]
    assert rpc.list_hooks(globex) == [] and [h["idhook"] for h in rpc.list_hooks(None)] == [operators["idhook"]]
    assert {h["idhook"] for h in rpc.list_hooks_of_all_customers()} >= {hook["idhook"], operators["idhook"]}
    for customer_id in (globex, None):  # another's hook is answered like a missing one
        for call in (rpc.get_hook, rpc.deactivate_hook, rpc.reactivate_hook, rpc.list_hook_deliveries):
            assert refusal(call, customer_id, hook["idhook"]).exc_type == "HookNotFound"
    assert rpc.deactivate_hook(acme, hook["idhook"])["active"] is False
    assert rpc.reactivate_hook(acme, hook["idhook"])["active"] is True


@pytest.mark.parametrize("data, field", [
    ({"name": "x", "event": "orders.exploded", "address": "https://erp.test"}, "event"),
    ({"name": "x", "event": "orders.created", "address": "ftp://erp.test"}, "address"),
    ({"name": "", "event": "orders.created", "address": "https://erp.test"}, "name"),
    ({"name": "x", "event": "orders.created", "address": "https://erp.test", "colour": "red"}, "colour"),
    ({"name": "x", "event": "orders.created", "address": "http://127.0.0.1:5672/"}, "address"),
    ({"name": "x", "event": "orders.created", "address": "http://[::1]/"}, "address"),
    ({"name": "x", "event": "orders.created", "address": "http://localhost:15672/api"}, "address"),
])
def test_a_hook_with_bad_fields_is_refused_naming_the_field(rpc, customers, data, field):
    error = refusal(rpc.create_hook, customers[0], data)
    assert error.exc_type == "InvalidHook" and field in error.value


def test_an_event_reaches_its_customers_hooks_and_the_operators_signed_once(rpc, container, config, customers,
                                                                         receiver):
    acme, globex = customers
    acmes = rpc.create_hook(acme, {"name": "ERP", "event": "orders.created", "address": receiver.address("/acme"),
                                   "secret": "acme-secret"})
    rpc.create_hook(globex, {"name": "ERP", "event": "orders.created", "address": receiver.address("/globex")})
    rpc.create_hook(acme, {"name": "Done", "event": "orders.completed", "address": receiver.address("/done")})
    rpc.create_hook(None, {"name": "WMS", "event": "orders.created", "address": receiver.address("/operator"),
                           "secret": "operator-secret"})
    payload = deliver(container, config, "orders", "order_created", order_event(acme))
    again(container, config, "orders", "order_created", payload)
    received = receiver.wait_for(2)
    assert sorted(request.path for request in received) == ["/acme", "/operator"]
    to_acme = next(request for request in received if request.path == "/acme")
    assert to_acme.signed_with("acme-secret") and not to_acme.signed_with("operator-secret")
    body = to_acme.json
    assert (body["idhook"], body["name"], body["event"]) == (acmes["idhook"], "ERP", "orders.created")
    assert body["data"]["idorder"] == 42 and body["data"]["created"] == "2026-11-23 17:00:00"
    assert body["data"]["products"][0]["price"] == 12.5  # a number, as the API shows it
    assert len(body["event_triggered_at"]) == 19
    delivery_ids = {request.headers["X-Delivery-Id"] for request in received}
    assert len(delivery_ids) == 2
    time.sleep(1.5)  # the timer runs every second: a second round would have sent a repeat by now
    assert len(receiver.received) == 2  # the repeated event was not sent again
    [shown] = rpc.list_hook_deliveries(acme, acmes["idhook"])
    assert shown["delivery_id"] == to_acme.headers["X-Delivery-Id"] and shown["last_status"] == 200


def test_a_delivery_resent_goes_again_once_with_its_own_delivery_id(rpc, container, config, customers, receiver):
    acme, globex = customers
    hook = rpc.create_hook(acme, {"name": "ERP", "event": "orders.created", "address": receiver.address("/acme")})
    deliver(container, config, "orders", "order_created", order_event(acme))
    [first] = receiver.wait_for(1)
    sent = first.headers["X-Delivery-Id"]
    with receiver.holding_answers():  # the copy stays undelivered while it is asked for again
        copy = rpc.resend_hook_delivery(acme, hook["idhook"], sent)
        assert rpc.resend_hook_delivery(acme, hook["idhook"], sent)["delivery_id"] == copy["delivery_id"]  # once
    assert copy["delivery_id"] != sent and copy["delivered_at"] is None
    second = receiver.wait_for(2)[1]
    assert second.headers["X-Delivery-Id"] == copy["delivery_id"] and second.json == first.json
    time.sleep(1.5)
    assert len(receiver.received) == 2
    assert [d["delivery_id"] for d in rpc.list_hook_deliveries(acme, hook["idhook"])] == [copy["delivery_id"], sent]
    for customer_id, delivery_id in ((globex, sent), (None, sent), (acme, "no-such-delivery")):
        assert refusal(rpc.resend_hook_delivery, customer_id, hook["idhook"], delivery_id).exc_type == "HookNotFound"


def test_a_failing_receiver_gets_it_again_later_and_in_order(rpc, container, config, customers, receiver,
                                                             quick_retries):
    acme, _ = customers
    hook = rpc.create_hook(acme, {"name": "ERP", "event": "orders.created", "address": receiver.address()})
    receiver.answers = [503, 500]
    for idorder in (1, 2, 3):
        deliver(container, config, "orders", "order_created", order_event(acme, idorder))
    received = receiver.wait_for(3)
    assert [request.json["data"]["idorder"] for request in received] == [1, 2, 3]
    tries_of_first = [request for request in receiver.received if request.json["data"]["idorder"] == 1]
    assert [request.status for request in tries_of_first] == [503, 500, 200]
    assert len({request.headers["X-Delivery-Id"] for request in tries_of_first}) == 1  # one id to dedupe by
    assert [request.json["data"]["idorder"] for request in receiver.received].count(2) == 1  # waited for the first
    deadline = time.monotonic() + 5
    while rpc.get_hook(acme, hook["idhook"])["failures"] and time.monotonic() < deadline:
        time.sleep(0.05)  # the success is recorded just after the receiver answered it
    assert rpc.get_hook(acme, hook["idhook"])["failures"] == 0


def test_a_hook_failing_in_a_row_is_deactivated_with_the_reason_and_reactivating_sends_what_waited(
        rpc, container, config, customers, receiver, quick_retries):
    acme, _ = customers
    hook = rpc.create_hook(acme, {"name": "ERP", "event": "orders.completed", "address": receiver.address()})
    receiver.answers = [500, 500, 500]
    deliver(container, config, "orders", "order_completed", order_event(acme, 5, "completed"))
    for _ in range(100):
        shown = rpc.get_hook(acme, hook["idhook"])
        if not shown["active"]:
            break
        time.sleep(0.1)
    assert shown["active"] is False and shown["failures"] == 3
    assert "3 deliveries in a row failed" in shown["deactivated_reason"] and "HTTP 500" in shown["deactivated_reason"]
    deliver(container, config, "orders", "order_completed", order_event(acme, 6, "completed"))  # not heard
    assert receiver.delivered() == []
    rpc.reactivate_hook(acme, hook["idhook"])
    [sent] = receiver.wait_for(1)
    assert sent.json["data"]["idorder"] == 5 and sent.json["event"] == "orders.completed"


def test_free_stock_and_received_purchase_orders_are_told_but_not_stock_transfers(rpc, container, config, customers,
                                                                                receiver):
    acme, _ = customers
    rpc.create_hook(acme, {"name": "Stock", "event": "products.free_stock_changed", "address": receiver.address()})
    rpc.create_hook(acme, {"name": "In", "event": "purchase_orders.received", "address": receiver.address()})
    deliver(container, config, "catalog", "free_stock_changed", {"products": [
        {"idfulfilment_customer": acme, "idproduct": 7, "productcode": "MUG", "name": "Mug", "freestock": 12}]})
    goods = {"idfulfilment_customer": acme, "idwarehouse": 1, "id": 3, "idpurchaseorder": 9,
             "products": [{"idproduct": 7, "productcode": "MUG", "name": "Mug", "amount": 12}]}
    deliver(container, config, "purchasing", "goods_received", {**goods, "type": "transfer", "number": "ST1"})
    deliver(container, config, "purchasing", "goods_received", {**goods, "type": "receipt", "number": "R1"})
    received = receiver.wait_for(2)
    assert {(r.json["event"], r.json["data"].get("freestock"), r.json["data"].get("number")) for r in received} == {
        ("products.free_stock_changed", 12, None), ("purchase_orders.received", None, "R1")}
    assert "event_id" not in received[0].json["data"]



def test_orders_processed_and_allocated_together_are_a_delivery_per_order_per_hook_once(rpc, container, config,
                                                                                      customers, receiver):
    acme, globex = customers
    rpc.create_hook(acme, {"name": "Status", "event": "orders.status_changed", "address": receiver.address("/status")})
    rpc.create_hook(acme, {"name": "Held", "event": "orders.allocated", "address": receiver.address("/allocated")})
    rpc.create_hook(globex, {"name": "Status", "event": "orders.status_changed", "address": receiver.address("/globex")})
    listed = [order_event(acme, 1, "processing")["order"], order_event(globex, 2, "processing")["order"],
              order_event(acme, 3, "processing")["order"]]
    processed = deliver(container, config, "orders", "orders_processed", {"orders": listed})
    again(container, config, "orders", "orders_processed", processed)
    allocated = deliver(container, config, "orders", "orders_allocated", {"orders": [listed[0], listed[1]]})
    again(container, config, "orders", "orders_allocated", allocated)
    received = receiver.wait_for(4)
    assert sorted((r.path, r.json["event"], r.json["data"]["idorder"]) for r in received) == [
        ("/allocated", "orders.allocated", 1), ("/globex", "orders.status_changed", 2),
        ("/status", "orders.status_changed", 1), ("/status", "orders.status_changed", 3)]
    time.sleep(1.5)
    assert len(receiver.received) == 4  # the repeated events queued nothing


def test_a_free_stock_change_of_several_products_is_a_delivery_per_product_per_hook_once(rpc, container, config,
                                                                                           customers, receiver):
    acme, globex = customers
    mine = rpc.create_hook(acme, {"name": "Stock", "event": "products.free_stock_changed", "address": receiver.address()})
    operators = rpc.create_hook(None, {"name": "All", "event": "products.free_stock_changed",
                                       "address": receiver.address()})
    product = {"productcode": "MUG", "name": "Mug"}
    payload = deliver(container, config, "catalog", "free_stock_changed", {"products": [
        {**product, "idfulfilment_customer": acme, "idproduct": 7, "freestock": 12},
        {**product, "idfulfilment_customer": acme, "idproduct": 8, "freestock": 3},
        {**product, "idfulfilment_customer": globex, "idproduct": 9, "freestock": 5}]})
    again(container, config, "catalog", "free_stock_changed", payload)  # redelivered: queues nothing more
    received = receiver.wait_for(5)
    assert sorted((r.json["idhook"], r.json["data"]["idproduct"], r.json["data"]["freestock"]) for r in received) == [
        (mine["idhook"], 7, 12), (mine["idhook"], 8, 3),
        (operators["idhook"], 7, 12), (operators["idhook"], 8, 3), (operators["idhook"], 9, 5)]
    assert len({r.headers["X-Delivery-Id"] for r in received}) == 5
    assert len(rpc.list_hook_deliveries(acme, mine["idhook"])) == 2


def test_an_event_no_hook_listens_for_is_read_once_and_no_transaction_is_opened(db, customers, monkeypatch):
    from accounts import webhooks

    acme, _ = customers
    opened = []
    monkeypatch.setattr(db, "change", lambda *args: opened.append(args))
    payload = {"event_id": str(uuid.uuid4()), **order_event(acme)}
    assert webhooks.deliver_event(db, "orders", "order_created", payload) == 0
    assert opened == []


def test_delivered_deliveries_are_pruned_after_the_retention_and_waiting_ones_never(rpc, db, customers, monkeypatch):
    from datetime import datetime, timedelta, timezone

    from sqlalchemy import select

    from accounts import webhooks
    from accounts.models import HookDelivery

    monkeypatch.setenv("WEBHOOK_DELIVERY_RETENTION_DAYS", "30")
    acme, _ = customers
    hook = rpc.create_hook(acme, {"name": "ERP", "event": "orders.created", "address": "https://erp.test/in"})
    now = datetime.now(timezone.utc)
    ages = {"delivered 31 days ago": (31, True), "delivered 29 days ago": (29, True),
            "failing for 40 days": (40, False)}

    def arrange(uow):
        for name, (days, delivered) in ages.items():
            uow.session.add(HookDelivery(delivery_id=str(uuid.uuid4()), hook_id=hook["idhook"], event=name, body="{}",
                                         attempts=1, next_attempt_at=now + timedelta(hours=1),
                                         created_at=now - timedelta(days=days),
                                         delivered_at=now - timedelta(days=days) if delivered else None))
    db.change(arrange)
    assert db.change(webhooks.prune_delivered) == 1
    assert db.change(webhooks.prune_delivered) == 0  # nothing more is old enough
    kept = db.read(lambda session: sorted(session.scalars(select(HookDelivery.event))))
    assert kept == ["delivered 29 days ago", "failing for 40 days"]
    assert db.change(webhooks.prune_delivered, now + timedelta(days=2)) == 1  # its time comes
    assert webhooks.prune_round(db) == 0


def test_an_event_no_hook_listens_for_writes_nothing_and_reaches_a_hook_registered_before_it_comes_again(
        rpc, container, config, customers, receiver, db):
    acme, _ = customers
    rpc.create_hook(acme, {"name": "Done", "event": "orders.completed", "address": receiver.address("/done")})
    payload = deliver(container, config, "orders", "order_created", order_event(acme))
    with db.session_factory() as session:
        assert session.scalar(select(func.count()).select_from(processed_events)) == 0
    rpc.create_hook(acme, {"name": "ERP", "event": "orders.created", "address": receiver.address("/erp")})
    again(container, config, "orders", "order_created", payload)
    again(container, config, "orders", "order_created", payload)
    [request] = receiver.wait_for(1)
    assert request.path == "/erp" and request.json["data"]["idorder"] == 42
    time.sleep(1.5)  # the timer runs every second: a second round would have sent a repeat by now
    assert len(receiver.received) == 1


def test_the_drivers_check_of_who_listens_says_what_the_deliveries_query_finds(rpc, db, customers):
    from sqlalchemy import select

    from accounts import webhooks
    from accounts.models import Hook

    acme, globex = customers
    rpc.create_hook(acme, {"name": "Stock", "event": "products.free_stock_changed", "address": "https://erp.test/in"})
    gone = rpc.create_hook(None, {"name": "All", "event": "orders.created", "address": "https://wms.test/in"})
    rpc.deactivate_hook(None, gone["idhook"])
    for source, event_type, objects in [
            ("catalog", "free_stock_changed", [{"idfulfilment_customer": acme}]),
            ("catalog", "free_stock_changed", [{"idfulfilment_customer": globex}]),
            ("catalog", "free_stock_changed", [{"idfulfilment_customer": globex}, {"idfulfilment_customer": acme}]),
            ("orders", "order_created", [{"idfulfilment_customer": acme}])]:
        found = db.read(lambda session: session.scalars(
            select(Hook.id).where(*webhooks._listening(source, event_type, objects))).all())
        assert db.read_driver(webhooks.anyone_listening, source, event_type, objects) is bool(found)
