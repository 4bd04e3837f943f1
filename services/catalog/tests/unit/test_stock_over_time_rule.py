from datetime import date, datetime, timezone
from decimal import Decimal

from catalog.stock_over_time import Movement, daily_stock

DAY_1 = date(2026, 11, 1)


def at(day: int, hour: int = 12) -> datetime:
    return datetime(2026, 11, day, hour, tzinfo=timezone.utc)


def test_each_day_closes_with_its_last_movement_per_warehouse_summed():
    movements = [Movement(at(2, 9), 1, 5), Movement(at(2, 17), 1, 3), Movement(at(3), 2, 4)]
    rows = daily_stock({1: 1}, movements, [], Decimal("1.00"), DAY_1, 4)
    assert [row["stock"] for row in rows] == [1, 3, 7, 7]


def test_each_day_is_valued_at_the_cost_price_valid_at_its_end():
    costs = [(at(2, 23), Decimal("2.00")), (at(4, 0), Decimal("3.00"))]
    rows = daily_stock({1: 10}, [], costs, Decimal("1.50"), DAY_1, 4)
    assert [row["value"] for row in rows] == ["15.00", "20.00", "20.00", "30.00"]
