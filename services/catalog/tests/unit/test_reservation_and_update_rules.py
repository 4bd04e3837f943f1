from datetime import datetime, timezone

import pytest

from catalog.exceptions import InvalidProduct, InvalidStockChange
from catalog.products import parse_product_changes
from catalog.reservations import reservable
from catalog.schemas import StockHistoryFilters
from catalog.stock import change_to_reach, parse_receipt


def test_a_line_gets_what_it_wants_when_free_stock_allows():
    assert reservable(free=10, wanted=3, held=0) == 3


def test_a_line_gets_what_is_free_when_it_wants_more():
    assert reservable(free=2, wanted=5, held=0) == 2
    assert reservable(free=0, wanted=5, held=0) == 0


def test_asking_again_tops_up_but_never_beyond_what_the_line_wants():
    assert reservable(free=10, wanted=5, held=2) == 5
    assert reservable(free=1, wanted=5, held=2) == 3
    assert reservable(free=10, wanted=5, held=5) == 5


def test_asking_again_for_less_never_shrinks_the_reservation():
    assert reservable(free=10, wanted=1, held=4) == 4


def test_setting_stock_is_the_difference_to_the_counted_amount():
    assert change_to_reach(on_hand=4, reserved=0, amount=10) == 6
    assert change_to_reach(on_hand=4, reserved=0, amount=0) == -4
    with pytest.raises(InvalidStockChange, match="amount: 2 is below the 3 reserved"):
        change_to_reach(on_hand=4, reserved=3, amount=2)


def test_productcode_may_be_repeated_but_not_changed():
    assert parse_product_changes("MUG-1", {"productcode": " MUG-1 ", "weight": 300}) == {"weight": 300}
    with pytest.raises(InvalidProduct, match="^productcode: cannot be changed$"):
        parse_product_changes("MUG-1", {"productcode": "MUG-2"})


def test_update_validates_only_the_fields_sent():
    assert parse_product_changes("MUG-1", {"price": "2"}) == {"price": 2}
    with pytest.raises(InvalidProduct, match="price: Must be greater than or equal to 0"):
        parse_product_changes("MUG-1", {"price": "-2"})


def test_receipt_reference_ids_are_text_whether_sent_as_number_or_text():
    assert parse_receipt(3, {"type": "receipt", "id": 12})[1] == parse_receipt(3, {"type": "receipt", "id": "12"})[1]


def test_history_dates_are_utc_and_until_a_bare_date_includes_that_day():
    filters = StockHistoryFilters().load({"sincedate": "2019-04-03", "untildate": "2019-04-03"})
    assert filters["sincedate"] == datetime(2019, 4, 3, tzinfo=timezone.utc)
    assert filters["untildate"] == datetime(2019, 4, 3, 23, 59, 59, 999999, tzinfo=timezone.utc)
    picqer = StockHistoryFilters().load({"sincedate": "2019-04-03 21:14:18"})["sincedate"]
    assert picqer == datetime(2019, 4, 3, 21, 14, 18, tzinfo=timezone.utc)
