"""Every request that once answered a server error (issue 14, "Server errors found today"),
sent to the running system: the API answers 4xx with Picqer's error body (or, where the request
is fine, its answer), the portal its page."""
import json
import uuid

import pytest
from e2e_api import create_customer, create_product, portal_login

BIG = str(2**63)
SURROGATE = '"\\ud800"'  # a lone surrogate, as JSON writes it: valid JSON, but no text


@pytest.fixture(scope="module")
def client(operator, base_url):
    """A client with a portal login, a product and a concept order."""
    password = "server-errors-1"
    customer = create_customer(operator, base_url, name="Server Errors BV", can_login=True,
                               username=f"errors-{uuid.uuid4().hex[:6]}", password=password, language="en")
    product = create_product(operator, base_url, customer["idfulfilment_customer"], "SE-1").json()
    order = operator.post(f"{base_url}/api/v1/orders", json={
        "idfulfilment_customer": customer["idfulfilment_customer"], "deliveryname": "Jan", "deliveryaddress": "Dorp 1",
        "deliveryzipcode": "1234 AB", "deliverycity": "Utrecht", "deliverycountry": "NL",
        "products": [{"productcode": "SE-1", "amount": 1}]}).json()
    return {**customer, "password": password, "product": product, "order": order}


def _refused(response, status: int = 400) -> None:
    assert response.status_code == status, (response.request.method, response.request.url, response.text[:300])
    assert response.json()["error"] is True


@pytest.mark.parametrize("query", [
    "products?offset=%C2%B2", "orders?offset=%E2%91%A0", "backorders?offset=" + BIG, "stockhistory?idproduct=%C2%B2",
    "stockhistory?before=%C2%B3", "stockhistory?idwarehouse=%E2%91%A0", "stockhistory?before=" + BIG,
    "picklists?offset=" + BIG])
def test_numbers_not_in_ascii_digits_or_past_a_database_id_are_refused(operator, base_url, query):
    _refused(operator.get(f"{base_url}/api/v1/{query}"))


@pytest.mark.parametrize("body", ["[1]", '"x"', "5"])
def test_processing_with_a_body_that_is_not_an_object_is_refused(operator, base_url, client, body):
    _refused(operator.post(f"{base_url}/api/v1/orders/{client['order']['idorder']}/process", data=body))


def test_dates_at_the_ends_of_the_calendar_are_answered(operator, base_url, client):
    response = operator.get(f"{base_url}/api/v1/orders?untildate=9999-12-31&idfulfilment_customer="
                            f"{client['idfulfilment_customer']}")
    assert response.status_code == 200 and [o["idorder"] for o in response.json()] == [client["order"]["idorder"]]
    portal = portal_login(base_url, client["username"], client["password"])
    assert portal.get(f"{base_url}/fulfilmentportal/orders?created_until=9999-12-31").status_code == 200
    assert portal.get(f"{base_url}/fulfilmentportal/stock-on-date?date=0001-01-01&time=00:00").status_code < 500
    assert portal.get(f"{base_url}/fulfilmentportal/orders?offset={BIG}").status_code == 200


@pytest.mark.parametrize("method,path,body", [
    ("post", "orders", '{"idfulfilment_customer": %(customer)s, "reference": %(s)s, "deliveryname": "J", '
                       '"deliveryaddress": "D 1", "deliveryzipcode": "1", "deliverycity": "U", "deliverycountry": "NL", '
                       '"products": [{"productcode": "SE-1", "amount": 1}]}'),
    ("post", "orders", '{"idfulfilment_customer": %(customer)s, "deliveryname": "J", "deliveryaddress": "D 1", '
                       '"deliveryzipcode": "1", "deliverycity": "U", "deliverycountry": "NL", '
                       '"products": [{"idproduct": 2147483648, "amount": 1}]}'),
    ("post", "orders", '{"idfulfilment_customer": true, "deliveryname": "J", "deliveryaddress": "D 1", '
                       '"deliveryzipcode": "1", "deliverycity": "U", "deliverycountry": "NL", '
                       '"products": [{"productcode": "SE-1", "amount": 1}]}'),
    ("post", "orders/%(order)s/comments", '{"body": %(s)s}'),
    ("put", "fulfilment/customers/%(customer)s/branding", '{"text": %(s)s}'),
    ("put", "fulfilment/customers/%(customer)s", '{"name": %(s)s}'),
    ("post", "products/%(product)s/stock/1", '{"change": 1, "reason": %(s)s}'),
    ("put", "products/%(product)s", '{"name": %(s)s}'),
    ("post", "orders", "[" * 1000 + "]" * 1000),
    ("post", "orders", '{"a":' * 1000 + "1" + "}" * 1000),
])
def test_values_no_service_can_store_are_refused(operator, base_url, client, method, path, body):
    values = {"customer": client["idfulfilment_customer"], "order": client["order"]["idorder"],
              "product": client["product"]["idproduct"], "s": SURROGATE}
    body = body % values if "%(" in body else body
    response = getattr(operator, method)(f"{base_url}/api/v1/{path % values}", data=body)
    _refused(response)
    json.loads(response.text)
