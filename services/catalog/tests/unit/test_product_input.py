from decimal import Decimal

import pytest

from catalog.exceptions import InvalidProduct
from catalog.products import parse_new_product


def test_productcode_is_required_and_the_error_names_it():
    with pytest.raises(InvalidProduct, match="productcode: Missing data for required field"):
        parse_new_product({"name": "Blue mug"})


def test_productcode_of_only_spaces_is_refused():
    with pytest.raises(InvalidProduct, match="productcode: Length must be between 1 and 100"):
        parse_new_product({"productcode": "   ", "name": "Blue mug"})


def test_productcode_longer_than_100_characters_is_refused():
    with pytest.raises(InvalidProduct, match="productcode: Length must be between 1 and 100"):
        parse_new_product({"productcode": "M" * 101, "name": "Blue mug"})


def test_name_is_required():
    with pytest.raises(InvalidProduct, match="name: Missing data for required field"):
        parse_new_product({"productcode": "MUG-1"})


def test_code_and_name_are_stripped():
    fields = parse_new_product({"productcode": "  MUG-1 ", "name": " Blue mug\t"})
    assert (fields["productcode"], fields["name"]) == ("MUG-1", "Blue mug")


def test_negative_price_is_refused():
    with pytest.raises(InvalidProduct, match="price: Must be greater than or equal to 0"):
        parse_new_product({"productcode": "MUG-1", "name": "Blue mug", "price": -0.01})


@pytest.mark.parametrize("price", ["twelve", "NaN", True])
def test_price_must_be_a_finite_number(price):
    with pytest.raises(InvalidProduct, match="price: "):
        parse_new_product({"productcode": "MUG-1", "name": "Blue mug", "price": price})


def test_price_is_kept_in_cents_whether_sent_as_number_or_string():
    assert parse_new_product({"productcode": "A", "name": "A", "price": 12.5})["price"] == Decimal("12.50")
    assert parse_new_product({"productcode": "A", "name": "A", "price": "0.1"})["price"] == Decimal("0.10")


def test_unknown_and_read_only_fields_are_refused():
    with pytest.raises(InvalidProduct, match="idproduct: Unknown field"):
        parse_new_product({"productcode": "MUG-1", "name": "Blue mug", "idproduct": 7})


def test_blank_barcode_means_no_barcode():
    assert parse_new_product({"productcode": "MUG-1", "name": "Blue mug", "barcode": " "})["barcode"] is None


def test_body_must_be_an_object():
    with pytest.raises(InvalidProduct, match="expected a JSON object"):
        parse_new_product(["MUG-1"])
