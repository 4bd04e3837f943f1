"""The dashboard, a chart and search as a client meets them, in Chromium at desktop (1280 px) and
phone (390 px) width, in English and Dutch: the dashboard's sections link to their lists and draw
orders per day, the product page draws its stock and stock value over time, and the search field
in the menu finds a parcel by its track & trace code, a product by its code, and nothing of
another client's. Screenshots land in test-artifacts/."""
import re
import uuid

import pytest
from e2e_api import create_customer, create_product, waiting_order
from e2e_browser import accessibility_violations, chromium, failing, log_in, watch_policy_violations, with_axe
from test_shipments_in_chromium_e2e import new_picklist, ship

PASSWORD = "dashboard-lantern-73"
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
WORDS = {"en": {"orders_chart": "Orders per day", "stock_chart": "Stock of", "nothing": "Nothing found for",
                "products": "Products", "waiting": "Waiting for stock"},
         "nl": {"orders_chart": "Bestellingen per dag", "stock_chart": "Voorraad van", "nothing": "Niets gevonden voor",
                "products": "Producten", "waiting": "Wacht op voorraad"}}


@pytest.fixture(scope="module")
def carrier(operator, base_url):
    tag = uuid.uuid4().hex[:6]
    provider = operator.post(f"{base_url}/api/v1/shippingproviders", json={
        "name": f"PostNL {tag}", "carrier_key": "postnl", "profiles": [{"name": "Standard"}],
        "tracktraceurl_pattern": "https://jouw.postnl.nl/track-and-trace/{trackingcode}-NL-3511AB"}).json()
    return provider["profiles"][0]["idshippingprovider_profile"]


def client_with_a_month(operator, base_url, rpc, carrier, language: str) -> dict:
    """A client with a shipped order, an order waiting for stock and a product below its minimum."""
    api, tag = f"{base_url}/api/v1", uuid.uuid4().hex[:6].upper()
    username = f"dash-{language}-{tag.lower()}"
    customer = create_customer(operator, base_url, name=f"Dashboard {language.upper()} BV", can_login=True,
                               username=username, password=PASSWORD, language=language)
    customer_id = customer["idfulfilment_customer"]
    mat, lamp = (create_product(operator, base_url, customer_id, f"{code}-{tag}").json() for code in ("MAT", "LAMP"))
    operator.put(f"{api}/products/{lamp['idproduct']}", json={"minimum_stock": 5}).raise_for_status()
    operator.put(f"{api}/products/{mat['idproduct']}", json={"costprice": "12.50"}).raise_for_status()
    warehouse = rpc.catalog.create_warehouse(f"Dashboard warehouse {tag}")["idwarehouse"]
    for change, reason in ((40, "first receipt"), (-6, "damaged"), (12, "second receipt")):
        rpc.catalog.change_stock(customer_id, mat["idproduct"], warehouse, change, reason)
    order = operator.post(f"{api}/orders", json={
        "idfulfilment_customer": customer_id, "reference": f"SHOP-{tag}", "deliveryname": "Jan Jansen",
        "deliveryaddress": "Dorpsstraat 1", "deliveryzipcode": "3512 AB", "deliverycity": "Utrecht",
        "deliverycountry": "NL", "idshippingprovider_profile": carrier,
        "products": [{"productcode": mat["productcode"], "amount": 3}]}).json()
    operator.post(f"{api}/orders/{order['idorder']}/process", json={"idwarehouse": warehouse}).raise_for_status()
    picklist = new_picklist(operator, api, order["idorder"])
    operator.post(f"{api}/picklists/{picklist['idpicklist']}/pickall").raise_for_status()
    ship(operator, api, picklist, f"3S{tag}")
    waiting_order(operator, base_url, customer_id, warehouse, lamp["productcode"], 2)
    return {"username": username, "tag": tag, "mat": mat, "lamp": lamp, "order": order}


def failing_violations(page) -> list[dict]:
    """axe-core's findings that fail a page (e2e_browser.failing), on the page as shown now."""
    return failing(accessibility_violations(page))


def search_from_the_menu(page, words: str, phone: bool) -> None:
    if phone:
        page.click("[data-testid=menu-button]")
    page.fill("[data-testid=menu-search] input[name=q]", words)
    page.press("[data-testid=menu-search] input[name=q]", "Enter")
    page.wait_for_load_state()


