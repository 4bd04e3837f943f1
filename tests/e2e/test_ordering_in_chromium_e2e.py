"""Issue 6 as a client lives it, in Chromium: a current order built over two sessions and placed,
a 200-line Excel order refused for its one bad row and imported once fixed, an order cancelled,
and a backorder filled when the warehouse adds stock through the API."""
import io
import time
import uuid

from e2e_api import create_customer, create_product
from e2e_browser import chromium, log_in, watch_policy_violations
from openpyxl import Workbook

PASSWORD = "ordering-harbour-42"
ADDRESS = {"#deliveryname": "Outdoor Shop Utrecht", "#deliveryaddress": "Oudegracht 10",
           "#deliveryzipcode": "3511 AB", "#deliverycity": "Utrecht"}


def excel(lines: list[tuple]) -> bytes:
    workbook = Workbook()
    workbook.active.append(["Omschrijving", "Artikelcode", "Aantal"])  # Dutch headers, an extra column
    for code, amount in lines:
        workbook.active.append([f"Line for {code}", code, amount])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_client_orders_imports_cancels_and_sees_a_backorder_filled(operator, base_url, rpc, artifacts_dir, tmp_path):
    username = f"orderer-{uuid.uuid4().hex[:6]}"
    customer = create_customer(operator, base_url, name="Ordering Test BV", can_login=True, username=username,
                               password=PASSWORD, language="en")
    customer_id = customer["idfulfilment_customer"]
    codes = [f"OT-{n:03}" for n in range(200)]
    products = {code: create_product(operator, base_url, customer_id, code).json() for code in codes}
    warehouse = rpc.catalog.create_warehouse("Ordering test warehouse")["idwarehouse"]
    rpc.catalog.change_stock(customer_id, products["OT-001"]["idproduct"], warehouse, 5, "first receipt")
    portal = f"{base_url}/fulfilmentportal"

    with chromium() as browser:
        # First session: two products into the current order, then gone.
        first = browser.new_context(viewport={"width": 1200, "height": 900}).new_page()
        log_in(first, f"{portal}/current-order?search=OT-001", username, PASSWORD)
        first.locator("tr:has-text('OT-001') input[name=amount]").first.fill("4")
        first.locator("tr:has-text('OT-001') button[type=submit]").first.click()
        first.goto(f"{portal}/current-order?search=OT-002")
        first.locator("tr:has-text('OT-002') button[type=submit]").first.click()
        first.context.close()

        # Second session, another "device": the current order is still there; place it.
        page = browser.new_context(viewport={"width": 1200, "height": 900}).new_page()
        refused = watch_policy_violations(page)
        log_in(page, f"{portal}/current-order", username, PASSWORD)
        assert page.inner_text("[data-testid=current-order] .count") == "2"
        for selector, value in ADDRESS.items():
            page.fill(selector, value)
        page.select_option("#deliverycountry", "NL")
        page.screenshot(path=f"{artifacts_dir}/ordering-current-order.png", full_page=True)
        page.click("button[value=place]")
        page.wait_for_selector("text=Your order has been placed")
        placed_url = page.url
        assert "OT-001" in page.inner_text("table.list")

        # A 200-line Excel file with one bad row: refused, naming the row.
        bad = [(code, 1) for code in codes]
        bad[57] = ("NO-SUCH-CODE", 1)  # spreadsheet row 59
        (tmp_path / "bad.xlsx").write_bytes(excel(bad))
        page.goto(f"{portal}/current-order")
        page.click("[data-testid=order-import] summary")
        page.set_input_files("#file", str(tmp_path / "bad.xlsx"))
        page.click("#order-import-form button[type=submit]")
        page.wait_for_selector("[data-testid=import-errors]")
        errors = page.inner_text("[data-testid=import-errors]")
        assert "59" in errors and "NO-SUCH-CODE" in errors
        assert page.inner_text("[data-testid=current-order] .count") == "0"  # nothing imported
        page.screenshot(path=f"{artifacts_dir}/ordering-import-refused.png", full_page=True)

        # Fixed and imported again: 200 lines in the current order.
        (tmp_path / "good.xlsx").write_bytes(excel([(code, 1) for code in codes]))
        page.goto(f"{portal}/current-order")
        page.click("[data-testid=order-import] summary")
        page.set_input_files("#file", str(tmp_path / "good.xlsx"))
        started = time.monotonic()
        page.click("#order-import-form button[type=submit]")
        page.wait_for_selector("text=200 lines imported")
        assert time.monotonic() - started < 30
        assert page.inner_text("[data-testid=current-order] .count") == "200"

        # The placed order: the warehouse processes it; OT-001 is short by one (5 in stock, 4
        # ordered, but another order takes 2 first).
        order_id = int(placed_url.rsplit("/", 1)[1])
        other = rpc.orders.create_order(customer_id, {"deliveryname": "X", "deliveryaddress": "Y 1",
                                                      "deliveryzipcode": "1", "deliverycity": "Z", "deliverycountry": "NL",
                                                      "products": [{"productcode": "OT-001", "amount": 2}]},
                                        "api", "e2e")["order"]
        rpc.orders.process_order(customer_id, other["idorder"], warehouse, "warehouse")
        processed = operator.post(f"{base_url}/api/v1/orders/{order_id}/process", json={"idwarehouse": warehouse}).json()
        assert [(l["productcode"], l["backordered"]) for l in processed["products"]] == [("OT-001", 1), ("OT-002", 1)]

        # The client cancels the other order: its 2 go back to free stock and fill the backorder.
        page.goto(f"{portal}/orders/{other['idorder']}")
        asked = []
        page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
        page.click("text=Cancel order")
        page.wait_for_selector("text=The order has been cancelled.")
        assert asked == ["Cancel this order?"]  # portal.js asks first (no inline handlers under the CSP)

        # The warehouse receives OT-002 through the API: that backorder fills too.
        operator.post(f"{base_url}/api/v1/products/{products['OT-002']['idproduct']}/stock/{warehouse}",
                      json={"change": 3, "reason": "supplier delivery"})
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            page.goto(f"{portal}/backorders")
            if "No backorders" in page.inner_text("main"):
                break
            time.sleep(0.5)
        assert "No backorders" in page.inner_text("main")
        page.goto(placed_url)
        assert "delivered a backorder" in page.inner_text("main")
        page.screenshot(path=f"{artifacts_dir}/ordering-backorder-filled.png", full_page=True)
        assert refused == []


