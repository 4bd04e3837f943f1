"""What an order line holds and waits for, from catalog's answers: plain data, no database."""
import pytest

from orders.line_allocation import CatalogAnswer, LineChange, LineHolding, still_waiting, take_answer


def line(amount=5, allocated=0, version=0) -> LineHolding:
    return LineHolding(line_id=1, amount=amount, allocated=allocated, version=version)


def answer(held, version, status="reserved") -> CatalogAnswer:
    return CatalogAnswer(line_id=1, held=held, status=status, version=version)


def test_the_first_answer_holds_what_catalog_reserved_and_the_rest_waits():
    assert take_answer(line(), answer(3, 1)) == LineChange(1, allocated=3, waiting=2, version=1, filled=False)


def test_a_line_complete_at_once_was_never_filled_from_a_backorder():
    assert take_answer(line(), answer(5, 1)).filled is False


def test_a_waiting_line_that_gets_the_rest_is_filled():
    assert take_answer(line(allocated=3, version=1), answer(5, 2)) == LineChange(1, 5, 0, 2, filled=True)


def test_a_waiting_line_that_gets_part_of_the_rest_still_waits():
    change = take_answer(line(allocated=1, version=1), answer(4, 2))
    assert (change.allocated, change.waiting, change.filled) == (4, 1, False)


@pytest.mark.parametrize("version", [1, 2])
def test_an_answer_not_newer_than_the_lines_changes_nothing(version):
    """A late answer to a call, after a fill it did not know of; or the same event twice."""
    assert take_answer(line(allocated=5, version=2), answer(3, version)) is None


def test_a_released_line_holds_nothing_and_waits_for_nothing():
    assert take_answer(line(allocated=3, version=1), answer(3, 2, "released")) == LineChange(1, 0, 0, 2, False)


def test_a_shipped_line_keeps_what_it_held_and_waits_no_more():
    assert take_answer(line(allocated=5, version=2), answer(5, 3, "consumed")) == LineChange(1, 5, 0, 3, False)


def test_catalog_never_makes_a_line_hold_more_than_it_ordered():
    assert take_answer(line(amount=2), answer(4, 1)).allocated == 2


def test_an_answer_for_another_line_is_a_mistake():
    with pytest.raises(ValueError):
        take_answer(line(), CatalogAnswer(line_id=2, held=1, status="reserved", version=1))


def test_an_order_waits_for_what_its_lines_miss():
    assert still_waiting([line(5, 5), line(4, 1), LineHolding(3, 2, 0, 1)]) == 5
    assert still_waiting([line(5, 5)]) == 0


@pytest.mark.parametrize("seed", range(25))
def test_answers_in_any_order_end_at_the_newest(seed):
    import random
    rng = random.Random(seed)
    answers = [answer(held, version) for version, held in enumerate(sorted(rng.sample(range(6), 4)), start=1)]
    shuffled = answers[:]
    rng.shuffle(shuffled)
    holding = line(amount=5)
    for each in shuffled:
        change = take_answer(holding, each)
        if change:
            holding = LineHolding(1, 5, change.allocated, change.version)
    assert (holding.allocated, holding.version) == (answers[-1].held, answers[-1].version)


def shipped_answer(held, consumed, version, status="reserved") -> CatalogAnswer:
    return CatalogAnswer(line_id=1, held=held, status=status, version=version, consumed=consumed)


def test_a_line_shipped_in_full_holds_and_waits_for_nothing():
    change = take_answer(line(allocated=5, version=1), shipped_answer(0, 5, 2, status="consumed"))
    assert (change.shipped, change.allocated, change.waiting, change.filled) == (5, 0, 0, False)


def test_units_not_picked_make_the_line_wait_again_beside_what_shipped():
    change = take_answer(line(allocated=5, version=1), shipped_answer(0, 3, 2))
    assert (change.shipped, change.allocated, change.waiting, change.filled) == (3, 0, 2, False)


def test_the_rest_of_a_partly_shipped_line_that_arrives_fills_its_backorder():
    shipped_three = LineHolding(line_id=1, amount=5, allocated=0, version=2, shipped=3)
    assert shipped_three.waiting == 2
    change = take_answer(shipped_three, shipped_answer(2, 3, 3))
    assert (change.shipped, change.allocated, change.waiting, change.filled) == (3, 2, 0, True)
