"""No log holds a credential: not an API key (the HTTP Basic user name, which gunicorn's default
access log writes), not the token of an invite or reset link (in a request's path or Referer)."""
import time
import uuid

import requests
from conftest import OPERATOR_KEY
from e2e_api import create_customer, csrf_token

from test_accounts_e2e import PASSWORD, link_from_mail


def follow_link(link: str) -> None:
    """As a browser does: open the link, choose a password, land on the dashboard with the link
    as Referer."""
    browser = requests.Session()
    browser.headers["Referer"] = link
    form = browser.get(link)
    new_password = f"amber-{uuid.uuid4().hex[:8]}-lake"
    done = browser.post(link, data={"password": new_password, "confirm": new_password, "csrf_token": csrf_token(form.text)})
    assert done.status_code == 200 and done.url.endswith("/fulfilmentportal/"), done.text[:300]


def test_no_api_key_or_link_token_is_written_to_any_log(operator, base_url, rpc, mail_dir, stack_log):
    admin = f"logs-{uuid.uuid4().hex[:6]}"
    customer_id = create_customer(operator, base_url, can_login=True, username=admin,
                                  password=PASSWORD)["idfulfilment_customer"]
    customer_key = rpc.accounts.create_api_key("customer", customer_id, "logs test")["key"]
    unknown_key = f"fk_unknown-{uuid.uuid4().hex}"
    assert operator.get(f"{base_url}/api/v1/products?idfulfilment_customer={customer_id}").status_code == 200
    assert requests.get(f"{base_url}/api/v1/products", auth=(customer_key, "")).status_code == 200
    assert requests.get(f"{base_url}/api/v1/products", auth=(unknown_key, "")).status_code == 401

    address = f"{admin}-new@example.test"
    users_url = f"{base_url}/api/v1/fulfilment/customers/{customer_id}/users"
    assert operator.post(users_url, json={"username": f"{admin}-new", "emailaddress": address}).status_code == 201
    invite = link_from_mail(mail_dir, address, "/invite/")
    follow_link(invite)
    asking = requests.Session()
    form = asking.get(f"{base_url}/fulfilmentportal/password-reset")
    asking.post(f"{base_url}/fulfilmentportal/password-reset", data={"username": address, "csrf_token": csrf_token(form.text)})
    reset = link_from_mail(mail_dir, address, "/password-reset/")
    follow_link(reset)

    time.sleep(0.5)  # the supervisor relays each process's output line by line
    with open(stack_log) as log:
        logged = log.read()
    assert "/fulfilmentportal/invite/" in logged and "/fulfilmentportal/password-reset/" in logged  # logged, without token
    for secret in (OPERATOR_KEY, customer_key, unknown_key, invite.rsplit("/", 1)[1], reset.rsplit("/", 1)[1]):
        assert secret not in logged, f"{secret[:12]}… is in the logs"
