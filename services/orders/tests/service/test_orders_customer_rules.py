"""Each client's order rules, copied from accounts' customer events: until which status the client
may change or cancel an order, and whether a placed order is processed at once."""
import time
import uuid
from contextlib import contextmanager

import eventlet
import eventlet.event
import pytest
from nameko.exceptions import RemoteError
from orders_fakes import ACME, GLOBEX
from orders_flow import once_answered
from orders_reconciliation import asked_an_hour_ago, reconcile
from sqlalchemy import func, select

from accounts import contract as accounts_contract
from orders import contract
from orders.allocator import ALLOCATORS
from orders.schemas import OrderOutput
from servicekit.messaging_tables import processed_events
from servicekit.testing import assert_shape, field_paths

WAREHOUSE = 1
MUG = 11
ORDER = {"deliveryname": "Jan Jansen", "deliveryaddress": "Dorpsstraat 1", "deliveryzipcode": "1234 AB",
         "deliverycity": "Utrecht", "deliverycountry": "NL", "products": [{"idproduct": MUG, "amount": 3}]}
NEW_ADDRESS = {**{k: v for k, v in ORDER.items() if k != "products"}, "deliveryname": "Piet Puk"}


def announced(customer_id: int, version: int, event_id: str | None = None, **rules) -> dict:
    """accounts' customer_created/customer_updated payload, every field included."""
    customer = {"idfulfilment_customer": customer_id, "name": "Acme", "can_login": True, "username": "acme",
                "language": "nl", "idtemplate": None, "last_login_at": None, "allowed_shipping_profiles": [],
                "preferred_idwarehouse": WAREHOUSE, "idwarehouse_purchaseorders": None,
                "can_manage_products": False, "notification_email": None,
                "changes_allowed_until": "picking", "process_orders_at_once": False, **rules}
    return {"event_id": event_id or str(uuid.uuid4()), "customer": customer, "version": version}


@pytest.fixture
def deliver(deliver_event):
    """An accounts event, handled by orders: `deliver("customer_created", payload)`."""
    return lambda event_type, payload: deliver_event("accounts", event_type, payload)


def remote_error(call, *args) -> RemoteError:
    with pytest.raises(RemoteError) as error:
        call(*args)
    return error.value


def place(rpc, customer=ACME, source="api"):
    return rpc.create_order(customer, ORDER, source, "anna")


def test_test_events_have_the_shape_accounts_promises():
    for event_type in ("customer_created", "customer_updated"):
        assert_shape(accounts_contract.EVENTS[event_type], announced(ACME, 1))


def test_orders_reads_only_fields_accounts_promises():
    for event_type in ("customer_created", "customer_updated"):
        published = field_paths(accounts_contract.EVENTS[event_type])
        assert field_paths(contract.CONSUMES[("accounts", event_type)]) <= published


def test_a_customer_not_heard_of_has_the_default_rules(rpc):
    assert rpc.get_order_rules(ACME) == {"changes_allowed_until": "picking", "process_orders_at_once": False,
                                         "preferred_idwarehouse": None, "allowed_shipping_profiles": []}
    order = place(rpc)["order"]
    assert (order["changes_allowed_until"], order["changeable_by_client"]) == ("picking", True)
    assert_shape(OrderOutput, order)


def test_announced_rules_are_kept_per_customer(rpc, deliver):
    deliver("customer_created", announced(ACME, 1, changes_allowed_until="processing"))
    assert rpc.get_order_rules(ACME)["changes_allowed_until"] == "processing"
    assert rpc.get_order_rules(GLOBEX)["changes_allowed_until"] == "picking"  # each client its own
    deliver("customer_updated", announced(ACME, 2, process_orders_at_once=True, preferred_idwarehouse=None))
    assert rpc.get_order_rules(ACME) == {"changes_allowed_until": "picking", "process_orders_at_once": True,
                                         "preferred_idwarehouse": None, "allowed_shipping_profiles": []}


def test_the_same_event_delivered_twice_is_applied_once(rpc, db, deliver):
    event_id = str(uuid.uuid4())
    deliver("customer_updated", announced(ACME, 5, event_id, changes_allowed_until="processing"))
    deliver("customer_updated", announced(ACME, 6))  # a newer change in between…
    # …and the first event redelivered: were it applied again it would undo the newer one.
    deliver("customer_updated", announced(ACME, 7, event_id, changes_allowed_until="processing"))
    assert rpc.get_order_rules(ACME)["changes_allowed_until"] == "picking"
    with db.unit_of_work() as uow:
        marks = uow.session.scalar(select(func.count()).select_from(processed_events)
                                   .where(processed_events.c.event_id == uuid.UUID(event_id)))
    assert marks == 1


