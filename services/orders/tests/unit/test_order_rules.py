"""Order input, line matching and status rules: plain Python, no broker, no database."""
from datetime import datetime, timezone

import pytest

from orders.changes import refuse_late_change
from orders.exceptions import InvalidOrder, OrderLocked, UnknownProducts
from orders.models import CustomerOrderRules, Order
from orders.placing import idempotency_key_for, match_lines, parse_order
from orders.statuses import CANCELLED, COMPLETED, CONCEPT, PICKING, PROCESSING, client_may_change

ORDER = {"reference": "SHOP-1001", "deliveryname": "Jan Jansen", "deliveryaddress": "Dorpsstraat 1",
         "deliveryzipcode": "1234 AB", "deliverycity": "Utrecht", "deliverycountry": "nl",
         "products": [{"productcode": "MUG-1", "amount": 2}, {"idproduct": 7, "amount": 1}]}
MUG = {"idproduct": 5, "productcode": "MUG-1", "name": "Mug", "price": "4.50"}
CUP = {"idproduct": 7, "productcode": "CUP-1", "name": "Cup", "price": "3.00"}


def test_picqer_order_is_accepted_and_the_country_upper_cased():
    fields = parse_order(ORDER)
    assert fields["deliverycountry"] == "NL" and len(fields["products"]) == 2


@pytest.mark.parametrize("change,message", [
    ({"products": []}, "products: An order needs between 1 and 10000 lines."),
    ({"products": [{"productcode": "MUG-1", "amount": 0}]}, "products.0.amount"),
    ({"products": [{"productcode": "MUG-1", "amount": -3}]}, "products.0.amount"),
    ({"products": [{"productcode": "MUG-1", "amount": 100001}]}, "products.0.amount"),
    ({"products": [{"productcode": "MUG-1", "amount": 1.5}]}, "products.0.amount: Not a valid integer."),
    ({"products": [{"amount": 1}]}, "Give either idproduct or productcode."),
    ({"products": [{"productcode": "MUG-1", "amount": 1}, {"productcode": "MUG-1", "amount": 2}]},
     "products.1: MUG-1 is on the order twice"),
    ({"deliverycountry": "Netherlands"}, "deliverycountry: Use a two-letter ISO country code"),
    ({"deliverycountry": "XX"}, "deliverycountry"),
    ({"deliveryname": "  "}, "deliveryname"),
    ({"colour": "red"}, "colour: Unknown field."),
])
def test_bad_orders_are_refused_naming_the_field(change, message):
    with pytest.raises(InvalidOrder, match=message.replace(".", r"\.").replace("(", r"\(")):
        parse_order({**ORDER, **change})


def test_missing_address_fields_are_all_named():
    with pytest.raises(InvalidOrder) as error:
        parse_order({"products": ORDER["products"]})
    for field in ("deliveryname", "deliveryaddress", "deliveryzipcode", "deliverycity", "deliverycountry"):
        assert field in str(error.value)


def test_lines_are_matched_by_code_or_id():
    matched = match_lines(parse_order(ORDER)["products"], [MUG, CUP])
    assert [(m["product"]["idproduct"], m["amount"]) for m in matched] == [(5, 2), (7, 1)]


def test_every_unknown_product_is_named_with_its_line_and_asked_for():
    with pytest.raises(UnknownProducts) as error:
        match_lines(parse_order(ORDER)["products"], [])
    assert (error.value.product_ids, error.value.productcodes) == ([7], ["MUG-1"])
    assert isinstance(error.value.refusal, InvalidOrder)
    assert str(error.value.refusal) == ("products.0: unknown product (productcode 'MUG-1'); "
                                        "products.1: unknown product (idproduct 7)")


def test_only_an_idempotency_key_makes_a_create_idempotent():
    assert idempotency_key_for(" key-9 ") == "key-9"
    assert idempotency_key_for(None) is None and idempotency_key_for("  ") is None


def test_client_may_change_an_order_until_picking_starts_by_default():
    assert client_may_change(CONCEPT) and client_may_change(PROCESSING)
    assert not client_may_change(PROCESSING, picking_started=True) and not client_may_change(COMPLETED)
    assert not client_may_change(CANCELLED)


def test_client_whose_rule_is_processing_may_change_only_a_concept():
    assert client_may_change(CONCEPT, until=PROCESSING)
    for status, picking_started in ((PROCESSING, False), (PROCESSING, True), (COMPLETED, True), (CANCELLED, False)):
        assert not client_may_change(status, picking_started, until=PROCESSING)


def test_order_of_a_customer_not_heard_of_has_the_default_rule():
    order = Order(id=5, status=PROCESSING)
    assert order.changes_allowed_until == PICKING and order.changeable_by_client


@pytest.mark.parametrize("until,status,deadline", [
    (PROCESSING, PROCESSING, "only until the warehouse processes it"),
    (PICKING, PICKING, "only until picking starts"),
])
def test_refused_change_says_the_clients_deadline(until, status, deadline):
    order = Order(id=5, status=PROCESSING, picking_started_at=datetime.now(timezone.utc) if status == PICKING else None,
                  rules=CustomerOrderRules(changes_allowed_until=until))
    with pytest.raises(OrderLocked) as error:
        refuse_late_change(order, "it can no longer be cancelled")
    assert str(error.value) == (f"Order 5 is already {status}: it can no longer be cancelled "
                                f"(an order can be changed or cancelled {deadline}).")


def test_order_within_its_clients_rule_is_not_refused():
    refuse_late_change(Order(id=5, status=CONCEPT, rules=CustomerOrderRules(changes_allowed_until=PROCESSING)),
                         "it can no longer be cancelled")


def test_the_warehouse_is_held_only_to_picking_whatever_the_clients_rule():
    rules = CustomerOrderRules(changes_allowed_until=PROCESSING)
    refuse_late_change(Order(id=5, status=PROCESSING, rules=rules), "it can no longer be cancelled", by_warehouse=True)
    with pytest.raises(OrderLocked, match="only until picking starts"):
        refuse_late_change(Order(id=5, status=PROCESSING, picking_started_at=datetime.now(timezone.utc), rules=rules),
                           "it can no longer be cancelled", by_warehouse=True)
