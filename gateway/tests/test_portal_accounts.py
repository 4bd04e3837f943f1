"""Portal pages of issue 4: invite and reset links, account settings, users."""
import re

from gateway_fakes import USER_7, csrf_token

from test_api_customer_accounts import USER


def form_token(client, path: str) -> str:
    return csrf_token(client.get(path).get_data(as_text=True))


def test_invalid_or_used_invite_link_says_so(client, rpc):
    rpc.answer("accounts", "check_link", error=("InvalidToken", "This link is not valid"))
    response = client.get("/fulfilmentportal/invite/used-token")
    assert response.status_code == 400 and "expired or has already been used" in response.get_data(as_text=True)


def test_invited_user_chooses_a_password_and_is_signed_in(client, rpc):
    rpc.answer("accounts", "check_link", {"username": "bram", "language": "nl"})
    rpc.answer("accounts", "set_password_with_link", USER_7)
    rpc.answer("accounts", "get_session_user", USER_7)
    rpc.answer("catalog", "count_products", 0)
    page = client.get("/fulfilmentportal/invite/tok")
    assert "Welkom: kies uw wachtwoord" in page.get_data(as_text=True) and "bram" in page.get_data(as_text=True)
    response = client.post("/fulfilmentportal/invite/tok", data={
        "password": "granite-pelican-42", "confirm": "granite-pelican-42", "csrf_token": csrf_token(page.get_data(as_text=True))})
    assert response.status_code == 302 and response.location.endswith("/fulfilmentportal/")
    assert ("accounts", "set_password_with_link", ("invite", "tok", "granite-pelican-42")) in rpc.calls
    assert client.get("/fulfilmentportal/").status_code == 200


def test_weak_password_on_a_link_is_a_translated_form_error(client, rpc):
    rpc.answer("accounts", "check_link", {"username": "bram", "language": "en"})
    rpc.answer("accounts", "set_password_with_link", error=("InvalidUser", "password: Too easy to guess. This is a top-10 common password."))
    token = form_token(client, "/fulfilmentportal/password-reset/tok")
    response = client.post("/fulfilmentportal/password-reset/tok",
                           data={"password": "password1", "confirm": "password1", "csrf_token": token})
    assert response.status_code == 400 and "too easy to guess" in response.get_data(as_text=True)


def test_reset_request_answers_the_same_whether_or_not_the_account_exists(client, rpc):
    token = form_token(client, "/fulfilmentportal/password-reset")
    response = client.post("/fulfilmentportal/password-reset", data={"username": "nobody", "csrf_token": token},
                           follow_redirects=True)
    assert "If that account exists" in response.get_data(as_text=True)
    assert ("accounts", "request_password_reset", ("nobody", "127.0.0.1")) in rpc.calls


def test_too_many_reset_requests_say_how_long_to_wait(client, rpc):
    rpc.answer("accounts", "request_password_reset", error=("TooManyAttempts", "Too many attempts; try again in 12 minutes."))
    token = form_token(client, "/fulfilmentportal/password-reset")
    response = client.post("/fulfilmentportal/password-reset", data={"username": "anna", "csrf_token": token})
    assert response.status_code == 400 and "try again in 12 minutes" in response.get_data(as_text=True)


def test_forms_without_csrf_token_are_refused(logged_in, client):
    assert client.post("/fulfilmentportal/password-reset", data={"username": "anna"}).status_code == 400
    assert logged_in.post("/fulfilmentportal/account", data={"settings-username": "x"}).status_code == 400


def test_settings_change_the_session_users_own_account(logged_in, rpc):
    rpc.answer("accounts", "update_own_settings", USER_7)
    token = form_token(logged_in, "/fulfilmentportal/account")
    response = logged_in.post("/fulfilmentportal/account", data={
        "settings-username": "anna", "settings-emailaddress": "anna@acme.test", "settings-language": "nl",
        "settings-low_stock_alerts": "y", "settings-csrf_token": token, "user_id": "99"})
    assert response.status_code == 302
    # An unticked box is an alert switched off.
    assert ("accounts", "update_own_settings", (7, 3, {"username": "anna", "emailaddress": "anna@acme.test",
                                                        "language": "nl", "low_stock_alerts": True,
                                                        "stockout_alerts": False,
                                                        "goods_received_alerts": False,
                                                        "shipment_alerts": False})) in rpc.calls


def test_a_new_email_address_is_sent_with_the_current_password_and_a_wrong_one_shown_there(logged_in, rpc):
    rpc.answer("accounts", "update_own_settings", error=("WrongPassword", "current_password: The current password is wrong."))
    token = form_token(logged_in, "/fulfilmentportal/account")
    response = logged_in.post("/fulfilmentportal/account", data={
        "settings-username": "anna", "settings-emailaddress": "thief@evil.test", "settings-language": "en",
        "settings-current_password": "guess", "settings-csrf_token": token})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "The current password is wrong." in page
    (asked,) = [call for call in rpc.calls if call[1] == "update_own_settings"]
    assert asked[2][2]["current_password"] == "guess"


