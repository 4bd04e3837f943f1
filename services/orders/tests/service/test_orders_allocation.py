"""Processing orders allocates stock, all lines in one call to catalog made after orders' own
commit; what is missing waits as a backorder, which catalog serves oldest first as stock comes
free (reservations_filled). A catalog that does not answer leaves the order asked, and the
reconciliation asks again."""
import uuid

import eventlet
import pytest
from orders_fakes import ACME, GLOBEX
from orders_flow import ADDRESS, CUP, MUG, WAREHOUSE, place, stock_arrives
from orders_reconciliation import asked_an_hour_ago, reconcile
from nameko.exceptions import RemoteError
from nameko.standalone.events import event_dispatcher
from nameko.testing.services import entrypoint_waiter
from sqlalchemy import select, text

from orders import contract
from orders.lookup import find_order
from orders.models import Order
from orders.service import OrdersService
from orders.schemas import BackorderOutput
from servicekit.testing import assert_shape, started_with_fakes

def lines_of(order):
    return [(line["idproduct"], line["allocated"], line["backordered"]) for line in order["products"]]


def test_order_with_enough_stock_is_fully_allocated_in_one_call(rpc, catalog, published):
    catalog.free[(MUG, WAREHOUSE)] = 10
    catalog.free[(CUP, WAREHOUSE)] = 10
    order = place(rpc, (MUG, 3), (CUP, 2))
    with published("orders", "orders_allocated") as event:
        processed = rpc.process_order(ACME, order["idorder"], WAREHOUSE, "warehouse")
    assert processed["status"] == "processing" and processed["idwarehouse"] == WAREHOUSE
    assert processed["stock_reservation"] == "recorded"
    assert lines_of(processed) == [(MUG, 3, 0), (CUP, 2, 0)]
    assert event.get()["orders"] == [processed]
    assert rpc.list_backorders(ACME) == []
    assert catalog.free[(MUG, WAREHOUSE)] == 7
    assert catalog.calls.count("reserve_order_lines") == 1


def test_shortfall_becomes_a_backorder(rpc, catalog, published):
    catalog.free[(MUG, WAREHOUSE)] = 2
    order = place(rpc, (MUG, 5), (CUP, 1))
    with published("orders", "orders_backordered") as event:
        processed = rpc.process_order(ACME, order["idorder"], WAREHOUSE, "warehouse")
    assert event.get()["orders"] == [processed]  # what is missing, per line, for the client's stockout alert
    assert lines_of(processed) == [(MUG, 2, 3), (CUP, 0, 1)]
    backorders = rpc.list_backorders(ACME)
    assert [(b["idproduct"], b["amount"], b["idorder"], b["orderid"]) for b in backorders] == [
        (MUG, 3, order["idorder"], order["orderid"]), (CUP, 1, order["idorder"], order["orderid"])]
    assert_shape(BackorderOutput, backorders[0])
    assert [b["idproduct"] for b in rpc.list_backorders(ACME, 0, {"idproduct": CUP})] == [CUP]
    assert [(c["change"], c["details"]) for c in processed["history"][-2:]] == [
        ("processed", {"idwarehouse": WAREHOUSE, "backordered": 4}),
        ("picklist created", {"picklistid": processed["picklists"][0]["picklistid"], "products": {"MUG-1": 2}})]
    assert rpc.count_backordered_orders(ACME) == 1 and rpc.count_backordered_orders(GLOBEX) == 0


def test_backorders_served_by_catalog_are_recorded_and_announced_oldest_first(rpc, catalog, container, config,
                                                                               published):
    older = place(rpc, (MUG, 4))
    newer = place(rpc, (MUG, 4))
    for order in (older, newer):
        rpc.process_order(ACME, order["idorder"], WAREHOUSE, "warehouse")
    with published("orders", "backorder_filled") as event:
        stock_arrives(catalog, container, config, MUG, 5)
    assert event.get()["backorder"]["idorder"] == older["idorder"]
    assert lines_of(rpc.get_order(ACME, older["idorder"])) == [(MUG, 4, 0)]
    assert lines_of(rpc.get_order(ACME, newer["idorder"])) == [(MUG, 1, 3)]
    assert [(b["idorder"], b["amount"]) for b in rpc.list_backorders(ACME)] == [(newer["idorder"], 3)]
    assert [c["change"] for c in rpc.get_order(ACME, older["idorder"])["history"][-2:]] == [
        "backorder filled", "picklist created"]