def test_an_event_older_than_the_copy_changes_nothing(rpc, deliver):
    # The update overtakes the creation on the broker: the creation arrives last, and is older.
    deliver("customer_updated", announced(ACME, 2, changes_allowed_until="processing"))
    deliver("customer_created", announced(ACME, 1))
    assert rpc.get_order_rules(ACME)["changes_allowed_until"] == "processing"


def test_client_whose_rule_is_processing_cannot_cancel_or_readdress_a_processed_order(rpc, deliver, catalog):
    deliver("customer_created", announced(ACME, 1, changes_allowed_until="processing"))
    catalog.free[(MUG, WAREHOUSE)] = 10
    concept = place(rpc)["order"]
    assert (concept["changes_allowed_until"], concept["changeable_by_client"]) == ("processing", True)
    processed = rpc.process_order(ACME, concept["idorder"], WAREHOUSE, "warehouse")
    assert processed["changeable_by_client"] is False
    for call, args, refused in ((rpc.cancel_order, ("anna",), "it can no longer be cancelled"),
                                (rpc.change_delivery_address, (NEW_ADDRESS, "anna"),
                                 "its delivery address can no longer be changed")):
        error = remote_error(call, ACME, concept["idorder"], *args)
        assert (error.exc_type, error.value) == (
            "OrderLocked", f"Order {concept['idorder']} is already processing: {refused} "
                           "(an order can be changed or cancelled only until the warehouse processes it).")
    assert rpc.get_order(ACME, concept["idorder"])["status"] == "processing"
    assert catalog.released == []
    other = place(rpc)["order"]  # a concept may still be cancelled
    assert rpc.cancel_order(ACME, other["idorder"], "anna")["status"] == "cancelled"


def test_order_placed_for_a_client_processed_at_once_comes_back_processing(rpc, deliver, catalog, published):
    deliver("customer_created", announced(ACME, 1, process_orders_at_once=True))
    catalog.free[(MUG, WAREHOUSE)] = 2
    with published("orders", "orders_processed") as event:
        placed = place(rpc)
        answered = placed["order"]  # before catalog reserves: the allocator asks right after
        assert (answered["stock_reservation"], answered["products"][0]["allocated"]) == ("asked", 0)
    order = rpc.get_order(ACME, answered["idorder"])
    assert event.get()["orders"] == [order]
    assert placed["created"] and (order["status"], order["idwarehouse"]) == ("processing", WAREHOUSE)
    assert answered["status"] == "processing" and [change["change"] for change in answered["history"]] == [
        "created", "processed"]
    assert [(line["allocated"], line["backordered"]) for line in order["products"]] == [(2, 1)]
    assert [b["amount"] for b in rpc.list_backorders(ACME)] == [1]
    assert [change["change"] for change in order["history"]] == ["created", "processed", "picklist created"]
    assert order["history"][1]["changed_by"] == "warehouse (processed at once)"


def test_retried_create_and_current_order_are_processed_at_once(rpc, deliver, catalog):
    deliver("customer_created", announced(ACME, 1, process_orders_at_once=True))
    catalog.free[(MUG, WAREHOUSE)] = 100
    first = rpc.create_order(ACME, {**ORDER, "reference": "SHOP-9"}, "api", "shop", "retry-9")
    recorded = once_answered(rpc, first["order"])
    again = rpc.create_order(ACME, {**ORDER, "reference": "SHOP-9"}, "api", "shop", "retry-9")
    assert (again["created"], again["order"]) == (False, recorded)  # processed once, not twice
    rpc.set_current_order_line(ACME, 101, MUG, 2)
    current = rpc.update_current_order(ACME, 101, {k: v for k, v in ORDER.items() if k != "products"})
    placed = rpc.place_current_order(ACME, 101, current["version"], "anna")
    assert placed["status"] == "processing"
    assert rpc.place_current_order(ACME, 101, current["version"], "anna") == placed  # a double click
    assert catalog.free[(MUG, WAREHOUSE)] == 100 - 3 - 2


def test_without_a_preferred_warehouse_an_order_stays_a_concept_saying_why(rpc, deliver, catalog):
    deliver("customer_created", announced(ACME, 1, process_orders_at_once=True, preferred_idwarehouse=None))
    placed = rpc.create_order(ACME, {**ORDER, "reference": "SHOP-10"}, "api", "shop", "retry-10")["order"]
    assert placed["status"] == "concept" and catalog.reservations == {}
    assert placed["history"][-1]["change"] == "not processed at once"
    assert placed["history"][-1]["details"] == {"reason": "no preferred warehouse set for the client"}
    again = rpc.create_order(ACME, {**ORDER, "reference": "SHOP-10"}, "api", "shop", "retry-10")["order"]
    assert again == placed  # said once
    # The warehouse processes it as any concept.
    assert rpc.process_order(ACME, placed["idorder"], WAREHOUSE, "warehouse")["status"] == "processing"


