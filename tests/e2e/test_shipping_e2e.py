"""Shipping over real HTTP, every answer checked against the OpenAPI file: the operator's
shipping providers and profiles, a client limited to some of them, and its orders naming one."""
import time
import uuid

import pytest
from e2e_api import create_customer, create_product, mail_subjects, wait_for_mail
from openapi_check import assert_matches_openapi

ADDRESS = {"deliveryname": "Jan Jansen", "deliveryaddress": "Dorpsstraat 1", "deliveryzipcode": "1234 AB",
           "deliverycity": "Utrecht", "deliverycountry": "NL"}


def checked(method: str, path: str, response, status: int = 200):
    assert_matches_openapi(method, path, response)
    assert response.status_code == status, response.text
    return response.json()


@pytest.fixture(scope="module")
def postnl(operator, base_url) -> dict:
    """A PostNL account with a standard and an evening profile."""
    return checked("POST", "/shippingproviders", operator.post(f"{base_url}/api/v1/shippingproviders", json={
        "name": f"PostNL {uuid.uuid4().hex[:6]}", "carrier_key": "postnl",
        "tracktraceurl_pattern": "https://jouw.postnl.nl/track-and-trace/{trackingcode}-NL-3511AB",
        "profiles": [{"name": "Standard"}, {"name": "Evening"}]}), 201)


def key_client(operator, key: str):
    client = type(operator)()
    client.auth = (key, "")
    return client


def profiles_seen(client, base_url, provider: dict) -> list[str]:
    providers = checked("GET", "/shippingproviders", client.get(f"{base_url}/api/v1/shippingproviders"))
    return [profile["name"] for shown in providers if shown["idshippingprovider"] == provider["idshippingprovider"]
            for profile in shown["profiles"]]


def test_a_client_orders_only_with_the_profiles_it_may_use(operator, base_url, rpc, postnl):
    api = f"{base_url}/api/v1"
    standard, evening = (profile["idshippingprovider_profile"] for profile in postnl["profiles"])
    customer = create_customer(operator, base_url, allowed_shipping_profiles=[evening])["idfulfilment_customer"]
    product = create_product(operator, base_url, customer, f"SHIP-{uuid.uuid4().hex[:6]}").json()
    client = key_client(operator, rpc.accounts.create_api_key("customer", customer, "shipping shop")["key"])
    deadline = time.monotonic() + 10
    while profiles_seen(client, base_url, postnl) != ["Evening"]:  # orders hears of the customer by event
        assert time.monotonic() < deadline, "orders never heard which profiles the client may use"
        time.sleep(0.2)
    assert profiles_seen(operator, base_url, postnl) == ["Standard", "Evening"]

    order = {**ADDRESS, "products": [{"idproduct": product["idproduct"], "amount": 1}]}
    refused = checked("POST", "/orders", client.post(f"{api}/orders", json={**order, "idshippingprovider_profile": standard}), 400)
    assert refused["error_message"].endswith("is not one this client may use")
    unknown = checked("POST", "/orders", client.post(f"{api}/orders", json={**order, "idshippingprovider_profile": 999999}), 400)
    assert "there is no shipping profile 999999" in unknown["error_message"]
    placed = checked("POST", "/orders", client.post(f"{api}/orders", json={**order, "idshippingprovider_profile": evening}), 201)
    assert placed["idshippingprovider_profile"] == evening
    assert len(checked("GET", "/orders", client.get(f"{api}/orders"))) == 1  # nothing made by the refusals

    checked("PUT", "/shippingproviders/{idshippingprovider}/profiles/{idshippingprovider_profile}", operator.put(
        f"{api}/shippingproviders/{postnl['idshippingprovider']}/profiles/{evening}", json={"active": False}))
    assert profiles_seen(client, base_url, postnl) == []
    checked("PUT", "/shippingproviders/{idshippingprovider}/profiles/{idshippingprovider_profile}", operator.put(
        f"{api}/shippingproviders/{postnl['idshippingprovider']}/profiles/{evening}", json={"active": True}))


