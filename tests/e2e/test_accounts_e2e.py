"""Customers and their portal users through the operator API, and what the portal then does."""
import base64
import time
import uuid

import requests
from e2e_api import create_customer, csrf_token, portal_login, small_png, wait_for_mail
from e2e_browser import chromium
from openapi_check import assert_matches_openapi

PASSWORD = "lantern-meadow-77"
CUSTOMER_PATH = "/fulfilment/customers/{idfulfilment_customer}"


def test_operator_updates_only_the_given_fields(operator, base_url, rpc):
    warehouse = rpc.catalog.create_warehouse("E2E warehouse")["idwarehouse"]
    customer = create_customer(operator, base_url, can_login=True, username=f"upd-{uuid.uuid4().hex[:6]}",
                               password=PASSWORD)
    url = f"{base_url}/api/v1/fulfilment/customers/{customer['idfulfilment_customer']}"
    response = operator.put(url, json={"name": "Renamed BV", "idwarehouse_purchaseorders": warehouse,
                                       "can_manage_products": True, "notification_email": "ops@renamed.test"})
    assert_matches_openapi("PUT", CUSTOMER_PATH, response)
    assert response.status_code == 200, response.text
    assert response.json() == {**customer, "name": "Renamed BV", "idwarehouse_purchaseorders": warehouse,
                               "can_manage_products": True, "notification_email": "ops@renamed.test"}
    assert operator.get(url).json() == response.json()


def test_unknown_warehouse_and_bad_email_are_400s_naming_the_field(operator, base_url):
    customer = create_customer(operator, base_url)
    url = f"{base_url}/api/v1/fulfilment/customers/{customer['idfulfilment_customer']}"
    for body, field in (({"preferred_idwarehouse": 987654}, "preferred_idwarehouse"),
                        ({"notification_email": "nope"}, "notification_email"),
                        ({"password": "password123"}, "password")):
        response = operator.put(url, json=body)
        assert_matches_openapi("PUT", CUSTOMER_PATH, response)
        assert response.status_code == 400 and field in response.json()["error_message"]
    assert operator.get(url).json() == customer
    assert operator.put(f"{base_url}/api/v1/fulfilment/customers/99999999", json={"name": "x"}).status_code == 404


def test_turning_login_off_locks_the_portal_user_out_at_once(operator, base_url):
    username = f"lock-{uuid.uuid4().hex[:6]}"
    customer = create_customer(operator, base_url, can_login=True, username=username, password=PASSWORD)
    portal = portal_login(base_url, username, PASSWORD)
    operator.put(f"{base_url}/api/v1/fulfilment/customers/{customer['idfulfilment_customer']}", json={"can_login": False})
    response = portal.get(f"{base_url}/fulfilmentportal/", allow_redirects=False)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_operator_adds_users_with_permissions_and_lists_them(operator, base_url):
    customer = create_customer(operator, base_url)
    users_url = f"{base_url}/api/v1/fulfilment/customers/{customer['idfulfilment_customer']}/users"
    created = operator.post(users_url, json={"username": f"u-{uuid.uuid4().hex[:6]}", "password": PASSWORD,
                                             "permissions": ["ordering", "returns"], "idwebshops": [3]})
    assert_matches_openapi("POST", CUSTOMER_PATH + "/users", created)
    assert created.status_code == 201, created.text
    listing = operator.get(users_url)
    assert_matches_openapi("GET", CUSTOMER_PATH + "/users", listing)
    assert listing.json() == [created.json()]
    changed = operator.put(f"{users_url}/{created.json()['iduser']}", json={"active": False})
    assert_matches_openapi("PUT", CUSTOMER_PATH + "/users/{iduser}", changed)
    assert changed.json()["active"] is False
    refused = operator.post(users_url, json={"username": f"v-{uuid.uuid4().hex[:6]}"})
    assert refused.status_code == 400 and "emailaddress" in refused.json()["error_message"]


def signed_in_page(browser, base_url: str, username: str):
    page = browser.new_page(viewport={"width": 1200, "height": 760})
    page.goto(f"{base_url}/fulfilmentportal/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=customer-name]")
    return page