def test_a_throttled_current_password_check_says_how_long_to_wait(logged_in, rpc):
    rpc.answer("accounts", "change_password", error=("TooManyAttempts", "Too many attempts; try again in 12 minutes."))
    token = form_token(logged_in, "/fulfilmentportal/account")
    response = logged_in.post("/fulfilmentportal/account", data={
        "password-current_password": "guess", "password-password": "granite-pelican-42",
        "password-confirm": "granite-pelican-42", "password-csrf_token": token})
    assert response.status_code == 400 and "try again in 12 minutes" in response.get_data(as_text=True)


def test_settings_show_the_users_alert_switches(logged_in, rpc):
    rpc.answer("accounts", "get_session_user", {**USER_7, "low_stock_alerts": True, "stockout_alerts": False,
                                                "goods_received_alerts": True, "shipment_alerts": True})
    page = logged_in.get("/fulfilmentportal/account").get_data(as_text=True)
    boxes = {name: "checked" in attributes
             for attributes, name in re.findall(r'<input([^>]*)name="settings-(\w+_alerts)"', page)}
    assert boxes == {"low_stock_alerts": True, "stockout_alerts": False, "goods_received_alerts": True,
                     "shipment_alerts": True}


def test_password_change_keeps_this_session_with_its_new_version(logged_in, rpc):
    rpc.answer("accounts", "change_password", {**USER_7, "session_version": 2})
    token = form_token(logged_in, "/fulfilmentportal/account")
    response = logged_in.post("/fulfilmentportal/account", data={
        "password-current_password": "old", "password-password": "granite-pelican-42",
        "password-confirm": "granite-pelican-42", "password-csrf_token": token})
    assert response.status_code == 302
    logged_in.get("/fulfilmentportal/account")
    assert ("accounts", "get_session_user", (7, 3, 2)) in rpc.calls


def test_users_page_needs_the_users_permission(logged_in, rpc):
    rpc.answer("accounts", "get_session_user", {**USER_7, "permissions": ["ordering"]})
    assert logged_in.get("/fulfilmentportal/users").status_code == 403


def test_client_admin_lists_and_invites_users_of_its_own_customer(logged_in, rpc):
    rpc.answer("accounts", "list_users", [USER])
    rpc.answer("accounts", "create_user", USER)
    page = logged_in.get("/fulfilmentportal/users").get_data(as_text=True)
    assert "bram" in page and "Invited" in page
    response = logged_in.post("/fulfilmentportal/users", data={
        "username": "bram", "emailaddress": "bram@acme.test", "permissions": ["ordering", "returns"],
        "csrf_token": csrf_token(page)})
    assert response.status_code == 302
    assert ("accounts", "create_user", (7, {"username": "bram", "emailaddress": "bram@acme.test",
                                            "permissions": ["ordering", "returns"]}, 3)) in rpc.calls  # by anna


def test_an_invite_with_a_name_a_colleague_has_is_refused_at_the_field(logged_in, rpc):
    rpc.answer("accounts", "list_users", [])
    token = form_token(logged_in, "/fulfilmentportal/users")
    invite = {"username": "bram", "emailaddress": "bram@acme.test", "csrf_token": token}
    rpc.answer("accounts", "create_user", error=("DuplicateUsername", "username: 'bram' is already in use"))
    response = logged_in.post("/fulfilmentportal/users", data=invite)
    assert response.status_code == 400 and "This username is already in use." in response.get_data(as_text=True)


def test_another_clients_user_is_404(logged_in, rpc):
    rpc.answer("accounts", "get_user", error=("UserNotFound", "user 4 not found"))
    assert logged_in.get("/fulfilmentportal/users/4").status_code == 404


def test_admin_scopes_a_user_to_some_warehouses(logged_in, rpc):
    rpc.answer("accounts", "get_user", USER)
    rpc.answer("catalog", "list_warehouses", [{"idwarehouse": 1, "name": "Tilburg"}, {"idwarehouse": 2, "name": "Venlo"}])
    page = logged_in.get("/fulfilmentportal/users/4").get_data(as_text=True)
    assert "Tilburg" in page and "Venlo" in page
    response = logged_in.post("/fulfilmentportal/users/4", data={
        "permissions": ["ordering"], "warehouses": ["2"], "active": "y", "csrf_token": csrf_token(page)})
    assert response.status_code == 302
    assert ("accounts", "update_user", (7, 4, {"permissions": ["ordering"], "active": True, "idwarehouses": [2]}, 3)) in rpc.calls


