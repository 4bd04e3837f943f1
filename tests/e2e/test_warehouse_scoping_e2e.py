"""A portal user limited to one of its client's two warehouses, with everything running: in
Chromium it sees that warehouse's stock, history and orders, and nothing of the other's."""
import os
import uuid

from e2e_api import create_customer, create_product
from e2e_browser import chromium, log_in

PASSWORD = "scoping-windmill-64"
ADDRESS = {"deliveryname": "Outdoor Shop Utrecht", "deliveryaddress": "Oudegracht 10",
           "deliveryzipcode": "3511 AB", "deliverycity": "Utrecht", "deliverycountry": "NL"}


def test_a_user_limited_to_one_warehouse_sees_only_that_one(operator, base_url, rpc, artifacts_dir):
    api = f"{base_url}/api/v1"
    tilburg = rpc.catalog.create_warehouse("Scoping Tilburg")["idwarehouse"]
    venlo = rpc.catalog.create_warehouse("Scoping Venlo")["idwarehouse"]
    customer_id = create_customer(operator, base_url, name="Scoping Test BV", can_login=True,
                                  username=f"scope-admin-{uuid.uuid4().hex[:6]}", password=PASSWORD,
                                  language="en")["idfulfilment_customer"]
    code = f"SCOPE-{uuid.uuid4().hex[:4]}"
    product = create_product(operator, base_url, customer_id, code).json()
    for warehouse, amount in ((tilburg, 10), (venlo, 50)):
        assert operator.post(f"{api}/products/{product['idproduct']}/stock/{warehouse}",
                             json={"amount": amount, "reason": f"count in {warehouse}"}).ok
    orders = {}
    for warehouse, reference in ((tilburg, "SCOPE-T"), (venlo, "SCOPE-V"), (None, "SCOPE-C")):
        order = operator.post(f"{api}/orders", json={**ADDRESS, "reference": reference, "idfulfilment_customer": customer_id,
                                                     "products": [{"idproduct": product["idproduct"], "amount": 1}]}).json()
        if warehouse:
            assert operator.post(f"{api}/orders/{order['idorder']}/process", json={"idwarehouse": warehouse}).ok
        orders[reference] = order["idorder"]
    username = f"scoped-{uuid.uuid4().hex[:6]}"
    assert operator.post(f"{api}/fulfilment/customers/{customer_id}/users", json={
        "username": username, "password": PASSWORD, "permissions": ["ordering"], "idwarehouses": [tilburg]}).ok
    portal = f"{base_url}/fulfilmentportal"

    with chromium() as browser:
        page = browser.new_context(viewport={"width": 1200, "height": 900}).new_page()
        log_in(page, f"{portal}/products", username, PASSWORD)
        row = page.locator("table.list tbody tr", has_text=code)
        free_stock = row.locator("td[data-label='Free stock']").inner_text().strip()
        assert free_stock == "9"  # 10 in Tilburg, 1 reserved; Venlo's 50 unseen
        page.goto(f"{portal}/products/{product['idproduct']}")
        main = page.inner_text("main")
        assert "Scoping Tilburg" in main and "Scoping Venlo" not in main and f"count in {venlo}" not in main
        page.screenshot(path=os.path.join(artifacts_dir, "scoping-product.png"), full_page=True)
        page.goto(f"{portal}/orders")
        listed = page.inner_text("main")
        assert "SCOPE-T" in listed and "SCOPE-C" in listed and "SCOPE-V" not in listed
        page.screenshot(path=os.path.join(artifacts_dir, "scoping-orders.png"), full_page=True)
        assert page.goto(f"{portal}/orders/{orders['SCOPE-V']}").status == 404
        page.goto(f"{portal}/stock-history")
        assert f"count in {tilburg}" in page.inner_text("main") and f"count in {venlo}" not in page.inner_text("main")
