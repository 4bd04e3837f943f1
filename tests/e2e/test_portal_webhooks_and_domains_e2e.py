"""The portal's Webhooks page over real HTTP (a delivery seen with its outcome, then sent again to a
real receiver with its own X-Delivery-Id), and a client's own portal address chosen by the Host
header (its branding before sign-in, its users only, a session kept to its host)."""
import re
import time
import uuid

from e2e_api import create_customer, csrf_token, portal_login
from servicekit.webhook_receiver import WebhookReceiver

PASSWORD = "quayside-heron-84"
ADDRESS = {"deliveryname": "Jan Jansen", "deliveryaddress": "Dorpsstraat 1", "deliveryzipcode": "1234 AB",
           "deliverycity": "Utrecht", "deliverycountry": "NL"}


def client_with_login(operator, base_url, tag: str) -> tuple[int, str]:
    username = f"po-{tag}"
    customer = create_customer(operator, base_url, can_login=True, username=username, password=PASSWORD, language="en")
    return customer["idfulfilment_customer"], username


def page_once(session, url: str, contains: str, timeout: float = 20) -> str:
    deadline = time.monotonic() + timeout
    while True:
        html = session.get(url).text
        if contains in html or time.monotonic() > deadline:
            return html
        time.sleep(0.3)


def test_a_client_sees_its_hooks_deliveries_and_sends_one_again(operator, base_url, rpc):
    tag = uuid.uuid4().hex[:6]
    customer_id, username = client_with_login(operator, base_url, tag)
    with WebhookReceiver() as receiver:
        hook = operator.post(f"{base_url}/api/v1/hooks", json={
            "idfulfilment_customer": customer_id, "name": f"ERP {tag}", "event": "orders.created",
            "address": receiver.address("/erp")}).json()
        code = f"HOOKP-{tag}"
        assert operator.post(f"{base_url}/api/v1/products", json={
            "idfulfilment_customer": customer_id, "productcode": code, "name": "Mug", "price": "4.50"}).status_code == 201
        assert operator.post(f"{base_url}/api/v1/orders", json={
            "idfulfilment_customer": customer_id, **ADDRESS, "products": [{"productcode": code, "amount": 1}]}).status_code == 201
        [first] = receiver.wait_for(1)

        portal = portal_login(base_url, username, PASSWORD)
        hook_page = f"{base_url}/fulfilmentportal/webhooks/{hook['idhook']}"
        assert f"ERP {tag}" in portal.get(f"{base_url}/fulfilmentportal/webhooks").text
        html = page_once(portal, hook_page, "HTTP 200")
        assert "Delivered" in html and first.headers["X-Delivery-Id"] in html
        resent = portal.post(f"{hook_page}/resend", data={
            "delivery_id": first.headers["X-Delivery-Id"], "csrf_token": csrf_token(html)})
        assert resent.status_code == 200 and "will be sent again" in resent.text
        second = receiver.wait_for(2)[1]
        assert second.headers["X-Delivery-Id"] != first.headers["X-Delivery-Id"] and second.json == first.json
        html = page_once(portal, hook_page, second.headers["X-Delivery-Id"])
        assert len(re.findall(r"HTTP 200", page_once(portal, hook_page, "HTTP 200"))) >= 1
        assert second.headers["X-Delivery-Id"] in html


def test_a_clients_own_address_shows_its_branding_and_keeps_its_sessions(operator, base_url):
    tag = uuid.uuid4().hex[:6]
    acme_id, acme_user = client_with_login(operator, base_url, f"a{tag}")
    _, other_user = client_with_login(operator, base_url, f"b{tag}")
    host = f"portal-{tag}.acme.example"
    branding = operator.put(f"{base_url}/api/v1/fulfilment/customers/{acme_id}/branding",
                            json={"text": f"Acme {tag} fulfilment", "domain": host.upper()})
    assert branding.status_code == 200 and branding.json()["domain"] == host
    taken = operator.put(f"{base_url}/api/v1/fulfilment/customers/{acme_id + 1}/branding", json={"domain": host})
    assert taken.status_code in (400, 404)

    acme = type(operator)()
    acme.headers["Host"] = host
    login = acme.get(f"{base_url}/fulfilmentportal/login")
    assert f"Acme {tag} fulfilment" in login.text
    refused = acme.post(f"{base_url}/fulfilmentportal/login", data={
        "username": other_user, "password": PASSWORD, "csrf_token": csrf_token(login.text)})
    assert refused.status_code == 400 and "Unknown username or wrong password." in refused.text
    signed_in = acme.post(f"{base_url}/fulfilmentportal/login", data={
        "username": acme_user, "password": PASSWORD, "csrf_token": csrf_token(refused.text)})
    assert signed_in.status_code == 200 and "/fulfilmentportal/" in signed_in.url
    session_cookie = acme.cookies.get("fulfilment_session")
    assert acme.get(f"{base_url}/fulfilmentportal/account", allow_redirects=False).status_code == 200

    elsewhere = type(operator)()  # the same cookie on the operator's own host is no session
    elsewhere.cookies.set("fulfilment_session", session_cookie)
    assert elsewhere.get(f"{base_url}/fulfilmentportal/account", allow_redirects=False).status_code == 302
