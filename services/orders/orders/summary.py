"""The dashboard's figures of one customer's orders: how many are at each step, how many were
placed on each of the last days, and how many returns are at each status. Counted in the
database (one grouped query each), never by reading the orders. A day is the client's own: an
order placed at 00:30 in Amsterdam counts for that day, not for the day before in UTC."""
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from orders.exceptions import InvalidOrder
from orders.lookup import warehouse_ids
from orders.models import Order, Return
from orders.statuses import PICKING, PROCESSING, RETURN_STATUSES, STATUSES

DEFAULT_DAYS = 30
MOST_DAYS = 366


def every_day(counts: dict[date, int], last_day: date, days: int) -> list[dict]:
    """One row per day, oldest first, ending with `last_day`; a day without orders counts 0."""
    first = last_day - timedelta(days=days - 1)
    return [{"date": (first + timedelta(days=n)).isoformat(), "orders": counts.get(first + timedelta(days=n), 0)}
            for n in range(days)]


def by_step(rows) -> dict[str, int]:
    """Orders per status as the client reads it: processing split into processing and picking."""
    counts = dict.fromkeys((*STATUSES, PICKING), 0)
    for status, picking_started, count in rows:
        counts[PICKING if status == PROCESSING and picking_started else status] += count
    return counts


def _days(filters: dict) -> int:
    days = filters.get("days", DEFAULT_DAYS)
    if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= MOST_DAYS:
        raise InvalidOrder(f"days: a whole number from 1 to {MOST_DAYS}")
    return days


def _zone(filters: dict) -> str:
    name = filters.get("timezone", "UTC")
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, TypeError, ValueError):
        raise InvalidOrder("timezone: an IANA time zone, e.g. Europe/Amsterdam") from None
    return name


def summarize_orders(session: Session, customer_id: int, filters: dict | None = None,
                     today: date | None = None) -> dict:
    """`filters`: `idwarehouses` (a portal user's: orders processed there or not processed yet),
    `days` (of orders per day, ending today; 30), `timezone` (whose days those are; UTC)."""
    filters = filters or {}
    days, zone = _days(filters), _zone(filters)
    mine = [Order.customer_id == customer_id]
    if (warehouses := warehouse_ids(filters)) is not None:
        mine.append(or_(Order.warehouse_id.is_(None), Order.warehouse_id.in_(warehouses)))
    picking_started = Order.picking_started_at.is_not(None)
    statuses = by_step(session.execute(
        select(Order.status, picking_started, func.count()).where(*mine).group_by(Order.status, picking_started)))
    last_day = today or datetime.now(ZoneInfo(zone)).date()
    day = func.date(func.timezone(zone, Order.created_at))
    since = datetime.combine(last_day - timedelta(days=days - 1), time.min, ZoneInfo(zone))
    per_day = dict(session.execute(
        select(day, func.count()).where(*mine, Order.created_at >= since).group_by(day)).all())
    # Every return of the client, as its Returns page lists them (not limited to warehouses).
    returns = dict.fromkeys(RETURN_STATUSES, 0) | dict(session.execute(
        select(Return.status, func.count()).where(Return.customer_id == customer_id).group_by(Return.status)).all())
    return {"statuses": statuses, "per_day": every_day(per_day, last_day, days), "returns": returns}
