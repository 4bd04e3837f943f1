"""When a fall of free stock is worth telling the client."""
import pytest

from catalog.low_stock import fell_below_minimum


@pytest.mark.parametrize("minimum, before, after, told", [
    (5, 5, 4, True),     # from at the minimum to below
    (5, 9, 0, True),     # from well above to nothing
    (5, 4, 3, False),    # already below: said once already
    (5, 9, 5, False),    # still at the minimum
    (0, 3, 0, False),    # no minimum set
    (5, 3, 6, False),    # rose
])
def test_only_a_fall_across_the_minimum_is_told(minimum, before, after, told):
    assert fell_below_minimum(minimum, before, after) is told
