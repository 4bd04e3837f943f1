"""Conventions a client library written for Picqer's API relies on."""
import io
import json

import pytest
from gateway_fakes import CUSTOMER_7, OPERATOR, basic_auth

PRODUCT = {"idproduct": 5, "idfulfilment_customer": 7, "productcode": "MUG-1", "name": "Mug", "barcode": None,
           "price": "12.50", "costprice": "4.00", "weight": 180, "minimum_stock": 0, "active": True,
           "created_at": None, "updated_at": None, "stock": [], "freestock": 0}


@pytest.mark.parametrize("content_type", [None, "application/x-www-form-urlencoded", "text/plain"])
def test_a_json_body_is_read_as_json_whatever_its_content_type(client, customer_headers, rpc, content_type):
    rpc.answer("catalog", "create_product", lambda customer_id, body: {**PRODUCT, **body})
    headers = {**customer_headers, **({"Content-Type": content_type} if content_type else {})}
    response = client.post("/api/v1/products", data=json.dumps({"productcode": "MUG-1", "name": "Mug"}),
                           headers=headers)
    assert response.status_code == 201
    assert [call[2] for call in rpc.calls if call[1] == "create_product"] == [(7, {"productcode": "MUG-1", "name": "Mug"})]



def test_a_chunked_json_body_without_a_length_is_read(client, customer_headers, rpc):
    """Only a request announcing no body at all (no length, not chunked) is taken as bodiless."""
    rpc.answer("catalog", "create_product", lambda customer_id, body: {**PRODUCT, **body})
    body = io.BytesIO(json.dumps({"productcode": "MUG-1", "name": "Mug"}).encode())
    response = client.post("/api/v1/products", input_stream=body, headers={**customer_headers, "Transfer-Encoding": "chunked"},
                           environ_overrides={"wsgi.input_terminated": True})  # as gunicorn, which dechunks it
    assert response.status_code == 201 and response.get_json()["productcode"] == "MUG-1"

def test_prices_are_json_numbers(client, customer_headers, rpc):
    rpc.answer("catalog", "get_product", PRODUCT)
    body = client.get("/api/v1/products/5", headers=customer_headers).get_json()
    assert (body["price"], body["costprice"], body["fixedstockprice"]) == (12.5, 4.0, 4.0)


def test_vat_groups_are_picqers_with_percentages_as_numbers(client, customer_headers, rpc):
    rpc.answer("catalog", "list_vat_groups", [{"idvatgroup": 1, "name": "BTW hoog", "percentage": "21.00"},
                                              {"idvatgroup": 3, "name": "BTW 0%", "percentage": "0.00"}])
    assert client.get("/api/v1/vatgroups", headers=customer_headers).get_json() == [
        {"idvatgroup": 1, "name": "BTW hoog", "percentage": 21.0}, {"idvatgroup": 3, "name": "BTW 0%", "percentage": 0.0}]
    assert client.get("/api/v1/vatgroups?idfulfilment_customer=8", headers=customer_headers).status_code == 403


def test_product_filters_reach_the_catalog(client, customer_headers, rpc):
    rpc.answer("catalog", "list_products", [PRODUCT])
    client.get("/api/v1/products?productcode=MUG-1&updated_since=2026-11-01 10:00:00&inactive=false",
               headers=customer_headers)
    assert rpc.calls[-1] == ("catalog", "list_products", (7, 0, None, {
        "active": True, "productcode": "MUG-1", "updated_since": "2026-11-01 10:00:00"}))


def test_order_filters_reach_orders_by_picqers_names(client, customer_headers, rpc):
    rpc.answer("orders", "list_orders", [])
    client.get("/api/v1/orders?orderid=2026000031&reference=SHOP-1&sinceid=30&updated_since=2026-11-01"
               "&sincedate=2026-11-01 10:00:00&status=paused", headers=customer_headers)
    assert rpc.calls[-1] == ("orders", "list_orders", (7, 0, {
        "status": "paused", "created_from": "2026-11-01 10:00:00", "updated_since": "2026-11-01",
        "sinceid": "30", "orderid": "2026000031", "reference": "SHOP-1"}))


@pytest.mark.parametrize("path", ["/api/v1/products?productcode_supplier=X", "/api/v1/orders?idtemplate=4",
                                  "/api/v1/backorders?idshop=1"])
