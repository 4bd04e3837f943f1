"""Linked webshops through the API and the portal, with webshop_gateway faked by its contract."""
import pytest
from gateway_fakes import CUSTOMER_7, USER_7, basic_auth, csrf_token
from test_orders_gateway import ORDER

WEBSHOP = {"idwebshop": 4, "idfulfilment_customer": 7, "platform": "woocommerce", "name": "Acme shop",
           "url": "https://shop.acme.test", "created_by": "anna", "created": "2026-12-01T07:00:00+00:00",
           "last_poll": None, "last_success": None, "last_error": None, "next_poll": None, "webhook_token": "t0ken",
           "webhook_problem": None, "webhook_problem_at": None}


def last_call(rpc, method: str) -> tuple:
    """The arguments of the last call of a webshop_gateway method (the portal also asks accounts)."""
    return [args for service, called, args in rpc.calls if called == method][-1]


LINK = {"platform": "woocommerce", "name": "Acme shop", "url": "https://shop.acme.test",
        "consumer_key": "ck_1", "consumer_secret": "cs_2"}


def test_a_customer_key_links_a_shop_and_reads_it_without_credentials(client, rpc, customer_headers):
    rpc.answer("webshop_gateway", "link_webshop", WEBSHOP)
    response = client.post("/api/v1/webshops", json=LINK, headers=customer_headers)
    assert response.status_code == 201 and response.get_json()["created"] == "2026-12-01 07:00:00"
    assert rpc.calls[-1] == ("webshop_gateway", "link_webshop", (7, LINK, "API key shop"))
    rpc.answer("webshop_gateway", "list_webshops", [WEBSHOP])
    assert client.get("/api/v1/webshops", headers=customer_headers).get_json()[0]["idwebshop"] == 4
    assert rpc.calls[-1] == ("webshop_gateway", "list_webshops", (7, None))


def test_bad_input_answers_400_naming_the_field(client, rpc, customer_headers):
    rpc.answer("webshop_gateway", "link_webshop", error=("InvalidWebshop", "consumer_secret: Required for a "
                                                                            "woocommerce shop."))
    response = client.post("/api/v1/webshops", json={**LINK, "consumer_secret": None}, headers=customer_headers)
    assert response.status_code == 400 and "consumer_secret" in response.get_json()["error_message"]


def test_a_key_without_the_webshops_permission_cannot_link(client, rpc):
    rpc.answer("accounts", "authenticate_api_key", {**CUSTOMER_7, "permissions": ["ordering"]})
    response = client.post("/api/v1/webshops", json=LINK, headers=basic_auth("orders-only"))
    assert response.status_code == 403 and "webshops" in response.get_json()["error_message"]


def test_a_key_limited_to_other_webshops_finds_none_of_this_one(client, rpc):
    rpc.answer("accounts", "authenticate_api_key", {**CUSTOMER_7, "webshop_ids": [9]})
    rpc.answer("webshop_gateway", "get_webshop", WEBSHOP)
    assert client.get("/api/v1/webshops/4", headers=basic_auth("scoped")).status_code == 404
    assert client.delete("/api/v1/webshops/4", headers=basic_auth("scoped")).status_code == 404
    rpc.answer("webshop_gateway", "list_webshops", [])
    client.get("/api/v1/webshops", headers=basic_auth("scoped"))
    assert rpc.calls[-1] == ("webshop_gateway", "list_webshops", (7, [9]))


def test_the_operator_unlinks_any_clients_shop(client, rpc, operator_headers):
    rpc.answer("webshop_gateway", "get_webshop_of_any_customer", WEBSHOP)
    rpc.answer("webshop_gateway", "unlink_webshop", WEBSHOP)
    assert client.delete("/api/v1/webshops/4", headers=operator_headers).status_code == 200
    assert rpc.calls[-1] == ("webshop_gateway", "unlink_webshop", (7, 4, "API key warehouse"))