def test_providers_are_the_operators_to_manage(operator, base_url, rpc, postnl):
    api = f"{base_url}/api/v1"
    bad = checked("POST", "/shippingproviders", operator.post(f"{api}/shippingproviders", json={
        "name": "Pigeon post", "carrier_key": "pigeon", "tracktraceurl_pattern": "https://example.com/"}), 400)
    assert "carrier_key" in bad["error_message"] and "{trackingcode}" in bad["error_message"]
    added = checked("POST", "/shippingproviders/{idshippingprovider}/profiles", operator.post(
        f"{api}/shippingproviders/{postnl['idshippingprovider']}/profiles", json={"name": "Mailbox parcel"}), 201)
    assert added["profiles"][-1]["name"] == "Mailbox parcel"
    renamed = checked("PUT", "/shippingproviders/{idshippingprovider}", operator.put(
        f"{api}/shippingproviders/{postnl['idshippingprovider']}", json={"public_providername": "PostNL Pakket"}))
    assert (renamed["public_providername"], renamed["provider"]) == ("PostNL Pakket", "PostNL")
    missing = checked("PUT", "/shippingproviders/{idshippingprovider}",
                      operator.put(f"{api}/shippingproviders/999999", json={"active": False}), 404)
    assert missing["error_code"] == 20
    customer = create_customer(operator, base_url)["idfulfilment_customer"]
    client = key_client(operator, rpc.accounts.create_api_key("customer", customer, "no manager")["key"])
    checked("POST", "/shippingproviders", client.post(f"{api}/shippingproviders", json={"name": "Mine"}), 403)


@pytest.fixture(scope="module")
def warehouse(rpc) -> int:
    return rpc.catalog.create_warehouse(f"Shipping {uuid.uuid4().hex[:6]}")["idwarehouse"]


def stocked_product(operator, base_url, customer: int, warehouse: int, stock: int) -> dict:
    product = create_product(operator, base_url, customer, f"SHIP-{uuid.uuid4().hex[:6]}").json()
    checked("POST", "/products/{idproduct}/stock/{idwarehouse}", operator.post(
        f"{base_url}/api/v1/products/{product['idproduct']}/stock/{warehouse}", json={"change": stock, "reason": "in"}), 201)
    return product


def wait_for_picklist(operator, base_url, order: dict, timeout: float = 10) -> dict:
    deadline = time.monotonic() + timeout
    while not (waiting := checked("GET", "/picklists", operator.get(
            f"{base_url}/api/v1/picklists", params={"idorder": order["idorder"], "status": "new"}))):
        assert time.monotonic() < deadline, "no picklist for the order"
        time.sleep(0.2)
    return waiting[0]


