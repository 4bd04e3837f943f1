"""Accessibility: axe-core (vendored, tests/e2e/vendor) on every page of the portal's menu, and a
product's, a webhook's and the login page, at desktop (1280 px) and phone (390 px) width in both
languages; a serious or critical violation fails, and so does content outside every landmark.
Every action works with the keyboard: a skip link first, a visible focus ring on whatever has the
focus. Screenshots land in test-artifacts/."""
import json
import uuid

import pytest
from e2e_api import create_customer, create_product
from e2e_browser import accessibility_violations, chromium, failing, log_in, with_axe

PASSWORD = "lighthouse-marmot-73"
WIDTHS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 780}}


@pytest.fixture(scope="module")
def clients(operator, base_url) -> dict:
    """A client per language with a product and a webhook, so the lists have rows and forms."""
    made = {}
    for language in ("en", "nl"):
        username = f"a11y-{language}-{uuid.uuid4().hex[:6]}"
        customer = create_customer(operator, base_url, name=f"Toegankelijk {language.upper()} BV", can_login=True,
                                   username=username, password=PASSWORD, language=language)
        customer_id = customer["idfulfilment_customer"]
        product = create_product(operator, base_url, customer_id, f"A11Y-{language.upper()}-1")
        assert product.status_code == 201, product.text
        hook = operator.post(f"{base_url}/api/v1/hooks", json={
            "idfulfilment_customer": customer_id, "name": "To our ERP", "event": "orders.created",
            "address": "https://erp.example/hooks"})
        assert hook.status_code == 201, hook.text
        made[language] = {"username": username, "product": product.json()["idproduct"], "hook": hook.json()["idhook"]}
    return made


def menu_pages(page) -> list[str]:
    """Every page the signed-in user's menu leads to (the phone's is behind its button)."""
    return page.eval_on_selector_all("nav.sidebar a", "links => [...new Set(links.map(a => a.href))]")


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", ["en", "nl"])
def test_every_menu_page_passes_axe_without_failing_violations(base_url, clients, artifacts_dir, language, width):
    client, portal = clients[language], f"{base_url}/fulfilmentportal"
    found: dict[str, list[dict]] = {}
    everything: dict[str, list[dict]] = {}  # the ones that do not fail too, kept beside the screenshots
    with chromium() as browser:
        context = browser.new_context(viewport=WIDTHS[width], locale=language)
        with_axe(context)
        page = context.new_page()
        page.goto(f"{portal}/language/{language}")
        page.wait_for_selector("#username")
        found["login"] = failing(accessibility_violations(page))
        # The check is live: an image without a text alternative is a critical violation, and text
        # outside every landmark fails too.
        page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"/static/x.png\">')")
        page.evaluate("document.body.insertAdjacentHTML('beforeend', '<p>Outside every landmark</p>')")
        assert {"image-alt", "region"} <= {violation["id"] for violation in failing(accessibility_violations(page))}
        page.reload()
        page.wait_for_selector("#username")
        page.screenshot(path=f"{artifacts_dir}/a11y-login-{width}-{language}.png", full_page=True)
        log_in(page, f"{portal}/", client["username"], PASSWORD)
        page.wait_for_selector("[data-testid=customer-name]")
        pages = menu_pages(page)
        assert len(pages) >= 15, pages
        extra = [f"{portal}/products/{client['product']}", f"{portal}/webhooks/{client['hook']}"]
        for url in pages + extra:
            page.goto(url)
            name = url.removeprefix(portal).strip("/").replace("/", "-") or "dashboard"
            violations = accessibility_violations(page)
            everything[name] = violations
            found[name] = failing(violations)
            page.screenshot(path=f"{artifacts_dir}/a11y-{name}-{width}-{language}.png", full_page=True)
        if width == "phone":  # the menu open, as a phone user sees it
            page.goto(f"{portal}/")
            page.click("[data-testid=menu-button]")
            found["menu-open"] = failing(accessibility_violations(page))
    with open(f"{artifacts_dir}/a11y-report-{width}-{language}.json", "w") as report:
        json.dump(everything, report, indent=1)
    failed = {name: violations for name, violations in found.items() if violations}
    assert failed == {}, failed


@pytest.mark.parametrize("width", WIDTHS)
def test_the_keyboard_reaches_the_content_first_and_always_shows_where_the_focus_is(
        base_url, clients, artifacts_dir, width):
    client, portal = clients["en"], f"{base_url}/fulfilmentportal"
    with chromium() as browser:
        page = browser.new_page(viewport=WIDTHS[width])
        log_in(page, f"{portal}/products", client["username"], PASSWORD)
        page.wait_for_selector("[data-testid=customer-name]")
        page.keyboard.press("Tab")
        skip = page.evaluate("document.activeElement")
        assert page.evaluate("document.activeElement.classList.contains('skip-link')"), skip
        assert page.is_visible(".skip-link")
        page.screenshot(path=f"{artifacts_dir}/a11y-skip-link-{width}.png")
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "content"
        # From the content on, every stop shows a focus ring, up to the product's order button.
        for _ in range(40):
            page.keyboard.press("Tab")
            outline = page.evaluate("""() => { const style = getComputedStyle(document.activeElement);
                return [document.activeElement.tagName, style.outlineStyle, style.outlineWidth]; }""")
            assert outline[1] != "none" and outline[2] != "0px", outline
            if page.evaluate("document.activeElement.matches('form.order-amount button')"):
                break  # "Add to order", or "Update" once the other width's run added it
        else:
            pytest.fail("the keyboard never reached the product's Add to order")
        page.screenshot(path=f"{artifacts_dir}/a11y-focus-add-to-order-{width}.png")
        page.keyboard.press("Enter")
        page.wait_for_selector("[data-testid=in-order]")
        assert "✓ 1" in page.inner_text("[data-testid=in-order]")
