from datetime import datetime, timezone

import pytest
from marshmallow import ValidationError

from catalog.exceptions import InvalidProduct, InvalidStockChange
from catalog.products import parse_product_changes
from catalog.reservation_rules import Claim, consume, reservable, serve_in_turn, wanted_again
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


def test_a_line_asked_again_wants_its_amount_less_what_shipped_and_never_less_than_it_holds():
    assert wanted_again(amount=5, consumed=0, held=4) == 5
    assert wanted_again(amount=5, consumed=2, held=3) == 3
    with pytest.raises(ValueError, match="holds 4; it cannot want only 3"):
        wanted_again(amount=3, consumed=0, held=4)


def test_claims_are_served_in_turn_until_free_stock_runs_out():
    holds, left = serve_in_turn(7, [Claim(1, wanted=4), Claim(2, wanted=5, held=1), Claim(3, wanted=2)])
    assert (holds, left) == ({1: 4, 2: 4, 3: 0}, 0)


def test_a_claim_that_waits_is_served_before_any_behind_it_even_a_small_one():
    holds, left = serve_in_turn(2, [Claim(1, wanted=10, held=7), Claim(2, wanted=1)])
    assert (holds, left) == ({1: 9, 2: 0}, 0)


def test_stock_left_when_every_claim_is_served_stays_free():
    holds, left = serve_in_turn(20, [Claim(1, wanted=4, held=4), Claim(2, wanted=5, held=2)])
    assert (holds, left) == ({1: 4, 2: 5}, 17)


def test_no_free_stock_changes_nothing():
    assert serve_in_turn(0, [Claim(1, wanted=3, held=1)]) == ({1: 1}, 0)


@pytest.mark.parametrize("seed", range(30))
def test_serving_in_turn_never_gives_out_more_than_is_free_nor_more_than_wanted(seed):
    import random
    rng = random.Random(seed)
    claims = [Claim(n, wanted=(wanted := rng.randint(1, 9)), held=rng.randint(0, wanted)) for n in range(rng.randint(0, 12))]
    free = rng.randint(0, 30)
    holds, left = serve_in_turn(free, claims)
    given = sum(holds[c.order_line_id] - c.held for c in claims)
    assert given + left == free and left >= 0
    assert all(c.held <= holds[c.order_line_id] <= c.wanted for c in claims)
    # in turn: a claim got something only if every claim before it is complete
    for position, claim in enumerate(claims):
        if holds[claim.order_line_id] > claim.held:
            assert all(holds[c.order_line_id] == c.wanted for c in claims[:position])
    assert left == 0 or all(holds[c.order_line_id] == c.wanted for c in claims)


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
    lines = [{"idproduct": 5, "amount": 3}]
    assert parse_receipt(1, {"type": "receipt", "id": 12}, lines) == parse_receipt(1, {"type": "receipt", "id": "12"}, lines)


def test_history_dates_are_utc_and_until_a_bare_date_includes_that_day():
    filters = StockHistoryFilters().load({"sincedate": "2019-04-03", "untildate": "2019-04-03"})
    assert filters["sincedate"] == datetime(2019, 4, 3, tzinfo=timezone.utc)
    assert filters["untildate"] == datetime(2019, 4, 3, 23, 59, 59, 999999, tzinfo=timezone.utc)
    picqer = StockHistoryFilters().load({"sincedate": "2019-04-03 21:14:18"})["sincedate"]
    assert picqer == datetime(2019, 4, 3, 21, 14, 18, tzinfo=timezone.utc)


@pytest.mark.parametrize("moment", ["0001-01-01T00:00:00+01:00", "9999-12-31T23:00:00-05:00"])
def test_history_dates_outside_the_years_utc_can_hold_are_refused(moment):
    with pytest.raises(ValidationError):
        StockHistoryFilters().load({"sincedate": moment})


def test_closing_a_fully_picked_line_ships_all_it_held_and_it_wants_nothing_more():
    after = consume(wanted=4, held=4, on_picklist=4, picked=4)
    assert (after.wanted, after.held, after.shipped, after.not_picked, after.off_the_shelf) == (0, 0, 4, 0, 4)


def test_units_not_picked_leave_the_shelf_and_the_line_waits_for_them_again():
    after = consume(wanted=5, held=5, on_picklist=5, picked=3)
    assert (after.wanted, after.held, after.shipped, after.not_picked) == (2, 0, 3, 2)
    assert after.wanted - after.held == 2  # its backorder


def test_what_the_line_waited_for_before_it_still_waits_for():
    after = consume(wanted=5, held=3, on_picklist=3, picked=3)
    assert (after.wanted, after.held) == (2, 0)


def test_held_units_not_on_the_picklist_stay_held():
    after = consume(wanted=6, held=6, on_picklist=4, picked=4)
    assert (after.wanted, after.held, after.off_the_shelf) == (2, 2, 4)


@pytest.mark.parametrize("held,on_picklist,picked", [(3, 4, 1), (4, 0, 0), (4, 4, 5), (4, 4, -1)])
def test_a_picklist_cannot_consume_more_than_the_line_holds_nor_pick_more_than_it_has(held, on_picklist, picked):
    with pytest.raises(ValueError):
        consume(wanted=5, held=held, on_picklist=on_picklist, picked=picked)