def test_an_order_ships_in_two_parcels_and_its_backorder_in_a_third(operator, base_url, warehouse, postnl, mail_dir):
    api = f"{base_url}/api/v1"
    standard = postnl["profiles"][0]["idshippingprovider_profile"]
    office = f"office-{uuid.uuid4().hex[:6]}@shipping.test"
    customer = create_customer(operator, base_url, notification_email=office, language="en")["idfulfilment_customer"]
    mat = stocked_product(operator, base_url, customer, warehouse, 5)
    order = checked("POST", "/orders", operator.post(f"{api}/orders", json={
        **ADDRESS, "idfulfilment_customer": customer, "idshippingprovider_profile": standard,
        "products": [{"idproduct": mat["idproduct"], "amount": 5}]}), 201)
    checked("POST", "/orders/{idorder}/process", operator.post(f"{api}/orders/{order['idorder']}/process", json={
        "idwarehouse": warehouse}))
    first = wait_for_picklist(operator, base_url, order)
    url = f"{api}/picklists/{first['idpicklist']}"
    nothing = checked("POST", "/picklists/{idpicklist}/shipments", operator.post(
        f"{url}/shipments", json={"weight": 900, "trackingcode": "3SNONE"}), 400)
    assert nothing["error_message"].startswith("Nothing is picked on picklist")
    checked("POST", "/picklists/{idpicklist}/pick", operator.post(f"{url}/pick", json={"product": mat["idproduct"], "amount": 3}))
    parcels = [checked("POST", "/picklists/{idpicklist}/shipments", operator.post(
        f"{url}/shipments", json={"weight": 900, "trackingcode": code}), 201) for code in ("3SFIRST1", "3SFIRST2")]
    assert parcels[0]["tracktraceurl"] == "https://jouw.postnl.nl/track-and-trace/3SFIRST1-NL-3511AB"
    unknown = checked("POST", "/picklists/{idpicklist}/shipments", operator.post(
        f"{url}/shipments", json={"idshippingprovider_profile": 999999, "weight": 900, "trackingcode": "X"}), 400)
    assert "there is no shipping profile 999999" in unknown["error_message"]
    checked("POST", "/picklists/{idpicklist}/close", operator.post(f"{url}/close", json={"reason": "two missing"}))

    checked("POST", "/products/{idproduct}/stock/{idwarehouse}", operator.post(
        f"{api}/products/{mat['idproduct']}/stock/{warehouse}", json={"change": 2, "reason": "found"}), 201)
    second = wait_for_picklist(operator, base_url, order)
    checked("POST", "/picklists/{idpicklist}/pickall", operator.post(f"{api}/picklists/{second['idpicklist']}/pickall"))
    late = checked("POST", "/picklists/{idpicklist}/shipments", operator.post(
        f"{api}/picklists/{second['idpicklist']}/shipments", json={"weight": 600, "trackingcode": "3SLATER"}), 201)
    assert late["from_backorder"] is True and late["products"][0]["amount"] == 2
    cancelled = checked("POST", "/picklists/{idpicklist}/shipments/{idshipment}/cancel", operator.post(
        f"{api}/picklists/{second['idpicklist']}/shipments/{late['idshipment']}/cancel"))
    assert cancelled["cancelled"] is True
    checked("POST", "/picklists/{idpicklist}/shipments", operator.post(
        f"{api}/picklists/{second['idpicklist']}/shipments", json={"weight": 600, "trackingcode": "3SLATER2"}), 201)
    checked("POST", "/picklists/{idpicklist}/close", operator.post(f"{api}/picklists/{second['idpicklist']}/close"))

    done = checked("GET", "/orders/{idorder}", operator.get(f"{api}/orders/{order['idorder']}"))
    assert done["status"] == "completed"
    shipments = checked("GET", "/shipments", operator.get(f"{api}/shipments", params={"idorder": order["idorder"]}))
    assert [(s["trackingcode"], s["cancelled"]) for s in shipments] == [
        ("3SLATER2", False), ("3SLATER", True), ("3SFIRST2", False), ("3SFIRST1", False)]
    on_first = checked("GET", "/picklists/{idpicklist}/shipments", operator.get(f"{url}/shipments"))
    assert [s["trackingcode"] for s in on_first] == ["3SFIRST1", "3SFIRST2"]
    history = checked("GET", "/stockhistory", operator.get(f"{api}/stockhistory", params={"idproduct": mat["idproduct"]}))
    assert [(row["stock_change"], row["reference_type"]) for row in history] == [
        (-2, "picklist"), (2, None), (-5, "picklist"), (5, None)]

    # One mail per parcel that left, sent once it could no longer be cancelled: the cancelled one is never mailed.
    subject, body = wait_for_mail(mail_dir, office, "3SLATER2")
    assert subject == f"Backorder of order {done['orderid']} has been shipped"
    assert "https://jouw.postnl.nl/track-and-trace/3SLATER2-NL-3511AB" in body
    deadline = time.monotonic() + 10
    while len(subjects := mail_subjects(mail_dir, office)) < 3 and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(1.5)  # a second mail for an event would be sent by now
    assert sorted(mail_subjects(mail_dir, office)) == sorted(subjects) == sorted(
        [f"Order {done['orderid']} has been shipped"] * 2 + [f"Backorder of order {done['orderid']} has been shipped"])


