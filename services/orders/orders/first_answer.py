"""Recording catalog's first answer for an order as it was just committed, in a few plain
statements: what each line holds, its backorders, a picklist for what is held, the trail and
the order recorded, and the order as the client sees it built from what was committed and
written here instead of being read back.

The caller hands in the order as its own transaction dumped it (placing it, processing it), or
several (the allocator's batch: `record_first_answers` writes them all with the same handful of
statements). Under the orders' locks, one statement confirms nothing changed them since (its row, history, comments,
picklists, lines and the client's rule); anything else, or an answer that is not a plain
reservation of every line, is recorded by `allocation.record_reservations`, which reads the
order back. Both give the same order and the same events (a test compares them).
"""
from dataclasses import dataclass
from datetime import datetime
from types import SimpleNamespace

from marshmallow import fields
from sqlalchemy import any_, func, insert, select, update
from sqlalchemy.engine import Connection

from orders.allocation import announce_first_answer, record_reservations
from orders.line_allocation import CatalogAnswer, LineChange, LineHolding, take_answer
from orders.models import Backorder, CustomerOrderRules, Order, OrderChange, OrderComment, OrderLine, Picklist
from orders.picking_rules import to_put_on_a_picklist
from orders.recording_statements import ADD_WAREHOUSE_STEPS, array, by_key, lock_orders, make_picklists, set_lines
from orders.schemas import OrderChangeOutput, PicklistSummary, ReservationAnswer
from orders.statuses import ASKED, DEFAULT_CHANGES_ALLOWED_UNTIL, PROCESSING, RECORDED
from servicekit.unit_of_work import UnitOfWork

_orders, _lines, _changes = Order.__table__, OrderLine.__table__, OrderChange.__table__
_picklists, _backorders = Picklist.__table__, Backorder.__table__
_change_output, _picklist_output, _moment = OrderChangeOutput(), PicklistSummary(), fields.DateTime()
_answers_input = ReservationAnswer(many=True)


def _count(table, *where):
    return select(func.count()).select_from(table).where(table.c.order_id == _orders.c.id, *where).scalar_subquery()


# Read after the locks are granted (a statement that waited for them would see the rest as it was).
_AS_THEY_STAND = (
    select(_orders.c.id, _orders.c.customer_id, _orders.c.stock_reservation, _orders.c.status, _orders.c.updated_at,
           _orders.c.processed_at, _orders.c.warehouse_id, CustomerOrderRules.__table__.c.changes_allowed_until,
           _count(_changes).label("changes"), _count(OrderComment.__table__).label("comments"),
           _count(_picklists).label("picklists"), _count(_backorders).label("backorders"),
           _count(_lines).label("lines"), _count(_lines, _lines.c.reservation_version != 0).label("lines_answered"),
           select(func.max(_changes.c.id)).where(_changes.c.order_id == _orders.c.id, _changes.c.change == "processed")
           .scalar_subquery().label("processed_change"))
    .outerjoin(CustomerOrderRules.__table__, CustomerOrderRules.__table__.c.customer_id == _orders.c.customer_id)
    .where(_orders.c.id == any_(array("order_ids"))))
# Every order's processed step's new details in one statement, given as a JSON object by step id;
# then the orders recorded.
_SET_DETAILS = (update(_changes).where(_changes.c.id == any_(array("change_ids")))
                .values(details=by_key("details", _changes.c.id)))
_RECORDED = (update(_orders).where(_orders.c.id == any_(array("order_ids"))).values(stock_reservation=RECORDED)
             .returning(_orders.c.id, _orders.c.updated_at))


@dataclass(frozen=True)
class _Unchanged:
    """The order under its lock, when nothing changed it since the caller's dump."""

    processed_at: datetime
    warehouse_id: int
    processed_change: int


def record_first_reservations(uow: UnitOfWork, order: dict, answers: list[dict]) -> dict:
    """`allocation.record_reservations` for `order` as committed a moment ago (dumped as the
    client sees it), with catalog's answers for its lines."""
    return record_first_answers(uow, [(order, answers)])[0]


@dataclass
class _Plan:
    """One order of the batch on the plain path: what its lines hold now, and what it made."""

    order: dict
    unchanged: _Unchanged
    lines: dict[int, LineChange]
    picklist: dict | None = None
    picklist_details: dict | None = None


def record_first_answers(uow: UnitOfWork, batch: list[tuple[dict, list[dict]]]) -> list[dict]:
    """`record_first_reservations` for each (order, answers) of a batch, in a handful of statements
    for all of them; the orders as the client sees them, in the order given."""
    connection = uow.session.connection()
    order_ids = lock_orders(uow, [order["idorder"] for order, _ in batch])
    standing = {row.id: row for row in connection.execute(_AS_THEY_STAND, {"order_ids": order_ids})}
    results: dict[int, dict] = {}
    plans: list[_Plan] = []
    once = {order["idorder"]: (order, answers) for order, answers in reversed(batch)}  # an order twice: its first
    for order, answers in sorted(once.values(), key=lambda item: item[0]["idorder"]):
        loaded = _answers_input.load([answer for answer in answers if isinstance(answer, dict)])
        by_line = {answer["order_line_id"]: answer for answer in loaded}
        unchanged = _unchanged(standing.get(order["idorder"]), order)
        if (unchanged is None or set(by_line) != {line["idorder_product"] for line in order["products"]}
                or any(answer["status"] != "reserved" or answer["version"] < 1 for answer in loaded)):
            results[order["idorder"]] = record_reservations(uow, order["idfulfilment_customer"], order["idorder"],
                                                            answers)
            continue
        plans.append(_Plan(order, unchanged, {
            line["idorder_product"]: take_answer(LineHolding(line["idorder_product"], line["amount"], 0, 0),
                                                 CatalogAnswer.from_reservation(by_line[line["idorder_product"]]))
            for line in order["products"]}))
    if plans:
        _write(connection, plans)
        results.update(_as_recorded(uow, connection, plans))
    return [results[order["idorder"]] for order, _ in batch]