def test_the_portal_links_a_shop_and_shows_a_refused_field_at_its_place(logged_in, rpc):
    rpc.answer("webshop_gateway", "list_webshops", [])
    page = logged_in.get("/fulfilmentportal/webshops").get_data(as_text=True)
    assert "Link a webshop" in page
    rpc.answer("webshop_gateway", "link_webshop", error=("InvalidWebshop", "url: Not a valid URL."))
    form = {"csrf_token": csrf_token(page), "platform": "woocommerce", "name": "Acme shop", "url": "shop",
            "consumer_key": "ck_1", "consumer_secret": "cs_2", "access_token": ""}
    refused = logged_in.post("/fulfilmentportal/webshops", data=form)
    assert refused.status_code == 400 and "Not a valid address" in refused.get_data(as_text=True)
    assert last_call(rpc, "link_webshop")[1] == {"platform": "woocommerce", "name": "Acme shop", "url": "shop",
                                   "consumer_key": "ck_1", "consumer_secret": "cs_2"}
    rpc.answer("webshop_gateway", "link_webshop", WEBSHOP)
    linked = logged_in.post("/fulfilmentportal/webshops", data={**form, "url": "https://shop.acme.test"})
    assert linked.status_code == 302 and linked.location.endswith("/fulfilmentportal/webshops/4")


def test_a_portal_user_limited_to_other_webshops_gets_a_404(logged_in, rpc):
    rpc.answer("accounts", "get_session_user", {**USER_7, "webshop_ids": [9]})
    rpc.answer("webshop_gateway", "get_webshop", WEBSHOP)
    assert logged_in.get("/fulfilmentportal/webshops/4").status_code == 404
    rpc.answer("webshop_gateway", "list_webshops", [])
    logged_in.get("/fulfilmentportal/webshops")
    assert last_call(rpc, "list_webshops") == (7, [9])


def test_a_portal_user_without_the_permission_sees_shops_but_cannot_link(logged_in, rpc):
    rpc.answer("accounts", "get_session_user", {**USER_7, "permissions": ["ordering"]})
    rpc.answer("webshop_gateway", "list_webshops", [WEBSHOP])
    page = logged_in.get("/fulfilmentportal/webshops").get_data(as_text=True)
    assert "Acme shop" in page and "Link a webshop" not in page
    assert logged_in.post("/fulfilmentportal/webshops", data={}).status_code in (400, 403)


SEEN = {"idseen_order": 12, "idwebshop": 4, "idfulfilment_customer": 7, "external_id": "701", "reference": "701",
        "shop_status": "processing", "outcome": "failed", "reason": 'Unknown SKU "LAMP-9": add a product with this '
        "product code here (or correct the SKU in the shop), then retry.", "idorder": None, "times_seen": 2,
        "first_seen": "2026-12-01T07:00:00+00:00", "last_seen": "2026-12-01T07:01:00+00:00",
        "outcome_at": "2026-12-01T07:00:00+00:00"}


def test_a_key_reads_the_orders_a_shop_sent_and_retries_a_failed_one(client, rpc, customer_headers):
    rpc.answer("webshop_gateway", "get_webshop", WEBSHOP)
    rpc.answer("webshop_gateway", "list_seen_orders", [SEEN])
    response = client.get("/api/v1/webshops/4/seenorders?outcome=failed", headers=customer_headers)
    assert response.status_code == 200 and response.get_json()[0]["first_seen"] == "2026-12-01 07:00:00"
    assert last_call(rpc, "list_seen_orders") == (7, 4, 0, "failed")
    rpc.answer("webshop_gateway", "retry_seen_order", {**SEEN, "outcome": "imported", "idorder": 31, "reason": None})
    retried = client.post("/api/v1/webshops/4/seenorders/12/retry", headers=customer_headers)
    assert retried.status_code == 200 and retried.get_json()["idorder"] == 31
    assert last_call(rpc, "retry_seen_order") == (7, 4, 12)


