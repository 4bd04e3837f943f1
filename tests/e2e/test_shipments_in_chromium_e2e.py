"""Shipments as a client lives them, in Chromium: it chooses a shipping method when placing its
order; the warehouse ships it through the API in two parcels and the backorder in a third; the
client finds every parcel on the Shipments page (filtered by carrier, searched by code), follows
a track & trace link to the carrier's page, and sees on the order page what each parcel held; a return with a replacement is followed to
completed on the Returns page."""
import time
import uuid

from e2e_api import create_customer, create_product, new_picklist, ship
from e2e_browser import chromium, log_in, watch_policy_violations

PASSWORD = "shipping-harbour-42"
PATTERN = "https://jouw.postnl.nl/track-and-trace/{trackingcode}-NL-3511AB"


def test_a_client_follows_its_parcels_and_their_track_and_trace(operator, base_url, rpc, artifacts_dir):
    api, portal, tag = f"{base_url}/api/v1", f"{base_url}/fulfilmentportal", uuid.uuid4().hex[:6]
    postnl = operator.post(f"{api}/shippingproviders", json={
        "name": f"PostNL {tag}", "carrier_key": "postnl", "tracktraceurl_pattern": PATTERN,
        "profiles": [{"name": "Evening"}]}).json()
    dhl = operator.post(f"{api}/shippingproviders", json={
        "name": f"DHL {tag}", "carrier_key": "dhl", "profiles": [{"name": "Europlus"}],
        "tracktraceurl_pattern": "https://www.dhl.com/nl-en/home/tracking.html?tracking-id={trackingcode}"}).json()
    evening, europlus = (p["profiles"][0]["idshippingprovider_profile"] for p in (postnl, dhl))
    username = f"shipper-{tag}"
    customer = create_customer(operator, base_url, name="Shipping Test BV", can_login=True, username=username,
                               password=PASSWORD, language="en", allowed_shipping_profiles=[evening, europlus])
    customer_id = customer["idfulfilment_customer"]
    mat = create_product(operator, base_url, customer_id, f"MAT-{tag}").json()
    warehouse = rpc.catalog.create_warehouse(f"Shipping warehouse {tag}")["idwarehouse"]
    rpc.catalog.change_stock(customer_id, mat["idproduct"], warehouse, 3, "first receipt")

    with chromium() as browser:
        context = browser.new_context(viewport={"width": 1200, "height": 900})
        # The carriers' sites are not reachable from the test machine: answer for them.
        context.route("https://jouw.postnl.nl/**", lambda route: route.fulfill(body="PostNL: parcel on its way"))
        page = context.new_page()
        refused = watch_policy_violations(page)
        log_in(page, f"{portal}/current-order?search=MAT-{tag}", username, PASSWORD)
        page.locator(f"tr:has-text('MAT-{tag}') input[name=amount]").first.fill("5")
        page.locator(f"tr:has-text('MAT-{tag}') button[type=submit]").first.click()
        page.goto(f"{portal}/current-order")
        for selector, value in {"#deliveryname": "Outdoor Shop Utrecht", "#deliveryaddress": "Oudegracht 10",
                                "#deliveryzipcode": "3511 AB", "#deliverycity": "Utrecht"}.items():
            page.fill(selector, value)
        page.select_option("#deliverycountry", "NL")
        deadline = time.monotonic() + 10
        while "PostNL – Evening" not in page.inner_text("#idshippingprovider_profile"):  # orders hears of the client
            assert time.monotonic() < deadline, "the client's shipping methods never showed"
            page.reload()
        page.select_option("#idshippingprovider_profile", label="PostNL – Evening")
        page.screenshot(path=f"{artifacts_dir}/shipments-current-order.png", full_page=True)
        page.click("button[value=place]")
        page.wait_for_selector("text=Your order has been placed")
        order_id = int(page.url.rstrip("/").rsplit("/", 1)[1])
        assert "PostNL – Evening" in page.inner_text("dl.facts")

        # The warehouse: 3 of 5 in stock, picked and sent in two parcels; 2 found later, sent by DHL.
        operator.post(f"{api}/orders/{order_id}/process", json={"idwarehouse": warehouse})
        first = new_picklist(operator, api, order_id)
        operator.post(f"{api}/picklists/{first['idpicklist']}/pickall")
        ship(operator, api, first, f"3SA{tag}1")
        ship(operator, api, first, f"3SA{tag}2")
        operator.post(f"{api}/picklists/{first['idpicklist']}/close")
        operator.post(f"{api}/products/{mat['idproduct']}/stock/{warehouse}", json={"change": 2, "reason": "found"})
        second = new_picklist(operator, api, order_id)
        operator.post(f"{api}/picklists/{second['idpicklist']}/pickall")
        ship(operator, api, second, f"JJD{tag}", europlus)
        operator.post(f"{api}/picklists/{second['idpicklist']}/close")

        page.goto(f"{portal}/shipments")
        rows = page.locator("table.shipments tbody tr")
        assert rows.count() == 3
        assert "from backorder" in rows.nth(0).inner_text() and "DHL" in rows.nth(0).inner_text()
        assert f"3 × MAT-{tag}" in rows.nth(2).inner_text()
        link = page.locator(f"a:has-text('3SA{tag}1')")
        assert link.get_attribute("href") == PATTERN.format(trackingcode=f"3SA{tag}1")
        page.screenshot(path=f"{artifacts_dir}/shipments-page.png", full_page=True)
        with context.expect_page() as carrier:
            link.click()
        carrier.value.wait_for_load_state()
        assert carrier.value.url.startswith("https://jouw.postnl.nl/track-and-trace/3SA") and \
            "parcel on its way" in carrier.value.inner_text("body")
        carrier.value.close()

        page.select_option("select[name=carrier_key]", "dhl")
        page.click("form.filters button[type=submit]")
        assert page.locator("table.shipments tbody tr").count() == 1
        page.goto(f"{portal}/shipments?search=3SA{tag}2")
        assert page.locator("table.shipments tbody tr").count() == 1
        page.goto(f"{portal}/shipments?search=NOSUCHCODE")
        assert "No shipments match these filters." in page.inner_text("main")

        page.goto(f"{portal}/orders/{order_id}")
        assert page.locator("table.shipments tbody tr").count() == 3
        assert "Completed" in page.inner_text("main") or "completed" in page.inner_text("main")
        page.screenshot(path=f"{artifacts_dir}/shipments-order-page.png", full_page=True)

        # The client registers a return of one mat with a replacement; the warehouse completes it.
        page.click("[data-testid=register-return]")
        page.fill("input[name=lines-0-amount]", "9")
        page.click("text=Register return")
        assert page.url.endswith(f"/orders/{order_id}/return")  # refused where it was typed
        rows = page.inner_text("[data-testid=return-lines]")
        assert "can come back." in rows and "Say why it comes back." in rows
        page.fill("input[name=lines-0-amount]", "1")
        page.fill("input[name=lines-0-reason]", "torn")
        page.fill("input[name=replacements-0-productcode]", f"MAT-{tag}")
        page.fill("input[name=replacements-0-amount]", "1")
        page.screenshot(path=f"{artifacts_dir}/returns-register.png", full_page=True)
        page.click("text=Register return")
        page.wait_for_selector("text=has been registered")
        [registered] = operator.get(f"{api}/returns", params={"idorder": order_id}).json()
        for status in ("received", "completed"):
            operator.post(f"{api}/returns/{registered['idreturn']}/status", json={"status": status})
        page.goto(f"{portal}/returns")
        assert page.locator("[data-testid=return]").count() == 1
        text = page.inner_text("[data-testid=return]")
        assert "Completed" in text and "torn" in text and text.count("API key") >= 2
        page.click("text=replacement order")
        assert f"MAT-{tag}" in page.inner_text("table.list")
        page.goto(f"{portal}/returns")
        page.screenshot(path=f"{artifacts_dir}/returns-page.png", full_page=True)
        assert refused == []
