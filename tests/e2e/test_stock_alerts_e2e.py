"""Stock alerts end to end: the warehouse's stock changes and orders reach the client by email
(the .eml folder `make run` uses) and in the portal (Chromium), as each user chose."""
import os
import time
import uuid

from e2e_api import create_customer, create_product, mail_subjects, wait_for_mail
from e2e_browser import chromium, log_in

PASSWORD = "alerts-lighthouse-58"
ADDRESS = {"deliveryname": "Outdoor Shop Utrecht", "deliveryaddress": "Oudegracht 10",
           "deliveryzipcode": "3511 AB", "deliverycity": "Utrecht", "deliverycountry": "NL"}


def backordered_order(operator, base_url, customer_id: int, code: str, reference: str, warehouse: int) -> dict:
    order = operator.post(f"{base_url}/api/v1/orders", json={
        **ADDRESS, "reference": reference, "idfulfilment_customer": customer_id,
        "products": [{"productcode": code, "amount": 10}]}).json()
    processed = operator.post(f"{base_url}/api/v1/orders/{order['idorder']}/process", json={"idwarehouse": warehouse})
    assert processed.status_code == 200, processed.text
    return processed.json()


def test_low_stock_and_stockout_alerts_by_email_and_in_the_portal(operator, base_url, rpc, mail_dir, artifacts_dir):
    warehouse = rpc.catalog.create_warehouse("Alerts warehouse")["idwarehouse"]
    username = f"alerts-{uuid.uuid4().hex[:6]}"
    user_address, office_address = f"{username}@example.test", f"office-{username}@example.test"
    customer_id = create_customer(operator, base_url, name="Alerts Test BV", can_login=True, username=username,
                                  password=PASSWORD, language="en")["idfulfilment_customer"]
    code = f"ALERT-{uuid.uuid4().hex[:4]}"
    product = create_product(operator, base_url, customer_id, code).json()
    stock_url = f"{base_url}/api/v1/products/{product['idproduct']}/stock/{warehouse}"
    assert operator.put(f"{base_url}/api/v1/products/{product['idproduct']}",
                        json={"minimum_stock": 5}).status_code == 200
    assert operator.post(stock_url, json={"amount": 8, "reason": "first receipt"}).ok
    portal = f"{base_url}/fulfilmentportal"

    with chromium() as browser:
        page = browser.new_context(viewport={"width": 1200, "height": 900}).new_page()
        # The user gives an address for alerts and wants to hear of low stock, not of waiting orders.
        log_in(page, f"{portal}/account", username, PASSWORD)
        page.fill("#settings-emailaddress", user_address)
        page.fill("#settings-current_password", PASSWORD)  # a new address needs the password
        page.uncheck("#settings-stockout_alerts")
        page.screenshot(path=os.path.join(artifacts_dir, "alerts-account-settings.png"), full_page=True)
        page.click("[data-testid=stock-alerts] ~ button[type=submit]")
        assert page.is_checked("#settings-low_stock_alerts") and not page.is_checked("#settings-stockout_alerts")

        assert operator.post(stock_url, json={"change": -4, "reason": "damaged"}).ok
        subject, body = wait_for_mail(mail_dir, user_address, "Low stock")
        assert subject == f"Low stock: {code}" and "4 in free stock, below the minimum of 5" in body
        assert f"/fulfilmentportal/products/{product['idproduct']}" in body

        # The operator gives the client an office address: it hears of everything.
        assert operator.put(f"{base_url}/api/v1/fulfilment/customers/{customer_id}",
                            json={"notification_email": office_address}).status_code == 200
        order = backordered_order(operator, base_url, customer_id, code, "ALERT-PO-1", warehouse)
        assert order["products"][0]["backordered"] == 6
        subject, body = wait_for_mail(mail_dir, office_address, "waits for stock")
        assert subject == "Order ALERT-PO-1 waits for stock" and f"6 × {code}" in body
        time.sleep(1.5)  # the mail timer sends each second: what was queued for the user would be out by now
        assert mail_subjects(mail_dir, user_address) == [f"Low stock: {code}"]

        page.goto(f"{portal}/")
        assert "1 order is waiting for stock." in page.inner_text("[data-testid=backordered-notice]")
        assert "1 product is below its minimum stock." in page.inner_text("[data-testid=low-stock-notice]")
        page.screenshot(path=os.path.join(artifacts_dir, "alerts-dashboard.png"), full_page=True)
        page.goto(f"{portal}/orders/{order['idorder']}")
        assert f"6 × {code}" in page.inner_text("[data-testid=waiting-for-stock]")
        page.screenshot(path=os.path.join(artifacts_dir, "alerts-order-waiting.png"), full_page=True)

        # Stock arrives: the order is served, the notices go.
        assert operator.post(stock_url, json={"change": 20, "reason": "receipt"}).ok
        deadline = time.monotonic() + 15
        while operator.get(f"{base_url}/api/v1/orders/{order['idorder']}/backorders").json():
            assert time.monotonic() < deadline, "the backorder was never filled"
            time.sleep(0.1)
        page.goto(f"{portal}/")
        assert page.locator("[data-testid=backordered-notice]").count() == 0
        assert page.locator("[data-testid=low-stock-notice]").count() == 0
