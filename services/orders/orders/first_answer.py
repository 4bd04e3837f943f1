"""Recording catalog's first answer for an order as it was just committed, in a few plain
statements: what each line holds, its backorders, a picklist for what is held, the trail and
the order recorded, and the order as the client sees it built from what was committed and
written here instead of being read back.

The caller hands in the order as its own transaction dumped it (placing it, processing it). Under
the order's lock, one statement confirms nothing changed it since (its row, history, comments,
picklists, lines and the client's rule); anything else, or an answer that is not a plain
reservation of every line, is recorded by `allocation.record_reservations`, which reads the
order back. Both give the same order and the same events (a test compares them).
"""
from dataclasses import dataclass
from datetime import datetime
from types import SimpleNamespace

from marshmallow import fields
from sqlalchemy import Integer, bindparam, func, insert, literal, select, true, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.engine import Connection

from orders.allocation import record_reservations
from orders.line_allocation import CatalogAnswer, LineChange, LineHolding, take_answer
from orders.models import Backorder, CustomerOrderRules, Order, OrderChange, OrderComment, OrderLine, Picklist, PicklistLine
from orders.picking_rules import to_put_on_a_picklist
from orders.schemas import OrderChangeOutput, PicklistSummary, ReservationAnswer
from orders.statuses import ASKED, DEFAULT_CHANGES_ALLOWED_UNTIL, NOT_ASKED, PICKLIST_NEW, PROCESSING, RECORDED
from servicekit.unit_of_work import UnitOfWork

_orders, _lines, _changes = Order.__table__, OrderLine.__table__, OrderChange.__table__
_picklists, _picklist_lines, _backorders = Picklist.__table__, PicklistLine.__table__, Backorder.__table__
_change_output, _picklist_output, _moment = OrderChangeOutput(), PicklistSummary(), fields.DateTime()
_answers_input = ReservationAnswer(many=True)


def _count(table, *where):
    return select(func.count()).select_from(table).where(table.c.order_id == _orders.c.id, *where).scalar_subquery()


# Read after the lock is granted (a statement that waited for it would see the rest as it was).
_as_it_stands = (
    select(_orders.c.stock_reservation, _orders.c.status, _orders.c.updated_at, _orders.c.processed_at,
           _orders.c.warehouse_id, CustomerOrderRules.__table__.c.changes_allowed_until,
           _count(_changes).label("changes"), _count(OrderComment.__table__).label("comments"),
           _count(_picklists).label("picklists"), _count(_backorders).label("backorders"),
           _count(_lines).label("lines"), _count(_lines, _lines.c.reservation_version != 0).label("lines_answered"),
           select(func.max(_changes.c.id)).where(_changes.c.order_id == _orders.c.id, _changes.c.change == "processed")
           .scalar_subquery().label("processed_change"))
    .outerjoin(CustomerOrderRules.__table__, CustomerOrderRules.__table__.c.customer_id == _orders.c.customer_id)
    .where(_orders.c.id == bindparam("order_id"), _orders.c.customer_id == bindparam("customer_id")))
_lock = (select(_orders.c.id).where(_orders.c.id == bindparam("order_id"),
                                    _orders.c.customer_id == bindparam("customer_id")).with_for_update())


def _array(name: str):
    return bindparam(name, type_=ARRAY(Integer))


# A picklist and its lines in one statement; the lines come as arrays.
_picklist = (insert(_picklists)
             .values(customer_id=bindparam("of_customer"), order_id=bindparam("of_order"),
                     warehouse_id=bindparam("in_warehouse"), status=PICKLIST_NEW, stock_consumption=NOT_ASKED)
             .returning(_picklists.c.id, _picklists.c.created_at, _picklists.c.status).cte("picklist"))
_held = (func.unnest(_array("held_line_ids"), _array("held_amounts"))
         .table_valued("order_line_id", "amount").render_derived("held"))
_MAKE_PICKLIST = select(_picklist).add_cte(
    insert(_picklist_lines).from_select(["picklist_id", "order_line_id", "amount", "amount_picked"],
                                        select(_picklist.c.id, _held.c.order_line_id, _held.c.amount, literal(0))
                                        .select_from(_picklist.join(_held, true())))
    .cte("picklist_lines"))

# What each line holds, the processed step's details, the picklist's step if there is one, and
# the order recorded, in one statement.
_answered = (func.unnest(_array("line_ids"), _array("allocated"), _array("shipped"), _array("versions"))
             .table_valued("line_id", "allocated", "shipped", "version").render_derived("answered"))
_set_lines = (update(_lines).where(_lines.c.id == _answered.c.line_id)
              .values(allocated=_answered.c.allocated, shipped=_answered.c.shipped,
                      reservation_version=_answered.c.version).cte("lines_set"))
_set_details = (update(_changes).where(_changes.c.id == bindparam("change_id"))
                .values(details=bindparam("processed_details")).cte("details_set"))
_picklist_step = (insert(_changes)
                  .values(order_id=bindparam("of_order"), changed_by="warehouse", change="picklist created",
                          details=bindparam("step_details"))
                  .returning(_changes.c.created_at).cte("picklist_step"))
_recorded = update(_orders).where(_orders.c.id == bindparam("of_order")).values(stock_reservation=RECORDED)
_RECORD = _recorded.add_cte(_set_lines, _set_details).returning(_orders.c.updated_at)
_RECORD_WITH_PICKLIST_STEP = _recorded.add_cte(_set_lines, _set_details, _picklist_step).returning(
    _orders.c.updated_at, select(_picklist_step.c.created_at).scalar_subquery().label("step_at"))