@pytest.mark.parametrize("language", ["en", "nl"])
def test_dashboard_chart_and_search_at_desktop_and_phone_width(operator, base_url, rpc, carrier, artifacts_dir,
                                                               language):
    client, words = client_with_a_month(operator, base_url, rpc, carrier, language), WORDS[language]
    portal, tag = f"{base_url}/fulfilmentportal", client["tag"]
    other = client_with_a_month(operator, base_url, rpc, carrier, language)
    with chromium() as browser:
        for width, viewport in VIEWPORTS.items():
            phone = width == "phone"
            context = browser.new_context(viewport=viewport)
            with_axe(context)
            context.route("https://jouw.postnl.nl/**", lambda route: route.fulfill(body="PostNL"))
            page = context.new_page()
            refused = watch_policy_violations(page)
            log_in(page, f"{portal}/", client["username"], PASSWORD)
            page.wait_for_selector("[data-testid=dashboard-orders]")

            # Each section links to its list; orders per day is a chart that names itself.
            chart = page.locator("[data-testid=orders-per-day] svg[role=img]")
            assert words["orders_chart"] in chart.locator("title").first.text_content()
            assert chart.locator("rect.chart-bar").count() == 30
            assert chart.bounding_box()["width"] <= viewport["width"]
            waiting = page.locator("[data-testid=dashboard-waiting]")
            assert words["waiting"] in waiting.inner_text() and f"LAMP-{tag}" in waiting.inner_text()
            assert page.locator(f"[data-testid=dashboard-shipments] a:has-text('3S{tag}')").get_attribute("href") \
                == f"https://jouw.postnl.nl/track-and-trace/3S{tag}-NL-3511AB"
            assert f"LAMP-{tag}" in page.inner_text("[data-testid=dashboard-low-stock]")
            assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
            page.screenshot(path=f"{artifacts_dir}/dashboard-{width}-{language}.png", full_page=True)
            assert failing_violations(page) == []
            waiting.locator(f"a:has-text('LAMP-{tag}')").click()
            page.wait_for_url(re.compile(r".*/backorders\?idproduct=\d+$"))

            # The product page: stock and stock value over time, with the figures beside them.
            page.goto(f"{portal}/products/{client['mat']['idproduct']}")
            stock_chart = page.locator("[data-testid=stock-chart] svg[role=img]")
            assert words["stock_chart"] in stock_chart.locator("title").first.text_content()
            assert page.locator("[data-testid=stock-value-chart] svg polyline.chart-line").count() == 1
            assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
            page.screenshot(path=f"{artifacts_dir}/product-page-{width}-{language}.png", full_page=True)
            page.locator(".chart-pair").screenshot(path=f"{artifacts_dir}/product-stock-charts-{width}-{language}.png")
            assert failing_violations(page) == []  # its wide tables scroll, reachable by keyboard too
            page.click("[data-testid=stock-chart] summary")
            last_day = page.locator("[data-testid=stock-chart] tbody tr").last.inner_text()
            assert last_day.rstrip().endswith("46")  # 40 - 6 + 12 (the picklist shipped is not closed yet)

            # Search from the menu: a track & trace code goes straight to its order ...
            search_from_the_menu(page, f"3s{tag.lower()}", phone)
            page.wait_for_url(f"{portal}/orders/{client['order']['idorder']}")
            # ... a part of a code finds the products and orders holding it, grouped ...
            search_from_the_menu(page, tag, phone)
            assert words["products"] in page.inner_text("[data-testid=found-products] h2")
            assert f"MAT-{tag}" in page.inner_text("[data-testid=found-products]")
            assert f"SHOP-{tag}" in page.inner_text("[data-testid=found-orders]") or phone  # reference: wide only
            assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
            page.screenshot(path=f"{artifacts_dir}/search-results-{width}-{language}.png", full_page=True)
            assert failing_violations(page) == []
            # ... and nothing of another client's, not even by its exact codes.
            for code in (f"3S{other['tag']}", f"MAT-{other['tag']}", f"SHOP-{other['tag']}"):
                search_from_the_menu(page, code, phone)
                assert words["nothing"] in page.inner_text("[data-testid=no-results]")
            assert refused == []
            context.close()