def test_the_delivery_address_comes_from_and_goes_to_the_address_book(operator, base_url, rpc, artifacts_dir):
    username = f"book-{uuid.uuid4().hex[:6]}"
    customer_id = create_customer(operator, base_url, name="Address Book BV", can_login=True, username=username,
                                  password=PASSWORD, language="nl")["idfulfilment_customer"]
    rpc.accounts.create_address(customer_id, {"name": "Winkel Utrecht", "contactname": "Els", "address": "Oudegracht 10",
                                              "zipcode": "3511 AB", "city": "Utrecht", "country": "NL"})
    portal = f"{base_url}/fulfilmentportal"
    with chromium() as browser:
        page = browser.new_context(viewport={"width": 1200, "height": 900}).new_page()
        refused = watch_policy_violations(page)
        log_in(page, f"{portal}/current-order", username, PASSWORD)
        page.fill("#reference", "PO-BOOK-1")
        page.select_option("#saved_address", label="Winkel Utrecht, Oudegracht 10, Utrecht")
        page.click("button[value=use_address]")
        assert "Het adres uit uw adresboek is ingevuld." in page.inner_text("main")
        assert (page.input_value("#deliveryname"), page.input_value("#deliverycontactname"),
                page.input_value("#deliverycity"), page.input_value("#reference")) == (
            "Winkel Utrecht", "Els", "Utrecht", "PO-BOOK-1")
        page.screenshot(path=f"{artifacts_dir}/current-order-address-book.png", full_page=True)

        for selector, value in {"#deliveryname": "Magazijn Amersfoort", "#deliverycontactname": "",
                                "#deliveryaddress": "Kraailandenweg 4", "#deliveryzipcode": "3800 AA",
                                "#deliverycity": "Amersfoort"}.items():
            page.fill(selector, value)
        page.check("#save_to_address_book")
        page.press("#deliverycity", "Enter")  # Enter saves: it never takes the address book's entry back
        assert page.input_value("#deliveryname") == "Magazijn Amersfoort"
        page.goto(f"{portal}/addresses")
        assert "Magazijn Amersfoort" in page.inner_text("main") and "Winkel Utrecht" in page.inner_text("main")
    assert len(rpc.accounts.list_addresses(customer_id)) == 2