def test_the_portal_shows_each_order_seen_with_its_outcome_and_retries_a_failed_one(logged_in, rpc):
    rpc.answer("webshop_gateway", "get_webshop", {**WEBSHOP, "last_error": "The shop did not answer within 10 "
                                                  "seconds.", "last_poll": "2026-12-01T07:02:00+00:00",
                                                  "next_poll": "2026-12-01T07:04:00+00:00", "last_success": None})
    rpc.answer("webshop_gateway", "list_seen_orders", [SEEN, {**SEEN, "idseen_order": 13, "reference": "702",
                                                               "outcome": "imported", "idorder": 31, "reason": None}])
    page = logged_in.get("/fulfilmentportal/webshops/4").get_data(as_text=True)
    assert 'Unknown SKU "LAMP-9"' in page.replace("&#34;", '"') and "/fulfilmentportal/orders/31" in page
    assert "did not answer within 10 seconds" in page and page.count(">Retry</button>") == 1
    rpc.answer("webshop_gateway", "retry_seen_order", {**SEEN, "outcome": "imported", "idorder": 32, "reason": None})
    retried = logged_in.post("/fulfilmentportal/webshops/4/seen-orders/12/retry", data={"csrf_token": csrf_token(page)})
    assert retried.status_code == 302 and last_call(rpc, "retry_seen_order") == (7, 4, 12)
    assert "Order 701 has been imported" in logged_in.get("/fulfilmentportal/webshops/4").get_data(as_text=True)


def test_a_shops_webhook_goes_on_as_it_came_and_a_refusal_answers_401(client, rpc):
    rpc.answer("webshop_gateway", "receive_webhook", {"received": "order", "external_id": "701"})
    body = b'{"id": 701}'
    headers = {"X-WC-Webhook-Signature": "c2lnbmVk", "X-WC-Webhook-Topic": "order.created", "Cookie": "a=b"}
    response = client.post("/webhooks/webshops/tok3n", data=body, headers=headers, content_type="application/json")
    assert response.status_code == 200 and response.get_json()["external_id"] == "701"
    assert last_call(rpc, "receive_webhook") == ("tok3n", {"X-Wc-Webhook-Signature": "c2lnbmVk",
                                                           "X-Wc-Webhook-Topic": "order.created"}, "eyJpZCI6IDcwMX0=")
    rpc.answer("webshop_gateway", "receive_webhook", error=("WebhookRefused", "A webhook arrived whose signature "
                                                                              "does not match"))
    refused = client.post("/webhooks/webshops/tok3n", data=body)
    assert refused.status_code == 401 and "does not match" in refused.get_json()["error_message"]


def test_a_shop_shows_its_webhook_address_not_its_token(client, rpc, customer_headers):
    rpc.answer("webshop_gateway", "get_webshop", {**WEBSHOP, "webhook_token": "tok3n"})
    shown = client.get("/api/v1/webshops/4", headers=customer_headers).get_json()
    assert shown["webhook_url"] == "http://localhost/webhooks/webshops/tok3n" and "webhook_token" not in shown


def test_a_key_limited_to_other_webshops_sees_orders_from_its_shops_or_none(client, rpc):
    rpc.answer("accounts", "authenticate_api_key", {**CUSTOMER_7, "webshop_ids": [9]})
    rpc.answer("orders", "get_order", {**ORDER, "source": "webshop", "idwebshop": 4})
    assert client.get("/api/v1/orders/31", headers=basic_auth("scoped")).status_code == 404
    rpc.answer("orders", "get_order", {**ORDER, "idwebshop": None})
    assert client.get("/api/v1/orders/31", headers=basic_auth("scoped")).status_code == 200
    for path, method in (("/api/v1/orders", "list_orders"), ("/api/v1/backorders", "list_backorders"),
                         ("/api/v1/shipments", "list_shipments")):
        rpc.answer("orders", method, [])
        assert client.get(path, headers=basic_auth("scoped")).status_code == 200
        assert last_call(rpc, method)[2]["idwebshops"] == [9]


