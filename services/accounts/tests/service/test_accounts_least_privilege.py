"""Keys and users limited to what they may do: a portal-made key acts with its maker's rights
and only while the maker may sign in, operator keys can be limited to scopes, and no portal
admin can widen its own rights, give more than it has, or touch the primary user."""
import email
import time

import pytest
from nameko.exceptions import RemoteError

ACME = {"name": "Acme BV", "can_login": True, "username": "acme", "password": "acme-secret-1"}
PASSWORD = "granite-pelican-42"


def error_of(call, *args):
    with pytest.raises(RemoteError) as error:
        call(*args)
    return error.value


@pytest.fixture
def acme(rpc):
    customer = rpc.create_customer(ACME)["idfulfilment_customer"]
    primary = rpc.list_users(customer)[0]["iduser"]
    admin = rpc.create_user(customer, {"username": "admin-a", "password": PASSWORD,
                                       "permissions": ["ordering", "users"], "idwarehouses": [1, 2]})
    return customer, primary, admin["iduser"]


def test_a_portal_key_acts_with_its_makers_permissions_and_warehouses(rpc, acme):
    customer, _, admin = acme
    key = rpc.create_customer_api_key(customer, "shop", admin)["key"]
    identity = rpc.authenticate_api_key(key)
    assert (identity["permissions"], identity["warehouse_ids"]) == (["ordering", "users"], [1, 2])


def test_a_key_gets_products_only_while_the_customer_may_manage_products(rpc, acme):
    customer, primary, _ = acme
    by_primary = rpc.create_customer_api_key(customer, "shop", primary)["key"]
    by_operator = rpc.create_api_key("customer", customer, "integration")["key"]
    for key in (by_primary, by_operator):
        assert "products" not in rpc.authenticate_api_key(key)["permissions"]
    rpc.update_customer(customer, {"can_manage_products": True})
    for key in (by_primary, by_operator):
        assert "products" in rpc.authenticate_api_key(key)["permissions"]


def test_a_portal_key_stops_when_its_maker_is_deactivated_or_login_is_off(rpc, acme):
    customer, primary, admin = acme
    admins_key = rpc.create_customer_api_key(customer, "shop", admin)["key"]
    primarys_key = rpc.create_customer_api_key(customer, "erp", primary)["key"]
    operators_key = rpc.create_api_key("customer", customer, "integration")["key"]
    rpc.update_user(customer, admin, {"active": False})
    assert error_of(rpc.authenticate_api_key, admins_key).exc_type == "InvalidApiKey"
    rpc.authenticate_api_key(primarys_key)
    rpc.update_customer(customer, {"can_login": False})
    assert error_of(rpc.authenticate_api_key, primarys_key).exc_type == "InvalidApiKey"
    rpc.authenticate_api_key(operators_key)  # the operator's key is not tied to a login


def test_operator_keys_can_be_limited_to_scopes(rpc):
    limited = rpc.create_api_key("operator", None, "receiving", None, ["purchasing", "stock"])
    assert rpc.authenticate_api_key(limited["key"])["scopes"] == ["purchasing", "stock"]
    assert rpc.authenticate_api_key(rpc.create_api_key("operator", None, "all")["key"])["scopes"] is None


def test_an_admin_cannot_widen_its_own_rights(rpc, acme):
    customer, _, admin = acme
    for change in ({"permissions": ["ordering", "users", "products"]}, {"idwarehouses": None},
                   {"idwarehouses": [1, 2, 3]}):
        assert error_of(rpc.update_user, customer, admin, change, admin).exc_type == "NotAllowed", change
    narrowed = rpc.update_user(customer, admin, {"idwarehouses": [1]}, admin)
    assert narrowed["idwarehouses"] == [1] and narrowed["permissions"] == ["ordering", "users"]


def test_an_admin_gives_others_no_more_than_it_has(rpc, acme):
    customer, _, admin = acme
    error = error_of(rpc.create_user, customer, {"username": "bob", "emailaddress": "bob@acme.test",
                                                 "permissions": ["purchasing"]}, admin)
    assert error.exc_type == "NotAllowed" and "purchasing" in error.value
    bob = rpc.create_user(customer, {"username": "bob", "emailaddress": "bob@acme.test",
                                     "permissions": ["ordering"]}, admin)
    assert bob["idwarehouses"] == [1, 2]  # a limited admin's invitee starts with its warehouses
    for change in ({"permissions": ["ordering", "returns"]}, {"idwarehouses": None}, {"idwarehouses": [3]}):
        assert error_of(rpc.update_user, customer, bob["iduser"], change, admin).exc_type == "NotAllowed", change
    assert rpc.update_user(customer, bob["iduser"], {"idwarehouses": [2]}, admin)["idwarehouses"] == [2]


def test_only_the_operator_changes_the_primary_user(rpc, acme):
    customer, primary, admin = acme
    error = error_of(rpc.update_user, customer, primary, {"active": False}, admin)
    assert error.exc_type == "NotAllowed" and "primary" in error.value
    assert rpc.get_user(customer, primary)["active"] is True
    assert rpc.update_user(customer, primary, {"language": "en"})["language"] == "en"  # the operator may


def test_login_off_and_on_again_revives_no_session(rpc, acme):
    customer, _, _ = acme
    user = rpc.authenticate_user("acme", "acme-secret-1")
    rpc.update_customer(customer, {"can_login": False})
    rpc.update_customer(customer, {"can_login": True})
    assert error_of(rpc.get_session_user, customer, user["user_id"], user["session_version"]).exc_type == "SessionExpired"


def test_a_new_email_address_needs_the_current_password_and_the_old_address_is_told(rpc, acme, mail_folder):
    customer, primary, _ = acme
    rpc.update_own_settings(customer, primary, {"emailaddress": "old@acme.test", "current_password": "acme-secret-1"})
    for wrong in ({}, {"current_password": "guess-guess-1"}):
        error = error_of(rpc.update_own_settings, customer, primary, {"emailaddress": "thief@evil.test", **wrong})
        assert error.exc_type == "WrongPassword" and error.value.startswith("current_password:")
    assert rpc.get_user(customer, primary)["emailaddress"] == "old@acme.test"
    rpc.update_own_settings(customer, primary, {"language": "en"})  # other settings need no password
    rpc.update_own_settings(customer, primary, {"emailaddress": "new@acme.test", "current_password": "acme-secret-1"})
    deadline = time.monotonic() + 5
    while not (sent := [email.message_from_bytes(f.read_bytes()) for f in mail_folder.glob("*.eml")]) \
            and time.monotonic() < deadline:
        time.sleep(0.05)
    (told,) = sent
    assert told["To"] == "old@acme.test" and "new@acme.test" in told.get_payload(decode=True).decode()
