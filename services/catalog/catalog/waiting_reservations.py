"""Serving the reservations that wait for stock, in their turn, whenever stock comes free: in
the same transaction as the receipt, correction or release that freed it, so free stock and a
waiting order line never exist side by side (`catalog.reservation_rules`)."""
from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import select, tuple_

from catalog.models import Reservation, StockLevel
from catalog.reservation_rules import Claim, serve_in_turn
from catalog.schemas import reservation_output
from servicekit.unit_of_work import UnitOfWork


def serve_waiting(uow: UnitOfWork, levels: Iterable[StockLevel],
                  answered: frozenset[int] = frozenset()) -> list[Reservation]:
    """Top up the waiting reservations of these locked stock levels, oldest first, from their
    free stock. Orders hears of each one that got stock (`reservations_filled`), except the
    order lines in `answered`, whose caller is given them in its answer. Returns those that
    got stock."""
    levels = {(level.product_id, level.warehouse_id): level for level in levels if level.free > 0}
    if not levels:
        return []
    waiting = uow.session.scalars(
        select(Reservation)
        .where(tuple_(Reservation.product_id, Reservation.warehouse_id).in_(list(levels)),
               Reservation.status == "reserved", Reservation.amount < Reservation.wanted)
        .order_by(Reservation.created_at, Reservation.order_line_id)
        .with_for_update()
    ).all()
    in_turn = defaultdict(list)
    for reservation in waiting:
        in_turn[(reservation.product_id, reservation.warehouse_id)].append(reservation)
    filled = []
    for key, reservations in in_turn.items():
        level = levels[key]
        holds, _ = serve_in_turn(level.free, [Claim(r.order_line_id, r.wanted, r.amount) for r in reservations])
        for reservation in reservations:
            held = holds[reservation.order_line_id]
            if held != reservation.amount:
                level.reserved += held - reservation.amount
                reservation.amount = held
                reservation.version += 1
                filled.append(reservation)
    uow.session.flush()
    announce_filled(uow, [reservation for reservation in filled if reservation.order_line_id not in answered])
    return filled


def announce_filled(uow: UnitOfWork, filled) -> None:
    """`reservations_filled` for these reservations (anything with Reservation's attributes),
    one event per customer."""
    by_customer = defaultdict(list)
    for reservation in filled:
        by_customer[reservation.customer_id].append(reservation)
    for customer_id, reservations in by_customer.items():
        uow.add_event("reservations_filled", {"idfulfilment_customer": customer_id,
                                              "reservations": reservation_output.dump(reservations, many=True)})
