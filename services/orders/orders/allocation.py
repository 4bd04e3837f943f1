"""Allocating stock to orders, the orders side: what to ask catalog, and recording its answers.

Catalog holds the stock. When the warehouse processes an order, orders first commits that it
asks (`mark_processing`), then asks catalog to reserve all its lines in one call, then records
the answer in a transaction of its own (`record_reservations`). What a line misses is its
backorder; catalog serves it in turn as stock comes free, and says so (`reservations_filled`,
taken by `orders.fills`). Every function here works inside one transaction and calls
no other service: `orders.stock_reservations` does the asking, between transactions.
"""
from datetime import datetime, timedelta, timezone

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from orders.exceptions import OrderLocked
from orders.line_allocation import CatalogAnswer, LineChange, LineHolding, still_waiting, take_answer
from orders.lookup import find_order
from orders.models import Backorder, Order, OrderChange, OrderLine, Picklist
from orders.order_progress import after_answers, number_new_picklists
from orders.schemas import ReservationAnswer, backorder_output, order_output
from orders.statuses import ASKED, COMPLETED, CONCEPT, NOT_ASKED, PROCESSING, RECORDED, RELEASE_ASKED, RELEASED
from servicekit.unit_of_work import UnitOfWork

_answers_input = ReservationAnswer(many=True)

# Who the trail names for an order the client's rules had processed at once.
PROCESSED_AT_ONCE_BY = "warehouse (processed at once)"
NOT_PROCESSED_AT_ONCE = "not processed at once"


def processing(warehouse_id: int, processed_by: str) -> tuple[dict, dict]:
    """The warehouse accepts an order into `warehouse_id`, its stock to be asked for: the order's
    columns then, and its trail's step."""
    now = datetime.now(timezone.utc)
    return ({"status": PROCESSING, "warehouse_id": warehouse_id, "processed_at": now, "stock_reservation": ASKED,
             "stock_reservation_asked_at": now},
            {"changed_by": processed_by, "change": "processed", "details": {"idwarehouse": warehouse_id}})


def mark_processing(order: Order, warehouse_id: int, processed_by: str) -> None:
    columns, step = processing(warehouse_id, processed_by)
    for name, value in columns.items():
        setattr(order, name, value)
    order.changes.append(OrderChange(**step))


def start_processing(uow: UnitOfWork, customer_id: int, order_id: int, warehouse_id: int, processed_by: str) -> dict:
    """Only a concept can be processed."""
    order = find_order(uow.session, customer_id, order_id, for_update=True)
    if order.status != CONCEPT:
        raise OrderLocked(f"Order {order.id} is already {order.status}: only a concept order can be processed.")
    mark_processing(order, warehouse_id, processed_by)
    uow.session.flush()
    return order_output.dump(order)


def reservation_request(order: dict) -> dict | None:
    """What to ask catalog for an order (as dumped) that asked and has no answer recorded yet,
    else None."""
    if order["stock_reservation"] != ASKED:
        return None
    return {"warehouse_id": order["idwarehouse"],
            "lines": [{"order_line_id": line["idorder_product"], "idproduct": line["idproduct"],
                       "amount": line["amount"]} for line in order["products"]]}


def record_reservations(uow: UnitOfWork, customer_id: int, order_id: int, answers: list[dict]) -> dict:
    """Catalog answered what each line holds: the rest is backordered, and the client hears of
    the order as processed, with all its stock or with what it waits for. Recording the same
    answer again changes nothing."""
    session = uow.session
    order = find_order(session, customer_id, order_id, for_update=True)
    if order.stock_reservation not in (ASKED, RECORDED):
        return order_output.dump(order)  # cancelled meanwhile: its release gives everything back
    first_answer = order.stock_reservation == ASKED
    take_catalog_answers(uow, order, answers)
    order.stock_reservation = RECORDED
    if first_answer:
        processed = next(change for change in reversed(order.changes) if change.change == "processed")
        processed.details = {**processed.details,
                             "backordered": still_waiting([line_holding(line) for line in order.lines])}
    session.flush()
    result = order_output.dump(order)
    if first_answer:
        announce_first_answer(uow, result)
    return result


def announce_first_answer(uow: UnitOfWork, order: dict) -> None:
    """The order (as the client sees it) listed in its transaction's `orders_processed`, and
    either in `orders_allocated` (every line reserved) or in `orders_backordered` (the client is
    told what it waits for)."""
    announce(uow, "orders_processed", order)
    waiting = any(line["backordered"] for line in order["products"])
    announce(uow, "orders_backordered" if waiting else "orders_allocated", order)


def announce(uow: UnitOfWork, event_type: str, order: dict) -> None:
    """One event of each kind per transaction, listing every order it recorded so: a batch of
    100 orders is three messages for each listener, not 200."""
    uow.gathered_event(event_type, {"orders": []})["orders"].append(order)


def undo_processing(uow: UnitOfWork, customer_id: int, order_id: int, reason: str) -> dict:
    """Catalog refused the order's lines (a warehouse it does not know, say): it reserved none of
    them, so the order is a concept again and its trail says why."""
    order = find_order(uow.session, customer_id, order_id, for_update=True)
    if order.stock_reservation != ASKED:
        return order_output.dump(order)
    order.status, order.warehouse_id, order.processed_at = CONCEPT, None, None
    order.stock_reservation, order.stock_reservation_asked_at = NOT_ASKED, None
    order.changes.append(OrderChange(changed_by="warehouse", change="not processed", details={"reason": reason}))
    uow.session.flush()
    return order_output.dump(order)


