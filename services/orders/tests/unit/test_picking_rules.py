"""What goes on a picklist, how picking counts, when an order is complete: plain data, no database."""
import pytest

from orders.exceptions import InvalidPicklist
from orders.picking_rules import is_complete, picked_after, to_put_on_a_picklist


def test_everything_a_processed_order_holds_goes_on_its_first_picklist():
    assert to_put_on_a_picklist({1: 3, 2: 5}, {}) == {1: 3, 2: 5}


def test_a_line_that_holds_nothing_yet_is_not_on_the_picklist():
    assert to_put_on_a_picklist({1: 3, 2: 0}, {}) == {1: 3}


def test_stock_a_backorder_got_later_goes_on_a_picklist_of_its_own():
    assert to_put_on_a_picklist({1: 5, 2: 5}, {1: 3, 2: 5}) == {1: 2}


def test_nothing_new_when_everything_held_is_on_an_open_picklist():
    assert to_put_on_a_picklist({1: 3}, {1: 3}) == {}


def test_picking_adds_up_to_what_is_on_the_picklist():
    assert picked_after("MUG-1", amount=5, picked=0, more=3) == 3
    assert picked_after("MUG-1", amount=5, picked=3, more=2) == 5


def test_picking_without_an_amount_picks_all_that_is_left():
    assert picked_after("MUG-1", amount=5, picked=2, more=None) == 5


def test_picking_more_than_is_on_the_picklist_is_refused_with_the_counts():
    with pytest.raises(InvalidPicklist, match="MUG-1 is on the picklist 5 times and 3 are picked; 3 more is too many"):
        picked_after("MUG-1", amount=5, picked=3, more=3)


@pytest.mark.parametrize("more", [0, -1, 1.5, "2", True])
def test_picking_needs_a_whole_number_of_one_or_more(more):
    with pytest.raises(InvalidPicklist, match="amount: must be a whole number"):
        picked_after("MUG-1", amount=5, picked=0, more=more)


def test_an_order_is_complete_only_with_every_picklist_closed_and_nothing_held_or_waiting():
    assert is_complete(open_picklists=0, held=0, waiting=0)
    assert not is_complete(open_picklists=1, held=0, waiting=0)
    assert not is_complete(open_picklists=0, held=2, waiting=0)
    assert not is_complete(open_picklists=0, held=0, waiting=2)
