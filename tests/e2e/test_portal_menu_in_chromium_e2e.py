"""The portal's menu on a phone (390 px) and at desktop width, in English and Dutch, and the page
that refuses what the user may not open."""
import uuid

import pytest
from e2e_api import create_customer
from e2e_browser import chromium, log_in, watch_policy_violations

PASSWORD = "harbour-lantern-52"
PHONE = {"width": 390, "height": 780}
DESKTOP = {"width": 1200, "height": 760}
# What the test taps, per language: the menu button, then pages reached through it.
WORDS = {"en": {"menu": "Menu", "orders": "Orders", "account": "Account settings", "current": "Current order"},
         "nl": {"menu": "Menu", "orders": "Bestellingen", "account": "Accountinstellingen", "current": "Huidige bestelling"}}


def client(operator, base_url, language: str) -> str:
    username = f"menu-{language}-{uuid.uuid4().hex[:6]}"
    create_customer(operator, base_url, name=f"Menu Test {language.upper()} BV", can_login=True,
                    username=username, password=PASSWORD, language=language)
    return username


@pytest.mark.parametrize("language", ["en", "nl"])
def test_every_page_is_one_or_two_taps_away_on_a_phone(operator, base_url, artifacts_dir, language):
    username, words = client(operator, base_url, language), WORDS[language]
    portal = f"{base_url}/fulfilmentportal"
    with chromium() as browser:
        page = browser.new_page(viewport=PHONE)
        refused = watch_policy_violations(page)
        log_in(page, f"{portal}/", username, PASSWORD)
        page.wait_for_selector("[data-testid=customer-name]")
        # Closed: the signed-in user and the current order are in sight, the rest behind the button.
        assert page.is_visible("[data-testid=signed-in-user]")
        assert page.inner_text("[data-testid=signed-in-user]") == username
        assert page.is_visible("[data-testid=current-order]")
        assert not page.is_visible(f"nav >> text={words['orders']}")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        page.screenshot(path=f"{artifacts_dir}/portal-menu-phone-closed-{language}.png", full_page=True)

        page.click("[data-testid=menu-button]")
        entries = page.query_selector_all("nav.sidebar a")
        assert len(entries) >= 12 and all(entry.is_visible() for entry in entries)
        for entry in entries:  # each a tap target that fits the screen
            box = entry.bounding_box()
            assert box["height"] >= 32 and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        page.screenshot(path=f"{artifacts_dir}/portal-menu-phone-open-{language}.png", full_page=True)
        page.click(f"nav >> text={words['orders']}")
        page.wait_for_url(f"{portal}/orders")

        page.click("[data-testid=menu-button]")
        page.click(f"nav >> text={words['account']}")
        page.wait_for_url(f"{portal}/account")

        page.click("[data-testid=current-order]")  # one tap, the menu closed
        page.wait_for_url(f"{portal}/current-order")
        assert words["current"] in page.inner_text("h1")
        assert refused == []

        desktop = browser.new_page(viewport=DESKTOP)
        log_in(desktop, f"{portal}/", username, PASSWORD)
        desktop.wait_for_selector("[data-testid=customer-name]")
        assert not desktop.is_visible("[data-testid=menu-button]")
        assert desktop.is_visible(f"nav >> text={words['orders']}") and desktop.is_visible("[data-testid=current-order]")
        desktop.screenshot(path=f"{artifacts_dir}/portal-menu-desktop-{language}.png", full_page=True)


def test_a_page_the_user_may_not_open_says_why_on_a_phone_in_dutch(operator, base_url, artifacts_dir):
    username = client(operator, base_url, "nl")  # its customer may not manage products
    with chromium() as browser:
        page = browser.new_page(viewport=PHONE)
        log_in(page, f"{base_url}/fulfilmentportal/products/new", username, PASSWORD)
        page.wait_for_selector("[data-testid=missing-permission]")
        assert "Productbeheer" in page.inner_text("[data-testid=missing-permission]")
        assert "Uw magazijn beslist" in page.content()
        page.screenshot(path=f"{artifacts_dir}/portal-refused-phone-nl.png", full_page=True)
