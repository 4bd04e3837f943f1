"""The REST API as an integration sees it: real HTTP, real services, real broker and databases."""
import uuid

import pytest
import requests
from e2e_api import create_customer, create_product, portal_login
from openapi_check import assert_matches_openapi


@pytest.fixture(scope="module")
def two_customers(operator, base_url, rpc):
    a = create_customer(operator, base_url, can_login=True, username=f"a-{uuid.uuid4().hex[:6]}", password="amber-otter-a1")
    b = create_customer(operator, base_url, can_login=True, username=f"b-{uuid.uuid4().hex[:6]}", password="brass-falcon-b1")
    products = {}
    for customer in (a, b):
        response = create_product(operator, base_url, customer["idfulfilment_customer"], "SHARED-CODE")
        assert response.status_code == 201, response.text
        assert_matches_openapi("POST", "/products", response)
        products[customer["idfulfilment_customer"]] = response.json()
    keys = {c["idfulfilment_customer"]: rpc.accounts.create_api_key("customer", c["idfulfilment_customer"], "shop")["key"]
            for c in (a, b)}
    return a, b, products, keys


def customer_session(key: str) -> requests.Session:
    session = requests.Session()
    session.auth = (key, "")
    return session


def test_operator_creates_a_customer_with_picqer_fields_and_gets_it_back(operator, base_url):
    customer = create_customer(operator, base_url, name="Fulfilling Partners", can_login=True,
                               username=f"partners-{uuid.uuid4().hex[:6]}", password="ue73hjdf893", language="en")
    assert "password" not in customer and customer["can_login"] is True
    response = operator.get(f"{base_url}/api/v1/fulfilment/customers/{customer['idfulfilment_customer']}")
    assert_matches_openapi("GET", "/fulfilment/customers/{idfulfilment_customer}", response)
    assert response.json() == customer


def test_customer_list_is_paged_by_100(operator, base_url):
    response = operator.get(f"{base_url}/api/v1/fulfilment/customers")
    assert_matches_openapi("GET", "/fulfilment/customers", response)
    assert 0 < len(response.json()) <= 100
    assert operator.get(f"{base_url}/api/v1/fulfilment/customers?offset=100000").json() == []


def test_answers_count_against_the_keys_rate_limit_in_redis(operator, base_url):
    first, second = (operator.get(f"{base_url}/api/v1/warehouses") for _ in range(2))
    assert first.headers["X-RateLimit-Limit"] == "1000000"  # RATE_LIMITS_FOR_TESTS
    assert int(second.headers["X-RateLimit-Remaining"]) < int(first.headers["X-RateLimit-Remaining"])


def test_bad_customer_input_is_a_400_naming_the_field(operator, base_url):
    response = operator.post(f"{base_url}/api/v1/fulfilment/customers", json={"language": "fr"})
    assert_matches_openapi("POST", "/fulfilment/customers", response)
    assert response.status_code == 400
    assert "name" in response.json()["error_message"] and "language" in response.json()["error_message"]


def test_two_customers_may_have_a_login_of_one_name_and_each_signs_in_with_its_own_password(operator, base_url):
    username = f"dup-{uuid.uuid4().hex[:6]}"
    first = create_customer(operator, base_url, can_login=True, username=username, password="dune-marigold-1")
    response = operator.post(f"{base_url}/api/v1/fulfilment/customers",
                             json={"name": "Other", "can_login": True, "username": username.upper(), "password": "dune-marigold-2"})
    assert response.status_code == 201, response.text
    for customer, password in ((first, "dune-marigold-1"), (response.json(), "dune-marigold-2")):
        home = portal_login(base_url, username, password).get(f"{base_url}/fulfilmentportal/")
        assert customer["name"] in home.text


def test_duplicate_product_code_is_refused_for_the_same_customer(operator, base_url, two_customers):
    a, _, _, _ = two_customers
    response = create_product(operator, base_url, a["idfulfilment_customer"], "SHARED-CODE")
    assert_matches_openapi("POST", "/products", response)
    assert response.status_code == 400 and "SHARED-CODE" in response.json()["error_message"]


def test_customer_key_sees_only_its_own_products(base_url, two_customers):
    a, b, products, keys = two_customers
    session = customer_session(keys[a["idfulfilment_customer"]])
    response = session.get(f"{base_url}/api/v1/products")
    assert_matches_openapi("GET", "/products", response)
    assert [p["idproduct"] for p in response.json()] == [products[a["idfulfilment_customer"]]["idproduct"]]


def test_customer_key_gets_404_for_another_customers_product(base_url, two_customers):
    a, b, products, keys = two_customers
    session = customer_session(keys[a["idfulfilment_customer"]])
    theirs = products[b["idfulfilment_customer"]]["idproduct"]
    response = session.get(f"{base_url}/api/v1/products/{theirs}")
    assert_matches_openapi("GET", "/products/{idproduct}", response)
    assert response.status_code == 404
    missing = session.get(f"{base_url}/api/v1/products/99999999")
    assert missing.status_code == 404 and missing.json()["error_message"] == response.json()["error_message"].replace(str(theirs), "99999999")


def test_customer_key_cannot_act_for_another_customer(base_url, two_customers):
    a, b, _, keys = two_customers
    session = customer_session(keys[a["idfulfilment_customer"]])
    listing = session.get(f"{base_url}/api/v1/products?idfulfilment_customer={b['idfulfilment_customer']}")
    creating = session.post(f"{base_url}/api/v1/products",
                            json={"idfulfilment_customer": b["idfulfilment_customer"], "productcode": "X", "name": "X"})
    assert listing.status_code == creating.status_code == 403
    assert session.get(f"{base_url}/api/v1/fulfilment/customers").status_code == 403


def test_operator_sees_every_customers_products_and_filters_by_customer(operator, base_url, two_customers):
    a, b, products, _ = two_customers
    everything = {p["idproduct"] for p in operator.get(f"{base_url}/api/v1/products").json()}
    assert {p["idproduct"] for p in products.values()} <= everything
    only_b = operator.get(f"{base_url}/api/v1/products?idfulfilment_customer={b['idfulfilment_customer']}").json()
    assert [p["idproduct"] for p in only_b] == [products[b["idfulfilment_customer"]]["idproduct"]]
    one = operator.get(f"{base_url}/api/v1/products/{products[a['idfulfilment_customer']]['idproduct']}")
    assert_matches_openapi("GET", "/products/{idproduct}", one)
    assert one.json()["idfulfilment_customer"] == a["idfulfilment_customer"]


def test_wrong_or_missing_key_is_401(base_url):
    assert requests.get(f"{base_url}/api/v1/products").status_code == 401
    response = requests.get(f"{base_url}/api/v1/products", auth=("not-a-key", ""))
    assert_matches_openapi("GET", "/products", response)
    assert response.status_code == 401


def test_health_tells_the_public_up_and_the_operator_every_service(base_url, operator):
    assert requests.get(f"{base_url}/healthz").json() == {"status": "ok"}
    body = operator.get(f"{base_url}/healthz").json()
    assert body["status"] == "ok"
    assert set(body["services"]) == {"accounts", "catalog", "orders", "purchasing", "webshop_gateway"}