def _write(connection: Connection, plans: list[_Plan]) -> None:
    """The backorders, the picklists with their lines and what each line holds, for every plan."""
    backorders = [
        {"customer_id": plan.order["idfulfilment_customer"], "order_id": plan.order["idorder"],
         "order_line_id": line["idorder_product"], "product_id": line["idproduct"],
         "warehouse_id": plan.unchanged.warehouse_id, "amount": plan.lines[line["idorder_product"]].waiting,
         "created_at": plan.unchanged.processed_at}  # listed (and served) oldest first: since processed
        for plan in plans for line in plan.order["products"] if plan.lines[line["idorder_product"]].waiting]
    if backorders:
        connection.execute(insert(_backorders), backorders)
    holding = [(plan, dict(sorted(held.items()))) for plan in plans
               if (held := to_put_on_a_picklist({line_id: change.allocated for line_id, change in plan.lines.items()},
                                                 {}))]
    if holding:
        made = make_picklists(connection, [(plan.order["idfulfilment_customer"], plan.order["idorder"],
                                             plan.unchanged.warehouse_id, held) for plan, held in holding])
        for plan, held in holding:
            row = made[plan.order["idorder"]]
            plan.picklist = _picklist_output.dump(SimpleNamespace(id=row.id, created_at=row.created_at,
                                                                  status=row.status))
            codes = {line["idorder_product"]: line["productcode"] for line in plan.order["products"]}
            plan.picklist_details = {"picklistid": plan.picklist["picklistid"],
                                     "products": {codes[line_id]: amount for line_id, amount in held.items()}}
    set_lines(connection, [(line_id, change) for plan in plans for line_id, change in plan.lines.items()])


def _as_recorded(uow: UnitOfWork, connection: Connection, plans: list[_Plan]) -> dict[int, dict]:
    """The trail's steps and the orders recorded; each order as the client sees it, announced."""
    histories = {}
    for plan in plans:
        history = [dict(change) for change in plan.order["history"]]
        processed = next(change for change in reversed(history) if change["change"] == "processed")
        processed["details"] = {**processed["details"],
                                "backordered": sum(change.waiting for change in plan.lines.values())}
        histories[plan.order["idorder"]] = history
    connection.execute(_SET_DETAILS, {
        "change_ids": [plan.unchanged.processed_change for plan in plans],
        "details": {str(plan.unchanged.processed_change): next(
            change for change in reversed(histories[plan.order["idorder"]]) if change["change"] == "processed")["details"]
            for plan in plans}})
    with_picklist = [plan for plan in plans if plan.picklist is not None]
    if with_picklist:
        made_at = dict(connection.execute(ADD_WAREHOUSE_STEPS, {
            "order_ids": [plan.order["idorder"] for plan in with_picklist],
            "keys": [plan.order["idorder"] for plan in with_picklist], "change": "picklist created",
            "details": {str(plan.order["idorder"]): plan.picklist_details for plan in with_picklist}}).all())
        for plan in with_picklist:
            histories[plan.order["idorder"]].append(_change_output.dump({
                "changed_by": "warehouse", "change": "picklist created", "details": plan.picklist_details,
                "created_at": made_at[plan.order["idorder"]]}))
    updated = dict(connection.execute(_RECORDED, {"order_ids": [plan.order["idorder"] for plan in plans]}).all())
    results = {}
    for plan in plans:
        order = plan.order
        result = {**order, "stock_reservation": RECORDED,
                  "updated": _moment.serialize("at", {"at": updated[order["idorder"]]}),
                  "products": [_line_output(line, plan.lines[line["idorder_product"]]) for line in order["products"]],
                  "picklists": [plan.picklist] if plan.picklist else [], "history": histories[order["idorder"]]}
        announce_first_answer(uow, result)
        results[order["idorder"]] = result
    return results


def _unchanged(now, order: dict) -> _Unchanged | None:
    """What the order is now (locked), if that is exactly `order` asking for its stock."""
    if now is None or now.customer_id != order["idfulfilment_customer"]:
        return None  # gone: the full path says so
    same = (now.stock_reservation == ASKED == order["stock_reservation"] and now.status == PROCESSING == order["status"]
            and _moment.serialize("at", {"at": now.updated_at}) == order["updated"]
            and (now.changes_allowed_until or DEFAULT_CHANGES_ALLOWED_UNTIL) == order["changes_allowed_until"]
            and now.changes == len(order["history"]) and now.comments == len(order["comments"])
            and now.picklists == len(order["picklists"]) == 0 and now.backorders == 0
            and now.lines == len(order["products"]) and now.lines_answered == 0
            and now.processed_change is not None and now.warehouse_id == order["idwarehouse"])
    return _Unchanged(now.processed_at, now.warehouse_id, now.processed_change) if same else None


def _line_output(line: dict, change: LineChange) -> dict:
    return {**line, "allocated": change.allocated, "backordered": change.waiting, "shipped": change.shipped}
