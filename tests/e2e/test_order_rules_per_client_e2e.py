"""The operator's order rules per client, end to end: set through the API, copied to orders by
accounts' events, applied by orders and told in the portal (Chromium)."""
import time
import uuid

import requests

from e2e_api import create_customer, create_product, reserved_order
from e2e_browser import chromium, log_in
from openapi_check import assert_matches_openapi

PASSWORD = "rules-harbour-73"
ADDRESS = {"deliveryname": "Outdoor Shop Utrecht", "deliveryaddress": "Oudegracht 10",
           "deliveryzipcode": "3511 AB", "deliverycity": "Utrecht", "deliverycountry": "NL"}


def set_rules(operator, base_url, rpc, customer_id: int, **rules) -> dict:
    """PUT the rules; orders applies them once accounts' customer_updated has reached it."""
    response = operator.put(f"{base_url}/api/v1/fulfilment/customers/{customer_id}", json=rules)
    assert_matches_openapi("PUT", "/fulfilment/customers/{idfulfilment_customer}", response)
    assert response.status_code == 200, response.text
    assert rules.items() <= response.json().items()
    deadline = time.monotonic() + 15
    while not rules.items() <= rpc.orders.get_order_rules(customer_id).items():
        assert time.monotonic() < deadline, "orders never heard of the new rules"
        time.sleep(0.1)
    return response.json()


def create_order(operator, base_url, customer_id: int, code: str, amount: int) -> dict:
    response = operator.post(f"{base_url}/api/v1/orders", json={
        **ADDRESS, "idfulfilment_customer": customer_id, "products": [{"productcode": code, "amount": amount}]})
    assert_matches_openapi("POST", "/orders", response)
    assert response.status_code == 201, response.text
    return response.json()


