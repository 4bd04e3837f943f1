"""Issue 13 as a client lives it, in Chromium: a purchase order made with one line typed and the
others imported from a sheet, edited, placed, locked after the warehouse's first partial receipt
(through the API), and the stock risen with the client's waiting backorder filled."""
import io
import time
import uuid

from e2e_api import create_customer, create_product, waiting_order
from e2e_browser import chromium, log_in
from openpyxl import Workbook

PASSWORD = "purchasing-harbour-43"


def sheet(lines: list[tuple]) -> bytes:
    workbook = Workbook()
    workbook.active.append(["Artikelcode", "Aantal"])
    for code, amount in lines:
        workbook.active.append([code, amount])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def eventually(check, timeout: float = 15) -> bool:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.3)
    return True


def test_a_client_announces_goods_and_sees_them_received(operator, base_url, rpc, artifacts_dir, tmp_path):
    warehouse = rpc.catalog.create_warehouse("Purchasing test warehouse")["idwarehouse"]
    username = f"buyer-{uuid.uuid4().hex[:6]}"
    customer = create_customer(operator, base_url, name="Purchasing Test BV", can_login=True, username=username,
                               password=PASSWORD, language="en", idwarehouse_purchaseorders=warehouse)
    customer_id = customer["idfulfilment_customer"]
    products = {code: create_product(operator, base_url, customer_id, code).json()
                for code in ("PT-TENT", "PT-MAT", "PT-LAMP")}
    # An order that waits for tents: processed with none in stock.
    waiting = waiting_order(operator, base_url, customer_id, warehouse, "PT-TENT", 2)
    portal = f"{base_url}/fulfilmentportal"

    with chromium() as browser:
        page = browser.new_context(viewport={"width": 1200, "height": 900}).new_page()
        log_in(page, f"{portal}/purchase-orders/new", username, PASSWORD)
        page.fill("#supplier_name", "Hanse Textiel")
        page.fill("#supplier_orderid", "HT-881")
        page.fill("#delivery_date", "2026-12-24")
        page.click("button.primary")
        page.wait_for_selector("text=has been made")
        order_url = page.url
        # One line typed, the others imported from a sheet.
        page.fill(".add-line input[name=productcode]", "PT-TENT")
        page.fill(".add-line input[name=amount]", "6")
        page.click(".add-line button[type=submit]")
        page.wait_for_selector("text=PT-TENT has been added")
        (tmp_path / "lines.xlsx").write_bytes(sheet([("PT-MAT", 10), ("PT-LAMP", 3)]))
        page.click("[data-testid=purchase-order-import] summary")
        page.set_input_files("#file", str(tmp_path / "lines.xlsx"))
        page.click("[data-testid=purchase-order-import] button[type=submit]")
        page.wait_for_selector("text=2 lines imported")
        # Edited: more mats, no lamps.
        page.fill("tr:has-text('PT-MAT') input[name=amount]", "12")
        page.click("tr:has-text('PT-MAT') form.amount button")
        page.wait_for_selector("text=The amount has been changed")
        page.click("tr:has-text('PT-LAMP') button:has-text('Remove')")
        page.wait_for_selector("text=The line has been removed")
        page.click("text=Place purchase order")
        page.wait_for_selector("text=The purchase order has been placed")
        lines = page.inner_text("[data-testid=purchase-order-lines]")
        assert "PT-TENT" in lines and "PT-MAT" in lines and "PT-LAMP" not in lines
        page.screenshot(path=f"{artifacts_dir}/purchasing-placed.png", full_page=True)

        # The warehouse receives part of it through the API.
        purchase_order_id = int(order_url.rstrip("/").rsplit("/", 1)[1])
        tent = next(line for line in rpc.purchasing.get_purchase_order(customer_id, purchase_order_id)["products"]
                    if line["productcode"] == "PT-TENT")
        received = operator.post(f"{base_url}/api/v1/purchaseorders/{purchase_order_id}/receipts",
                                 json={"products": [{"idpurchaseorder_product": tent["idpurchaseorder_product"],
                                                     "amount": 4}]})
        assert received.status_code == 201, received.text

        page.goto(order_url)
        assert "can no longer be changed or cancelled" in page.inner_text("[data-testid=change-rule]")
        assert page.locator("text=Place purchase order").count() == 0
        assert page.locator("text=Cancel purchase order").count() == 0
        row = page.inner_text("tr:has-text('PT-TENT')")
        assert "6" in row and "4" in row and "2" in row and "partly" in row
        assert "R" in page.inner_text("[data-testid=receipts]")
        page.screenshot(path=f"{artifacts_dir}/purchasing-received.png", full_page=True)

        # The stock rose, and the waiting order got its tents first.
        assert eventually(lambda: rpc.orders.get_order(customer_id, waiting["idorder"])["products"][0]["allocated"] == 2)
        page.goto(f"{portal}/products/{products['PT-TENT']['idproduct']}")
        assert page.inner_text("[data-testid=freestock]").strip() == "2"
        page.goto(f"{portal}/orders/{waiting['idorder']}")
        assert page.locator("[data-testid=waiting-for-stock]").count() == 0

        # On a phone the lines stay readable.
        phone = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
        log_in(phone, order_url, username, PASSWORD)
        phone.wait_for_selector("[data-testid=purchase-order-lines]")
        phone.screenshot(path=f"{artifacts_dir}/purchasing-phone.png", full_page=True)
