"""Catalog's own reconciliation: order lines that wait beside free stock of their product and
warehouse are served, in turn, by a timer on one replica at a time.

Every change that frees stock or makes a line wait serves the waiting lines in its own
transaction (`catalog.waiting_reservations`), so a round normally finds nothing. It is the net
under a path that forgets to (closing a picklist once did): without it such a line waits until
the next receipt of its product, which may never come, and orders' reconciliation cannot see it
(catalog knows the line as waiting). What a round serves is logged, as a fault to look into.

A round is one query over the partial index of waiting reservations; each level it finds is
served in a transaction of its own, under the locks every change of a level takes, and only if
it still has free stock and waiting lines once locked.
"""
import logging

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from catalog.low_stock import watching_free_stock
from catalog.models import Reservation, StockLevel
from catalog.stock import locked_stock_levels
from catalog.waiting_reservations import serve_waiting
from servicekit.database import ServiceDatabase
from servicekit.repairs import count_repair
from servicekit.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)

LEVELS_PER_ROUND = 100


def reconcile(db: ServiceDatabase) -> None:
    """One round, on one replica at a time."""
    with db.exclusive("serving lines waiting beside free stock") as mine:
        if not mine:
            return
        for customer_id, product_id, warehouse_id in db.read(levels_with_free_stock_and_waiting_lines,
                                                             LEVELS_PER_ROUND):
            served = db.change(serve_level, customer_id, product_id, warehouse_id)
            if served:
                log.warning("reconciliation: product %s in warehouse %s had free stock while order lines waited; "
                            "served order lines %s", product_id, warehouse_id, served)
                count_repair("catalog", "lines waiting beside free stock served")


def levels_with_free_stock_and_waiting_lines(session: Session, limit: int) -> list[tuple[int, int, int]]:
    """(customer, product, warehouse) of levels with free stock that order lines wait for; read
    without locks, so each is checked again under them (`serve_level`)."""
    rows = session.execute(
        select(Reservation.customer_id, Reservation.product_id, Reservation.warehouse_id).distinct()
        .join(StockLevel, and_(StockLevel.product_id == Reservation.product_id,
                               StockLevel.warehouse_id == Reservation.warehouse_id))
        # The predicate of the partial index ix_reservations_waiting, so that it is used.
        .where(Reservation.status == "reserved", Reservation.amount < Reservation.wanted,
               StockLevel.on_hand > StockLevel.reserved)
        .limit(limit))
    return [tuple(row) for row in rows]


def serve_level(uow: UnitOfWork, customer_id: int, product_id: int, warehouse_id: int) -> list[int]:
    """Serve the level's waiting lines, oldest first, from its free stock, as a receipt would;
    orders hears of them (`reservations_filled`). The order lines served."""
    levels = locked_stock_levels(uow.session, customer_id, [product_id], warehouse_id)
    with watching_free_stock(uow, [level.product for level in levels.values()]):
        filled = serve_waiting(uow, levels.values())
    return [reservation.order_line_id for reservation in filled]