def test_a_client_returns_part_of_a_shipped_order_and_gets_a_replacement(operator, base_url, rpc, warehouse, mail_dir):
    api = f"{base_url}/api/v1"
    office = f"returns-{uuid.uuid4().hex[:6]}@shipping.test"
    customer = create_customer(operator, base_url, notification_email=office, language="en")["idfulfilment_customer"]
    mat = stocked_product(operator, base_url, customer, warehouse, 2)
    client = key_client(operator, rpc.accounts.create_api_key("customer", customer, "returns shop")["key"])
    order = checked("POST", "/orders", client.post(f"{api}/orders", json={
        **ADDRESS, "products": [{"idproduct": mat["idproduct"], "amount": 2}]}), 201)
    checked("POST", "/orders/{idorder}/process", operator.post(f"{api}/orders/{order['idorder']}/process",
                                                               json={"idwarehouse": warehouse}))
    picklist = wait_for_picklist(operator, base_url, order)
    operator.post(f"{api}/picklists/{picklist['idpicklist']}/pickall")
    checked("POST", "/picklists/{idpicklist}/close", operator.post(f"{api}/picklists/{picklist['idpicklist']}/close"))

    body = {"idorder": order["idorder"], "reference": "RMA-7",
            "returned_products": [{"productcode": mat["productcode"], "amount": 1, "reason": "strap broke"}],
            "replacement_products": [{"productcode": mat["productcode"], "amount": 1}]}
    too_many = {**body, "returned_products": [{"productcode": mat["productcode"], "amount": 3, "reason": "all"}]}
    assert "3 more is too many" in checked("POST", "/returns", client.post(f"{api}/returns", json=too_many), 400)["error_message"]
    stranger = key_client(operator, rpc.accounts.create_api_key(
        "customer", create_customer(operator, base_url)["idfulfilment_customer"], "stranger")["key"])
    assert checked("POST", "/returns", stranger.post(f"{api}/returns", json=body), 400)["error_message"] == (
        f"idorder: there is no order {order['idorder']}")
    announced = checked("POST", "/returns", client.post(f"{api}/returns", json=body), 201)
    url = f"{api}/returns/{announced['idreturn']}"
    checked("GET", "/returns/{idreturn}", stranger.get(url), 404)
    checked("POST", "/returns/{idreturn}/status", client.post(f"{url}/status", json={"status": "received"}), 403)
    early = checked("POST", "/returns/{idreturn}/status", operator.post(f"{url}/status", json={"status": "completed"}), 400)
    assert early["error_message"].endswith("it can become received or rejected, not completed.")
    received = checked("POST", "/returns/{idreturn}/status", operator.post(f"{url}/status", json={
        "status": "received", "note": "ok", "damaged_products": [
            {"idreturn_product": announced["returned_products"][0]["idreturn_product"], "amount": 0}]}))
    assert received["restock"] == "recorded"
    history = checked("GET", "/stockhistory", operator.get(f"{api}/stockhistory", params={"idproduct": mat["idproduct"]}))
    assert [(row["stock_change"], row["reference_type"]) for row in history][:2] == [(1, "return"), (-2, "picklist")]
    done = checked("POST", "/returns/{idreturn}/status", operator.post(f"{url}/status", json={"status": "completed"}))
    assert [step["status"] for step in done["history"]] == ["announced", "received", "completed"]
    replacement = checked("GET", "/orders/{idorder}", client.get(f"{api}/orders/{done['idorder_replacement']}"))
    assert [(line["productcode"], line["amount"]) for line in replacement["products"]] == [(mat["productcode"], 1)]
    listed = checked("GET", "/returns", client.get(f"{api}/returns", params={"idorder": order["idorder"]}))
    assert [r["status"] for r in listed] == ["completed"]

    # One mail per status change (the order was never shipped by parcel here: no shipment mail).
    wait_for_mail(mail_dir, office, f"{done['returnid']} of order {order['orderid']}: completed")
    time.sleep(1.5)  # a second mail for an event would be sent by now
    assert sorted(mail_subjects(mail_dir, office)) == sorted(
        f"Return {done['returnid']} of order {order['orderid']}: {status}"
        for status in ("announced", "received by the warehouse", "completed"))
