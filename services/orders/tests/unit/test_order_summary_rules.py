from datetime import date

from orders.summary import by_step, every_day


def test_every_day_fills_the_days_without_orders_with_zero():
    rows = every_day({date(2026, 11, 30): 3}, date(2026, 12, 1), 3)
    assert rows == [{"date": "2026-11-29", "orders": 0}, {"date": "2026-11-30", "orders": 3},
                    {"date": "2026-12-01", "orders": 0}]


def test_processing_orders_being_picked_count_as_picking():
    assert by_step([("processing", False, 2), ("processing", True, 1), ("concept", False, 4)]) == {
        "concept": 4, "processing": 2, "picking": 1, "completed": 0, "cancelled": 0}