def test_every_order_a_receipt_completes_is_listed_in_one_allocated_event(rpc, catalog, container, config,
                                                                          published):
    waiting = [place(rpc, (MUG, 2)) for _ in range(3)]
    for order in waiting:
        rpc.process_order(ACME, order["idorder"], WAREHOUSE, "warehouse")
    with published("orders", "orders_allocated") as event:
        stock_arrives(catalog, container, config, MUG, 5)  # the third order gets 1 of its 2
    listed = event.get()["orders"]
    assert [order["idorder"] for order in listed] == [order["idorder"] for order in waiting[:2]]
    assert listed == [rpc.get_order(ACME, order["idorder"]) for order in waiting[:2]]


def test_backorders_are_listed_with_their_turn_for_the_product_and_nothing_available(rpc):
    orders = [place(rpc, (MUG, 2), (CUP, 1)) for _ in range(3)]
    for order in orders:
        rpc.process_order(ACME, order["idorder"], WAREHOUSE, "warehouse")
    listed = rpc.list_backorders(ACME)
    assert [(b["idproduct"], b["priority"]) for b in listed if b["idproduct"] == MUG] == [(MUG, 1), (MUG, 2), (MUG, 3)]
    assert {b["amount_available"] for b in listed} == {0}
    [last_mug] = rpc.list_backorders(ACME, 0, {"idorder": orders[2]["idorder"], "idproduct": MUG})
    assert last_mug["priority"] == 3  # its turn among all that wait, whatever the filter shows
    assert_shape(BackorderOutput, last_mug)


def test_the_same_fill_delivered_twice_or_late_is_recorded_once(rpc, catalog, container, config):
    order = place(rpc, (MUG, 4))
    rpc.process_order(ACME, order["idorder"], WAREHOUSE, "warehouse")
    first = stock_arrives(catalog, container, config, MUG, 1)
    stock_arrives(catalog, container, config, MUG, 2)
    with entrypoint_waiter(container, "handle_reservations_filled", timeout=10):
        event_dispatcher(config)("catalog", "reservations_filled", first)  # older, and again
    assert lines_of(rpc.get_order(ACME, order["idorder"])) == [(MUG, 3, 1)]


def test_a_change_that_waited_for_an_orders_lock_sees_the_lines_as_the_holder_left_them(rpc, db):
    """Two replicas (or two workers of one) record answers for one order at once: the second
    waits for the first's lock and must then work on the lines as the first committed them, or
    it would write back what they held before (and a newer answer would be lost)."""
    order_id = place(rpc, (MUG, 4))["idorder"]
    first_holds_the_lock, versions_seen = eventlet.Event(), []

    def first(uow):
        find_order(uow.session, ACME, order_id, for_update=True).lines[0].reservation_version = 7
        uow.session.flush()
        first_holds_the_lock.send()
        eventlet.sleep(0.3)  # the second is waiting for the lock by now

    def second(uow):
        versions_seen.append(find_order(uow.session, ACME, order_id, for_update=True).lines[0].reservation_version)

    holder = eventlet.spawn(db.change, first)
    first_holds_the_lock.wait()
    db.change(second)
    holder.wait()
    assert versions_seen == [7]


def test_cancelling_a_processed_order_gives_its_stock_back(rpc, catalog):
    catalog.free[(MUG, WAREHOUSE)] = 1
    order = place(rpc, (MUG, 3))
    rpc.process_order(ACME, order["idorder"], WAREHOUSE, "warehouse")
    cancelled = rpc.cancel_order(ACME, order["idorder"], "anna")
    assert cancelled["status"] == "cancelled" and lines_of(cancelled) == [(MUG, 0, 0)]
    assert catalog.released == [order["products"][0]["idorder_product"]]
    assert rpc.get_order(ACME, order["idorder"])["stock_reservation"] == "released"
    assert rpc.list_backorders(ACME) == []