def test_a_portal_user_limited_to_other_webshops_does_not_find_their_orders(logged_in, rpc):
    rpc.answer("accounts", "get_session_user", {**USER_7, "webshop_ids": [9]})
    rpc.answer("orders", "get_order", {**ORDER, "source": "webshop", "idwebshop": 4})
    assert logged_in.get("/fulfilmentportal/orders/31").status_code == 404
    for path, method in (("/fulfilmentportal/orders", "list_orders"), ("/fulfilmentportal/backorders",
                                                                        "list_backorders"),
                         ("/fulfilmentportal/shipments", "list_shipments")):
        rpc.answer("orders", method, [])
        assert logged_in.get(path).status_code == 200
        assert last_call(rpc, method)[2]["idwebshops"] == [9]


UPDATE = {"idshop_update": 3, "idwebshop": 4, "idfulfilment_customer": 7, "idseen_order": 12, "idorder": 31,
          "idshipment": 8, "external_id": "701", "reference": "701", "carrier": "PostNL", "trackingcode": "3SDEMO0001",
          "tracktraceurl": "https://postnl.example/3SDEMO0001", "status": "failed", "attempts": 1,
          "last_error": "The shop does not know this order (404): was it deleted in the shop?; then add tracking code "
                        "3SDEMO0001 (PostNL) to order 701 in the shop.",
          "send_after": "2026-12-01T07:05:05+00:00", "next_attempt": "2026-12-01T07:05:05+00:00", "sent": None,
          "created": "2026-12-01T07:00:00+00:00"}


def test_a_key_reads_what_went_back_to_its_shop(client, rpc, customer_headers):
    rpc.answer("webshop_gateway", "get_webshop", WEBSHOP)
    rpc.answer("webshop_gateway", "list_shop_updates", [UPDATE])
    response = client.get("/api/v1/webshops/4/shopupdates?offset=100", headers=customer_headers)
    assert response.status_code == 200 and response.get_json()[0]["send_after"] == "2026-12-01 07:05:05"
    assert last_call(rpc, "list_shop_updates") == (7, 4, 100)


def test_the_portal_shows_the_tracking_codes_sent_and_why_one_failed(logged_in, rpc):
    rpc.answer("webshop_gateway", "get_webshop", WEBSHOP)
    rpc.answer("webshop_gateway", "list_shop_updates", [
        UPDATE, {**UPDATE, "idshop_update": 4, "trackingcode": "3SDEMO0002", "status": "sent", "last_error": None,
                 "sent": "2026-12-01T07:06:00+00:00"}])
    page = logged_in.get("/fulfilmentportal/webshops/4").get_data(as_text=True)
    assert 'data-status="failed"' in page and "add tracking code 3SDEMO0001 (PostNL) to order 701" in page
    assert 'data-status="sent"' in page and ">3SDEMO0002</a>" in page
    assert last_call(rpc, "list_shop_updates") == (7, 4, 0)


def test_a_key_sends_a_failed_update_again_and_a_withdrawn_parcel_is_409(client, rpc, customer_headers):
    rpc.answer("webshop_gateway", "get_webshop", WEBSHOP)
    rpc.answer("webshop_gateway", "retry_shop_update", {**UPDATE, "status": "waiting"})
    response = client.post("/api/v1/webshops/4/shopupdates/3/retry", headers=customer_headers)
    assert response.status_code == 200 and response.get_json()["status"] == "waiting"
    assert response.get_json()["next_attempt"] == "2026-12-01 07:05:05"
    assert last_call(rpc, "retry_shop_update") == (7, 4, 3)
    rpc.answer("webshop_gateway", "retry_shop_update", error=("ShopUpdateNotRetryable", "its parcel was withdrawn"))
    refused = client.post("/api/v1/webshops/4/shopupdates/3/retry", headers=customer_headers)
    assert refused.status_code == 409 and refused.get_json()["error_code"] == 21
    rpc.answer("webshop_gateway", "retry_shop_update", error=("ShopUpdateNotFound", "shop update 3 not found"))
    assert client.post("/api/v1/webshops/4/shopupdates/3/retry", headers=customer_headers).status_code == 404