@dataclass(frozen=True)
class _Unchanged:
    """The order under its lock, when nothing changed it since the caller's dump."""

    processed_at: datetime
    warehouse_id: int
    processed_change: int


def record_first_reservations(uow: UnitOfWork, order: dict, answers: list[dict]) -> dict:
    """`allocation.record_reservations` for `order` as committed a moment ago (dumped as the
    client sees it), with catalog's answers for its lines."""
    customer_id, order_id = order["idfulfilment_customer"], order["idorder"]
    loaded = _answers_input.load([answer for answer in answers if isinstance(answer, dict)])
    by_line = {answer["order_line_id"]: answer for answer in loaded}
    connection = uow.session.connection()
    unchanged = _unchanged(connection, order)
    if (unchanged is None or set(by_line) != {line["idorder_product"] for line in order["products"]}
            or any(answer["status"] != "reserved" or answer["version"] < 1 for answer in loaded)):
        return record_reservations(uow, customer_id, order_id, answers)
    lines = {line["idorder_product"]: take_answer(LineHolding(line["idorder_product"], line["amount"], 0, 0),
                                                  CatalogAnswer.from_reservation(by_line[line["idorder_product"]]))
             for line in order["products"]}
    waiting = [line for line in order["products"] if lines[line["idorder_product"]].waiting]
    if waiting:  # listed (and served) oldest first: waiting since the order was processed
        connection.execute(insert(_backorders), [
            {"customer_id": customer_id, "order_id": order_id, "order_line_id": line["idorder_product"],
             "product_id": line["idproduct"], "warehouse_id": unchanged.warehouse_id,
             "amount": lines[line["idorder_product"]].waiting, "created_at": unchanged.processed_at}
            for line in waiting])
    history = [dict(change) for change in order["history"]]
    processed = next(change for change in reversed(history) if change["change"] == "processed")
    processed["details"] = {**processed["details"], "backordered": sum(change.waiting for change in lines.values())}
    record = {"of_order": order_id, "change_id": unchanged.processed_change, "processed_details": processed["details"],
              "line_ids": list(lines), "allocated": [change.allocated for change in lines.values()],
              "shipped": [change.shipped for change in lines.values()],
              "versions": [change.version for change in lines.values()]}
    picklists = []
    held = to_put_on_a_picklist({line_id: change.allocated for line_id, change in lines.items()}, {})
    if held:
        picklist, details = _make_picklist(connection, order, unchanged.warehouse_id, held)
        recorded = connection.execute(_RECORD_WITH_PICKLIST_STEP, {**record, "step_details": details}).one()
        picklists.append(picklist)
        history.append(_change_output.dump({"changed_by": "warehouse", "change": "picklist created",
                                            "details": details, "created_at": recorded.step_at}))
    else:
        recorded = connection.execute(_RECORD, record).one()
    updated_at = recorded.updated_at
    result = {**order, "stock_reservation": RECORDED, "updated": _moment.serialize("at", {"at": updated_at}),
              "products": [_line_output(line, lines[line["idorder_product"]]) for line in order["products"]],
              "picklists": picklists, "history": history}
    uow.add_event("order_processed", {"order": result})
    uow.add_event("order_backordered" if waiting else "order_allocated", {"order": result})
    return result


def _unchanged(connection: Connection, order: dict) -> _Unchanged | None:
    """The order locked; what it is now, if that is exactly `order` asking for its stock."""
    where = {"order_id": order["idorder"], "customer_id": order["idfulfilment_customer"]}
    if connection.execute(_lock, where).first() is None:
        return None  # gone: the full path says so
    now = connection.execute(_as_it_stands, where).one()
    same = (now.stock_reservation == ASKED == order["stock_reservation"] and now.status == PROCESSING == order["status"]
            and _moment.serialize("at", {"at": now.updated_at}) == order["updated"]
            and (now.changes_allowed_until or DEFAULT_CHANGES_ALLOWED_UNTIL) == order["changes_allowed_until"]
            and now.changes == len(order["history"]) and now.comments == len(order["comments"])
            and now.picklists == len(order["picklists"]) == 0 and now.backorders == 0
            and now.lines == len(order["products"]) and now.lines_answered == 0
            and now.processed_change is not None and now.warehouse_id == order["idwarehouse"])
    return _Unchanged(now.processed_at, now.warehouse_id, now.processed_change) if same else None


def _make_picklist(connection: Connection, order: dict, warehouse_id: int, held: dict[int, int]) -> tuple[dict, dict]:
    """A new picklist for what the lines hold, and the details of the trail's step naming it."""
    held = dict(sorted(held.items()))
    picklist = connection.execute(_MAKE_PICKLIST, {
        "of_customer": order["idfulfilment_customer"], "of_order": order["idorder"], "in_warehouse": warehouse_id,
        "held_line_ids": list(held), "held_amounts": list(held.values())}).one()
    summary = _picklist_output.dump(SimpleNamespace(id=picklist.id, created_at=picklist.created_at,
                                                    status=picklist.status))
    codes = {line["idorder_product"]: line["productcode"] for line in order["products"]}
    return summary, {"picklistid": summary["picklistid"],
                     "products": {codes[line_id]: amount for line_id, amount in held.items()}}


def _line_output(line: dict, change: LineChange) -> dict:
    return {**line, "allocated": change.allocated, "backordered": change.waiting, "shipped": change.shipped}
