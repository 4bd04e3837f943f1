"""Opting a shop in to stock push, through the API and the portal (webshop_gateway faked)."""
from gateway_fakes import USER_7, csrf_token
from test_webshops_gateway import WEBSHOP, last_call


def test_a_key_switches_stock_push_on_and_bad_bodies_are_refused(client, rpc, customer_headers):
    rpc.answer("webshop_gateway", "get_webshop", WEBSHOP)
    rpc.answer("webshop_gateway", "set_stock_push", {**WEBSHOP, "push_stock": True})
    response = client.put("/api/v1/webshops/4", json={"push_stock": True}, headers=customer_headers)
    assert response.status_code == 200 and response.get_json()["push_stock"] is True
    assert last_call(rpc, "set_stock_push") == (7, 4, True)
    for body, message in (({"push_stock": "yes"}, "push_stock: true or false"), ({"name": "x"}, "name: not a field")):
        refused = client.put("/api/v1/webshops/4", json=body, headers=customer_headers)
        assert refused.status_code == 400 and message in refused.get_json()["error_message"]


def test_the_portal_switches_it_on_the_shops_page(logged_in, rpc):
    rpc.answer("webshop_gateway", "get_webshop", WEBSHOP)
    rpc.answer("webshop_gateway", "list_seen_orders", [])
    page = logged_in.get("/fulfilmentportal/webshops/4").get_data(as_text=True)
    assert 'name="push_stock"' in page and "checked" not in page.split('name="push_stock"')[1][:20]
    rpc.answer("webshop_gateway", "set_stock_push", {**WEBSHOP, "push_stock": True})
    saved = logged_in.post("/fulfilmentportal/webshops/4/stock-push",
                           data={"csrf_token": csrf_token(page), "push_stock": "on"})
    assert saved.status_code == 302 and last_call(rpc, "set_stock_push") == (7, 4, True)
    rpc.answer("webshop_gateway", "get_webshop", {**WEBSHOP, "push_stock": True})
    page = logged_in.get("/fulfilmentportal/webshops/4").get_data(as_text=True)
    assert "Our free stock is now set in Acme shop: the products it has at once, and again whenever it changes." in page


def test_a_user_without_the_webshops_permission_only_reads_the_setting(logged_in, rpc):
    rpc.answer("accounts", "get_session_user", {**USER_7, "permissions": ["ordering"]})
    rpc.answer("webshop_gateway", "get_webshop", {**WEBSHOP, "push_stock": True})
    rpc.answer("webshop_gateway", "list_seen_orders", [])
    page = logged_in.get("/fulfilmentportal/webshops/4").get_data(as_text=True)
    assert 'name="push_stock"' not in page and "Our free stock is set in the shop whenever it changes." in page
    refused = logged_in.post("/fulfilmentportal/webshops/4/stock-push", data={"csrf_token": csrf_token(page)})
    assert refused.status_code == 403


def test_a_shop_is_linked_with_stock_push_on_and_a_non_boolean_is_refused(client, rpc, customer_headers):
    rpc.answer("webshop_gateway", "link_webshop", {**WEBSHOP, "push_stock": True})
    body = {"platform": "woocommerce", "name": "Acme shop", "url": "https://shop.acme.test", "consumer_key": "ck_1",
            "consumer_secret": "cs_2", "push_stock": True}
    response = client.post("/api/v1/webshops", json=body, headers=customer_headers)
    assert response.status_code == 201 and response.get_json()["push_stock"] is True
    assert [call for call in rpc.calls if call[1] == "link_webshop"][-1][2][1]["push_stock"] is True
    refused = client.post("/api/v1/webshops", json={**body, "push_stock": 1}, headers=customer_headers)
    assert refused.status_code == 400 and "push_stock" in refused.get_json()["error_message"]
