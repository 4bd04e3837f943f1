"""Recording catalog's answers for waiting lines of many orders: a receipt's fill
(`reservations_filled`) and the reconciliation's round.

A receipt may complete 1,000 backordered orders in one transaction, and through the ORM its
unit of work (1,000 picklists with their lines, 2,000 steps of the trail, 1,000 backorders)
took most of the time those orders waited. So the plain case is written in a few statements
for all of them: an order being processed, with its answer recorded and no close's answer
outstanding, that the fill leaves holding all it wants, nothing shipped since. Its filled lines'
backorders go, it gets a picklist for what it holds and is on no open picklist, and its trail
says so, exactly as `allocation.take_answers` writes it (a service test compares the two);
every other order goes through `take_answers`.
"""
from dataclasses import dataclass

from sqlalchemy import any_, delete, select
from sqlalchemy.orm import Session

from orders.allocation import announce, line_holding, take_answers
from orders.line_allocation import CatalogAnswer, LineChange, still_waiting, take_answer
from orders.lookup import orders_query
from orders.models import Backorder, Order, OrderLine
from orders.order_progress import number_new_picklists, on_open_picklists
from orders.picking_rules import to_put_on_a_picklist
from orders.recording_statements import ADD_WAREHOUSE_STEPS, array, lock_orders, make_picklists, set_lines
from orders.schemas import ReservationAnswer, ReservationsFilledInput, backorder_output, order_output, picklist_number
from orders.statuses import ASKED, PROCESSING, RECORDED
from servicekit.unit_of_work import UnitOfWork

_answers_input = ReservationAnswer(many=True)
_filled_input = ReservationsFilledInput()
_DELETE_BACKORDERS = delete(Backorder.__table__).where(Backorder.__table__.c.order_line_id == any_(array("line_ids")))


def take_reservations_filled(uow: UnitOfWork, payload: dict) -> None:
    """Catalog served waiting lines from stock that came free: record what they hold now."""
    filled = _filled_input.load(payload)
    take_answers_of_customer(uow, filled["idfulfilment_customer"], filled["reservations"])


def take_answers_of_customer(uow: UnitOfWork, customer_id: int, answers: list[dict]) -> list[LineChange]:
    """Record catalog's answers for lines of any of the customer's orders (a fill, a
    reconciliation); answers older than what a line has change nothing. Returns the changes."""
    answers = [answer for answer in answers if isinstance(answer, dict)]
    by_line, order_ids = _newer_than_recorded(uow.session, customer_id, {answer["order_line_id"]: answer
                                                                         for answer in _answers_input.load(answers)})
    if not by_line:
        return []
    order_ids = lock_orders(uow, order_ids)
    orders = _loaded(uow.session, order_ids)
    plain = [fill for order in orders if (fill := _plain_fill(order, by_line))]
    written_plainly = {fill.order.id for fill in plain}
    changes, complete, new_picklists = [], [], []
    for order in orders:
        if order.id in written_plainly:
            continue
        if order.stock_reservation in (ASKED, RECORDED):  # a cancelled order's release is on its way
            taken, picklist = take_answers(uow, order, by_line)
            changes += taken
            new_picklists += [picklist] if picklist else []
            if any(change.filled for change in taken) and not still_waiting([line_holding(line) for line in order.lines]):
                complete.append(order.id)
    number_new_picklists(uow, new_picklists)
    uow.session.flush()  # once for all of them: a receipt may fill 1,000 orders
    if plain:
        _write(uow, plain)
        changes += [change for fill in plain for change in fill.changes.values()]
        complete += [fill.order.id for fill in plain]
    # Announced as read back: the same orders whichever way they were written.
    for order in _loaded(uow.session, sorted(complete), again=True) if complete else ():
        announce(uow, "orders_allocated", order_output.dump(order))
    return changes


