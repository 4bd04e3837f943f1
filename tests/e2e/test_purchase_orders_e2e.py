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


def purchased(api, url: str, timeout: float = 15, **request):
    """Mark as purchased (or make a stock transfer: POST `request`); purchasing hears of a new
    client's warehouse from accounts' event, a moment after the client was created."""
    deadline = time.monotonic() + timeout
    while True:
        response = api.post(url, **request)
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
    assert again.status_code == 409 and again.json()["error_message"] == "The purchase order has been cancelled."


def wait_until(check, timeout: float = 15):
    deadline = time.monotonic() + timeout
    while not (result := check()) and time.monotonic() < deadline:
        time.sleep(0.2)
    return result


def test_the_warehouse_receives_partly_and_the_stock_fills_a_waiting_backorder(operator, base_url, client):
    api, root, customer_id = client["api"], f"{base_url}/api/v1", client["customer"]["idfulfilment_customer"]
    products = {p["productcode"]: p["idproduct"] for p in api.get(f"{root}/products").json()}
    waiting = api.post(f"{root}/orders", json={
        "deliveryname": "Jan Jansen", "deliveryaddress": "Dorpsstraat 1", "deliveryzipcode": "1234 AB",
        "deliverycity": "Utrecht", "deliverycountry": "NL", "products": [{"productcode": "PO-CAP", "amount": 3}]}).json()
    processed = operator.post(f"{root}/orders/{waiting['idorder']}/process", json={"idwarehouse": client["warehouse"]})
    assert processed.json()["products"][0]["backordered"] == 3
    order = api.post(f"{root}/purchaseorders", json={"supplier_name": "Hanse Textiel", "products": [
        {"productcode": "PO-CAP", "amount": 10}, {"productcode": "PO-CUP", "amount": 4}]}).json()
    url = f"{root}/purchaseorders/{order['idpurchaseorder']}"
    cap, cup = (line["idpurchaseorder_product"] for line in order["products"])
    assert purchased(api, f"{url}/mark-as-purchased").status_code == 200
    refused = api.post(f"{url}/receipts", json={"products": [{"idpurchaseorder_product": cap, "amount": 4}]})
    assert_matches_openapi("POST", "/purchaseorders/{idpurchaseorder}/receipts", refused)
    assert refused.status_code == 403  # only the warehouse receives

    received = operator.post(f"{url}/receipts", headers={"Idempotency-Key": uuid.uuid4().hex},
                             json={"products": [{"idpurchaseorder_product": cap, "amount": 4}], "remarks": "pallet 1"})
    assert_matches_openapi("POST", "/purchaseorders/{idpurchaseorder}/receipts", received)
    assert received.status_code == 201, received.text
    receipt = received.json()
    assert (receipt["amount_received"], receipt["products"][0]["productcode"]) == (4, "PO-CAP")
    # Stock rises in the warehouse for purchase orders, and the waiting order gets it first.
    level = wait_until(lambda: (l := api.get(f"{root}/products/{products['PO-CAP']}/stock/{client['warehouse']}").json())
                       ["stock"] == 4 and l)
    assert (level["stock"], level["reserved"], level["freestock"]) == (4, 3, 1)
    filled = wait_until(lambda: api.get(f"{root}/orders/{waiting['idorder']}").json()["products"][0]["allocated"] == 3)
    assert filled, "the waiting order was not filled by the receipt"
    history = api.get(f"{root}/stockhistory?idproduct={products['PO-CAP']}").json()
    assert [(row["stock_change"], row["reference_type"], row["reference_id"]) for row in history] == [
        (4, "receipt", str(receipt["idreceipt"]))]

    locked = api.get(url).json()
    assert locked["changeable_by_client"] is False
    assert [(l["amount"], l["amountreceived"], l["amount_expected"]) for l in locked["products"]] == [(10, 4, 6), (4, 0, 4)]
    change = api.put(f"{url}/products/{cap}", json={"amount": 12})
    assert change.status_code == 409 and "can no longer be changed" in change.json()["error_message"]

    too_many = operator.post(f"{url}/receipts", json={"products": [{"productcode": "PO-CUP", "amount": 5}]})
    assert too_many.status_code == 400 and "allow_over_receipt" in too_many.json()["error_message"]
    over = operator.post(f"{url}/receipts", json={"products": [{"productcode": "PO-CUP", "amount": 5},
                                                               {"idpurchaseorder_product": cap, "amount": 6}],
                                                  "allow_over_receipt": True})
    assert over.status_code == 201 and [l["amount_excessive"] for l in over.json()["products"]] == [1, 0]
    assert api.get(url).json()["status"] == "received"

    listed = api.get(f"{url}/receipts")
    assert_matches_openapi("GET", "/purchaseorders/{idpurchaseorder}/receipts", listed)
    assert [r["idreceipt"] for r in listed.json()] == [over.json()["idreceipt"], receipt["idreceipt"]]
    completed = wait_until(lambda: api.get(f"{root}/receipts/{receipt['idreceipt']}").json()["status"] == "completed")
    assert completed
    one = api.get(f"{root}/receipts/{receipt['idreceipt']}")
    assert_matches_openapi("GET", "/receipts/{idreceipt}", one)
    everything = api.get(f"{root}/receipts")
    assert_matches_openapi("GET", "/receipts", everything)
    assert client["other_api"].get(f"{root}/receipts/{receipt['idreceipt']}").status_code == 404
    assert client["other_api"].get(f"{root}/receipts").json() == []


def test_nothing_is_received_on_a_cancelled_purchase_order(operator, base_url, client):
    api, root = client["api"], f"{base_url}/api/v1"
    order = api.post(f"{root}/purchaseorders", json={"supplier_name": "Market",
                                                      "products": [{"productcode": "PO-MUG", "amount": 2}]}).json()
    url = f"{root}/purchaseorders/{order['idpurchaseorder']}"
    api.post(f"{url}/cancel")
    refused = operator.post(f"{url}/receipts", json={"products": [{"productcode": "PO-MUG", "amount": 1}]})
    assert (refused.status_code, refused.json()["error_message"]) == (
        409, "The purchase order has been cancelled; nothing can be received on it.")
