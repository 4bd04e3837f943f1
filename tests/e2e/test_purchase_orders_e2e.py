"""Purchase orders over real HTTP: a client announces goods from its own suppliers, changes them,
and they go to its warehouse for purchase orders; the running API matches openapi.yaml."""
import time
import uuid

import pytest
from e2e_api import create_customer, create_product
from openapi_check import assert_matches_openapi


@pytest.fixture(scope="module")
def client(operator, base_url, rpc):
    """A client with a warehouse for purchase orders, three products and an API key of its own;
    a second client with one product and no warehouse for purchase orders."""
    warehouse = rpc.catalog.create_warehouse("Inbound dock")["idwarehouse"]
    mine = create_customer(operator, base_url, idwarehouse_purchaseorders=warehouse)
    other = create_customer(operator, base_url)
    for code in ("PO-MUG", "PO-CUP", "PO-CAP"):
        assert create_product(operator, base_url, mine["idfulfilment_customer"], code).status_code == 201
    assert create_product(operator, base_url, other["idfulfilment_customer"], "PO-OTHER").status_code == 201
    return {"customer": mine, "other": other, "warehouse": warehouse,
            "api": key_session(operator, rpc, mine["idfulfilment_customer"]),
            "other_api": key_session(operator, rpc, other["idfulfilment_customer"])}


def key_session(operator, rpc, customer_id: int):
    session = type(operator)()
    session.auth = (rpc.accounts.create_api_key("customer", customer_id, "erp")["key"], "")
    return session


def purchased(api, url: str, timeout: float = 15):
    """Mark as purchased; purchasing hears of a new client's warehouse from accounts' event, a
    moment after the client was created."""
    deadline = time.monotonic() + timeout
    while True:
        response = api.post(url)
        if response.status_code != 400 or "No warehouse" not in response.text or time.monotonic() > deadline:
            return response
        time.sleep(0.2)


def test_a_client_announces_changes_and_places_a_purchase_order(base_url, client):
    api, root = client["api"], f"{base_url}/api/v1"
    supplier = api.post(f"{root}/suppliers", json={"name": "Hanse Textiel", "emailaddress": "orders@hanse.example"})
    assert_matches_openapi("POST", "/suppliers", supplier)
    listed = api.get(f"{root}/suppliers")
    assert_matches_openapi("GET", "/suppliers", listed)
    assert [row["name"] for row in listed.json()] == ["Hanse Textiel"]
    created = api.post(f"{root}/purchaseorders", headers={"Idempotency-Key": uuid.uuid4().hex}, json={
        "idsupplier": supplier.json()["idsupplier"], "supplier_orderid": "HT-881", "delivery_date": "2026-12-24",
        "products": [{"productcode": "PO-MUG", "amount": 20}, {"productcode": "PO-CUP", "amount": 5}]})
    assert_matches_openapi("POST", "/purchaseorders", created)
    assert created.status_code == 201, created.text
    order = created.json()
    assert (order["status"], order["supplier_name"], order["idwarehouse"]) == ("concept", "Hanse Textiel", None)
    url = f"{root}/purchaseorders/{order['idpurchaseorder']}"
    added = api.post(f"{url}/products", json={"productcode": "PO-CAP", "amount": 2})
    assert_matches_openapi("POST", "/purchaseorders/{idpurchaseorder}/products", added)
    mug, cup, cap = (line["idpurchaseorder_product"] for line in added.json()["products"])
    changed = api.put(f"{url}/products/{mug}", json={"amount": 24})
    assert_matches_openapi("PUT", "/purchaseorders/{idpurchaseorder}/products/{idpurchaseorder_product}", changed)
    removed = api.delete(f"{url}/products/{cup}")
    assert_matches_openapi("DELETE", "/purchaseorders/{idpurchaseorder}/products/{idpurchaseorder_product}", removed)
    details = api.put(url, json={"remarks": "Two pallets"})
    assert_matches_openapi("PUT", "/purchaseorders/{idpurchaseorder}", details)
    placed = purchased(api, f"{url}/mark-as-purchased")
    assert_matches_openapi("POST", "/purchaseorders/{idpurchaseorder}/mark-as-purchased", placed)
    assert placed.status_code == 200, placed.text
    assert (placed.json()["status"], placed.json()["idwarehouse"], placed.json()["remarks"]) == (
        "purchased", client["warehouse"], "Two pallets")
    assert [(line["productcode"], line["amount"], line["amount_expected"]) for line in placed.json()["products"]] == [
        ("PO-MUG", 24, 24), ("PO-CAP", 2, 2)]
    fetched = api.get(url)
    assert_matches_openapi("GET", "/purchaseorders/{idpurchaseorder}", fetched)
    listed = api.get(f"{root}/purchaseorders?status=purchased")
    assert_matches_openapi("GET", "/purchaseorders", listed)
    assert order["idpurchaseorder"] in [row["idpurchaseorder"] for row in listed.json()]


@pytest.mark.parametrize("line,message", [
    ({"productcode": "PO-OTHER", "amount": 1}, "products.0: unknown product (productcode 'PO-OTHER')"),
    ({"productcode": "PO-MUG", "amount": 0}, "products.0.amount: Must be a whole number from 1 to 100000."),
    ({"productcode": "PO-MUG", "amount": -3}, "products.0.amount: Must be a whole number from 1 to 100000."),
    ({"productcode": "PO-MUG", "amount": 2.5}, "products.0.amount: Must be a whole number from 1 to 100000."),
])
def test_bad_lines_are_refused_naming_the_line_and_nothing_is_written(base_url, client, line, message):
    api, root = client["api"], f"{base_url}/api/v1"
    before = len(api.get(f"{root}/purchaseorders").json())
    response = api.post(f"{root}/purchaseorders", json={"supplier_name": "Market", "products": [line]})
    assert_matches_openapi("POST", "/purchaseorders", response)
    assert (response.status_code, response.json()["error_message"]) == (400, message)
    assert len(api.get(f"{root}/purchaseorders").json()) == before


def test_another_client_reaches_nothing_and_a_client_without_a_warehouse_is_told(base_url, client):
    api, other, root = client["api"], client["other_api"], f"{base_url}/api/v1"
    order = api.post(f"{root}/purchaseorders", json={"supplier_name": "Market",
                                                      "products": [{"productcode": "PO-MUG", "amount": 1}]}).json()
    url = f"{root}/purchaseorders/{order['idpurchaseorder']}"
    for response in (other.get(url), other.post(f"{url}/cancel"), other.put(url, json={"remarks": "mine"})):
        assert_matches_openapi(response.request.method, "/purchaseorders/{idpurchaseorder}" + (
            "/cancel" if response.request.url.endswith("/cancel") else ""), response)
        assert response.status_code == 404
    own = other.post(f"{root}/purchaseorders", json={"supplier_name": "Market",
                                                      "products": [{"productcode": "PO-OTHER", "amount": 1}]}).json()
    refused = other.post(f"{root}/purchaseorders/{own['idpurchaseorder']}/mark-as-purchased")
    assert refused.status_code == 400 and "No warehouse for purchase orders" in refused.json()["error_message"]
    cancelled = api.post(f"{url}/cancel")
    assert_matches_openapi("POST", "/purchaseorders/{idpurchaseorder}/cancel", cancelled)
    assert cancelled.json()["status"] == "cancelled"
    again = api.post(f"{url}/products", json={"productcode": "PO-CUP", "amount": 1})
    assert again.status_code == 400 and again.json()["error_message"] == "The purchase order has been cancelled."
