"""The rules of what goes back to a shop: when the first attempt is made, how long a failed one
waits, and what each answer does to the update. No database, no broker."""
from datetime import datetime, timedelta, timezone

import pytest
from catalog import contract as catalog_contract
from orders import contract as orders_contract

from servicekit.testing import field_paths
from webshop_gateway import contract, shop_updates
from webshop_gateway.service import WebshopGatewayService
from webshop_gateway.shop_updates import Delivered, Refused, RetryLater, after_attempt, first_attempt_at, retry_delay

NOW = datetime(2026, 12, 1, 10, 0, tzinfo=timezone.utc)


def test_the_shop_is_told_only_after_the_parcel_can_no_longer_be_cancelled():
    until = NOW + timedelta(minutes=5)
    assert first_attempt_at(until, NOW) == until + timedelta(seconds=shop_updates.GRACE_SECONDS)
    assert first_attempt_at(None, NOW) == NOW + timedelta(seconds=shop_updates.GRACE_SECONDS)
    assert first_attempt_at(NOW - timedelta(hours=1), NOW) == NOW + timedelta(seconds=shop_updates.GRACE_SECONDS)


def test_a_failed_attempt_waits_doubling_up_to_an_hour():
    base = shop_updates.RETRY_SECONDS
    assert [retry_delay(attempts) for attempts in (1, 2, 3, 4)] == [base, 2 * base, 4 * base, 8 * base]
    assert retry_delay(40) == shop_updates.MAX_RETRY_SECONDS == 3600


def test_a_shop_asking_to_wait_is_waited_for_and_no_longer_than_an_hour():
    assert retry_delay(1, retry_after_seconds=120) == 120
    assert retry_delay(7, retry_after_seconds=0) == 0
    assert retry_delay(1, retry_after_seconds=86400) == 3600


def test_a_delivered_update_is_sent_and_forgets_its_last_error():
    assert after_attempt(Delivered(), 3, NOW) == {"status": "sent", "sent_at": NOW, "last_error": None,
                                                  "claimed_at": None}


def test_a_shop_that_is_down_is_asked_again_later_saying_why():
    fields = after_attempt(RetryLater("The shop answered with an error (503)."), 2, NOW)
    assert fields["status"] == "waiting" and fields["claimed_at"] is None
    assert fields["next_attempt_at"] == NOW + timedelta(seconds=2 * shop_updates.RETRY_SECONDS)
    assert fields["last_error"].startswith("The shop answered with an error (503). Tried 2×")


def test_a_shop_that_refuses_for_good_fails_with_the_reason():
    assert after_attempt(Refused("The shop does not know order 1001."), 1, NOW) == {
        "status": "failed", "last_error": "The shop does not know order 1001.", "claimed_at": None}


def test_handled_events_are_exactly_those_the_contract_consumes():
    handled = {(entrypoint.source_service, entrypoint.event_type)
               for name in dir(WebshopGatewayService)
               for entrypoint in getattr(getattr(WebshopGatewayService, name), "nameko_entrypoints", ())
               if hasattr(entrypoint, "event_type")}
    assert handled == set(contract.CONSUMES)


@pytest.mark.parametrize("service, event_type", sorted(contract.CONSUMES))
def test_webshop_gateway_reads_only_fields_the_publisher_promises(service, event_type):
    published = field_paths({"orders": orders_contract, "catalog": catalog_contract}[service].EVENTS[event_type])
    consumed = field_paths(contract.CONSUMES[(service, event_type)])
    assert consumed <= published, sorted(consumed - published)


def test_webshop_gateway_reads_only_fields_catalog_promises_of_each_product_whose_free_stock_changed():
    published = field_paths(catalog_contract.schemas.FreeStockOfProduct)
    consumed = field_paths(contract.schemas.FreeStockOfProductInput)
    assert consumed <= published, sorted(consumed - published)
