"""The connection test against (fake) WooCommerce and Shopify shops: every check passing, and
each one failing the way a real shop makes it fail."""
import pytest
from nameko.exceptions import RemoteError
from webshop_fakes import FakeJsonShop, FakeShopify, FakeWooCommerce

from webshop_gateway.connection_test import CHECKS, run_connection_test
from webshop_gateway.connections import link_webshop

CUSTOMER = 7
NOWHERE = "http://127.0.0.1:9"  # nothing listens there: connection refused


@pytest.fixture
def our_address():
    """Where the gateway takes the shop's webhooks: any server answering will do."""
    with FakeWooCommerce() as answering:
        yield f"{answering.url}/webhooks/webshops/token"


def link_woocommerce(db, shop, url=None, **extra) -> dict:
    return db.change(link_webshop, CUSTOMER, {"platform": "woocommerce", "name": "Acme shop", "url": url or shop.url,
                                              "consumer_key": shop.consumer_key,
                                              "consumer_secret": shop.consumer_secret, **extra}, "anna")


def link_shopify(db, shop, **extra) -> dict:
    return db.change(link_webshop, CUSTOMER, {"platform": "shopify", "name": "Acme on Shopify", "url": shop.url,
                                              "access_token": shop.access_token, **extra}, "anna")


def checks_of(db, webshop, webhook_url) -> dict[str, dict]:
    result = run_connection_test(db, CUSTOMER, webshop["idwebshop"], webhook_url, "anna")
    assert [check["name"] for check in result["checks"]] == list(CHECKS)
    return {check["name"]: check for check in result["checks"]}


def statuses(checks: dict[str, dict]) -> dict[str, str]:
    return {name: check["status"] for name, check in checks.items()}


@pytest.fixture
def woo():
    with FakeWooCommerce() as running:
        yield running


@pytest.fixture
def shopify_shop():
    with FakeShopify() as running:
        yield running


def test_a_woocommerce_shop_set_up_well_passes_every_check(db, woo, our_address):
    woo.add_webhook(our_address, "order.created")
    woo.add_webhook(our_address, "order.updated")
    checks = checks_of(db, link_woocommerce(db, woo, webhook_secret="whsec"), our_address)
    assert statuses(checks) == {name: "passed" for name in CHECKS} | {"tls": "not_applicable"}
    assert checks["tls"]["values"] == {"http": True}
    assert checks["api_version"]["values"]["version"] == "WooCommerce 9.4.0"
    assert checks["webhooks_registered"]["values"]["topics"] == ["order.created", "order.updated"]
    assert abs(checks["clock"]["values"]["seconds"]) <= 2


def test_an_unreachable_shop_fails_reachable_and_checks_nothing_more(db, woo, our_address):
    checks = checks_of(db, link_woocommerce(db, woo, url=NOWHERE), our_address)
    assert checks["reachable"]["status"] == "failed" and "Connection refused" in checks["reachable"]["detail"]
    assert all(check["status"] == "not_applicable" and check["values"] == {"blocked_by": "reachable"}
               for name, check in checks.items() if name != "reachable")


def test_https_with_a_certificate_nobody_trusts_fails_tls_and_passes_once_trusted(db, our_address, monkeypatch):
    with FakeWooCommerce(tls=True) as shop:
        webshop = link_woocommerce(db, shop)
        checks = checks_of(db, webshop, our_address)
        assert statuses(checks)["reachable"] == "passed" and checks["tls"]["status"] == "failed"
        assert "CERTIFICATE_VERIFY_FAILED" in checks["tls"]["detail"]
        assert checks["credentials"]["values"] == {"blocked_by": "tls"}  # no keys sent over it
        monkeypatch.setenv("REQUESTS_CA_BUNDLE", shop.certificate_file)
        assert statuses(checks_of(db, webshop, our_address))["tls"] == "passed"


def test_revoked_keys_fail_the_credentials(db, woo, our_address):
    webshop = link_woocommerce(db, woo)
    woo.revoke_keys()
    checks = checks_of(db, webshop, our_address)
    assert checks["credentials"]["status"] == "failed" and "Consumer secret is invalid" in checks["credentials"]["detail"]
    assert checks["permissions"]["values"] == {"blocked_by": "credentials"}


def test_a_read_only_key_lacks_the_write_permissions(db, woo, our_address):
    woo.permissions = "read"
    checks = checks_of(db, link_woocommerce(db, woo), our_address)
    assert checks["credentials"]["status"] == "passed"
    assert checks["permissions"]["status"] == "failed"
    assert checks["permissions"]["values"]["missing"] == ["write_orders", "write_products"]