def test_admin_cannot_lock_itself_out(logged_in, rpc):
    rpc.answer("catalog", "list_warehouses", [])
    rpc.answer("accounts", "get_user", {**USER, "iduser": 3, "permissions": ["users"]})
    token = form_token(logged_in, "/fulfilmentportal/users/3")
    response = logged_in.post("/fulfilmentportal/users/3", data={"permissions": ["users"], "csrf_token": token})
    assert response.status_code == 400 and "own access" in response.get_data(as_text=True)
    assert not [c for c in rpc.calls if c[1] == "update_user"]


def test_giving_more_than_the_admin_has_is_a_form_error(logged_in, rpc):
    rpc.answer("catalog", "list_warehouses", [{"idwarehouse": 1, "name": "Tilburg"}])
    rpc.answer("accounts", "get_user", USER)
    rpc.answer("accounts", "update_user", error=("NotAllowed", "idwarehouses: You cannot give warehouses beyond your own."))
    token = form_token(logged_in, "/fulfilmentportal/users/4")
    response = logged_in.post("/fulfilmentportal/users/4", data={"permissions": ["ordering"], "all_warehouses": "y",
                                                                 "active": "y", "csrf_token": token})
    assert response.status_code == 400 and "beyond your own" in response.get_data(as_text=True)


ADDRESS = {"idaddress": 9, "idfulfilment_customer": 7, "name": "Jan Jansen", "contactname": None,
           "address": "Dorpsstraat 1", "address2": None, "zipcode": "5038 AB", "city": "Tilburg", "country": "NL",
           "emailaddress": None, "telephone": None}


def test_address_is_saved_for_the_session_customer(logged_in, rpc):
    rpc.answer("accounts", "create_address", ADDRESS)
    token = form_token(logged_in, "/fulfilmentportal/addresses/new")
    response = logged_in.post("/fulfilmentportal/addresses/new", data={
        "name": "Jan Jansen", "address": "Dorpsstraat 1", "zipcode": "5038 AB", "city": "Tilburg",
        "country": "nl", "csrf_token": token, "idfulfilment_customer": "8"})
    assert response.status_code == 302
    service, method, args = rpc.calls[-1]
    assert method == "create_address" and args[0] == 7 and args[1]["city"] == "Tilburg"


def test_address_errors_from_accounts_are_shown_on_the_field(logged_in, rpc):
    rpc.answer("accounts", "create_address", error=("InvalidAddress", "country: Use a two-letter ISO country code, e.g. NL."))
    token = form_token(logged_in, "/fulfilmentportal/addresses/new")
    response = logged_in.post("/fulfilmentportal/addresses/new", data={
        "name": "J", "address": "D 1", "zipcode": "1", "city": "T", "country": "xx", "csrf_token": token})
    assert response.status_code == 400 and "This is not a country we know" in response.get_data(as_text=True)


def test_another_clients_address_is_404(logged_in, rpc):
    rpc.answer("accounts", "get_address", error=("AddressNotFound", "address 9 not found"))
    assert logged_in.get("/fulfilmentportal/addresses/9").status_code == 404


def test_new_api_key_is_shown_once_and_not_cached(logged_in, rpc):
    rpc.answer("accounts", "create_customer_api_key", {"key_id": 5, "scope": "customer", "customer_id": 7,
                                                       "name": "Shop", "key": "fk_secret"})
    rpc.answer("accounts", "list_api_keys", [{"key_id": 5, "name": "Shop", "created_at": "2026-11-23T10:00:00+00:00",
                                              "revoked_at": None}])
    token = form_token(logged_in, "/fulfilmentportal/api-keys")
    response = logged_in.post("/fulfilmentportal/api-keys", data={"name": "Shop", "csrf_token": token})
    assert "fk_secret" in response.get_data(as_text=True) and response.headers["Cache-Control"] == "no-store"
    assert ("accounts", "create_customer_api_key", (7, "Shop", 3)) in rpc.calls  # made by anna
    assert "fk_secret" not in logged_in.get("/fulfilmentportal/api-keys").get_data(as_text=True)


def test_each_key_shows_its_requests_a_minute_its_own_or_the_default(logged_in, rpc):
    rpc.answer("accounts", "list_api_keys", [
        {"key_id": 5, "name": "Shop", "rate_limit": None, "created_at": "2026-11-23T10:00:00+00:00", "revoked_at": None},
        {"key_id": 6, "name": "ERP", "rate_limit": 2000, "created_at": "2026-11-23T10:00:00+00:00", "revoked_at": None}])
    html = logged_in.get("/fulfilmentportal/api-keys").get_data(as_text=True)
    shown = re.findall(r'data-testid="rate-limit">([^<]*)<', html)
    assert shown == ["500", "2,000"]