def test_a_concept_never_processed_has_nothing_to_release(rpc, catalog):
    order = place(rpc, (MUG, 3))
    rpc.cancel_order(ACME, order["idorder"], "anna")
    assert "release_order_lines" not in catalog.calls


def test_only_a_concept_order_can_be_processed(rpc, catalog):
    order = place(rpc, (MUG, 1))
    rpc.process_order(ACME, order["idorder"], WAREHOUSE, "warehouse")
    with pytest.raises(RemoteError) as error:
        rpc.process_order(ACME, order["idorder"], WAREHOUSE, "warehouse")
    assert error.value.exc_type == "OrderLocked"


def test_an_order_catalog_refuses_is_a_concept_again_and_says_why(rpc, catalog):
    order = place(rpc, (MUG, 1))

    def unknown_warehouse(*args):
        raise RemoteError("WarehouseNotFound", "warehouse 9 not found")

    catalog.reserve_order_lines = unknown_warehouse
    with pytest.raises(RemoteError) as error:
        rpc.process_order(ACME, order["idorder"], 9, "warehouse")
    assert (error.value.exc_type, error.value.value) == ("WarehouseNotFound", "warehouse 9 not found")
    again = rpc.get_order(ACME, order["idorder"])
    assert (again["status"], again["idwarehouse"], again["stock_reservation"]) == ("concept", None, "not asked")
    assert again["history"][-1]["details"] == {"reason": "warehouse 9 not found"}


def test_a_catalog_that_does_not_answer_leaves_the_order_asked_and_the_reconciliation_finishes_it(
        rpc, catalog, container, db):
    catalog.free[(MUG, WAREHOUSE)] = 10
    order = place(rpc, (MUG, 3))
    catalog.unreachable = 1
    processed = rpc.process_order(ACME, order["idorder"], WAREHOUSE, "warehouse")
    assert (processed["status"], processed["stock_reservation"]) == ("processing", "asked")
    assert lines_of(processed) == [(MUG, 0, 0)]
    reconcile(container)  # asked a moment ago: not yet its turn
    assert rpc.get_order(ACME, order["idorder"])["stock_reservation"] == "asked"
    asked_an_hour_ago(db, order["idorder"])
    reconcile(container)
    finished = rpc.get_order(ACME, order["idorder"])
    assert (finished["stock_reservation"], lines_of(finished)) == ("recorded", [(MUG, 3, 0)])
    assert catalog.free[(MUG, WAREHOUSE)] == 7


def test_two_replicas_reconciling_at_once_ask_catalog_once_per_order(rpc, catalog, container, container_factory,
                                                                   config, db):
    """Both replicas' timers fire together: one does the round, the other finds it taken."""
    catalog.free[(MUG, WAREHOUSE)] = 10
    order = place(rpc, (MUG, 3))
    catalog.unreachable = 1
    rpc.process_order(ACME, order["idorder"], WAREHOUSE, "warehouse")
    asked_an_hour_ago(db, order["idorder"])
    answer = catalog.reserve_order_lines

    def slow_answer(*args):
        eventlet.sleep(0.5)  # the other replica's round starts meanwhile
        return answer(*args)

    catalog.reserve_order_lines = slow_answer
    replica = started_with_fakes(container_factory, OrdersService, config, catalog=catalog)
    asked_before = catalog.calls.count("reserve_order_lines")
    rounds = [eventlet.spawn(reconcile, each) for each in (container, replica)]
    for each in rounds:
        each.wait()
    assert catalog.calls.count("reserve_order_lines") - asked_before == 1
    assert lines_of(rpc.get_order(ACME, order["idorder"])) == [(MUG, 3, 0)]


def test_a_release_catalog_did_not_answer_is_asked_again(rpc, catalog, container, db):
    catalog.free[(MUG, WAREHOUSE)] = 10
    order = place(rpc, (MUG, 3))
    rpc.process_order(ACME, order["idorder"], WAREHOUSE, "warehouse")
    catalog.unreachable = 1
    cancelled = rpc.cancel_order(ACME, order["idorder"], "anna")
    assert (cancelled["status"], cancelled["stock_reservation"]) == ("cancelled", "release asked")
    assert catalog.free[(MUG, WAREHOUSE)] == 7
    asked_an_hour_ago(db, order["idorder"])
    reconcile(container)
    assert rpc.get_order(ACME, order["idorder"])["stock_reservation"] == "released"
    assert catalog.free[(MUG, WAREHOUSE)] == 10


