"""A product's stock through the last days, read from the ledger, and what it was worth: each
day's closing stock (all warehouses, or a portal user's) valued at the cost price valid at the
end of that day (the cost price history), as the product page's charts draw them."""
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.orm import Session

from catalog.exceptions import InvalidQuery
from catalog.models import CostPrice, StockMovement
from catalog.products import find_product

DEFAULT_DAYS = 90
MOST_DAYS = 366


@dataclass(frozen=True)
class Movement:
    at: datetime
    warehouse_id: int
    new_stock: int


def daily_stock(opening: dict[int, int], movements: list[Movement], costs: list[tuple[datetime, Decimal]],
                first_cost: Decimal, first_day: date, days: int) -> list[dict]:
    """Each day's closing stock and value, oldest first. `opening`: each warehouse's stock before
    the first day; `movements` in the order they were booked; `costs` (valid from, cost price)
    oldest first; `first_cost` for days before the first cost recorded."""
    levels, rows, pending, cost_index, cost = dict(opening), [], list(movements), 0, first_cost
    for n in range(days):
        day = first_day + timedelta(days=n)
        end = datetime.combine(day, time.max, timezone.utc)
        while pending and pending[0].at <= end:
            movement = pending.pop(0)
            levels[movement.warehouse_id] = movement.new_stock
        while cost_index < len(costs) and costs[cost_index][0] <= end:
            cost = costs[cost_index][1]
            cost_index += 1
        stock = sum(levels.values())
        rows.append({"date": day.isoformat(), "stock": stock, "value": str((cost * stock).quantize(Decimal("0.01")))})
    return rows


def _parse(filters: dict | None) -> tuple[int, list[int] | None]:
    filters = filters or {}
    unknown = set(filters) - {"days", "idwarehouses"}
    if unknown:
        raise InvalidQuery(f"{sorted(unknown)[0]}: unknown filter")
    days, warehouses = filters.get("days", DEFAULT_DAYS), filters.get("idwarehouses")
    if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= MOST_DAYS:
        raise InvalidQuery(f"days: a whole number from 1 to {MOST_DAYS}")
    if warehouses is not None and not (isinstance(warehouses, list) and all(
            isinstance(w, int) and not isinstance(w, bool) for w in warehouses)):
        raise InvalidQuery("idwarehouses: must be a list of warehouse ids")
    return days, warehouses


def get_stock_over_time(session: Session, customer_id: int, product_id: int, filters: dict | None = None,
                        today: date | None = None) -> list[dict]:
    days, warehouses = _parse(filters)
    product = find_product(session, customer_id, product_id)  # another client's: ProductNotFound
    first_day = (today or datetime.now(timezone.utc).date()) - timedelta(days=days - 1)
    start = datetime.combine(first_day, time.min, timezone.utc)
    mine = [StockMovement.customer_id == customer_id, StockMovement.product_id == product.id]
    if warehouses is not None:
        mine.append(StockMovement.warehouse_id.in_(warehouses))
    opening = dict(session.execute(
        select(StockMovement.warehouse_id, StockMovement.new_stock).where(*mine, StockMovement.created_at < start)
        .ext(distinct_on(StockMovement.warehouse_id))
        .order_by(StockMovement.warehouse_id, StockMovement.created_at.desc(), StockMovement.id.desc())).all())
    movements = [Movement(*row) for row in session.execute(
        select(StockMovement.created_at, StockMovement.warehouse_id, StockMovement.new_stock)
        .where(*mine, StockMovement.created_at >= start).order_by(StockMovement.created_at, StockMovement.id))]
    costs = [tuple(row) for row in session.execute(
        select(CostPrice.valid_from, CostPrice.costprice).where(CostPrice.product_id == product.id)
        .order_by(CostPrice.valid_from, CostPrice.id))]
    # A product older than its recorded costs: the first cost known, as stock on a date values it.
    first_cost = next((cost for valid_from, cost in costs), product.costprice)
    return daily_stock(opening, movements, costs, first_cost, first_day, days)
