"""What several end-to-end tests do through the API and the portal."""
import email
import os
import re
import time
import uuid
from pathlib import Path

import requests
from devstack.demo_photos import solid_png

from openapi_check import assert_matches_openapi

E2E_AMQP_URI = os.environ.get("E2E_AMQP_URI", "amqp://guest:guest@127.0.0.1:5672/fulfilment_e2e")


def create_customer(operator, base_url, **fields):
    name = fields.pop("name", f"Customer {uuid.uuid4().hex[:8]}")
    response = operator.post(f"{base_url}/api/v1/fulfilment/customers", json={"name": name, **fields})
    assert_matches_openapi("POST", "/fulfilment/customers", response)
    assert response.status_code == 201, response.text
    return response.json()


def create_product(operator, base_url, customer_id, code, timeout=15):
    """The catalog hears of a new customer through the customer_created event: retry until it has."""
    deadline = time.monotonic() + timeout
    while True:
        response = operator.post(f"{base_url}/api/v1/products", json={
            "idfulfilment_customer": customer_id, "productcode": code, "name": f"Product {code}", "price": "9.95"})
        if response.status_code != 400 or "customer" not in response.json()["error_message"] or time.monotonic() > deadline:
            return response
        time.sleep(0.1)


def waiting_order(operator, base_url, customer_id: int, warehouse_id: int, code: str, amount: int) -> dict:
    """An order of `amount` × `code`, processed in the warehouse: with none in stock it waits as a
    backorder."""
    order = operator.post(f"{base_url}/api/v1/orders", json={
        "idfulfilment_customer": customer_id, "deliveryname": "Jan Jansen", "deliveryaddress": "Dorpsstraat 1",
        "deliveryzipcode": "1234 AB", "deliverycity": "Utrecht", "deliverycountry": "NL",
        "products": [{"productcode": code, "amount": amount}]}).json()
    return operator.post(f"{base_url}/api/v1/orders/{order['idorder']}/process",
                         json={"idwarehouse": warehouse_id}).json()


def reserved_order(operator, api: str, order_id: int, timeout: float = 10) -> dict:
    """The order once its stock is reserved (or waits as a backorder): an order processed at once
    is answered before the system reserves its stock (`stock_reservation: "asked"`)."""
    deadline = time.monotonic() + timeout
    while (order := operator.get(f"{api}/orders/{order_id}").json())["stock_reservation"] == "asked":
        assert time.monotonic() < deadline, "the order's stock was not reserved"
        time.sleep(0.05)
    return order


def new_picklist(operator, api: str, order_id: int, timeout: float = 10) -> dict:
    """The order's picklist still to pick, once processing made it."""
    deadline = time.monotonic() + timeout
    while not (found := operator.get(f"{api}/picklists", params={"idorder": order_id, "status": "new"}).json()):
        assert time.monotonic() < deadline, "no picklist for the order"
        time.sleep(0.2)
    return found[0]


def ship(operator, api: str, picklist: dict, code: str, profile: int | None = None) -> dict:
    """A parcel for what was picked on the picklist, with its track & trace code."""
    response = operator.post(f"{api}/picklists/{picklist['idpicklist']}/shipments",
                             json={"weight": 800, "trackingcode": code, "idshippingprovider_profile": profile})
    assert response.status_code == 201, response.text
    return response.json()


def csrf_token(html: str) -> str:
    return re.search(r'name="(?:[\w-]+-)?csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def portal_login(base_url, username, password) -> requests.Session:
    session = requests.Session()
    page = session.get(f"{base_url}/fulfilmentportal/login")
    response = session.post(f"{base_url}/fulfilmentportal/login",
                            data={"username": username, "password": password, "csrf_token": csrf_token(page.text)})
    assert response.status_code == 200 and "/fulfilmentportal/" in response.url, response.text[:500]
    return session


def small_png(width: int = 48, height: int = 24) -> bytes:
    """A real image for the browser to draw: a blue bar."""
    return solid_png(width, height, (0x0b, 0x6b, 0xcb))


def wait_for_mail(mail_dir: str, to: str, contains: str, timeout: float = 15) -> tuple[str, str]:
    """(subject, body) of the newest email to `to` whose subject or body holds `contains`
    (accounts writes them as .eml files without SMTP_URL)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for eml in sorted(Path(mail_dir).glob("*.eml"), key=lambda p: p.stat().st_mtime, reverse=True):
            message = email.message_from_bytes(eml.read_bytes())
            body = message.get_payload(decode=True).decode()
            if message["To"] == to and (contains in message["Subject"] or contains in body):
                return message["Subject"], body
        time.sleep(0.1)
    raise AssertionError(f"no email to {to} with {contains!r}")


def mail_subjects(mail_dir: str, to: str) -> list[str]:
    return [email.message_from_bytes(eml.read_bytes())["Subject"] for eml in Path(mail_dir).glob("*.eml")
            if email.message_from_bytes(eml.read_bytes())["To"] == to]