def link_from_mail(mail_dir: str, to: str, path: str, timeout: float = 10) -> str:
    """The link in the newest email to `to` that holds one."""
    _, body = wait_for_mail(mail_dir, to, f"/fulfilmentportal{path}", timeout)
    return next(word for word in body.split() if f"/fulfilmentportal{path}" in word)


def test_password_reset_link_works_once_over_http(operator, base_url, mail_dir):
    username = f"reset-{uuid.uuid4().hex[:6]}"
    customer = create_customer(operator, base_url, can_login=True, username=username, password=PASSWORD)
    users_url = f"{base_url}/api/v1/fulfilment/customers/{customer['idfulfilment_customer']}/users"
    primary = operator.get(users_url).json()[0]
    operator.put(f"{users_url}/{primary['iduser']}", json={"emailaddress": f"{username}@example.test"})
    session = requests.Session()
    page = session.get(f"{base_url}/fulfilmentportal/password-reset")
    session.post(f"{base_url}/fulfilmentportal/password-reset",
                 data={"username": username, "csrf_token": csrf_token(page.text)})
    link = link_from_mail(mail_dir, f"{username}@example.test", "/password-reset/")
    form = session.get(link)
    new_password = "copper-willow-88"
    done = session.post(link, data={"password": new_password, "confirm": new_password, "csrf_token": csrf_token(form.text)})
    assert done.status_code == 200 and done.url.endswith("/fulfilmentportal/")
    assert session.get(link).status_code == 400  # used
    portal_login(base_url, username, new_password)


def test_invite_settings_and_users_pages_in_chromium(operator, base_url, mail_dir, artifacts_dir):
    admin = f"admin-{uuid.uuid4().hex[:6]}"
    customer = create_customer(operator, base_url, name="Invite Test BV", can_login=True, username=admin,
                               password=PASSWORD, language="en")
    invited = f"inv-{uuid.uuid4().hex[:6]}"
    address = f"{invited}@example.test"
    response = operator.post(f"{base_url}/api/v1/fulfilment/customers/{customer['idfulfilment_customer']}/users",
                             json={"username": invited, "emailaddress": address, "permissions": ["ordering"]})
    assert response.status_code == 201 and response.json()["password_set"] is False
    link = link_from_mail(mail_dir, address, "/invite/")
    with chromium() as browser:
        phone = browser.new_page(viewport={"width": 390, "height": 780})
        phone.goto(link)
        phone.fill("#password", "ab")
        phone.fill("#confirm", "ab")
        phone.click("button[type=submit]")
        phone.wait_for_selector(".field-error")
        phone.screenshot(path=f"{artifacts_dir}/portal-invite-phone.png", full_page=True)
        phone.fill("#password", "silver-harbour-31")
        phone.fill("#confirm", "silver-harbour-31")
        phone.click("button[type=submit]")
        phone.wait_for_selector("[data-testid=customer-name]")
        assert "/users" not in phone.content()  # no "users" permission: no link
        phone.goto(link)
        assert "expired or has already been used" in phone.content()

        page = signed_in_page(browser, base_url, admin)
        page.click("nav >> text=Users")
        page.wait_for_selector("[data-testid=users]")
        assert invited in page.inner_text("[data-testid=users]")
        page.screenshot(path=f"{artifacts_dir}/portal-users.png", full_page=True)
        page.click("nav >> text=Account settings")
        page.select_option("#settings-language", "nl")
        page.click("form:has(#settings-username) button[type=submit]")
        page.wait_for_selector("text=Uw instellingen zijn opgeslagen.")
        page.screenshot(path=f"{artifacts_dir}/portal-account-settings-nl.png", full_page=True)

        reset = browser.new_page(viewport={"width": 390, "height": 780}, locale="nl-NL")
        reset.goto(f"{base_url}/fulfilmentportal/login")
        reset.click("text=Wachtwoord vergeten?")
        reset.wait_for_selector("#username")
        reset.screenshot(path=f"{artifacts_dir}/portal-password-reset-phone-nl.png", full_page=True)