def take_catalog_answers(uow: UnitOfWork, order: Order, answers: list[dict]) -> list[LineChange]:
    """`take_answers` for one order's answers as catalog gave them; its new picklist numbered."""
    changes, picklist = take_answers(uow, order, {answer["order_line_id"]: answer
                                                   for answer in _answers_input.load(answers)})
    number_new_picklists(uow, [picklist] if picklist else [])
    return changes


def take_answers(uow: UnitOfWork, order: Order, by_line: dict[int, dict]) -> tuple[list[LineChange], Picklist | None]:
    """Record catalog's answers (loaded ReservationAnswers, by order line) for the order's lines,
    each only if newer than what the line has; then the order moves on (`order_progress`: a
    picklist for what it holds now, or complete). Returns the changes, and the new picklist
    (for `number_new_picklists`)."""
    changes = []
    for line in order.lines:
        if line.id not in by_line:
            continue
        change = take_answer(line_holding(line), CatalogAnswer.from_reservation(by_line[line.id]))
        if change is None:
            continue
        changes.append(change)
        waited = backorder_output.dump(line.backorder) if change.filled else None  # as it was: what arrived
        _apply(uow.session, order, line, change)
        if waited:
            order.changes.append(OrderChange(changed_by="warehouse", change="backorder filled",
                                             details={"idproduct": line.product_id, "amount": waited["amount"]}))
            uow.add_event("backorder_filled", {"backorder": waited})
    was = order.status
    picklist = after_answers(order)
    if order.status == COMPLETED and was != COMPLETED:
        uow.session.flush()  # the history's new step gets its time
        uow.add_event("order_completed", {"order": order_output.dump(order)})
    return changes, picklist


def line_holding(line: OrderLine) -> LineHolding:
    return LineHolding(line.id, line.amount, line.allocated, line.reservation_version, line.shipped)


def _apply(session: Session, order: Order, line: OrderLine, change: LineChange) -> None:
    """The line holds `allocated` and shipped `shipped`; its backorder is what it still waits for."""
    line.allocated, line.shipped, line.reservation_version = change.allocated, change.shipped, change.version
    if change.waiting and line.backorder is None:
        # Waiting since the order was processed: backorders are listed (and served) oldest first.
        line.backorder = Backorder(customer_id=order.customer_id, order_id=order.id, product_id=line.product_id,
                                   warehouse_id=order.warehouse_id, amount=change.waiting,
                                   created_at=order.processed_at)
    elif change.waiting:
        line.backorder.amount = change.waiting
    elif line.backorder is not None:
        session.delete(line.backorder)
        line.backorder = None


def ask_to_release(session: Session, order: Order) -> None:
    """A cancelled order gives its stock back: nothing is allocated or waits any more, and catalog
    is to release what it holds (if it was ever asked)."""
    for line in order.lines:
        line.allocated = 0
        if line.backorder is not None:
            session.delete(line.backorder)
            line.backorder = None
    if order.stock_reservation in (ASKED, RECORDED):
        order.stock_reservation, order.stock_reservation_asked_at = RELEASE_ASKED, func.now()


def release_request(session: Session, customer_id: int, order_id: int) -> dict | None:
    """What to ask catalog to release for a cancelled order not confirmed released, else None."""
    order = find_order(session, customer_id, order_id)
    if order.stock_reservation != RELEASE_ASKED:
        return None
    return {"warehouse_id": order.warehouse_id,
            "lines": [{"order_line_id": line.id, "idproduct": line.product_id} for line in order.lines]}


def record_release(uow: UnitOfWork, customer_id: int, order_id: int, answers: list[dict]) -> None:
    order = find_order(uow.session, customer_id, order_id, for_update=True)
    if order.stock_reservation != RELEASE_ASKED:
        return
    versions = {answer["order_line_id"]: answer["version"] for answer in _answers_input.load(answers)}
    for line in order.lines:
        line.reservation_version = max(line.reservation_version, versions.get(line.id, 0))
    order.stock_reservation, order.stock_reservation_asked_at = RELEASED, None


def unanswered(session: Session, asked_before: datetime, limit: int) -> list[tuple[int, int, str]]:
    """(customer, order, state) of orders that asked catalog and have no answer recorded since
    `asked_before`, oldest first: the reconciliation asks again."""
    rows = session.execute(
        select(Order.customer_id, Order.id, Order.stock_reservation)
        .where(Order.stock_reservation.in_((ASKED, RELEASE_ASKED)), Order.stock_reservation_asked_at < asked_before)
        .order_by(Order.stock_reservation_asked_at).limit(limit))
    return [tuple(row) for row in rows]


def waiting_lines(session: Session, limit: int) -> dict[int, list[dict]]:
    """Lines that wait for stock, oldest first, by customer: what catalog should be serving."""
    rows = session.execute(
        select(Order.customer_id, Order.warehouse_id, OrderLine.id, OrderLine.product_id, OrderLine.amount)
        .join(Backorder, Backorder.order_line_id == OrderLine.id).join(Order, Order.id == OrderLine.order_id)
        .where(Order.stock_reservation == RECORDED)
        .order_by(Backorder.created_at, Backorder.id).limit(limit))
    by_customer: dict[int, list[dict]] = {}
    for customer_id, warehouse_id, line_id, product_id, amount in rows:
        by_customer.setdefault(customer_id, []).append(
            {"warehouse_id": warehouse_id, "order_line_id": line_id, "idproduct": product_id, "amount": amount})
    return by_customer


def seconds_ago(seconds: float) -> datetime:
    return datetime.now(timezone.utc) - timedelta(seconds=seconds)

