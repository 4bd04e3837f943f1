"""The warehouse's picklists over real HTTP, every answer checked against the OpenAPI file:
processing makes a picklist, the warehouse picks part of it and closes it, the rest waits as a
backorder with the reason, a receipt fills it onto a second picklist, and the order completes.
The stock history shows every movement."""
import time
import uuid

import pytest
from e2e_api import create_customer, create_product
from openapi_check import assert_matches_openapi

ADDRESS = {"deliveryname": "Jan Jansen", "deliveryaddress": "Dorpsstraat 1", "deliveryzipcode": "1234 AB",
           "deliverycity": "Utrecht", "deliverycountry": "NL"}


@pytest.fixture(scope="module")
def warehouse(rpc) -> int:
    return rpc.catalog.create_warehouse(f"Picking {uuid.uuid4().hex[:6]}")["idwarehouse"]


@pytest.fixture
def shop(operator, base_url, warehouse, rpc):
    """A client with two products in stock (5 mats, 1 cap) and an API key of its own."""
    customer = create_customer(operator, base_url, preferred_idwarehouse=warehouse)["idfulfilment_customer"]
    products = {}
    for code, stock in (("PICK-MAT", 5), ("PICK-CAP", 1)):
        code = f"{code}-{uuid.uuid4().hex[:4]}"
        product = create_product(operator, base_url, customer, code).json()
        received = operator.post(f"{base_url}/api/v1/products/{product['idproduct']}/stock/{warehouse}",
                                 json={"change": stock, "reason": "first receipt"})
        assert received.status_code == 201, received.text
        products[code.rsplit("-", 1)[0]] = product
    key = rpc.accounts.create_api_key("customer", customer, "picklist shop")["key"]
    return {"customer": customer, "products": products, "key": key}


def checked(method: str, path: str, response, status: int = 200):
    assert_matches_openapi(method, path, response)
    assert response.status_code == status, response.text
    return response.json()


def processed_order(operator, base_url, shop, mats: int, caps: int) -> dict:
    order = checked("POST", "/orders", operator.post(f"{base_url}/api/v1/orders", json={
        **ADDRESS, "idfulfilment_customer": shop["customer"], "reference": f"PICK-{uuid.uuid4().hex[:6]}",
        "products": [{"idproduct": shop["products"]["PICK-MAT"]["idproduct"], "amount": mats},
                     {"idproduct": shop["products"]["PICK-CAP"]["idproduct"], "amount": caps}]}), 201)
    return checked("POST", "/orders/{idorder}/process",
                   operator.post(f"{base_url}/api/v1/orders/{order['idorder']}/process", json={}))


def picklists(operator, base_url, order: dict, **filters) -> list[dict]:
    return checked("GET", "/picklists", operator.get(f"{base_url}/api/v1/picklists",
                                                     params={"idorder": order["idorder"], **filters}))