@pytest.mark.parametrize("arrange, detail", [
    (lambda shop: setattr(shop, "version", "3.4.7"), "WooCommerce 3.4.7"),
    (lambda shop: shop.faults.append("html"), "a web page instead of data"),
])
def test_an_old_woocommerce_or_no_rest_api_fails_the_api_version(db, woo, our_address, arrange, detail):
    arrange(woo)
    checks = checks_of(db, link_woocommerce(db, woo), our_address)
    assert checks["api_version"]["status"] == "failed" and checks["api_version"]["detail"] == detail


def test_webhooks_fail_when_none_goes_to_our_address_or_no_secret_is_kept(db, woo, our_address):
    woo.add_webhook("https://elsewhere.example/hook", "order.created")
    woo.add_webhook(our_address, "order.created", status="paused")
    checks = checks_of(db, link_woocommerce(db, woo, webhook_secret="whsec"), our_address)
    assert checks["webhooks_registered"]["status"] == "failed" and checks["webhooks_registered"]["values"]["topics"] == []
    woo.add_webhook(our_address, "order.created")
    checks = checks_of(db, link_woocommerce(db, woo), our_address)
    assert checks["webhooks_registered"]["status"] == "failed" and checks["webhooks_registered"]["values"]["no_secret"]


def test_our_webhook_address_not_answering_fails_its_reachability(db, woo):
    checks = checks_of(db, link_woocommerce(db, woo), f"{NOWHERE}/webhooks/webshops/token")
    assert checks["webhook_reachable"]["status"] == "failed" and checks["reachable"]["status"] == "passed"


def test_a_shop_whose_clock_is_ten_minutes_off_fails_the_clock(db, woo, our_address):
    woo.clock_offset_seconds = -600
    checks = checks_of(db, link_woocommerce(db, woo), our_address)
    assert checks["clock"]["status"] == "failed" and checks["clock"]["values"]["seconds"] == pytest.approx(-600, abs=3)


def test_a_shopify_shop_set_up_well_passes_every_check(db, shopify_shop, our_address):
    shopify_shop.add_webhook(our_address, "orders/create")
    checks = checks_of(db, link_shopify(db, shopify_shop, webhook_secret="shpss"), our_address)
    assert statuses(checks) == {name: "passed" for name in CHECKS} | {"tls": "not_applicable"}
    assert checks["api_version"]["values"]["version"] == "Admin API 2024-10"


def test_shopify_scopes_missing_a_version_no_longer_served_and_a_bad_token_each_fail(db, shopify_shop, our_address):
    shopify_shop.scopes = ["read_orders", "read_products", "write_inventory"]
    shopify_shop.served_version = "2025-01"
    webshop = link_shopify(db, shopify_shop)
    checks = checks_of(db, webshop, our_address)
    assert checks["permissions"]["values"]["missing"] == ["write_orders", "write_products"]
    assert checks["api_version"]["status"] == "failed" and checks["api_version"]["values"]["ours"]
    assert checks["webhooks_registered"]["status"] == "failed"
    shopify_shop.access_token = "shpat_other"
    checks = checks_of(db, webshop, our_address)
    assert checks["credentials"]["status"] == "failed" and "Invalid API key" in checks["credentials"]["detail"]


def test_the_last_test_is_kept_with_its_date_for_its_client_only(rpc, woo, our_address):
    webshop = rpc.link_webshop(CUSTOMER, {"platform": "woocommerce", "name": "Acme shop", "url": woo.url,
                                          "consumer_key": woo.consumer_key, "consumer_secret": woo.consumer_secret},
                               "anna")
    assert rpc.get_last_connection_test(CUSTOMER, webshop["idwebshop"]) is None
    rpc.test_webshop_connection(CUSTOMER, webshop["idwebshop"], our_address, "anna")
    woo.revoke_keys()
    second = rpc.test_webshop_connection(CUSTOMER, webshop["idwebshop"], our_address, "bert")
    assert second["passed"] is False and second["tested_by"] == "bert" and second["tested"]
    assert rpc.get_last_connection_test(CUSTOMER, webshop["idwebshop"]) == second
    for call in (lambda: rpc.get_last_connection_test(8, webshop["idwebshop"]),
                 lambda: rpc.test_webshop_connection(8, webshop["idwebshop"], our_address, "mallory")):
        with pytest.raises(RemoteError) as refused:
            call()
        assert refused.value.exc_type == "WebshopNotFound"


def test_a_json_shop_answers_our_endpoint_and_has_no_webhooks_to_ask(db, our_address):
    with FakeJsonShop() as shop:
        webshop = db.change(link_webshop, CUSTOMER, {"platform": "json", "name": "Outlet", "url": shop.url,
                                                     "access_token": shop.access_token}, "anna")
        checks = checks_of(db, webshop, our_address)
        assert statuses(checks) == {name: "passed" for name in CHECKS} | {"tls": "not_applicable",
                                                                          "webhooks_registered": "not_applicable"}
        assert checks["permissions"]["values"]["reads_only"] is True
        shop.access_token = "another"
        assert checks_of(db, webshop, our_address)["credentials"]["status"] == "failed"
