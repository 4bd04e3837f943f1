import pytest

from catalog.exceptions import InvalidStockChange
from catalog.stock import MAX_STOCK, new_on_hand, parse_stock_change


def test_stock_rises_and_falls_by_the_change():
    assert new_on_hand(on_hand=10, reserved=0, change=5) == 15
    assert new_on_hand(on_hand=10, reserved=0, change=-10) == 0


def test_stock_cannot_go_below_zero():
    with pytest.raises(InvalidStockChange, match="below zero"):
        new_on_hand(on_hand=3, reserved=0, change=-4)


def test_stock_cannot_go_below_what_orders_have_reserved():
    assert new_on_hand(on_hand=10, reserved=4, change=-6) == 4
    with pytest.raises(InvalidStockChange, match="below the 4 reserved"):
        new_on_hand(on_hand=10, reserved=4, change=-7)


def test_stock_cannot_exceed_what_the_database_column_holds():
    with pytest.raises(InvalidStockChange, match="above"):
        new_on_hand(on_hand=MAX_STOCK, reserved=0, change=1)


@pytest.mark.parametrize("change", [0, 1.5, "3", None, True])
def test_change_must_be_a_whole_number_other_than_zero(change):
    with pytest.raises(InvalidStockChange, match="^change: "):
        parse_stock_change(change, "count")


def test_reason_may_be_left_out():
    assert parse_stock_change(-2, None) == {"change": -2, "reason": ""}
