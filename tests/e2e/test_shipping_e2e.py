"""Shipping over real HTTP, every answer checked against the OpenAPI file: the operator's
shipping providers and profiles, a client limited to some of them, and its orders naming one."""
import time
import uuid

import pytest
from e2e_api import create_customer, create_product
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
