"""Customers and their portal users through the operator API, and what the portal then does."""
import uuid

from e2e_api import create_customer, portal_login
from openapi_check import assert_matches_openapi

PASSWORD = "lantern-meadow-77"
CUSTOMER_PATH = "/fulfilment/customers/{idfulfilment_customer}"


def test_operator_updates_only_the_given_fields(operator, base_url, rpc):
    warehouse = rpc.catalog.create_warehouse("E2E warehouse")["idwarehouse"]
    customer = create_customer(operator, base_url, can_login=True, username=f"upd-{uuid.uuid4().hex[:6]}",
                               password=PASSWORD)
    url = f"{base_url}/api/v1/fulfilment/customers/{customer['idfulfilment_customer']}"
    response = operator.put(url, json={"name": "Renamed BV", "idwarehouse_purchaseorders": warehouse,
                                       "can_manage_products": True, "notification_email": "ops@renamed.test"})
    assert_matches_openapi("PUT", CUSTOMER_PATH, response)
    assert response.status_code == 200, response.text
    assert response.json() == {**customer, "name": "Renamed BV", "idwarehouse_purchaseorders": warehouse,
                               "can_manage_products": True, "notification_email": "ops@renamed.test"}
    assert operator.get(url).json() == response.json()


def test_unknown_warehouse_and_bad_email_are_400s_naming_the_field(operator, base_url):
    customer = create_customer(operator, base_url)
    url = f"{base_url}/api/v1/fulfilment/customers/{customer['idfulfilment_customer']}"
    for body, field in (({"preferred_idwarehouse": 987654}, "preferred_idwarehouse"),
                        ({"notification_email": "nope"}, "notification_email"),
                        ({"password": "password123"}, "password")):
        response = operator.put(url, json=body)
        assert_matches_openapi("PUT", CUSTOMER_PATH, response)
        assert response.status_code == 400 and field in response.json()["error_message"]
    assert operator.get(url).json() == customer
    assert operator.put(f"{base_url}/api/v1/fulfilment/customers/99999999", json={"name": "x"}).status_code == 404


def test_turning_login_off_locks_the_portal_user_out_at_once(operator, base_url):
    username = f"lock-{uuid.uuid4().hex[:6]}"
    customer = create_customer(operator, base_url, can_login=True, username=username, password=PASSWORD)
    portal = portal_login(base_url, username, PASSWORD)
    operator.put(f"{base_url}/api/v1/fulfilment/customers/{customer['idfulfilment_customer']}", json={"can_login": False})
    response = portal.get(f"{base_url}/fulfilmentportal/", allow_redirects=False)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_operator_adds_users_with_permissions_and_lists_them(operator, base_url):
    customer = create_customer(operator, base_url)
    users_url = f"{base_url}/api/v1/fulfilment/customers/{customer['idfulfilment_customer']}/users"
    created = operator.post(users_url, json={"username": f"u-{uuid.uuid4().hex[:6]}", "password": PASSWORD,
                                             "permissions": ["ordering", "returns"], "idwebshops": [3]})
    assert_matches_openapi("POST", CUSTOMER_PATH + "/users", created)
    assert created.status_code == 201, created.text
    listing = operator.get(users_url)
    assert_matches_openapi("GET", CUSTOMER_PATH + "/users", listing)
    assert listing.json() == [created.json()]
    changed = operator.put(f"{users_url}/{created.json()['iduser']}", json={"active": False})
    assert_matches_openapi("PUT", CUSTOMER_PATH + "/users/{iduser}", changed)
    assert changed.json()["active"] is False
    refused = operator.post(users_url, json={"username": f"v-{uuid.uuid4().hex[:6]}"})
    assert refused.status_code == 400 and "emailaddress" in refused.json()["error_message"]
