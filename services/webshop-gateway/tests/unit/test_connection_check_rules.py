"""The connection test's rules over what a shop answered, without a shop."""
from datetime import datetime, timezone

from webshop_gateway.connection_test import (clock_skew_check, missing_shopify_scopes, webhook_registered_check,
                                             woocommerce_version_supported)

NOW = datetime(2026, 12, 1, 10, 0, 0, tzinfo=timezone.utc)


def test_a_shop_clock_two_minutes_off_passes_and_three_minutes_off_fails():
    assert clock_skew_check("Tue, 01 Dec 2026 10:02:00 GMT", NOW).status == "passed"
    late = clock_skew_check("Tue, 01 Dec 2026 09:57:00 GMT", NOW)
    assert late.status == "failed" and late.values["seconds"] == -180


def test_a_missing_or_unreadable_date_is_not_applicable():
    assert clock_skew_check(None, NOW).status == "not_applicable"
    assert clock_skew_check("yesterday", NOW).status == "not_applicable"


def test_a_shopify_write_scope_includes_its_read_scope():
    assert missing_shopify_scopes(["write_orders", "write_products", "write_inventory"]) == []
    assert missing_shopify_scopes(["read_orders", "read_products"]) == ["write_orders", "write_products",
                                                                       "write_inventory"]


def test_woocommerce_from_3_5_speaks_rest_api_v3():
    assert [woocommerce_version_supported(v) for v in ("3.4.7", "3.5.0", "10.0", "9.4.0", "nightly")] == [
        False, True, True, True, False]


def test_only_an_active_order_webhook_to_our_address_counts():
    ours = "https://portal.example/webhooks/webshops/t"
    hooks = [{"topic": "order.created", "delivery_url": ours, "status": "disabled"},
             {"topic": "product.updated", "delivery_url": ours, "status": "active"},
             {"topic": "order.updated", "delivery_url": "https://elsewhere.example", "status": "active"}]
    assert webhook_registered_check("woocommerce", hooks, "delivery_url", ours, True).status == "failed"
    hooks.append({"topic": "order.created", "delivery_url": ours, "status": "active"})
    check = webhook_registered_check("woocommerce", hooks, "delivery_url", ours, True)
    assert check.status == "passed" and check.values["topics"] == ["order.created"]


def test_the_client_is_told_when_the_failures_in_a_row_reach_the_threshold_once_per_spell():
    from webshop_gateway.sync_health import alert_due
    assert [alert_due(failures, False, threshold=3) for failures in (0, 1, 2, 3, 4)] == [False, False, False, True,
                                                                                           True]
    assert alert_due(9, True, threshold=3) is False
