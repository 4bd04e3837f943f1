"""Stock reserved per order line: orders asks, catalog answers with what it could reserve.

Every call locks the stock level first and the reservation second, the same order everywhere,
so concurrent calls queue on the level instead of deadlocking, and never oversell.
"""
from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog.exceptions import InvalidReservation, ReservationNotFound
from catalog.low_stock import watching_free_stock
from catalog.models import Reservation, StockLevel
from catalog.products import find_product
from catalog.schemas import ReservationInput, reservation_output, stock_level_output
from catalog.stock import Reference, announce_free_stock_rose, locked_stock_level, move_stock
from servicekit.unit_of_work import UnitOfWork
from servicekit.validation import load

_reservation_input = ReservationInput()


def reservable(free: int, wanted: int, held: int) -> int:
    """What a line holds after asking for `wanted` in all: what it held, topped up from free
    stock up to `wanted`. A repeat call never shrinks it (release does that)."""
    return held + max(0, min(wanted - held, free))


def _reservation(session: Session, customer_id: int, order_line_id: int, lock: bool = False) -> Reservation | None:
    query = select(Reservation).where(Reservation.customer_id == customer_id,
                                      Reservation.order_line_id == order_line_id)
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    return session.scalar(query)


def reserve_stock(uow: UnitOfWork, customer_id: int, order_line_id: int, product_id: int,
                  warehouse_id: int, amount: int) -> dict:
    """Reserve up to `amount` for the order line; the answer's `amount` is what it holds now,
    possibly less (the rest is a backorder in orders). Asking again tops it up from free stock."""
    wanted = load(_reservation_input, {"order_line_id": order_line_id, "amount": amount}, InvalidReservation)
    session = uow.session
    level = locked_stock_level(session, find_product(session, customer_id, product_id), warehouse_id)
    reservation = _reservation(session, customer_id, wanted["order_line_id"], lock=True)
    if reservation is None:
        reservation = Reservation(customer_id=customer_id, order_line_id=wanted["order_line_id"],
                                  product_id=level.product_id, warehouse_id=warehouse_id, amount=0,
                                  status="reserved")
        session.add(reservation)
    elif (reservation.product_id, reservation.warehouse_id) != (level.product_id, warehouse_id):
        raise InvalidReservation(f"order_line_id: line {order_line_id} already reserves product "
                                 f"{reservation.product_id} in warehouse {reservation.warehouse_id}")
    elif reservation.status != "reserved":
        raise InvalidReservation(f"order_line_id: line {order_line_id} was already {reservation.status}")
    with watching_free_stock(uow, level.product):
        held = reservable(level.free, wanted["amount"], reservation.amount)
        level.reserved += held - reservation.amount
        reservation.amount = held
    return reservation_output.dump(reservation)


def _locked(uow: UnitOfWork, customer_id: int, order_line_id: int) -> tuple[Reservation, StockLevel]:
    """The line's reservation and its stock level, both locked (level first)."""
    found = _reservation(uow.session, customer_id, order_line_id)
    if found is None:
        raise ReservationNotFound(f"reservation for order line {order_line_id} not found")
    product = find_product(uow.session, customer_id, found.product_id)
    level = locked_stock_level(uow.session, product, found.warehouse_id)
    return _reservation(uow.session, customer_id, order_line_id, lock=True), level


def release_reservation(uow: UnitOfWork, customer_id: int, order_line_id: int) -> dict:
    """Give the line's stock back to free stock (order cancelled or changed). Once is enough:
    a repeat answers the same."""
    reservation, level = _locked(uow, customer_id, order_line_id)
    if reservation.status == "consumed":
        raise InvalidReservation(f"order_line_id: line {order_line_id} has been shipped; its stock is gone")
    if reservation.status == "reserved":
        level.reserved -= reservation.amount
        reservation.status = "released"
        uow.session.flush()
        if reservation.amount:
            announce_free_stock_rose(uow, stock_level_output.dump(level))
    return reservation_output.dump(reservation)


def consume_reservation(uow: UnitOfWork, customer_id: int, order_line_id: int) -> dict:
    """The line has shipped: its reserved stock leaves the warehouse, and the ledger says so.
    A repeat answers the same without moving stock again."""
    reservation, level = _locked(uow, customer_id, order_line_id)
    if reservation.status == "released":
        raise InvalidReservation(f"order_line_id: line {order_line_id} was released; nothing to ship")
    if reservation.status == "reserved":
        reservation.status = "consumed"
        if reservation.amount:
            level.reserved -= reservation.amount
            move_stock(uow, level, -reservation.amount, f"order line {order_line_id} shipped",
                       reference=Reference("order_line", str(order_line_id)))
        uow.session.flush()
    return reservation_output.dump(reservation)
