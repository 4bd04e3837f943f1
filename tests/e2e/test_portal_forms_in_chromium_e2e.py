"""Issue 15, the current order's forms as a client lives them in Chromium, on a phone and a desktop:
what is typed survives a search and a product added, a refused import or address stays at a
reloadable address, the country starts at the client's own, a select with an error is marked
red, the lines table fits a 390 px screen, "Order again" fills the current order to check first,
and a tampered checkbox on the Users page is a form error."""
import uuid

import pytest
from e2e_api import create_customer, create_product
from e2e_browser import chromium, log_in, watch_policy_violations

PASSWORD = "forms-lighthouse-42"


def border_colour(page, selector: str) -> str:
    return page.eval_on_selector(selector, "element => getComputedStyle(element).borderTopColor")


def fits_the_screen(page) -> bool:
    """Nothing wider than the window: no sideways scrolling of the page or of a table."""
    return page.evaluate("""() => document.documentElement.scrollWidth <= window.innerWidth &&
        [...document.querySelectorAll('.table-wrap')].every(wrap => wrap.scrollWidth <= wrap.clientWidth)""")


@pytest.fixture
def client_with_products(operator, base_url, rpc):
    username = f"forms-{uuid.uuid4().hex[:6]}"
    customer = create_customer(operator, base_url, name="Forms Test BV", can_login=True, username=username,
                               password=PASSWORD, language="en", country="be")
    customer_id = customer["idfulfilment_customer"]
    codes = ["FT-LANTERN-RECHARGEABLE-XL", "FT-ROPE"]
    for code in codes:
        assert create_product(operator, base_url, customer_id, code).status_code == 201
    return username, codes


@pytest.mark.parametrize("width", [390, 1280])
def test_the_current_orders_forms_keep_what_is_typed_and_stay_reloadable(base_url, artifacts_dir, client_with_products,
                                                                          tmp_path, width):
    username, (lantern, rope) = client_with_products
    portal = f"{base_url}/fulfilmentportal"
    with chromium() as browser:
        page = browser.new_context(viewport={"width": width, "height": 900}).new_page()
        refused = watch_policy_violations(page)
        log_in(page, f"{portal}/current-order", username, PASSWORD)
        assert page.input_value("#deliverycountry") == "BE"  # the client's own country

        # Typed, then a search and a product added: what was typed is still there.
        page.fill("#deliveryname", "Camping De Kempen")
        page.fill("#customer_remarks", "Deliver at the back door")
        page.fill("input[name=search]", "FT-")
        page.press("input[name=search]", "Enter")
        page.wait_for_selector(f"tr:has-text('{lantern}')")
        page.locator(f"tr:has-text('{lantern}') button[type=submit]").first.click()
        page.wait_for_selector("[data-testid=current-order] .count:text-is('1')")
        assert page.input_value("#deliveryname") == "Camping De Kempen"
        assert page.input_value("#customer_remarks") == "Deliver at the back door"
        page.screenshot(path=f"{artifacts_dir}/forms-current-order-{width}.png", full_page=True)
        assert fits_the_screen(page)

        # A refused import: shown at the page's own address, and a reload shows the page again.
        (tmp_path / "lines.csv").write_text(f"productcode,amount\n{rope},2\nNO-SUCH,1\n")
        page.click("[data-testid=order-import] summary")
        page.set_input_files("#file", str(tmp_path / "lines.csv"))
        page.click("#order-import-form button[type=submit]")
        page.wait_for_selector("[data-testid=import-errors]")
        assert page.url == f"{portal}/current-order"
        assert page.reload().status == 200

        # Placed without a city or a country: both marked, the select as red as the input.
        page.fill("#deliveryaddress", "Kerkstraat 1")
        page.fill("#deliveryzipcode", "2400")
        page.select_option("#deliverycountry", "")
        page.click("button[value=place]")
        page.wait_for_selector("#deliverycity.invalid")
        assert page.url == f"{portal}/current-order"
        assert border_colour(page, "#deliverycountry") == border_colour(page, "#deliverycity") != border_colour(page, "#deliveryname")
        page.screenshot(path=f"{artifacts_dir}/forms-refused-address-{width}.png", full_page=True)
        assert fits_the_screen(page)
        assert page.reload().status == 200

        # Placed, then "Order again": the current order holds it again, to check before placing.
        page.fill("#deliverycity", "Mol")
        page.select_option("#deliverycountry", "BE")
        page.click("button[value=place]")
        page.wait_for_selector("text=Your order has been placed")
        page.click("text=Order again")
        page.wait_for_selector(f"text=are in your current order")
        assert page.url == f"{portal}/current-order"
        assert page.inner_text("[data-testid=current-order] .count") == "1"
        assert page.input_value("#deliverycity") == "Mol" and lantern in page.inner_text("main")
        assert page.input_value("#customer_remarks") == ""  # remarks were for the first order
        page.screenshot(path=f"{artifacts_dir}/forms-order-again-{width}.png", full_page=True)
        assert refused == []


def test_the_users_page_offers_what_applies_and_a_tampered_checkbox_is_a_form_error(base_url, artifacts_dir,
                                                                                       client_with_products):
    username, _ = client_with_products
    with chromium() as browser:
        page = browser.new_context(viewport={"width": 390, "height": 900}).new_page()
        log_in(page, f"{base_url}/fulfilmentportal/users", username, PASSWORD)
        offered = page.eval_on_selector_all("input[name=permissions]", "boxes => boxes.map(box => box.value)")
        assert "products" not in offered and "ordering" in offered  # the client may not manage products
        assert "Product management" not in page.inner_text("main")
        page.screenshot(path=f"{artifacts_dir}/forms-users-390.png", full_page=True)
        page.fill("#username", f"tampered-{uuid.uuid4().hex[:6]}")
        page.fill("#emailaddress", "tampered@example.test")
        page.eval_on_selector("input[name=permissions]", "box => { box.value = 'superuser'; box.checked = true; }")
        with page.expect_response(lambda response: response.request.method == "POST") as answer:
            page.click("button.primary")
        assert answer.value.status == 400
        assert page.locator(".field-error").count() == 1
        assert page.inner_text(".field-error") == "Choose only from the boxes shown."
