"""Issue 15's ordering comforts in Chromium, at desktop (1280 px) and phone (390 px) width: a
product added from the filtered product list and from its own page (the ✓ with the amount), the
current order's totals and the recipient's email and telephone, placed, and the order's page
showing them."""
import uuid

import pytest
from e2e_api import create_customer, create_product
from e2e_browser import chromium, log_in, watch_policy_violations

PASSWORD = "granary-otter-58"
WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.mark.parametrize("width", WIDTHS)
def test_a_client_orders_from_the_product_list_and_sees_the_totals(operator, base_url, artifacts_dir, width):
    tag = uuid.uuid4().hex[:6]
    username = f"comforts-{tag}"
    customer_id = create_customer(operator, base_url, name="Comforts BV", can_login=True, username=username,
                                  password=PASSWORD, language="en")["idfulfilment_customer"]
    for code in ("MUG", "CUP", "PLATE"):
        assert create_product(operator, base_url, customer_id, f"{code}-{tag}").status_code == 201  # 9.95 each
    portal = f"{base_url}/fulfilmentportal"
    with chromium() as browser:
        page = browser.new_page(viewport=WIDTHS[width])
        refused = watch_policy_violations(page)
        log_in(page, f"{portal}/products?search={tag}&sort=name", username, PASSWORD)
        row = page.locator(f"tr:has-text('MUG-{tag}')")
        row.locator("input[name=amount]").fill("3")
        row.locator("button:has-text('Add to order')").click()
        page.wait_for_selector(f"tr:has-text('MUG-{tag}') [data-testid=in-order]")
        assert page.url.startswith(f"{portal}/products?search={tag}&sort=name")  # the same list, filtered
        assert "✓ 3" in page.locator(f"tr:has-text('MUG-{tag}') [data-testid=in-order]").inner_text()
        page.screenshot(path=f"{artifacts_dir}/ordering-product-list-{width}.png", full_page=True)

        page.click(f"text=CUP-{tag}")
        page.locator("[data-testid=add-to-order] input[name=amount]").fill("2")
        page.click("[data-testid=add-to-order] button")
        page.wait_for_selector("[data-testid=add-to-order] [data-testid=in-order]")
        assert "✓ 2" in page.inner_text("[data-testid=add-to-order]")
        page.screenshot(path=f"{artifacts_dir}/ordering-product-page-{width}.png", full_page=True)

        page.click("[data-testid=current-order]")
        page.wait_for_url(f"{portal}/current-order")
        totals = page.inner_text("[data-testid=order-totals]")
        assert "5 items" in totals and "49.75" in totals  # 3 × 9.95 + 2 × 9.95
        for field, value in {"#deliveryname": "Jan Jansen", "#deliveryaddress": "Dorpsstraat 1",
                             "#deliveryzipcode": "3512 AB", "#deliverycity": "Utrecht",
                             "#emailaddress": "jan@example.nl", "#telephone": "+31 6 1234 5678"}.items():
            page.fill(field, value)
        page.select_option("#deliverycountry", "NL")
        page.screenshot(path=f"{artifacts_dir}/ordering-current-order-{width}.png", full_page=True)
        page.click("button[value=place]")
        page.wait_for_url(f"{portal}/orders/*")
        assert "jan@example.nl" in page.inner_text("[data-testid=recipient-email]")
        assert "+31 6 1234 5678" in page.inner_text("[data-testid=recipient-telephone]")
        totals = page.inner_text("[data-testid=order-totals]")
        assert "5 items" in totals and "49.75" in totals
        page.screenshot(path=f"{artifacts_dir}/ordering-order-page-{width}.png", full_page=True)
        assert refused == []