def test_the_reconciliation_records_a_fill_orders_never_heard_of(rpc, catalog, container):
    order = place(rpc, (MUG, 4))
    rpc.process_order(ACME, order["idorder"], WAREHOUSE, "warehouse")
    catalog.receive(MUG, WAREHOUSE, 4)  # announced while orders was away: the event is lost
    reconcile(container)
    assert lines_of(rpc.get_order(ACME, order["idorder"])) == [(MUG, 4, 0)]
    assert rpc.list_backorders(ACME) == []


def test_the_reconciliation_asks_again_for_waiting_lines_catalog_does_not_serve(rpc, catalog, container):
    order = place(rpc, (MUG, 4))
    rpc.process_order(ACME, order["idorder"], WAREHOUSE, "warehouse")
    catalog.reservations.clear()  # e.g. reserved before catalog kept what lines want
    catalog.free[(MUG, WAREHOUSE)] = 2
    reconcile(container)
    assert lines_of(rpc.get_order(ACME, order["idorder"])) == [(MUG, 2, 2)]


def test_no_call_to_catalog_is_made_while_a_transaction_is_open(rpc, catalog, container, db):
    """The fake catalog refuses calls made inside a transaction, as servicekit's proxy does: every
    flow above went through it; here the slowest one, a catalog that hangs, holds no lock."""
    catalog.free[(MUG, WAREHOUSE)] = 10
    order = place(rpc, (MUG, 3))
    seen = {}
    reserve = catalog.reserve_order_lines

    def while_catalog_works(*args):
        with db.unit_of_work() as uow:  # another connection: is the order row free?
            seen["locked"] = uow.session.execute(
                select(Order.id).where(Order.id == order["idorder"]).with_for_update(nowait=True)).first() is None
            seen["idle in transaction"] = uow.session.scalar(text(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND state = 'idle in transaction' AND pid <> pg_backend_pid()"))
        return reserve(*args)

    catalog.reserve_order_lines = while_catalog_works
    rpc.process_order(ACME, order["idorder"], WAREHOUSE, "warehouse")
    assert seen == {"locked": False, "idle in transaction": 0}


def test_one_client_cannot_process_or_see_backorders_of_another(rpc, catalog):
    theirs = place(rpc, (21, 2), customer=GLOBEX)
    with pytest.raises(RemoteError) as error:
        rpc.process_order(ACME, theirs["idorder"], WAREHOUSE, "anna")
    assert error.value.exc_type == "OrderNotFound"
    rpc.process_order(GLOBEX, theirs["idorder"], WAREHOUSE, "warehouse")
    assert rpc.list_backorders(ACME) == [] and len(rpc.list_backorders(GLOBEX)) == 1
    assert len(rpc.list_backorders_of_all_customers()) == 1


def test_a_fill_for_another_clients_line_changes_nothing(rpc, catalog, container, config):
    theirs = place(rpc, (21, 2), customer=GLOBEX)
    rpc.process_order(GLOBEX, theirs["idorder"], WAREHOUSE, "warehouse")
    line = theirs["products"][0]["idorder_product"]
    forged = {"event_id": str(uuid.uuid4()), "idfulfilment_customer": ACME,
              "reservations": [{"order_line_id": line, "amount": 2, "status": "reserved", "version": 99}]}
    with entrypoint_waiter(container, "handle_reservations_filled", timeout=10):
        event_dispatcher(config)("catalog", "reservations_filled", forged)
    assert lines_of(rpc.get_order(GLOBEX, theirs["idorder"])) == [(21, 0, 2)]


def test_bad_backorder_filters_are_refused(rpc):
    with pytest.raises(RemoteError) as error:
        rpc.list_backorders(ACME, 0, {"idproduct": "x"})
    assert error.value.exc_type == "InvalidOrder" and "idproduct" in error.value.value


def test_events_in_the_contract_are_the_ones_published():
    assert {"orders_processed", "orders_allocated", "orders_backordered", "backorder_filled"} <= set(contract.EVENTS)


def test_a_user_limited_to_some_warehouses_sees_orders_and_backorders_of_those_only(rpc, catalog):
    other = WAREHOUSE + 1
    waiting_here, waiting_there, concept = place(rpc, (MUG, 2)), place(rpc, (MUG, 2)), place(rpc, (CUP, 1))
    rpc.process_order(ACME, waiting_here["idorder"], WAREHOUSE, "warehouse")
    rpc.process_order(ACME, waiting_there["idorder"], other, "warehouse")
    seen = {order["idorder"] for order in rpc.list_orders(ACME, 0, {"idwarehouses": [WAREHOUSE]})}
    assert seen == {waiting_here["idorder"], concept["idorder"]}  # a concept has no warehouse yet
    assert [b["idorder"] for b in rpc.list_backorders(ACME, 0, {"idwarehouses": [other]})] == [waiting_there["idorder"]]
    assert rpc.count_backordered_orders(ACME, [other]) == 1 and rpc.count_backordered_orders(ACME) == 2
    assert len(rpc.list_orders(ACME, 0, {"idwarehouses": []})) == 1
    with pytest.raises(RemoteError) as refused:
        rpc.list_orders(ACME, 0, {"idwarehouses": "1"})
    assert refused.value.exc_type == "InvalidOrder" and "idwarehouses" in refused.value.value


def test_a_user_limited_to_some_webshops_sees_orders_from_those_and_from_no_shop(rpc, catalog):
    shop, other_shop = 7, 8
    products = [{"idproduct": MUG, "amount": 2}]
    from_shop, from_other_shop = (rpc.create_order(ACME, {**ADDRESS, "products": products}, "webshop", "webshop",
                                                   f"webshop:{webshop}:1", from_webshop_id=webshop)["order"]
                                  for webshop in (shop, other_shop))
    from_portal = place(rpc, (CUP, 1))
    assert from_shop["idwebshop"] == shop and from_portal["idwebshop"] is None
    for order in (from_shop, from_other_shop):
        rpc.process_order(ACME, order["idorder"], WAREHOUSE, "warehouse")  # no stock: both wait
    seen = {order["idorder"] for order in rpc.list_orders(ACME, 0, {"idwebshops": [shop]})}
    assert seen == {from_shop["idorder"], from_portal["idorder"]}
    assert [b["idorder"] for b in rpc.list_backorders(ACME, 0, {"idwebshops": [shop]})] == [from_shop["idorder"]]
    assert len(rpc.list_orders(ACME, 0, {"idwebshops": []})) == 1
    with pytest.raises(RemoteError) as refused:
        rpc.create_order(ACME, {**ADDRESS, "products": products}, "api", "key", None, from_webshop_id=shop)
    assert refused.value.exc_type == "InvalidOrder" and "webshop_id" in refused.value.value


def test_a_fill_that_fails_to_be_recorded_goes_back_to_the_queue_and_is_not_lost(rpc, catalog, container, config,
                                                                                 monkeypatch):
    from orders import fills

    order = place(rpc, (MUG, 4))
    rpc.process_order(ACME, order["idorder"], WAREHOUSE, "warehouse")
    record, attempts = fills.take_reservations_filled, []

    def database_away_once(uow, payload):
        attempts.append(payload)
        if len(attempts) == 1:
            raise ConnectionError("database unreachable")
        return record(uow, payload)

    monkeypatch.setattr(fills, "take_reservations_filled", database_away_once)
    payload = catalog.receive(MUG, WAREHOUSE, 4)
    with entrypoint_waiter(container, "handle_reservations_filled", timeout=10,
                           callback=lambda worker_ctx, result, exc_info: exc_info is None):
        event_dispatcher(config)("catalog", "reservations_filled", payload)
    assert len(attempts) == 2
    assert lines_of(rpc.get_order(ACME, order["idorder"])) == [(MUG, 4, 0)]

