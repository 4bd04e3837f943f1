"""Linked webshops through the API and the portal, with webshop_gateway faked by its contract."""
from gateway_fakes import CUSTOMER_7, USER_7, basic_auth, csrf_token

WEBSHOP = {"idwebshop": 4, "idfulfilment_customer": 7, "platform": "woocommerce", "name": "Acme shop",
           "url": "https://shop.acme.test", "created_by": "anna", "created": "2026-12-01T07:00:00+00:00"}
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