def test_operator_texts_per_language_fall_back_to_the_default(operator, base_url):
    names = {language: f"brand-{language}-{uuid.uuid4().hex[:6]}" for language in ("nl", "en")}
    customer = create_customer(operator, base_url, name="Texts Per Language BV", can_login=True,
                               username=names["nl"], password=PASSWORD, language="nl")
    customer_id = customer["idfulfilment_customer"]
    operator.post(f"{base_url}/api/v1/fulfilment/customers/{customer_id}/users",
                  json={"username": names["en"], "password": PASSWORD, "language": "en"}).raise_for_status()
    response = operator.put(f"{base_url}/api/v1/fulfilment/customers/{customer_id}/branding", json={
        "dashboard_text": "Orders before 15:00 ship the same day.",
        "translations": {"nl": {"dashboard_text": "Voor 15:00 besteld, dezelfde dag verzonden."}}})
    assert_matches_openapi("PUT", CUSTOMER_PATH + "/branding", response)
    assert response.json()["translations"] == {"nl": {"dashboard_text": "Voor 15:00 besteld, dezelfde dag verzonden."}}
    refused = operator.put(f"{base_url}/api/v1/fulfilment/customers/{customer_id}/branding",
                           json={"translations": {"de": {"text": "Lager"}}})
    assert_matches_openapi("PUT", CUSTOMER_PATH + "/branding", refused)
    assert refused.status_code == 400 and "translations" in refused.json()["error_message"]
    dutch = portal_login(base_url, names["nl"], PASSWORD).get(f"{base_url}/fulfilmentportal/").text
    english = portal_login(base_url, names["en"], PASSWORD).get(f"{base_url}/fulfilmentportal/").text
    assert "Voor 15:00 besteld" in dutch and "ship the same day" not in dutch
    assert "ship the same day" in english and "Voor 15:00" not in english


def test_branding_address_book_and_api_keys_in_chromium(operator, base_url, artifacts_dir):
    username = f"brand-{uuid.uuid4().hex[:6]}"
    customer = create_customer(operator, base_url, name="Branding Test BV", can_login=True, username=username,
                               password=PASSWORD, language="en")
    customer_id = customer["idfulfilment_customer"]
    response = operator.put(f"{base_url}/api/v1/fulfilment/customers/{customer_id}/branding", json={
        "text": "Warehouse Tilburg", "link": "https://warehouse.example",
        "dashboard_text": "Orders placed before 15:00 ship the same day.\n\nQuestions? Call 013 123 45 67.",
        "logo": base64.b64encode(small_png()).decode()})
    assert_matches_openapi("PUT", CUSTOMER_PATH + "/branding", response)
    assert response.status_code == 200 and response.json()["logo_version"]
    refused = operator.put(f"{base_url}/api/v1/fulfilment/customers/{customer_id}/branding",
                           json={"logo": base64.b64encode(b"<svg/>").decode()})
    assert_matches_openapi("PUT", CUSTOMER_PATH + "/branding", refused)
    assert refused.status_code == 400 and "logo" in refused.json()["error_message"]
    with chromium() as browser:
        page = signed_in_page(browser, base_url, username)
        page.wait_for_selector("[data-testid=dashboard-text]")
        assert "ship the same day" in page.inner_text("[data-testid=dashboard-text]")
        # Loaded, or failed: `complete` is true either way (on a busy machine it may still be loading).
        page.wait_for_function("() => document.querySelector('.brand-logo')?.complete")
        assert page.eval_on_selector(".brand-logo", "img => img.naturalWidth") == 48
        page.screenshot(path=f"{artifacts_dir}/portal-dashboard-branding.png", full_page=True)

        page.click("nav >> text=Address book")
        page.click("text=New address")
        for field, value in (("name", "Jan Jansen"), ("address", "Dorpsstraat 1"), ("zipcode", "5038 AB"),
                             ("city", "Tilburg"), ("country", "nl")):
            page.fill(f"#{field}", value)
        page.click("main button[type=submit]")
        page.wait_for_selector("[data-testid=addresses]")
        assert "Dorpsstraat 1, 5038 AB Tilburg, Netherlands" in page.inner_text("[data-testid=addresses]")
        page.screenshot(path=f"{artifacts_dir}/portal-address-book.png", full_page=True)

        page.click("nav >> text=API keys")
        page.fill("#name", "Webshop sync")
        page.click("main button.primary")
        key = page.inner_text("[data-testid=new-key] .secret").strip()
        page.screenshot(path=f"{artifacts_dir}/portal-api-keys.png", full_page=True)
        assert requests.get(f"{base_url}/api/v1/products", auth=(key, "")).status_code == 200
        page.click("[data-testid=api-keys] button:has-text('Revoke')")
        page.wait_for_selector("text=The API key has been revoked.")
        # The gateway trusts a key it verified for API_KEY_CACHE_SECONDS (3 s), no longer.
        revoked_at = time.monotonic()
        while requests.get(f"{base_url}/api/v1/products", auth=(key, "")).status_code != 401:
            assert time.monotonic() - revoked_at < 3 + 1, "a revoked key still works after 4 s"
            time.sleep(0.1)