def test_an_order_placed_while_the_catalog_does_not_answer_is_accepted_and_reserved_later(
        rpc, deliver, catalog, container, db, products_announced):
    deliver("customer_created", announced(ACME, 1, process_orders_at_once=True))
    catalog.free[(MUG, WAREHOUSE)] = 10
    catalog.unreachable = 1
    placed = place(rpc)
    order = placed["order"]
    assert placed["created"] and (order["status"], order["stock_reservation"]) == ("processing", "asked")
    assert [line["allocated"] for line in order["products"]] == [0]
    deadline = time.monotonic() + 5
    while catalog.unreachable and time.monotonic() < deadline:  # the allocator asks after it gathered
        eventlet.sleep(0.01)
    asked_an_hour_ago(db, order["idorder"])
    reconcile(container)
    again = rpc.get_order(ACME, order["idorder"])
    assert again["stock_reservation"] == "recorded" and [line["allocated"] for line in again["products"]] == [3]


def test_an_order_at_once_in_a_warehouse_catalog_does_not_know_stays_a_concept_saying_why(rpc, deliver, catalog):
    deliver("customer_created", announced(ACME, 1, process_orders_at_once=True, preferred_idwarehouse=99))

    def unknown_warehouse(*args):
        raise RemoteError("WarehouseNotFound", "warehouse 99 not found")

    catalog.reserve_order_lines = unknown_warehouse
    order = once_answered(rpc, place(rpc)["order"])
    assert (order["status"], order["idwarehouse"], order["stock_reservation"]) == ("concept", None, "not asked")
    assert order["history"][-1]["details"] == {"reason": "warehouse 99 not found"}


def test_orders_placed_while_catalog_works_are_asked_for_in_one_batch(rpc, deliver, catalog):
    deliver("customer_created", announced(ACME, 1, process_orders_at_once=True))
    catalog.free[(MUG, WAREHOUSE)] = 100
    with catalog_paused(catalog) as go_on:
        placed = [place(rpc)["order"] for _ in range(8)]  # each allocator waits on catalog with its first
        assert all(order["stock_reservation"] == "asked" for order in placed)
        go_on()
    recorded = [once_answered(rpc, order) for order in placed]
    assert [order["products"][0]["allocated"] for order in recorded] == [3] * 8
    assert catalog.calls.count("reserve_orders_lines") <= ALLOCATORS + 1  # the rest in one batch
    assert catalog.free[(MUG, WAREHOUSE)] == 100 - 24


def test_a_refused_order_in_a_batch_does_not_keep_the_others_from_their_stock(rpc, deliver, catalog):
    deliver("customer_created", announced(ACME, 1, process_orders_at_once=True))
    catalog.free[(MUG, WAREHOUSE)] = 100
    reserve, refused_lines = catalog.reserve_order_lines, set()

    def refusing_some(customer_id, warehouse_id, lines):
        if lines[0]["order_line_id"] in refused_lines:
            raise RemoteError("WarehouseNotFound", f"warehouse {warehouse_id} not found")
        return reserve(customer_id, warehouse_id, lines)

    catalog.reserve_order_lines = refusing_some
    with catalog_paused(catalog) as go_on:
        orders = [place(rpc)["order"] for _ in range(3)]
        refused_lines.add(orders[1]["products"][0]["idorder_product"])
        go_on()
    recorded = [once_answered(rpc, order) for order in orders]
    assert [(order["status"], order["stock_reservation"]) for order in recorded] == [
        ("processing", "recorded"), ("concept", "not asked"), ("processing", "recorded")]
    assert recorded[1]["history"][-1]["details"] == {"reason": f"warehouse {WAREHOUSE} not found"}


@contextmanager
def catalog_paused(catalog):
    """The allocator's calls to catalog wait until the block calls `go_on()` (so what is placed
    meanwhile waits for one batch)."""
    batch, paused = catalog.reserve_orders_lines, eventlet.event.Event()

    def waits(requests):
        paused.wait()
        return batch(requests)

    catalog.reserve_orders_lines = waits
    try:
        yield paused.send
    finally:
        if not paused.ready():
            paused.send()


def test_the_warehouse_may_cancel_or_readdress_until_picking_whatever_the_clients_rule(rpc, deliver, catalog):
    deliver("customer_created", announced(ACME, 1, changes_allowed_until="processing"))
    catalog.free[(MUG, WAREHOUSE)] = 10
    order = place(rpc)["order"]
    rpc.process_order(ACME, order["idorder"], WAREHOUSE, "warehouse")
    readdressed = rpc.change_delivery_address(ACME, order["idorder"], NEW_ADDRESS, "warehouse", True)
    assert readdressed["deliveryname"] == "Piet Puk"
    assert rpc.cancel_order(ACME, order["idorder"], "warehouse", True)["status"] == "cancelled"
    assert catalog.released == [line["idorder_product"] for line in order["products"]]  # its stock given back
