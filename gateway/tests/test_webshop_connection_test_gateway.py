"""A webshop's connection test through the API and the portal, webshop_gateway faked by its
contract: each check worded for the reader, in English and in Dutch."""
from gateway_fakes import USER_7, csrf_token
from test_webshops_gateway import WEBSHOP, last_call

CHECKS = [
    {"name": "reachable", "status": "passed", "detail": "HTTP 200", "values": {}},
    {"name": "tls", "status": "not_applicable", "detail": "http", "values": {"http": True}},
    {"name": "credentials", "status": "passed", "detail": "", "values": {}},
    {"name": "permissions", "status": "failed", "detail": "missing: write_orders",
     "values": {"missing": ["write_orders", "write_products"], "reads_only": False}},
    {"name": "api_version", "status": "passed", "detail": "WooCommerce 9.4.0", "values": {"version": "WooCommerce 9.4.0"}},
    {"name": "webhooks_registered", "status": "failed", "detail": "0 webhook(s)",
     "values": {"webhook_url": "http://localhost/webhooks/webshops/t0ken", "topics": [],
                "needed": ["order.created", "order.updated"]}},
    {"name": "webhook_reachable", "status": "passed", "detail": "HTTP 405", "values": {}},
    {"name": "clock", "status": "failed", "detail": "Date: ...", "values": {"seconds": -600, "allowed": 120}},
]
TEST = {"idconnection_test": 3, "idwebshop": 4, "idfulfilment_customer": 7, "tested": "2026-12-01T10:40:00+00:00",
        "tested_by": "anna", "passed": False, "checks": CHECKS}


def test_a_key_tests_the_connection_and_reads_each_check_explained(client, rpc, customer_headers):
    rpc.answer("webshop_gateway", "get_webshop", WEBSHOP)
    rpc.answer("webshop_gateway", "test_webshop_connection", TEST)
    response = client.post("/api/v1/webshops/4/connectiontest", headers=customer_headers)
    assert response.status_code == 201
    assert last_call(rpc, "test_webshop_connection") == (7, 4, "http://localhost/webhooks/webshops/t0ken",
                                                         "API key shop")
    result = response.get_json()
    assert result["tested"] == "2026-12-01 10:40:00"
    checks = {check["name"]: check for check in result["checks"]}
    assert checks["permissions"]["explanation"] == "The credentials may not: change orders, change products."
    assert "Read/Write" in checks["permissions"]["todo"]
    assert checks["clock"]["explanation"] == "The shop's clock is 600 seconds off ours (more than 120)."
    assert checks["reachable"]["todo"] is None and checks["tls"]["title"] == "Certificate valid (TLS)"
    assert "http://localhost/webhooks/webshops/t0ken" in checks["webhooks_registered"]["todo"]


def test_the_last_test_is_read_and_a_shop_never_tested_answers_404(client, rpc, customer_headers):
    rpc.answer("webshop_gateway", "get_webshop", WEBSHOP)
    rpc.answer("webshop_gateway", "get_last_connection_test", None)
    assert client.get("/api/v1/webshops/4/connectiontest", headers=customer_headers).status_code == 404
    rpc.answer("webshop_gateway", "get_last_connection_test", TEST)
    assert client.get("/api/v1/webshops/4/connectiontest", headers=customer_headers).get_json()["passed"] is False


def test_the_portal_button_runs_the_test_and_the_page_shows_each_check(logged_in, rpc):
    rpc.answer("webshop_gateway", "get_webshop", WEBSHOP)
    rpc.answer("webshop_gateway", "list_seen_orders", [])
    page = logged_in.get("/fulfilmentportal/webshops/4").get_data(as_text=True)
    assert "Not tested yet" in page and 'data-testid="test-connection"' in page
    rpc.answer("webshop_gateway", "test_webshop_connection", TEST)
    ran = logged_in.post("/fulfilmentportal/webshops/4/connection-test", data={"csrf_token": csrf_token(page)})
    assert ran.status_code == 302 and ran.location.endswith("/fulfilmentportal/webshops/4#connection-test")
    assert last_call(rpc, "test_webshop_connection")[:2] == (7, 4)
    rpc.answer("webshop_gateway", "get_last_connection_test", TEST)
    page = logged_in.get("/fulfilmentportal/webshops/4").get_data(as_text=True)
    assert "The connection test found 3 problems." in page
    assert page.count('data-testid="check"') == 8 and page.count('data-status="failed"') == 3
    assert "The shop&#39;s clock is 600 seconds off ours" in page and "What to do:" in page


def test_the_checks_are_explained_in_dutch_to_a_dutch_user(logged_in, rpc):
    rpc.answer("accounts", "get_session_user", {**USER_7, "language": "nl"})
    rpc.answer("webshop_gateway", "get_webshop", WEBSHOP)
    rpc.answer("webshop_gateway", "list_seen_orders", [])
    rpc.answer("webshop_gateway", "get_last_connection_test", TEST)
    page = logged_in.get("/fulfilmentportal/webshops/4").get_data(as_text=True)
    assert "Verbindingstest" in page and "De klok van de shop loopt 600 seconden" in page
    assert "bestellingen wijzigen" in page


def test_a_user_without_the_webshops_permission_cannot_run_the_test(logged_in, rpc):
    rpc.answer("accounts", "get_session_user", {**USER_7, "permissions": ["ordering"]})
    rpc.answer("webshop_gateway", "get_webshop", WEBSHOP)
    rpc.answer("webshop_gateway", "list_seen_orders", [])
    page = logged_in.get("/fulfilmentportal/webshops/4").get_data(as_text=True)
    assert 'data-testid="test-connection"' not in page
    refused = logged_in.post("/fulfilmentportal/webshops/4/connection-test", data={"csrf_token": csrf_token(page)})
    assert refused.status_code == 403
    assert not [call for call in rpc.calls if call[1] == "test_webshop_connection"]
