"""PUT /fulfilment/customers/{id}, warehouse checks and the customer's portal users."""
import pytest
from test_api import CUSTOMER, error_body

WAREHOUSES = [{"idwarehouse": 1, "name": "Main"}, {"idwarehouse": 2, "name": "Overflow"}]
USER = {"iduser": 4, "idfulfilment_customer": 7, "username": "bram", "emailaddress": "bram@acme.test",
        "language": None, "permissions": ["ordering"], "idwebshops": None, "idwarehouses": [1],
        "active": True, "password_set": False, "last_login_at": None}


def test_operator_updates_a_customer_partially(client, rpc, operator_headers):
    rpc.answer("catalog", "list_warehouses", WAREHOUSES)
    rpc.answer("accounts", "update_customer", {**CUSTOMER, "name": "Acme Outdoor BV"})
    response = client.put("/api/v1/fulfilment/customers/7", json={"name": "Acme Outdoor BV", "idwarehouse_purchaseorders": 2},
                          headers=operator_headers)
    assert response.status_code == 200 and response.get_json()["name"] == "Acme Outdoor BV"
    assert ("accounts", "update_customer", (7, {"name": "Acme Outdoor BV", "idwarehouse_purchaseorders": 2})) in rpc.calls


@pytest.mark.parametrize("method,path,field", [
    ("put", "/api/v1/fulfilment/customers/7", "idwarehouse_purchaseorders"),
    ("post", "/api/v1/fulfilment/customers", "preferred_idwarehouse"),
])
def test_unknown_warehouse_is_refused_naming_the_field_before_anything_is_saved(client, rpc, operator_headers, method, path, field):
    rpc.answer("catalog", "list_warehouses", WAREHOUSES)
    error_body(400, f"{field}: Unknown warehouse 99")(
        getattr(client, method)(path, json={"name": "Acme", field: 99}, headers=operator_headers))
    assert not [call for call in rpc.calls if call[0] == "accounts" and call[1] != "authenticate_api_key"]


def test_users_warehouse_scoping_is_checked_too(client, rpc, operator_headers):
    rpc.answer("catalog", "list_warehouses", WAREHOUSES)
    error_body(400, "idwarehouses: Unknown warehouse 5")(
        client.post("/api/v1/fulfilment/customers/7/users", json={"username": "bram", "idwarehouses": [1, 5]},
                    headers=operator_headers))


def test_operator_adds_and_lists_a_customers_users(client, rpc, operator_headers):
    rpc.answer("accounts", "create_user", USER)
    rpc.answer("accounts", "list_users", [USER])
    created = client.post("/api/v1/fulfilment/customers/7/users",
                          json={"username": "bram", "emailaddress": "bram@acme.test"}, headers=operator_headers)
    assert created.status_code == 201 and created.get_json()["iduser"] == 4
    assert client.get("/api/v1/fulfilment/customers/7/users", headers=operator_headers).get_json() == [USER]


def test_another_customers_user_is_404(client, rpc, operator_headers):
    rpc.answer("accounts", "get_user", error=("UserNotFound", "user 4 not found"))
    error_body(404, "user 4 not found")(client.get("/api/v1/fulfilment/customers/8/users/4", headers=operator_headers))


@pytest.mark.parametrize("method,path", [("put", "/api/v1/fulfilment/customers/7"),
                                         ("get", "/api/v1/fulfilment/customers/7/users"),
                                         ("post", "/api/v1/fulfilment/customers/7/users"),
                                         ("put", "/api/v1/fulfilment/customers/7/users/4")])
def test_customer_keys_cannot_manage_customers_or_users(client, customer_headers, method, path):
    error_body(403, "operator")(getattr(client, method)(path, json={"name": "x"}, headers=customer_headers))


def test_operator_sets_branding_for_all_and_per_customer(client, rpc, operator_headers):
    rpc.answer("accounts", "set_branding", lambda customer_id, data: {"idfulfilment_customer": customer_id, **data})
    assert client.put("/api/v1/fulfilment/branding", json={"text": "Wh"}, headers=operator_headers).get_json()["idfulfilment_customer"] is None
    assert client.put("/api/v1/fulfilment/customers/7/branding", json={"text": "Wh"}, headers=operator_headers).get_json()["idfulfilment_customer"] == 7


def test_logo_that_is_no_image_is_a_400(client, rpc, operator_headers):
    rpc.answer("accounts", "set_branding", error=("InvalidBranding", "logo: Not a PNG, JPEG, GIF or WebP image."))
    error_body(400, "logo:")(client.put("/api/v1/fulfilment/branding", json={"logo": "PHN2Zz4="}, headers=operator_headers))


def test_operator_sets_a_customers_order_rules(client, rpc, operator_headers):
    rules = {"changes_allowed_until": "processing", "process_orders_at_once": True}
    rpc.answer("accounts", "update_customer", {**CUSTOMER, **rules})
    response = client.put("/api/v1/fulfilment/customers/7", json=rules, headers=operator_headers)
    assert response.status_code == 200 and rules.items() <= response.get_json().items()
    assert ("accounts", "update_customer", (7, rules)) in rpc.calls


def test_a_bad_order_rule_is_refused_naming_the_field(client, rpc, operator_headers):
    rpc.answer("accounts", "update_customer",
               error=("InvalidCustomer", "changes_allowed_until: Must be one of: processing, picking."))
    error_body(400, "changes_allowed_until: Must be one of: processing, picking.")(
        client.put("/api/v1/fulfilment/customers/7", json={"changes_allowed_until": "shipped"}, headers=operator_headers))