def test_a_partly_picked_order_ships_its_rest_on_a_second_picklist(operator, base_url, shop, warehouse):
    api, mat, cap = f"{base_url}/api/v1", shop["products"]["PICK-MAT"], shop["products"]["PICK-CAP"]
    order = processed_order(operator, base_url, shop, mats=5, caps=1)
    [first] = picklists(operator, base_url, order)
    assert (first["status"], first["totalproducts"]) == ("new", 6)

    picked = checked("POST", "/picklists/{idpicklist}/pick", operator.post(
        f"{api}/picklists/{first['idpicklist']}/pick", json={"product": mat["productcode"], "amount": 3}))
    checked("POST", "/picklists/{idpicklist}/pick", operator.post(
        f"{api}/picklists/{first['idpicklist']}/pick", json={"product": cap["idproduct"]}))
    assert picked["totalpicked"] == 3
    too_many = operator.post(f"{api}/picklists/{first['idpicklist']}/pick", json={"product": mat["idproduct"], "amount": 3})
    assert checked("POST", "/picklists/{idpicklist}/pick", too_many, 400)["error_message"].endswith("3 more is too many")
    cancel = operator.delete(f"{api}/orders/{order['idorder']}")
    assert "already picking" in checked("DELETE", "/orders/{idorder}", cancel, 409)["error_message"]

    closed = checked("POST", "/picklists/{idpicklist}/close", operator.post(
        f"{api}/picklists/{first['idpicklist']}/close", json={"reason": "two were damaged"}))
    assert (closed["status"], closed["reason"], closed["stock_consumption"]) == ("closed", "two were damaged", "recorded")
    after = checked("GET", "/orders/{idorder}", operator.get(f"{api}/orders/{order['idorder']}"))
    assert after["status"] == "processing"
    assert [(line["shipped"], line["allocated"], line["backordered"]) for line in after["products"]] == [
        (3, 0, 2), (1, 0, 0)]
    [backorder] = checked("GET", "/orders/{idorder}/backorders", operator.get(f"{api}/orders/{order['idorder']}/backorders"))
    assert backorder["reason"] == f"not picked on picklist {first['picklistid']}: two were damaged"
    stock = checked("GET", "/stockhistory", operator.get(f"{api}/stockhistory", params={"idproduct": mat["idproduct"]}))
    assert (stock[0]["stock_change"], stock[0]["new_stock"], stock[0]["reference_type"], stock[0]["reference_id"],
            stock[0]["reason"]) == (-5, 0, "picklist", str(first["idpicklist"]),
                                    f"picklist {first['picklistid']}: 3 shipped, 2 not picked (two were damaged)")

    operator.post(f"{api}/products/{mat['idproduct']}/stock/{warehouse}", json={"change": 2, "reason": "receipt"})
    second = wait_for_new_picklist(operator, base_url, order)
    assert [(line["idproduct"], line["amount"]) for line in second["products"]] == [(mat["idproduct"], 2)]
    checked("POST", "/picklists/{idpicklist}/pickall", operator.post(f"{api}/picklists/{second['idpicklist']}/pickall"))
    checked("POST", "/picklists/{idpicklist}/close", operator.post(f"{api}/picklists/{second['idpicklist']}/close"))
    done = checked("GET", "/orders/{idorder}", operator.get(f"{api}/orders/{order['idorder']}"))
    assert done["status"] == "completed" and [line["shipped"] for line in done["products"]] == [5, 1]
    history = operator.get(f"{api}/stockhistory", params={"idproduct": mat["idproduct"]}).json()
    assert [(row["stock_change"], row["reference_type"]) for row in history] == [
        (-2, "picklist"), (2, None), (-5, "picklist"), (5, None)]


def wait_for_new_picklist(operator, base_url, order: dict, timeout: float = 10) -> dict:
    """Catalog serves the backorder as the receipt commits and announces it; orders makes its picklist."""
    deadline = time.monotonic() + timeout
    while not (waiting := picklists(operator, base_url, order, status="new")):
        assert time.monotonic() < deadline, "no picklist for the filled backorder"
        time.sleep(0.2)
    return waiting[0]


def test_bad_picks_and_closes_are_refused_with_the_reason(operator, base_url, shop):
    api = f"{base_url}/api/v1"
    order = processed_order(operator, base_url, shop, mats=1, caps=1)
    [picklist] = picklists(operator, base_url, order)
    url = f"{api}/picklists/{picklist['idpicklist']}"
    nothing = checked("POST", "/picklists/{idpicklist}/close", operator.post(f"{url}/close"), 400)
    assert nothing["error_message"].startswith("Nothing is picked on picklist")
    for body, says in (({"product": "NOT-ON-IT"}, "is not on picklist"), ({}, "product: required"),
                       ({"product": shop["products"]["PICK-CAP"]["idproduct"], "amount": 0}, "whole number")):
        refused = checked("POST", "/picklists/{idpicklist}/pick", operator.post(f"{url}/pick", json=body), 400)
        assert says in refused["error_message"]
    client = type(operator)()
    client.auth = (shop["key"], "")
    assert checked("GET", "/picklists/{idpicklist}", client.get(url))["idpicklist"] == picklist["idpicklist"]
    assert checked("POST", "/picklists/{idpicklist}/pickall", client.post(f"{url}/pickall"), 403)
    operator.delete(f"{api}/orders/{order['idorder']}")
    [cancelled] = picklists(operator, base_url, order)
    assert cancelled["status"] == "cancelled"
    refused = checked("POST", "/picklists/{idpicklist}/pickall", operator.post(f"{url}/pickall"), 400)
    assert refused["error_message"].endswith("is cancelled: nothing on it can be picked.")
    missing = checked("GET", "/picklists/{idpicklist}", operator.get(f"{api}/picklists/999999999"), 404)
    assert missing["error_code"] == 20