def test_a_key_without_the_webshops_permission_cannot_send_an_update_again(client, rpc):
    rpc.answer("accounts", "authenticate_api_key", {**CUSTOMER_7, "permissions": ["ordering"]})
    response = client.post("/api/v1/webshops/4/shopupdates/3/retry", headers=basic_auth("orders-only"))
    assert response.status_code == 403 and not [call for call in rpc.calls if call[1] == "retry_shop_update"]


def test_the_portal_sends_a_failed_tracking_code_again_with_its_button(logged_in, rpc):
    rpc.answer("webshop_gateway", "get_webshop", WEBSHOP)
    rpc.answer("webshop_gateway", "list_shop_updates", [
        UPDATE, {**UPDATE, "idshop_update": 4, "status": "sent", "last_error": None, "sent": "2026-12-01T07:06:00+00:00"}])
    page = logged_in.get("/fulfilmentportal/webshops/4").get_data(as_text=True)
    assert page.count(">Send again</button>") == 1 and "/shop-updates/3/retry" in page
    rpc.answer("webshop_gateway", "retry_shop_update", {**UPDATE, "status": "waiting"})
    sent = logged_in.post("/fulfilmentportal/webshops/4/shop-updates/3/retry", data={"csrf_token": csrf_token(page)})
    assert sent.status_code == 302 and sent.headers["Location"].endswith("#shop-updates")
    assert last_call(rpc, "retry_shop_update") == (7, 4, 3)
    assert "Tracking code 3SDEMO0001 of order 701 is sent to the shop again" in logged_in.get(
        "/fulfilmentportal/webshops/4").get_data(as_text=True)


def test_the_portal_refuses_sending_again_without_a_csrf_token_or_the_permission(logged_in, rpc):
    rpc.answer("webshop_gateway", "get_webshop", WEBSHOP)
    logged_in.post("/fulfilmentportal/webshops/4/shop-updates/3/retry", data={})
    assert not [call for call in rpc.calls if call[1] == "retry_shop_update"]
    rpc.answer("accounts", "get_session_user", {**USER_7, "permissions": ["ordering"]})
    rpc.answer("webshop_gateway", "list_shop_updates", [UPDATE])
    page = logged_in.get("/fulfilmentportal/webshops/4").get_data(as_text=True)
    assert "Send again" not in page
    refused = logged_in.post("/fulfilmentportal/webshops/4/shop-updates/3/retry", data={"csrf_token": csrf_token(page)})
    assert refused.status_code == 403 and not [call for call in rpc.calls if call[1] == "retry_shop_update"]


def test_the_portal_says_in_dutch_that_a_withdrawn_parcel_is_not_sent(logged_in, rpc):
    rpc.answer("accounts", "get_session_user", {**USER_7, "language": "nl"})
    rpc.answer("webshop_gateway", "get_webshop", WEBSHOP)
    rpc.answer("webshop_gateway", "list_shop_updates", [UPDATE])
    page = logged_in.get("/fulfilmentportal/webshops/4").get_data(as_text=True)
    assert ">Opnieuw versturen</button>" in page
    rpc.answer("webshop_gateway", "retry_shop_update", error=("ShopUpdateNotRetryable", "withdrawn"))
    logged_in.post("/fulfilmentportal/webshops/4/shop-updates/3/retry", data={"csrf_token": csrf_token(page)})
    assert "zending is ingetrokken" in logged_in.get("/fulfilmentportal/webshops/4").get_data(as_text=True)


@pytest.mark.parametrize("offset,status,count", [("1", 200, 0), ("0", 200, 1), ("2147483648", 400, None), ("-1", 400, None)])
def test_a_clients_webshops_are_paged_by_offset_too(client, customer_headers, rpc, offset, status, count):
    rpc.answer("webshop_gateway", "list_webshops", [WEBSHOP])
    response = client.get(f"/api/v1/webshops?offset={offset}", headers=customer_headers)
    assert response.status_code == status
    assert count is None or len(response.get_json()) == count