def test_users_me_and_a_keys_own_rate_limit_set_by_the_operator(operator, base_url, rpc):
    """/users/me answers for the key's maker (the operator's key: the key itself); the operator
    gives the key a limit of its own through its API (`/fulfilment/apikeys`), and every gateway
    worker applies it once it asks accounts about the key again (API_KEY_CACHE_SECONDS), as the
    portal shows."""
    username = f"me-{uuid.uuid4().hex[:6]}"
    customer = create_customer(operator, base_url, can_login=True, username=username, password=PASSWORD)
    customer_id = customer["idfulfilment_customer"]
    [user] = operator.get(f"{base_url}/api/v1/fulfilment/customers/{customer_id}/users").json()
    made = rpc.accounts.create_customer_api_key(customer_id, "ERP link", user["iduser"])
    me = requests.get(f"{base_url}/api/v1/users/me", auth=(made["key"], ""))
    assert_matches_openapi("GET", "/users/me", me)
    assert me.status_code == 200 and (me.json()["iduser"], me.json()["username"]) == (user["iduser"], username)
    mine = operator.get(f"{base_url}/api/v1/users/me")
    assert_matches_openapi("GET", "/users/me", mine)
    assert mine.json()["iduser"] is None and mine.json()["apikey"]["scope"] == "operator"
    listed = requests.get(f"{base_url}/api/v1/users?active=true", auth=(made["key"], ""))
    assert_matches_openapi("GET", "/users", listed)
    assert [u["iduser"] for u in listed.json()] == [user["iduser"]] and listed.json()[0]["admin"] is True

    keys = f"{base_url}/api/v1/fulfilment/apikeys"
    for refused, status in ((0, 400), (1_000_001, 400), ("3", 400), (2.5, 400), (None, None)):
        answer = operator.put(f"{keys}/{made['key_id']}", json={"rate_limit": refused})
        assert_matches_openapi("PUT", "/fulfilment/apikeys/{idapikey}", answer)
        assert answer.status_code == (status or 200), (refused, answer.text)
    assert operator.put(f"{keys}/2147483647", json={"rate_limit": 3}).status_code == 404
    assert requests.put(f"{keys}/{made['key_id']}", json={"rate_limit": 3}, auth=(made["key"], "")).status_code == 403
    changed = operator.put(f"{keys}/{made['key_id']}", json={"rate_limit": 3})
    assert_matches_openapi("PUT", "/fulfilment/apikeys/{idapikey}", changed)
    assert (changed.json()["idapikey"], changed.json()["rate_limit"]) == (made["key_id"], 3)
    listed = operator.get(f"{keys}?idfulfilment_customer={customer_id}")
    assert_matches_openapi("GET", "/fulfilment/apikeys", listed)
    assert [(key["name"], key["rate_limit"]) for key in listed.json()] == [("ERP link", 3)]
    deadline = time.monotonic() + 3 + 2
    while requests.get(f"{base_url}/api/v1/users/me", auth=(made["key"], "")).headers["X-RateLimit-Limit"] != "3":
        assert time.monotonic() < deadline, "the key's own limit did not arrive within API_KEY_CACHE_SECONDS"
        time.sleep(0.2)
    time.sleep(3)  # that was one of the gateway's workers; each keeps the key it verified for 3 s of its own
    statuses = [requests.get(f"{base_url}/api/v1/users/me", auth=(made["key"], "")).status_code for _ in range(7)]
    assert 429 in statuses  # 3 a minute: however the minutes fall, one of them holds 4 of these 7
    portal = portal_login(base_url, username, PASSWORD)
    page = portal.get(f"{base_url}/fulfilmentportal/api-keys").text
    assert 'data-testid="rate-limit">3<' in page
