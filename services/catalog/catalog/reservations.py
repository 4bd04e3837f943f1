"""Stock reserved per order line, all lines of an order in one call: orders asks, catalog answers
with what each line holds (`catalog.reserving`). What a line misses waits, and is served in its
turn as stock comes free (`catalog.waiting_reservations`). Here: releasing and shipping them.

Every call locks products, then stock levels, then reservations, the same order everywhere, so
concurrent calls queue instead of deadlocking, and never oversell. Every call may be repeated:
asking again for a line changes nothing it already holds, releasing twice frees once, a closed
picklist ships once.
"""
from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog.exceptions import InvalidReservation, ReservationNotFound
from catalog.low_stock import watching_free_stock
from catalog.models import Reservation, StockLevel, StockMovement
from catalog.reservation_rules import Consumption, consume
from catalog.schemas import (
    OrderLineIdsInput, OrderLineReleasesInput, PicklistConsumptionInput, reservation_output,
)
from catalog.stock import Reference, free_stock_rose, locked_stock_levels, move_stock
from catalog.waiting_reservations import serve_waiting
from servicekit.unit_of_work import UnitOfWork
from servicekit.validation import load

_releases_input = OrderLineReleasesInput()
_line_ids_input = OrderLineIdsInput()
_consumption_input = PicklistConsumptionInput()


def _reservations(session: Session, customer_id: int, order_line_ids, lock: bool = False) -> dict[int, Reservation]:
    query = select(Reservation).where(Reservation.customer_id == customer_id,
                                      Reservation.order_line_id.in_(list(order_line_ids)))
    if lock:
        query = query.order_by(Reservation.order_line_id).with_for_update().execution_options(populate_existing=True)
    return {reservation.order_line_id: reservation for reservation in session.scalars(query)}


def require_same_place(reservation, product_id: int, warehouse_id: int) -> None:
    """An order line asked for again names the product and warehouse it was asked for before."""
    if (reservation.product_id, reservation.warehouse_id) != (product_id, warehouse_id):
        raise InvalidReservation(f"lines: order line {reservation.order_line_id} already reserves product "
                                 f"{reservation.product_id} in warehouse {reservation.warehouse_id}")


def release_order_lines(uow: UnitOfWork, customer_id: int, warehouse_id: int, lines) -> list[dict]:
    """Give the lines' stock back (their order was cancelled); lines waiting for it get it now.
    A line never reserved is recorded as released, so that a late claim for it holds nothing.
    A shipped line stays as it is. Answers every line as it now stands."""
    request = load(_releases_input, {"idwarehouse": warehouse_id, "lines": lines}, InvalidReservation)
    session = uow.session
    levels = locked_stock_levels(session, customer_id, [line["idproduct"] for line in request["lines"]], warehouse_id)
    existing = _reservations(session, customer_id, [line["order_line_id"] for line in request["lines"]], lock=True)
    answered, freed = [], set()
    with watching_free_stock(uow, [level.product for level in levels.values()]):
        for line in request["lines"]:
            reservation = existing.get(line["order_line_id"])
            if reservation is None:
                reservation = Reservation(customer_id=customer_id, order_line_id=line["order_line_id"],
                                          product_id=line["idproduct"], warehouse_id=warehouse_id, wanted=0, amount=0,
                                          status="released", version=1)
                session.add(reservation)
            elif reservation.status == "reserved":
                require_same_place(reservation, line["idproduct"], warehouse_id)
                levels[reservation.product_id].reserved -= reservation.amount
                if reservation.amount:
                    freed.add(reservation.product_id)
                reservation.status = "released"
                reservation.version += 1
            answered.append(reservation)
        session.flush()
        if freed:
            free_stock_rose(uow, [levels[product_id] for product_id in sorted(freed)])
    return reservation_output.dump(answered, many=True)


def get_order_line_reservations(session: Session, customer_id: int, order_line_ids) -> list[dict]:
    """What catalog holds for these order lines (for orders' reconciliation); lines it has never
    heard of are left out."""
    ids = load(_line_ids_input, {"order_line_ids": order_line_ids}, InvalidReservation)["order_line_ids"]
    found = _reservations(session, customer_id, ids)
    return reservation_output.dump([found[line_id] for line_id in sorted(found)], many=True)


def consume_order_lines(uow: UnitOfWork, customer_id: int, warehouse_id: int, picklist, lines) -> list[dict]:
    """A picklist closed: what was picked of each line ships, what was not picked is booked out
    as not there to ship, and the line waits for it again in its turn, served at once from
    free stock (`reservation_rules.consume`). One ledger movement per product, referencing the picklist.
    Applied once per picklist: a repeat answers the lines as they now stand."""
    request = load(_consumption_input, {"idwarehouse": warehouse_id, "picklist": picklist, "lines": lines},
                   InvalidReservation)
    session, closed = uow.session, request["picklist"]
    levels = locked_stock_levels(session, customer_id, [line["idproduct"] for line in request["lines"]], warehouse_id)
    existing = _reservations(session, customer_id, [line["order_line_id"] for line in request["lines"]], lock=True)
    reference = Reference("picklist", str(closed["idpicklist"]))
    if not _consumed_already(session, customer_id, reference):
        # Several lines of one order may name one product: their units leave the shelf together.
        moved: dict[int, list[Consumption]] = defaultdict(list)
        for line in request["lines"]:
            reservation = existing.get(line["order_line_id"])
            if reservation is None:
                raise ReservationNotFound(f"reservation for order line {line['order_line_id']} not found")
            if reservation.status != "reserved":
                raise InvalidReservation(f"lines: order line {line['order_line_id']} holds no stock to ship")
            require_same_place(reservation, line["idproduct"], warehouse_id)
            moved[reservation.product_id].append(_consume(reservation, levels[reservation.product_id], line))
        for product_id, consumptions in sorted(moved.items()):
            shipped, not_picked = (sum(c.shipped for c in consumptions), sum(c.not_picked for c in consumptions))
            move_stock(uow, levels[product_id], -(shipped + not_picked), _ledger_reason(closed, shipped, not_picked),
                       reference=reference)
        # A line now waits for what was not picked; free stock beside it serves it (in turn) now,
        # not at the next receipt of the product.
        with watching_free_stock(uow, [level.product for level in levels.values()]):
            serve_waiting(uow, levels.values(), frozenset(existing))
    return reservation_output.dump([existing[line["order_line_id"]] for line in request["lines"]], many=True)


def _consume(reservation: Reservation, level: StockLevel, line: dict) -> Consumption:
    try:
        after = consume(reservation.wanted, reservation.amount, line["amount"], line["picked"])
    except ValueError as error:
        raise InvalidReservation(f"lines: order line {line['order_line_id']}: {error}") from None
    level.reserved -= after.off_the_shelf  # off the shelf next, by the caller's movement
    reservation.wanted, reservation.amount = after.wanted, after.held
    reservation.consumed += after.shipped
    reservation.status = "consumed" if after.wanted == 0 else "reserved"
    reservation.version += 1
    return after


def _ledger_reason(picklist: dict, shipped: int, not_picked: int) -> str:
    reason = f"picklist {picklist['picklistid']}: {shipped} shipped"
    if not_picked:
        reason += f", {not_picked} not picked ({picklist['reason'] or 'no reason given'})"
    return reason


def _consumed_already(session: Session, customer_id: int, reference: Reference) -> bool:
    return session.scalar(select(StockMovement.id).where(
        StockMovement.customer_id == customer_id, StockMovement.reference_type == reference.type,
        StockMovement.reference_id == reference.id).limit(1)) is not None
