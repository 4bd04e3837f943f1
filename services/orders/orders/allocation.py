"""Allocating stock to orders: reserve per line in the catalog when the warehouse processes an
order; what cannot be reserved waits as a backorder, filled oldest first as stock arrives.

The catalog keys each reservation by order line and tops it up when asked again, so every call
here may be repeated safely (a retry after a crash, an event delivered twice).
"""
from collections.abc import Callable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from orders.exceptions import OrderLocked
from orders.lookup import find_order
from orders.models import Backorder, Order, OrderChange, OrderLine
from orders.schemas import backorder_output, order_output
from orders.statuses import CANCELLED, CONCEPT, PROCESSING
from servicekit.unit_of_work import UnitOfWork

# catalog.reserve_stock(customer_id, order_line_id, product_id, warehouse_id, amount) → {"amount": held, ...}
Reserve = Callable[[int, int, int, int, int], dict]
# catalog.release_reservation(customer_id, order_line_id)
Release = Callable[[int, int], dict]


def shortfall(line: OrderLine) -> int:
    return line.amount - line.allocated


def record_allocation(session: Session, order: Order, line: OrderLine, held: int) -> None:
    """The line now holds `held`; keep its backorder equal to what it still misses."""
    line.allocated = held
    missing = shortfall(line)
    if missing and line.backorder is None:
        line.backorder = Backorder(customer_id=order.customer_id, order_id=order.id, product_id=line.product_id,
                                   warehouse_id=order.warehouse_id, amount=missing)
    elif missing:
        line.backorder.amount = missing
    elif line.backorder is not None:
        session.delete(line.backorder)
        line.backorder = None


def process_order(uow: UnitOfWork, customer_id: int, order_id: int, warehouse_id: int, processed_by: str,
                  reserve: Reserve) -> dict:
    """The warehouse accepts a concept order: stock is reserved per line in `warehouse_id`."""
    session = uow.session
    order = find_order(session, customer_id, order_id, for_update=True)
    if order.status != CONCEPT:
        raise OrderLocked(f"Order {order.id} is already {order.status}: only a concept order can be processed.")
    order.status, order.warehouse_id, order.processed_at = PROCESSING, warehouse_id, func.now()
    for line in order.lines:
        held = reserve(customer_id, line.id, line.product_id, warehouse_id, line.amount)["amount"]
        record_allocation(session, order, line, held)
    backordered = sum(shortfall(line) for line in order.lines)
    order.changes.append(OrderChange(changed_by=processed_by, change="processed",
                                     details={"idwarehouse": warehouse_id, "backordered": backordered}))
    session.flush()
    session.refresh(order)
    result = order_output.dump(order)
    uow.add_event("order_processed", {"order": result})
    # Either every line is reserved, or the client is told what the order waits for.
    uow.add_event("order_backordered" if backordered else "order_allocated", {"order": result})
    return result


# Who the trail names for an order the client's rules had processed at once.
PROCESSED_AT_ONCE_BY = "warehouse (processed at once)"
NOT_PROCESSED_AT_ONCE = "not processed at once"


def process_at_once(uow: UnitOfWork, customer_id: int, order_id: int, reserve: Reserve) -> dict:
    """Right after an order is placed: if the client's orders are processed at once, process it
    now in the client's preferred warehouse. Without a preferred warehouse it stays a concept for
    the warehouse to process, and its trail says why. Returns the order as it now is; placing it
    again (a retry) changes nothing more."""
    order = find_order(uow.session, customer_id, order_id, for_update=True)
    rules = order.rules
    if order.status != CONCEPT or rules is None or not rules.process_orders_at_once:
        return order_output.dump(order)
    if rules.preferred_warehouse_id is not None:
        return process_order(uow, customer_id, order_id, rules.preferred_warehouse_id, PROCESSED_AT_ONCE_BY, reserve)
    if not any(change.change == NOT_PROCESSED_AT_ONCE for change in order.changes):
        order.changes.append(OrderChange(changed_by="warehouse", change=NOT_PROCESSED_AT_ONCE,
                                         details={"reason": "no preferred warehouse set for the client"}))
        uow.session.flush()
        uow.session.refresh(order)
    return order_output.dump(order)


def release_allocation(session: Session, order: Order, release: Release) -> None:
    """Give a cancelled order's stock back and drop its backorders."""
    if order.warehouse_id is None:
        return  # never processed: nothing was reserved
    for line in order.lines:
        release(order.customer_id, line.id)
        line.allocated = 0
        if line.backorder is not None:
            session.delete(line.backorder)
            line.backorder = None


def _lock_order_then_backorder(session: Session, order_id: int, backorder_id: int) -> Backorder | None:
    """Lock as a cancel locks (the order, then its backorders), waiting rather than skipping:
    so a fill never tops up a line that a cancel is releasing, never deadlocks with one, and
    never passes a backorder by because another transaction held it."""
    order = session.scalar(select(Order).where(Order.id == order_id).with_for_update()
                           .execution_options(populate_existing=True))
    if order is None or order.status == CANCELLED:
        return None
    return session.scalar(select(Backorder).where(Backorder.id == backorder_id).with_for_update()
                          .execution_options(populate_existing=True))


def fill_backorders(uow: UnitOfWork, product_id: int, warehouse_id: int, reserve: Reserve) -> list[dict]:
    """Stock of a product rose: top up its waiting lines, oldest backorder first, until the free
    stock runs out. Returns the backorders that were filled completely."""
    session = uow.session
    waiting = session.execute(
        select(Backorder.id, Backorder.order_id)
        .where(Backorder.product_id == product_id, Backorder.warehouse_id == warehouse_id)
        .order_by(Backorder.created_at, Backorder.id)
    ).all()
    filled = []
    for backorder_id, order_id in waiting:
        backorder = _lock_order_then_backorder(session, order_id, backorder_id)
        if backorder is None:
            continue  # served by another delivery, or its order cancelled, while this one waited
        line, order = backorder.line, backorder.line.order
        before = line.allocated
        held = reserve(order.customer_id, line.id, line.product_id, warehouse_id, line.amount)["amount"]
        if held == before:
            break  # no free stock left for anyone after this one
        waited = backorder_output.dump(backorder)  # as it was: what has now arrived
        record_allocation(session, order, line, held)
        if shortfall(line):
            continue
        filled.append(waited)
        order.changes.append(OrderChange(changed_by="warehouse", change="backorder filled",
                                         details={"idproduct": line.product_id, "amount": waited["amount"]}))
        session.flush()
        uow.add_event("backorder_filled", {"backorder": waited})
        if not any(shortfall(other) for other in order.lines):
            session.refresh(order)
            uow.add_event("order_allocated", {"order": order_output.dump(order)})
    session.flush()
    return filled


def fill_backorders_once(uow: UnitOfWork, stock_changed: dict, reserve: Reserve) -> list[dict]:
    """Handle catalog's stock_changed; a redelivered event changes nothing."""
    if not uow.first_delivery(stock_changed, "orders.handle_stock_changed"):
        return []
    stock = stock_changed["stock"]
    return fill_backorders(uow, stock["idproduct"], stock["idwarehouse"], reserve)
