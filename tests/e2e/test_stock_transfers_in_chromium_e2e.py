"""Issue 13's stock transfer as a client lives it, in Chromium: made in the portal, printed (the
PDF rendered to an image, looked at, and its barcode decoded), on its way on the dashboard and the
product page next to free stock and the backorder waiting for it, received with one line short,
the stock risen by what arrived and the backorder filled; the list filtered by who made it."""
import sys
import uuid
from pathlib import Path

from e2e_api import create_customer, create_product, waiting_order
from e2e_browser import chromium, log_in, watch_policy_violations
from test_purchasing_in_chromium_e2e import eventually

# The PDF reader the gateway's own tests use (PDFium and zxing-cpp), beside those tests.
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "gateway" / "tests"))
from stock_transfer_barcodes import barcodes_in_pdf, page_images  # noqa: E402

PASSWORD = "transfer-harbour-47"


def submitted(page) -> bool:
    page.click("button.primary")
    page.wait_for_load_state()
    return page.is_visible("text=has been made")


def test_a_client_sends_a_transfer_prints_it_and_it_is_received_one_short(operator, base_url, rpc, artifacts_dir):
    warehouse = rpc.catalog.create_warehouse("Transfer test warehouse")["idwarehouse"]
    username = f"sender-{uuid.uuid4().hex[:6]}"
    customer = create_customer(operator, base_url, name="Transfer Test BV", can_login=True, username=username,
                               password=PASSWORD, language="en", idwarehouse_purchaseorders=warehouse)
    customer_id = customer["idfulfilment_customer"]
    products = {code: create_product(operator, base_url, customer_id, code).json()["idproduct"]
                for code in ("TT-TENT", "TT-MAT")}
    # An order that waits for 4 mats: processed with none in stock.
    waiting = waiting_order(operator, base_url, customer_id, warehouse, "TT-MAT", 4)
    portal = f"{base_url}/fulfilmentportal"

    with chromium() as browser:
        page = browser.new_context(viewport={"width": 1200, "height": 900}).new_page()
        refused = watch_policy_violations(page)
        log_in(page, f"{portal}/stock-transfers/new", username, PASSWORD)
        page.fill("#origin", "Shop Utrecht")
        page.fill("#expected_date", "2026-12-10")
        page.fill("#lines-0-productcode", "TT-TENT")
        page.fill("#lines-0-amount", "0")
        page.click("button.primary")
        page.wait_for_selector("text=Number must be between 1 and 100000.")
        page.fill("#lines-0-amount", "5")
        page.fill("#lines-1-productcode", "TT-MAT")
        page.fill("#lines-1-amount", "10")
        # purchasing hears of a new client's warehouse a moment after the client was made: until
        # then the page says there is none, keeping what was typed.
        assert eventually(lambda: submitted(page)), page.inner_text("main")
        transfer_url = page.url
        # Changed before it ships: one more tent (the line's form sits outside the receive form).
        page.fill("tr:has-text('TT-TENT') input[name=amount]", "6")
        page.click("tr:has-text('TT-TENT') button:has-text('Change')")
        page.wait_for_selector("text=The amount has been changed")
        page.screenshot(path=f"{artifacts_dir}/stock-transfer-made.png", full_page=True)

        pdf = page.request.get(base_url + page.get_attribute("[data-testid=transfer-pdf]", "href"))
        assert (pdf.status, pdf.headers["content-type"]) == (200, "application/pdf")
        number = page.inner_text("h1").split()[2]
        assert barcodes_in_pdf(pdf.body()) == [(1, "Code128", number)]
        page_images(pdf.body())[0].save(f"{artifacts_dir}/stock-transfer.pdf.png")

        # On its way: the dashboard and the product page show it next to free stock and the backorder.
        page.goto(f"{portal}/")
        row = page.inner_text("[data-testid=expected-inbound] tr:has-text('TT-MAT')")
        assert row.split("\t")[:5] == ["TT-MAT", "0", "4", "10", "December 10, 2026"] and number in row, row
        page.screenshot(path=f"{artifacts_dir}/dashboard-on-its-way.png", full_page=True)
        page.goto(f"{portal}/products/{products['TT-MAT']}")
        assert (page.inner_text("[data-testid=product-backordered]"),
                page.inner_text("[data-testid=product-expected]")) == ("4", "10")
        page.goto(transfer_url)

        page.fill("tr:has-text('TT-MAT') input[name^=received]", "9")
        page.click("text=Mark as received")
        page.wait_for_selector("text=The stock transfer has been received")
        assert page.inner_text("[data-testid=stock-transfer-status]") == "Received"
        lines = page.inner_text("[data-testid=stock-transfer-lines]")
        assert "-1" in lines and "Mark as received" not in page.inner_text("main")
        page.screenshot(path=f"{artifacts_dir}/stock-transfer-received.png", full_page=True)

        page.goto(f"{portal}/stock-transfers")
        page.select_option("[data-testid=created-by-filter]", username)
        page.click("form.filters button[type=submit]")
        assert number in page.inner_text("[data-testid=stock-transfers]") and username in page.url
        page.goto(f"{portal}/stock-transfers?created_by=nobody")
        page.wait_for_selector("text=No stock transfers match these filters.")
        page.goto(f"{portal}/")
        page.wait_for_selector("text=Nothing is on its way")
        assert refused == []

    def level(code: str) -> int:
        return operator.get(f"{base_url}/api/v1/products/{products[code]}/stock/{warehouse}").json()["stock"]

    assert eventually(lambda: (level("TT-TENT"), level("TT-MAT")) == (6, 9)), (level("TT-TENT"), level("TT-MAT"))
    assert eventually(lambda: operator.get(f"{base_url}/api/v1/orders/{waiting['idorder']}").json()
                      ["products"][0]["allocated"] == 4), "the waiting order was not filled by the transfer"
    assert transfer_url.rsplit("/", 1)[1].isdigit()
