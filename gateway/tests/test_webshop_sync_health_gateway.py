"""The sync-health panel on a shop's page, webshop_gateway faked by its contract."""
from test_webshops_gateway import WEBSHOP

from gateway_fakes import USER_7

FAILING = {**WEBSHOP, "last_error": "The shop refused the credentials (401).", "last_poll": "2026-12-01T10:02:00+00:00",
           "next_poll": "2026-12-01T10:06:00+00:00", "last_success": "2026-12-01T07:00:00+00:00"}
HEALTH = {"idwebshop": 4, "last_success": "2026-12-01T07:00:00+00:00", "last_poll": "2026-12-01T10:02:00+00:00",
          "next_poll": "2026-12-01T10:06:00+00:00", "last_error": FAILING["last_error"], "failing": True,
          "failures_in_a_row": 4, "failures_last_day": 6, "alerted": "2026-12-01T09:58:00+00:00",
          "pending_outbound": {"tracking": 2}, "pending_outbound_total": 2}


def shop_page(logged_in, rpc, health=HEALTH, user=USER_7) -> str:
    rpc.answer("accounts", "get_session_user", user)
    rpc.answer("webshop_gateway", "get_webshop", FAILING)
    rpc.answer("webshop_gateway", "list_seen_orders", [])
    rpc.answer("webshop_gateway", "get_sync_health", health)
    return logged_in.get("/fulfilmentportal/webshops/4").get_data(as_text=True)


def test_the_panel_shows_the_last_success_failures_of_the_day_and_what_waits_for_the_shop(logged_in, rpc):
    page = shop_page(logged_in, rpc)
    assert 'data-testid="sync-health"' in page and "refused the credentials" in page
    assert 'data-testid="failures-last-day">6<' in page
    assert "2 updates:" in page and "tracking codes 2" in page
    assert "You were emailed about it" in page
    assert [call for call in rpc.calls if call[1] == "get_sync_health"][-1][2] == (7, 4)


def test_nothing_waiting_and_no_email_yet_say_so_in_dutch(logged_in, rpc):
    calm = {**HEALTH, "failing": False, "alerted": None, "failures_last_day": 0, "pending_outbound": {"tracking": 0},
            "pending_outbound_total": 0}
    page = shop_page(logged_in, rpc, calm, {**USER_7, "language": "nl"})
    assert "Synchronisatie" in page and ">Niets<" in page and "gemaild" not in page


def test_a_key_reads_the_shops_sync_health_as_the_panel_shows_it(client, rpc, customer_headers):
    rpc.answer("webshop_gateway", "get_webshop", WEBSHOP)
    rpc.answer("webshop_gateway", "get_sync_health", {**HEALTH, "pending_outbound": {"tracking": 2, "stock": 3},
                                                      "pending_outbound_total": 5})
    response = client.get("/api/v1/webshops/4/synchealth", headers=customer_headers)
    assert response.status_code == 200
    health = response.get_json()
    assert (health["last_success"], health["failures_last_day"], health["pending_outbound"]) == (
        "2026-12-01 07:00:00", 6, {"tracking": 2, "stock": 3})
    assert health["alerted"] == "2026-12-01 09:58:00" and health["pending_outbound_total"] == 5
    assert [call for call in rpc.calls if call[1] == "get_sync_health"][-1][2] == (7, 4)


def test_another_clients_shop_has_no_sync_health_and_a_filter_is_refused(client, rpc, customer_headers):
    rpc.answer("webshop_gateway", "get_webshop", error=("WebshopNotFound", "webshop 4 not found"))
    assert client.get("/api/v1/webshops/4/synchealth", headers=customer_headers).status_code == 404
    rpc.answer("webshop_gateway", "get_webshop", WEBSHOP)
    assert client.get("/api/v1/webshops/4/synchealth?failing=1", headers=customer_headers).status_code == 400
    assert not [call for call in rpc.calls if call[1] == "get_sync_health"]
