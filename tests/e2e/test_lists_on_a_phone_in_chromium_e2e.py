"""On a phone (390 px) no list scrolls sideways: every list of the menu, and the lines of an order,
a purchase order and a stock transfer, the dashboard's and a product's tables, show each row as a
card whose values are named by their column. In Dutch, whose column names are the longest, with a
long track & trace code, reference and supplier name. Screenshots land in test-artifacts/."""
from e2e_browser import chromium, log_in
from test_dashboard_in_chromium_e2e import PASSWORD, carrier, client_with_a_month  # noqa: F401 (a fixture)

PHONE = {"width": 390, "height": 844}
# Tables wider than their wrapper, by the test id of the table (or the wrapper's class).
SIDEWAYS = """() => [...document.querySelectorAll('.table-wrap')].filter(w => w.scrollWidth > w.clientWidth + 1)
    .map(w => (w.querySelector('table') || w).getAttribute('data-testid') || 'table-wrap')"""


def test_no_list_scrolls_sideways_on_a_phone(operator, base_url, rpc, carrier, artifacts_dir):  # noqa: F811
    client = client_with_a_month(operator, base_url, rpc, carrier, "nl")
    api, portal, customer_id = f"{base_url}/api/v1", f"{base_url}/fulfilmentportal", client["mat"]["idfulfilment_customer"]
    warehouse = rpc.catalog.create_warehouse(f"Phone lists warehouse {client['tag']}")["idwarehouse"]
    operator.put(f"{api}/fulfilment/customers/{customer_id}",
                 json={"idwarehouse_purchaseorders": warehouse}).raise_for_status()
    purchase_order = operator.post(f"{api}/purchaseorders", json={
        "idfulfilment_customer": customer_id, "supplier_name": "Groothandel Van den Berg & Zonen Bedrijfskleding B.V.",
        "products": [{"productcode": client["mat"]["productcode"], "amount": 12000}]})
    assert purchase_order.status_code == 201, purchase_order.text
    transfer = operator.post(f"{api}/stocktransfers", json={
        "idfulfilment_customer": customer_id, "origin": "Winkel Utrecht Oudegracht",
        "products": [{"productcode": client["mat"]["productcode"], "amount": 6}]})
    assert transfer.status_code == 201, transfer.text
    with chromium() as browser:
        page = browser.new_page(viewport=PHONE)
        log_in(page, f"{portal}/", client["username"], PASSWORD)
        page.wait_for_selector("[data-testid=customer-name]")
        menu = page.eval_on_selector_all("nav.sidebar a", "links => [...new Set(links.map(a => a.href))]")
        details = [f"{portal}/orders/{client['order']['idorder']}", f"{portal}/products/{client['mat']['idproduct']}",
                   f"{portal}/purchase-orders/{purchase_order.json()['idpurchaseorder']}",
                   f"{portal}/stock-transfers/{transfer.json()['idstocktransfer']}"]
        sideways = {}
        for url in menu + details:
            page.goto(url)
            name = url.removeprefix(portal).strip("/").replace("/", "-") or "dashboard"
            page.screenshot(path=f"{artifacts_dir}/phone-lists-{name}.png", full_page=True)
            if found := page.evaluate(SIDEWAYS):
                sideways[name] = found
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], name
        assert sideways == {}

        # The order's lines: a card per product, each figure named, the column headings out of sight.
        page.goto(details[0])
        lines = page.locator("[data-testid=order-lines]")
        assert not lines.locator("thead").is_visible()
        card = lines.locator("tbody tr").first
        assert card.locator("td[data-label='Aantal']").is_visible() and "3" in card.inner_text()
        assert card.evaluate("row => row.getBoundingClientRect().right") <= PHONE["width"]
