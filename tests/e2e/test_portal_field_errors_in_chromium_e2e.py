"""A Dutch client on a phone: an order placed with an incomplete address, and an address book
entry with a country that does not exist, each refused at its own field in Dutch."""
import uuid

from e2e_api import create_customer, create_product
from e2e_browser import chromium, log_in

PASSWORD = "meadow-lantern-63"


def test_errors_are_shown_at_their_fields_in_dutch(operator, base_url, artifacts_dir):
    username = f"fields-{uuid.uuid4().hex[:6]}"
    customer = create_customer(operator, base_url, name="Veldfouten BV", can_login=True, username=username,
                               password=PASSWORD, language="nl")
    create_product(operator, base_url, customer["idfulfilment_customer"], "VF-001")
    portal = f"{base_url}/fulfilmentportal"
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 390, "height": 780})
        log_in(page, f"{portal}/current-order?search=VF-001", username, PASSWORD)
        page.locator("tr:has-text('VF-001') button[type=submit]").first.click()
        page.fill("#deliveryname", "Jan Jansen")
        page.click("button[value=place]")
        page.wait_for_selector(".field-error")
        for field in ("deliveryaddress", "deliveryzipcode", "deliverycity", "deliverycountry"):
            assert page.inner_text(f"#{field} + .field-error") == "Vul dit in.", field
        assert page.locator("#deliveryname + .field-error").count() == 0
        assert "De bestelling is niet geplaatst: verbeter de gemarkeerde velden." in page.content()
        assert page.input_value("#deliveryname") == "Jan Jansen"
        page.screenshot(path=f"{artifacts_dir}/portal-field-errors-phone-nl.png", full_page=True)

        page.goto(f"{portal}/addresses/new")
        for selector, value in {"#name": "Jan Jansen", "#address": "Dorpsstraat 1", "#zipcode": "5038 AB",
                                "#city": "Tilburg", "#country": "zz"}.items():
            page.fill(selector, value)
        page.click("main button[type=submit]")
        page.wait_for_selector("#country + .field-error")
        assert page.inner_text("#country + .field-error").startswith("Dit land kennen we niet")
        page.screenshot(path=f"{artifacts_dir}/portal-address-book-country-nl.png", full_page=True)
        page.fill("#country", "be")
        page.click("main button[type=submit]")
        page.wait_for_url(f"{portal}/addresses")
        assert "België" in page.inner_text("main")  # stored as BE, shown by its name