def test_a_filter_the_list_cannot_apply_is_refused_not_ignored(client, customer_headers, rpc, path):
    response = client.get(path, headers=customer_headers)
    assert response.status_code == 400 and "not a filter of this list" in response.get_json()["error_message"]
    assert [call[0] for call in rpc.calls] == ["accounts"]


def test_backorder_ids_are_whole_numbers(client, customer_headers, rpc):
    rpc.answer("orders", "list_backorders", [])
    assert client.get("/api/v1/backorders?idproduct=%C2%B2", headers=customer_headers).status_code == 400
    client.get("/api/v1/backorders?idproduct=5&idorder=31", headers=customer_headers)
    assert rpc.calls[-1] == ("orders", "list_backorders", (7, 0, {"idproduct": 5, "idorder": 31}))


def test_single_backorder_stock_movement_and_warehouse(client, customer_headers, rpc):
    rpc.answer("orders", "list_backorders", lambda customer_id, offset, filters: (
        [{"idbackorder": 4, "created": None}] if filters.get("idbackorder") == 4 else []))
    assert client.get("/api/v1/backorders/4", headers=customer_headers).get_json()["idbackorder"] == 4
    missing = client.get("/api/v1/backorders/5", headers=customer_headers)
    assert (missing.status_code, missing.get_json()["error_code"]) == (404, 20)
    rpc.answer("catalog", "list_stock_history", lambda customer_id, filters, offset, before: (
        [{"idproduct_stock_history": 9, "changed_at": None}] if filters["idproduct_stock_history"] == 9 else []))
    assert client.get("/api/v1/stockhistory/9", headers=customer_headers).get_json()["idproduct_stock_history"] == 9
    assert client.get("/api/v1/stockhistory/8", headers=customer_headers).status_code == 404
    rpc.answer("catalog", "list_warehouses", [{"idwarehouse": 1, "name": "Main"}])
    assert client.get("/api/v1/warehouses/1", headers=customer_headers).get_json() == {"idwarehouse": 1, "name": "Main"}
    assert client.get("/api/v1/warehouses/2", headers=customer_headers).status_code == 404


def test_fields_picqer_documents_are_accepted_renamed_where_we_keep_them_and_dropped_where_we_do_not(
        client, customer_headers, rpc):
    rpc.answer("catalog", "create_product", lambda customer_id, body: {**PRODUCT, **body})
    client.post("/api/v1/products", headers=customer_headers, json={
        "productcode": "MUG-1", "name": "Mug", "price": 12.5, "idvatgroup": 2, "fixedstockprice": 4,
        "description": "A mug", "deliverytime": 3, "unknownfield": 1})
    assert rpc.calls[-1][2] == (7, {"productcode": "MUG-1", "name": "Mug", "price": 12.5, "idvatgroup": 2,
                                    "description": "A mug", "unknownfield": 1, "costprice": 4})
    rpc.answer("orders", "create_order", {"order": {"idorder": 1, "history": [], "comments": [], "products": []},
                                          "created": True})
    client.post("/api/v1/orders", headers=customer_headers, json={
        "reference": "R", "emailaddress": "a@b.example", "invoicename": "A", "idcustomer": 4,
        "products": [{"productcode": "MUG-1", "amount": 1, "price": 9.95, "name": "Mug"}]})
    assert rpc.calls[-1][2][1] == {"reference": "R", "emailaddress": "a@b.example", "invoicename": "A", "idcustomer": 4,
                                   "products": [{"productcode": "MUG-1", "amount": 1, "price": 9.95}]}


def test_users_are_the_clients_portal_users_for_keys_that_may_manage_them(client, customer_headers, rpc):
    user = {"iduser": 4, "username": "anna", "permissions": ["users"], "active": True,
            "last_login_at": "2026-11-30T09:15:00+00:00", "created_at": "2026-11-01T08:00:00+00:00"}
    rpc.answer("accounts", "list_users", [user])
    rpc.answer("accounts", "get_user", user)
    picqers = {**user, "idpacking_station": None, "firstname": None, "lastname": None, "first_name": None,
               "last_name": None, "admin": True, "rights": ["users"], "apikey": None,
               "last_login_at": "2026-11-30 09:15:00", "created_at": "2026-11-01 08:00:00"}
    assert client.get("/api/v1/users", headers=customer_headers).get_json() == [picqers]
    assert client.get("/api/v1/users/4", headers=customer_headers).get_json() == picqers
    assert rpc.calls[-1] == ("accounts", "get_user", (7, 4))
    assert client.get("/api/v1/users?idfulfilment_customer=8", headers=customer_headers).status_code == 403