def _newer_than_recorded(session: Session, customer_id: int,
                         by_line: dict[int, dict]) -> tuple[dict[int, dict], set[int]]:
    """The answers newer than what the customer's lines recorded, and the orders of those lines,
    looked up without locking or loading orders: the reconciliation hands in every waiting line
    each round (1,000 backorders would otherwise be 1,000 orders locked and loaded every 10 s to
    change nothing). A line's version only grows, so an answer left out here would be left out
    under the lock too."""
    recorded = session.execute(
        select(OrderLine.id, OrderLine.order_id, OrderLine.reservation_version).join(Order)
        .where(Order.customer_id == customer_id, OrderLine.id == any_(array("line_ids"))),
        {"line_ids": list(by_line)}).all() if by_line else []
    newer = [(line_id, order_id) for line_id, order_id, version in recorded if by_line[line_id]["version"] > version]
    return {line_id: by_line[line_id] for line_id, _ in newer}, {order_id for _, order_id in newer}


def _loaded(session: Session, order_ids: list[int], again: bool = False) -> list[Order]:
    """The orders (locked already) with all the client sees of them, in id order; `again` reads
    them afresh over what the session holds."""
    query = orders_query().where(Order.id == any_(array("order_ids"))).order_by(None).order_by(Order.id)
    return session.scalars(query.execution_options(populate_existing=again), {"order_ids": order_ids}).all()


@dataclass
class _PlainFill:
    order: Order  # as loaded, before the fill
    changes: dict[int, LineChange]  # the lines the fill changed, by id
    picklist_lines: dict[int, int]  # its new picklist: units by line id


def _plain_fill(order: Order, by_line: dict[int, dict]) -> _PlainFill | None:
    """The fill's outcome for the order when it is the plain case (see above), else None."""
    if (order.status != PROCESSING or order.stock_reservation != RECORDED
            or any(picklist.stock_consumption == ASKED for picklist in order.picklists)):
        return None
    changes = {}
    for line in order.lines:
        answer = by_line.get(line.id)
        change = take_answer(line_holding(line), CatalogAnswer.from_reservation(answer)) if answer else None
        if change is None:
            if line_holding(line).waiting:
                return None
        elif (answer["status"] != "reserved" or not change.filled or change.waiting or change.shipped != line.shipped
              or line.backorder is None):
            return None
        else:
            changes[line.id] = change
    held = {line.id: changes[line.id].allocated if line.id in changes else line.allocated for line in order.lines}
    picklist_lines = to_put_on_a_picklist(held, on_open_picklists(order))
    return _PlainFill(order, changes, picklist_lines) if changes and picklist_lines else None


def _write(uow: UnitOfWork, fills: list[_PlainFill]) -> None:
    """The plain fills' lines, backorders, picklists and trails, each one statement for all."""
    connection = uow.session.connection()
    filled = [(fill.order, line) for fill in fills for line in fill.order.lines if line.id in fill.changes]
    for _, line in filled:  # the backorder as it was: what arrived
        uow.add_event("backorder_filled", {"backorder": backorder_output.dump(line.backorder)})
    connection.execute(ADD_WAREHOUSE_STEPS, {
        "order_ids": [order.id for order, _ in filled], "keys": [line.id for _, line in filled],
        "change": "backorder filled",
        "details": {str(line.id): {"idproduct": line.product_id, "amount": line.backorder.amount}
                    for _, line in filled}})
    connection.execute(_DELETE_BACKORDERS, {"line_ids": [line.id for _, line in filled]})
    set_lines(connection, [(line_id, change) for fill in fills for line_id, change in fill.changes.items()])
    made = make_picklists(connection, [(fill.order.customer_id, fill.order.id, fill.order.warehouse_id,
                                        fill.picklist_lines) for fill in fills])
    codes = {line.id: line.productcode for fill in fills for line in fill.order.lines}
    connection.execute(ADD_WAREHOUSE_STEPS, {
        "order_ids": [fill.order.id for fill in fills], "keys": [fill.order.id for fill in fills],
        "change": "picklist created",
        "details": {str(fill.order.id): {
            "picklistid": picklist_number(made[fill.order.id]),
            "products": {codes[line_id]: amount for line_id, amount in sorted(fill.picklist_lines.items())}}
            for fill in fills}})
