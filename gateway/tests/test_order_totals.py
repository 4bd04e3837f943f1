"""An order's totals: a plain function over its lines."""
from decimal import Decimal

from gateway.portal.order_totals import order_totals


def test_totals_are_the_pieces_and_the_sum_of_price_times_amount():
    lines = [{"amount": 2, "price": "4.50"}, {"amount": 3, "price": "0.10"}]
    assert order_totals(lines) == {"items": 5, "total": Decimal("9.30")}


def test_a_line_without_a_price_counts_its_pieces_only():
    assert order_totals([{"amount": 4, "price": None}, {"amount": 1, "price": "2"}]) == {"items": 5, "total": Decimal("2")}
    assert order_totals([]) == {"items": 0, "total": Decimal("0")}