def test_users_filter_on_active_as_picqers_and_page_by_offset(client, customer_headers, rpc):
    rpc.answer("accounts", "list_users", [{"iduser": n, "username": f"u{n}", "permissions": [], "active": n % 2 == 0}
                                          for n in range(1, 151)])
    ids = lambda query: [u["iduser"] for u in client.get(f"/api/v1/users{query}", headers=customer_headers).get_json()]
    assert ids("?active=true") == list(range(2, 151, 2)) and ids("?active=false") == list(range(1, 151, 2))
    assert len(ids("")) == 100 and ids("?offset=100") == list(range(101, 151))
    assert client.get("/api/v1/users?active=maybe", headers=customer_headers).status_code == 400
    assert client.get("/api/v1/users?firstname=x", headers=customer_headers).status_code == 400


def test_users_me_is_the_keys_maker(client, rpc):
    rpc.answer("accounts", "authenticate_api_key", {**CUSTOMER_7, "permissions": ["ordering"], "made_by_user_id": 4})
    rpc.answer("accounts", "get_user", {"iduser": 4, "username": "anna", "permissions": ["ordering"], "active": True})
    me = client.get("/api/v1/users/me", headers=basic_auth("made-by-anna")).get_json()
    assert (me["iduser"], me["username"], me["admin"], me["rights"]) == (4, "anna", False, ["ordering"])
    assert rpc.calls[-1] == ("accounts", "get_user", (7, 4))  # no 'users' permission needed for oneself


@pytest.mark.parametrize("key, described", [
    (OPERATOR, {"iduser": None, "idfulfilment_customer": None, "username": "warehouse", "admin": True,
                "rights": ["customers", "orders", "products", "purchasing", "stock"],
                "apikey": {"idapikey": 1, "name": "warehouse", "scope": "operator"}}),
    ({**OPERATOR, "scopes": ["stock"]}, {"admin": False, "rights": ["stock"]}),
    ({**CUSTOMER_7, "made_by_user_id": None}, {"iduser": None, "idfulfilment_customer": 7, "admin": False,
                                               "rights": CUSTOMER_7["permissions"],
                                               "apikey": {"idapikey": 2, "name": "shop", "scope": "customer"}}),
])
def test_users_me_for_a_key_no_portal_user_made_describes_the_key(client, rpc, key, described):
    rpc.answer("accounts", "authenticate_api_key", key)
    response = client.get("/api/v1/users/me", headers=basic_auth("some-key"))
    me = response.get_json()
    assert response.status_code == 200 and {name: me[name] for name in described} == described
    assert me["active"] is True and me["firstname"] is None
    assert [call[1] for call in rpc.calls] == ["authenticate_api_key"]


def test_a_key_whose_maker_may_not_manage_users_does_not_read_them(client, rpc):
    rpc.answer("accounts", "authenticate_api_key", {"key_id": 5, "scope": "customer", "customer_id": 7, "name": "k",
                                                    "scopes": None, "permissions": ["ordering"], "warehouse_ids": None})
    response = client.get("/api/v1/users", headers=basic_auth("limited"))
    assert response.status_code == 403 and [call[1] for call in rpc.calls] == ["authenticate_api_key"]


@pytest.mark.parametrize("query,active", [("active=true&inactive=true", True), ("active=false&inactive=true", False),
                                          ("active=true&inactive=false", True)])
def test_active_and_inactive_together_both_apply(client, customer_headers, rpc, query, active):
    rpc.answer("catalog", "list_products", [])
    assert client.get(f"/api/v1/products?{query}", headers=customer_headers).status_code == 200
    assert rpc.calls[-1][2][3] == {"active": active}


def test_inactive_products_only_and_active_ones_only_is_none(client, customer_headers, rpc):
    response = client.get("/api/v1/products?active=false&inactive=false", headers=customer_headers)
    assert (response.status_code, response.get_json()) == (200, [])
    assert not [call for call in rpc.calls if call[0] == "catalog"]