def test_operator_rules_decide_until_when_a_client_may_cancel_and_when_orders_are_processed(
        operator, base_url, rpc, artifacts_dir):
    warehouse = rpc.catalog.create_warehouse("Rules test warehouse")["idwarehouse"]
    username = f"rules-{uuid.uuid4().hex[:6]}"
    customer = create_customer(operator, base_url, name="Rules Test BV", can_login=True, username=username,
                               password=PASSWORD, language="en", preferred_idwarehouse=warehouse)
    customer_id = customer["idfulfilment_customer"]
    assert (customer["changes_allowed_until"], customer["process_orders_at_once"]) == ("picking", False)
    refused = operator.put(f"{base_url}/api/v1/fulfilment/customers/{customer_id}",
                           json={"changes_allowed_until": "shipped"})
    assert refused.status_code == 400 and "changes_allowed_until" in refused.json()["error_message"]
    product = create_product(operator, base_url, customer_id, "RULE-TENT").json()
    rpc.catalog.change_stock(customer_id, product["idproduct"], warehouse, 10, "first receipt")

    set_rules(operator, base_url, rpc, customer_id, changes_allowed_until="processing")
    order = create_order(operator, base_url, customer_id, "RULE-TENT", 2)
    assert (order["status"], order["changes_allowed_until"], order["changeable_by_client"]) == (
        "concept", "processing", True)
    portal = f"{base_url}/fulfilmentportal"

    with chromium() as browser:
        page = browser.new_context(viewport={"width": 1200, "height": 900}).new_page()
        log_in(page, f"{portal}/orders/{order['idorder']}", username, PASSWORD)
        rule = page.inner_text("[data-testid=change-rule]")
        assert rule == "You can change the delivery address or cancel this order until the warehouse processes it."
        page.screenshot(path=f"{artifacts_dir}/order-rules-concept.png", full_page=True)

        # The warehouse processes the order while the client still has the page open; the
        # client's cancel is then refused, saying why.
        processed = operator.post(f"{base_url}/api/v1/orders/{order['idorder']}/process", json={})
        assert processed.status_code == 200 and processed.json()["changeable_by_client"] is False
        page.once("dialog", lambda dialog: dialog.accept())
        page.click("text=Cancel order")
        page.wait_for_selector("text=This order can no longer be cancelled")
        assert ("This order can no longer be cancelled: the warehouse has processed it, and your orders can be "
                "changed only until the warehouse processes them.") in page.inner_text("main")
        assert page.locator("text=Cancel order").count() == 0
        assert page.inner_text("[data-testid=change-rule]").startswith("This order can no longer be changed")
        page.screenshot(path=f"{artifacts_dir}/order-rules-cancel-refused.png", full_page=True)
        client_key = rpc.accounts.create_api_key("customer", customer_id, "webshop")["key"]
        api_cancel = requests.delete(f"{base_url}/api/v1/orders/{order['idorder']}", auth=(client_key, ""))
        assert api_cancel.status_code == 409 and "until the warehouse processes it" in api_cancel.json()["error_message"]

        # Processed at once: an API order comes back processing, its stock reserved a moment later…
        set_rules(operator, base_url, rpc, customer_id, process_orders_at_once=True)
        answered = create_order(operator, base_url, customer_id, "RULE-TENT", 3)
        assert (answered["status"], answered["idwarehouse"]) == ("processing", warehouse)
        at_once = reserved_order(operator, f"{base_url}/api/v1", answered["idorder"])
        assert (at_once["status"], at_once["stock_reservation"]) == ("processing", "recorded")
        assert [(line["allocated"], line["backordered"]) for line in at_once["products"]] == [(3, 0)]
        stock = operator.get(f"{base_url}/api/v1/products/{product['idproduct']}/stock/{warehouse}").json()
        assert (stock["reserved"], stock["freestock"]) == (5, 5)

        # …and so does an order the client places in the portal, which says so beforehand.
        page.goto(f"{portal}/current-order?search=RULE-TENT")
        page.locator("tr:has-text('RULE-TENT') input[name=amount]").first.fill("4")
        page.locator("tr:has-text('RULE-TENT') button[type=submit]").first.click()
        for field, value in ADDRESS.items():
            if field == "deliverycountry":
                page.select_option("#deliverycountry", value)
            else:
                page.fill(f"#{field}", value)
        notice = page.inner_text("[data-testid=order-rules]")
        assert "A placed order is processed at once" in notice and "until the warehouse processes it" in notice
        page.screenshot(path=f"{artifacts_dir}/order-rules-current-order-at-once.png", full_page=True)
        page.click("button[value=place]")
        page.wait_for_selector("text=Your order has been placed and processed at once")
        assert "Processing" in page.inner_text("h1")
        placed_id = int(page.url.rsplit("/", 1)[1])
        assert page.locator("text=Cancel order").count() == 0  # processed: past this client's rule
        page.screenshot(path=f"{artifacts_dir}/order-rules-placed-at-once.png", full_page=True)

        # A Dutch client reads the same in Dutch.
        assert operator.put(f"{base_url}/api/v1/fulfilment/customers/{customer_id}",
                            json={"language": "nl"}).status_code == 200
        page.reload()
        assert page.inner_text("[data-testid=change-rule]").startswith(
            "Deze bestelling kan niet meer worden gewijzigd of geannuleerd: het magazijn heeft haar verwerkt")
        page.goto(f"{portal}/current-order")
        assert "Een geplaatste bestelling wordt meteen verwerkt" in page.inner_text("[data-testid=order-rules]")
        page.screenshot(path=f"{artifacts_dir}/order-rules-current-order-nl.png", full_page=True)

    placed = operator.get(f"{base_url}/api/v1/orders/{placed_id}").json()
    assert (placed["status"], [line["allocated"] for line in placed["products"]]) == ("processing", [4])
    stock = operator.get(f"{base_url}/api/v1/products/{product['idproduct']}/stock/{warehouse}").json()
    assert (stock["reserved"], stock["freestock"]) == (9, 1)
    # The warehouse itself is not held to the client's rule: it cancels a processed order.
    cancelled = operator.delete(f"{base_url}/api/v1/orders/{order['idorder']}")
    assert_matches_openapi("DELETE", "/orders/{idorder}", cancelled)
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
