"""The portal over real HTTP: login, dashboard from two services, tenancy, and in Chromium."""
import re
import uuid

import pytest
import requests
from e2e_api import create_customer, create_product, portal_login
from e2e_browser import chromium, log_in, watch_policy_violations


@pytest.fixture(scope="module")
def client_with_products(operator, base_url, rpc):
    """A customer with a portal login and two products, and another customer with one."""
    password = "portal-password-1"
    mine = create_customer(operator, base_url, name="Portal Test BV", can_login=True,
                           username=f"portal-{uuid.uuid4().hex[:6]}", password=password, language="en")
    other = create_customer(operator, base_url, name="Someone Else BV")
    my_products = [create_product(operator, base_url, mine["idfulfilment_customer"], code).json()
                   for code in ("PT-001", "PT-002")]
    their_product = create_product(operator, base_url, other["idfulfilment_customer"], "SE-001").json()
    return {"username": mine["username"], "password": password, "products": my_products,
            "their_product": their_product}


def test_dashboard_shows_the_client_name_and_its_product_count(base_url, client_with_products):
    session = portal_login(base_url, client_with_products["username"], client_with_products["password"])
    html = session.get(f"{base_url}/fulfilmentportal/").text
    assert "Welcome, Portal Test BV" in html
    assert re.search(r'data-testid="product-count">\s*<span class="figure">2</span>', html)


def test_product_list_shows_only_the_clients_own_products(base_url, client_with_products):
    session = portal_login(base_url, client_with_products["username"], client_with_products["password"])
    html = session.get(f"{base_url}/fulfilmentportal/products").text
    assert "PT-001" in html and "PT-002" in html and "SE-001" not in html


def test_another_clients_product_is_404_like_a_missing_one(base_url, client_with_products):
    session = portal_login(base_url, client_with_products["username"], client_with_products["password"])
    theirs = session.get(f"{base_url}/fulfilmentportal/products/{client_with_products['their_product']['idproduct']}")
    missing = session.get(f"{base_url}/fulfilmentportal/products/99999999")
    assert theirs.status_code == missing.status_code == 404
    assert "SE-001" not in theirs.text


def test_wrong_password_is_a_form_error(base_url, client_with_products):
    session = requests.Session()
    page = session.get(f"{base_url}/fulfilmentportal/login")
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.text).group(1)
    response = session.post(f"{base_url}/fulfilmentportal/login",
                            data={"username": client_with_products["username"], "password": "nope", "csrf_token": token})
    assert response.status_code == 400 and "Unknown username or wrong password." in response.text


def test_login_and_dashboard_in_chromium(base_url, client_with_products, artifacts_dir):
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1200, "height": 760})
        log_in(page, f"{base_url}/fulfilmentportal/", client_with_products["username"], client_with_products["password"])
        page.wait_for_selector("[data-testid=product-count]")
        assert page.inner_text("[data-testid=customer-name]") == "Portal Test BV"
        assert page.inner_text("[data-testid=product-count] .figure") == "2"
        page.screenshot(path=f"{artifacts_dir}/portal-dashboard.png", full_page=True)
        page.click("text=Products")
        page.wait_for_selector("table.list")
        page.screenshot(path=f"{artifacts_dir}/portal-products.png", full_page=True)
        page.click("text=Sign out")
        page.wait_for_selector("#username")


def test_every_portal_page_works_under_its_content_security_policy(base_url, client_with_products, artifacts_dir):
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1200, "height": 760})
        refused = watch_policy_violations(page)
        log_in(page, f"{base_url}/fulfilmentportal/", client_with_products["username"], client_with_products["password"])
        page.wait_for_selector("[data-testid=product-count]")
        menu = [link.get_attribute("href") for link in page.query_selector_all("nav.sidebar a")]
        assert len(menu) >= 8
        for href in menu:
            response = page.goto(f"{base_url}{href}")
            assert response.status == 200, href
            assert "frame-ancestors 'none'" in response.headers["content-security-policy"], href
            assert response.headers["cache-control"] == "no-store", href
        page.goto(f"{base_url}/fulfilmentportal/current-order")
        page.click("[data-testid=order-import] summary")
        page.screenshot(path=f"{artifacts_dir}/portal-current-order-under-csp.png", full_page=True)
        page.goto(f"{base_url}/fulfilmentportal/account")
        page.fill("#settings-emailaddress", "someone-else@example.test")
        page.click("[data-testid=stock-alerts] ~ button[type=submit]")
        assert "The current password is wrong." in page.inner_text("form.panel")  # none given
        page.screenshot(path=f"{artifacts_dir}/portal-account-email-needs-password.png", full_page=True)
        assert refused == []
