"""The rules of importing a shop's order, as plain functions: no shop, broker or database."""
import pytest

from webshop_gateway.polling import MAX_BACKOFF_SECONDS, POLL_SECONDS, next_poll_after_failure
from webshop_gateway.refusals import actionable_reason
from webshop_gateway.seen_orders import sighting_changes_outcome
from webshop_gateway.shop_http import retry_after_seconds
from webshop_gateway.shop_orders import ShopOrder, delivery_address, merged_lines

ADDRESS = delivery_address("Jan", "Jansen", "", "Dorpsstraat 1", "", "3512 AB", "Utrecht", "nl")


def made(lines, address=ADDRESS, to_fulfil=True) -> ShopOrder:
    return ShopOrder.made(external_id="7", reference="#1007", shop_status="processing", modified="2026-12-01T07:00:00",
                          to_fulfil=to_fulfil, address=address, lines=lines, remarks=None)


def test_a_product_listed_twice_is_one_line_with_the_amounts_added_up():
    assert merged_lines([("MUG", 1), ("TEE", 2), ("MUG", 3)]) == [{"productcode": "MUG", "amount": 4},
                                                                  {"productcode": "TEE", "amount": 2}]


def test_a_good_order_waits_for_orders_with_its_address_and_lines():
    order = made([("MUG", 2, "Mug")])
    assert order.outcome_when_seen == ("pending", None)
    assert order.order["deliverycountry"] == "NL" and order.order["products"] == [{"productcode": "MUG", "amount": 2}]


def test_every_problem_of_an_order_is_named_not_just_the_first():
    order = made([("", 1, "Blue mug")], address={**ADDRESS, "deliverycity": "", "deliveryzipcode": ""})
    outcome, reason = order.outcome_when_seen
    assert outcome == "failed" and order.order is None
    assert "misses its postcode, city" in reason and "Products without a SKU: Blue mug" in reason


def test_an_order_without_lines_fails_and_one_not_to_fulfil_is_skipped_whatever_it_holds():
    assert made([]).outcome_when_seen == ("failed", "The order has no lines to ship.")
    assert made([], to_fulfil=False).outcome_when_seen[0] == "skipped"


def test_a_company_is_the_delivery_name_and_its_person_the_contact():
    address = delivery_address("Els", "Vries", "Bakkerij BV", "Kerkstraat 2", None, "1000 AA", "Amsterdam", "NL")
    assert (address["deliveryname"], address["deliverycontactname"]) == ("Bakkerij BV", "Els Vries")


def test_an_imported_order_stays_imported_and_anything_else_takes_what_the_shop_says_now():
    assert not sighting_changes_outcome("imported")
    assert not sighting_changes_outcome("imported", "2026-12-01T07:00:00", "2026-12-01T08:00:00", retried=True)
    assert all(sighting_changes_outcome(outcome, "2026-12-01T07:00:00", "2026-12-01T07:00:00")
               for outcome in ("pending", "skipped"))


def test_a_failed_order_sent_again_unchanged_stays_failed_until_the_shop_changes_it_or_it_is_retried():
    assert not sighting_changes_outcome("failed", "2026-12-01T07:00:00", "2026-12-01T07:00:00")
    assert sighting_changes_outcome("failed", "2026-12-01T07:00:00", "2026-12-01T07:05:00")
    assert sighting_changes_outcome("failed", "2026-12-01T07:00:00", "2026-12-01T07:00:00", retried=True)


def test_failing_polls_wait_longer_each_time_up_to_a_limit_or_as_long_as_the_shop_asks():
    assert next_poll_after_failure(1) == POLL_SECONDS and next_poll_after_failure(2) == min(2 * POLL_SECONDS,
                                                                                             MAX_BACKOFF_SECONDS)
    assert next_poll_after_failure(30) == MAX_BACKOFF_SECONDS
    assert next_poll_after_failure(3, retry_after_seconds=7) == 7


@pytest.mark.parametrize("header, seconds", [("120", 120), ("2.0", 2), (None, 60), ("soon", 60)])
def test_retry_after_is_read_as_seconds_or_falls_back_to_a_minute(header, seconds):
    assert retry_after_seconds(header) == seconds


def test_orders_refusal_of_an_unknown_product_names_each_sku_to_add():
    reason = actionable_reason("products.0: unknown product (productcode 'LAMP-9'); "
                               "products.2: unknown product (productcode 'TEE-XL')")
    assert reason.startswith('Unknown SKU "LAMP-9", "TEE-XL": add a product') and "then retry" in reason
    assert "deliverycountry" in actionable_reason("deliverycountry: Use a two-letter ISO country code, e.g. NL.")
