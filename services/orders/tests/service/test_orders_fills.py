"""A receipt's fill is written for plain orders in a few statements (`orders.fills`); the orders,
their trails and the events are exactly those the ORM's path (`allocation.take_answers`) writes."""
import pytest
from orders_fakes import ACME
from orders_flow import CUP, MUG, WAREHOUSE, place

from orders import fills, lookup
from servicekit.unit_of_work import UnitOfWork

# What differs between two orders made alike: their ids, numbers and times.
MASKED = {"created", "updated", "processed", "created_at", "orderid", "picklistid", "reference"}


def masked(value):
    if isinstance(value, dict):
        return {key: "*" if key in MASKED or key.startswith("id") else masked(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [masked(item) for item in value]
    return value


def waiting_orders(rpc, catalog) -> list[dict]:
    """Orders that wait: one for mugs, one for mugs whose cup is held (on a picklist already), one
    for mugs and for cups of which it holds one."""
    catalog.free[(CUP, WAREHOUSE)] = 2
    orders = [place(rpc, (MUG, 2)), place(rpc, (CUP, 1), (MUG, 1)), place(rpc, (MUG, 1), (CUP, 3))]
    return [rpc.process_order(ACME, order["idorder"], WAREHOUSE, "warehouse") for order in orders]


def filled(rpc, db, catalog, orders: list[dict], plainly: bool) -> tuple[list[dict], list[tuple], list[int]]:
    """Stock arrives for exactly these orders (nothing else waits), recorded plainly where it can
    be or all through the ORM: the orders after, the fill's events, and the orders written plainly."""
    events, add_event, plain, write = [], UnitOfWork.add_event, [], fills._write
    patch = pytest.MonkeyPatch()
    patch.setattr(UnitOfWork, "add_event", lambda uow, *event: events.append(event) or add_event(uow, *event))
    patch.setattr(fills, "_write", lambda uow, made: plain.extend(fill.order.id for fill in made) or write(uow, made))
    if not plainly:
        patch.setattr(fills, "_plain_fill", lambda order, by_line: None)
    waiting = {product: sum(line["backordered"] for order in orders for line in order["products"]
                            if line["idproduct"] == product) for product in (MUG, CUP)}
    payload = catalog.receive(MUG, WAREHOUSE, waiting[MUG])
    payload["reservations"] += catalog.receive(CUP, WAREHOUSE, waiting[CUP])["reservations"]
    try:
        db.change(fills.take_reservations_filled, payload)
    finally:
        patch.undo()
    return [db.read(lookup.get_order, ACME, order["idorder"]) for order in orders], events, plain


def test_a_fill_of_plain_orders_is_written_as_the_orms_path_writes_it(rpc, db, catalog):
    orm_orders, orm_events, _ = filled(rpc, db, catalog, waiting_orders(rpc, catalog), plainly=False)
    orders, events, plain = filled(rpc, db, catalog, waiting_orders(rpc, catalog), plainly=True)
    assert plain == [order["idorder"] for order in orders]
    assert masked(orders) == masked(orm_orders)
    assert [line["allocated"] for order in orders for line in order["products"]] == [2, 1, 1, 1, 3]
    assert {line["backordered"] for order in orders for line in order["products"]} == {0}
    assert [[c["change"] for c in order["history"][-3:]] for order in orders] == [
        ["processed", "backorder filled", "picklist created"],
        ["picklist created", "backorder filled", "picklist created"],
        ["backorder filled", "backorder filled", "picklist created"]]
    assert [len(order["picklists"]) for order in orders] == [1, 2, 2]
    assert rpc.list_backorders(ACME) == []
    assert masked(events) == masked(orm_events)
    assert [event_type for event_type, _ in events] == ["backorder_filled"] * 4 + ["orders_allocated"]
    assert events[-1][1]["orders"] == orders


@pytest.mark.parametrize("arrives, lines, steps", [
    ((MUG, 1), [(1, 0), (0, 3)], ["backorder filled", "picklist created"]),
    ((CUP, 2), [(0, 1), (2, 1)], ["processed", "picklist created"]),
], ids=["one of two lines whole", "part of a line"])
def test_an_order_the_fill_leaves_waiting_takes_the_orms_path(rpc, db, catalog, monkeypatch, arrives, lines, steps):
    order = rpc.process_order(ACME, place(rpc, (MUG, 1), (CUP, 3))["idorder"], WAREHOUSE, "warehouse")
    monkeypatch.setattr(fills, "_write", None)  # not called
    db.change(fills.take_reservations_filled, catalog.receive(arrives[0], WAREHOUSE, arrives[1]))
    after = db.read(lookup.get_order, ACME, order["idorder"])
    assert [(line["allocated"], line["backordered"]) for line in after["products"]] == lines
    assert [change["change"] for change in after["history"]][-2:] == steps
