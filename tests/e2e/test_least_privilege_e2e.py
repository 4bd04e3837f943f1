"""Keys and users limited to what they may do, through the running system: a key made in the
portal follows its customer's `can_manage_products` and its maker's login."""
import time
import uuid

import requests
from e2e_api import create_customer
from openapi_check import assert_matches_openapi

PASSWORD = "least-privilege-e2e-7"
KEY_CACHE_SECONDS = 3  # the gateway trusts a verified key this long (API_KEY_CACHE_SECONDS)


def test_a_portal_key_changes_products_only_while_the_customer_may_and_works_only_while_its_maker_can_log_in(
        operator, base_url, rpc):
    customer = create_customer(operator, base_url, can_login=True, username=f"lp-{uuid.uuid4().hex[:6]}",
                               password=PASSWORD, can_manage_products=False)
    customer_id = customer["idfulfilment_customer"]
    primary = rpc.accounts.list_users(customer_id)[0]["iduser"]
    key = rpc.accounts.create_customer_api_key(customer_id, "webshop", primary)["key"]
    product = {"productcode": f"LP-{uuid.uuid4().hex[:6]}", "name": "Mug", "price": "4.50"}

    refused = requests.post(f"{base_url}/api/v1/products", auth=(key, ""), json=product)
    assert_matches_openapi("POST", "/products", refused)
    assert refused.status_code == 403 and "products" in refused.json()["error_message"]
    assert requests.get(f"{base_url}/api/v1/products", auth=(key, "")).status_code == 200  # reading is fine

    operator.put(f"{base_url}/api/v1/fulfilment/customers/{customer_id}", json={"can_manage_products": True})
    time.sleep(KEY_CACHE_SECONDS + 0.5)
    deadline = time.monotonic() + 15  # catalog hears of the customer through its event
    while (created := requests.post(f"{base_url}/api/v1/products", auth=(key, ""), json=product)).status_code == 400 \
            and time.monotonic() < deadline:
        time.sleep(0.2)
    assert created.status_code == 201, created.text

    operator.put(f"{base_url}/api/v1/fulfilment/customers/{customer_id}", json={"can_login": False})
    time.sleep(KEY_CACHE_SECONDS + 0.5)
    assert requests.get(f"{base_url}/api/v1/products", auth=(key, "")).status_code == 401