def test_revoking_another_clients_key_is_404(logged_in, rpc):
    rpc.answer("accounts", "list_api_keys", [])
    rpc.answer("accounts", "revoke_api_key", error=("ApiKeyNotFound", "API key 5 not found"))
    token = form_token(logged_in, "/fulfilmentportal/api-keys")
    assert logged_in.post("/fulfilmentportal/api-keys/5/revoke", data={"csrf_token": token}).status_code == 404


def test_dashboard_shows_the_suppliers_text_and_logo(logged_in, rpc):
    rpc.answer("catalog", "count_products", 0)
    rpc.answer("accounts", "get_portal_branding", {"text": "Warehouse Tilburg", "link": "https://wh.example",
                                                   "dashboard_text": "Orders before 15:00 <b>ship</b> today.",
                                                   "logo_version": "abc123"})
    html = logged_in.get("/fulfilmentportal/").get_data(as_text=True)
    assert "Orders before 15:00 &lt;b&gt;ship&lt;/b&gt; today." in html  # text, never markup
    assert 'href="https://wh.example"' in html and "/fulfilmentportal/branding/logo/abc123" in html
    assert ("accounts", "get_portal_branding", (7, "en")) in rpc.calls


def test_the_operators_texts_are_asked_in_the_readers_language(logged_in, rpc):
    texts = {"nl": "Voor 15:00 besteld, vandaag verzonden.", "en": "Orders before 15:00 ship today."}
    rpc.answer("catalog", "count_products", 0)
    rpc.answer("accounts", "get_portal_branding", lambda customer_id, language: {
        "text": "Warehouse", "link": None, "dashboard_text": texts[language], "logo_version": None})
    rpc.answer("accounts", "get_session_user", {**USER_7, "language": "nl"})
    assert texts["nl"] in logged_in.get("/fulfilmentportal/").get_data(as_text=True)
    assert rpc.calls.count(("accounts", "get_portal_branding", (7, "nl"))) == 1  # once per page
    rpc.answer("accounts", "get_session_user", USER_7)
    assert texts["en"] in logged_in.get("/fulfilmentportal/").get_data(as_text=True)


def test_logo_is_served_with_long_caching_for_the_session_customer(logged_in, rpc):
    rpc.answer("accounts", "get_portal_logo", {"content_type": "image/png", "data": "iVBORw0KGgo=", "version": "abc"})
    response = logged_in.get("/fulfilmentportal/branding/logo/abc")
    assert response.status_code == 200 and response.content_type == "image/png"
    assert "immutable" in response.headers["Cache-Control"] and response.headers["X-Content-Type-Options"] == "nosniff"
    assert rpc.calls[-1] == ("accounts", "get_portal_logo", (7,))
    rpc.answer("accounts", "get_portal_logo", None)
    assert logged_in.get("/fulfilmentportal/branding/logo/abc").status_code == 404


def offered_permissions(html: str) -> set[str]:
    return set(re.findall(r'name="permissions" type="checkbox" value="([a-z]+)"', html))


def test_the_users_page_offers_product_management_only_to_a_client_that_manages_products(logged_in, rpc):
    rpc.answer("accounts", "get_session_user", {**USER_7, "permissions": ["products", "ordering", "users"]})
    rpc.answer("accounts", "list_users", [{**USER, "permissions": ["ordering", "products"]}])
    rpc.answer("accounts", "get_customer", {"idfulfilment_customer": 7, "can_manage_products": False})
    html = logged_in.get("/fulfilmentportal/users").get_data(as_text=True)
    assert offered_permissions(html) == {"ordering", "users"}  # and only what the admin holds itself
    assert "Product management" not in html
    rpc.answer("accounts", "get_customer", {"idfulfilment_customer": 7, "can_manage_products": True})
    assert offered_permissions(logged_in.get("/fulfilmentportal/users").get_data(as_text=True)) == {
        "products", "ordering", "users"}


def test_saving_a_user_keeps_the_permissions_the_page_did_not_offer(logged_in, rpc):
    rpc.answer("accounts", "get_session_user", {**USER_7, "permissions": ["ordering", "purchasing", "users"]})
    rpc.answer("accounts", "get_user", {**USER, "permissions": ["ordering", "returns"]})
    rpc.answer("catalog", "list_warehouses", [{"idwarehouse": 1, "name": "Main"}])
    rpc.answer("accounts", "update_user", USER)
    token = form_token(logged_in, "/fulfilmentportal/users/4")
    logged_in.post("/fulfilmentportal/users/4", data={"permissions": ["purchasing"], "warehouses": ["1"],
                                                      "active": "y", "csrf_token": token})
    changes = next(call for call in rpc.calls if call[1] == "update_user")[2][2]
    assert changes["permissions"] == ["purchasing", "returns"]  # ordering taken away, returns untouched
