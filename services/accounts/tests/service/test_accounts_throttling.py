"""Throttles that hold when attempts come at once, and the current-password check throttled
like the login."""
import pytest
from eventlet.greenpool import GreenPool
from nameko.exceptions import RemoteError

from accounts import logins
from accounts.exceptions import InvalidCredentials, TooManyAttempts
from accounts.throttling import MAX_FAILURES_PER_ACCOUNT
from servicekit.database import ServiceDatabase, make_session_factory

ACME = {"name": "Acme BV", "can_login": True, "username": "acme", "password": "acme-secret-1"}


@pytest.fixture
def acme(rpc):
    return rpc.create_customer(ACME)["idfulfilment_customer"]


@pytest.fixture
def many_connections(service_database_url):
    """Twelve connections of their own, so that attempts really run side by side (the service's
    test container has one)."""
    session_factory = make_session_factory(service_database_url, pool_size=12, max_overflow=0)
    yield ServiceDatabase(session_factory, relay=None)
    session_factory.kw["bind"].dispose()


def test_forty_simultaneous_wrong_logins_get_no_more_tries_than_the_limit(acme, many_connections):
    def attempt(_):
        try:
            return type(many_connections.change(logins.authenticate_user, "acme", "wrong-guess", "10.0.0.9"))
        except TooManyAttempts as refused:
            return type(refused)

    outcomes = list(GreenPool(40).imap(attempt, range(40)))
    assert outcomes.count(InvalidCredentials) == MAX_FAILURES_PER_ACCOUNT
    assert outcomes.count(TooManyAttempts) == 40 - MAX_FAILURES_PER_ACCOUNT


def test_wrong_current_passwords_are_throttled_like_logins(rpc, acme):
    user = rpc.authenticate_user("acme", "acme-secret-1")
    for _ in range(MAX_FAILURES_PER_ACCOUNT):
        with pytest.raises(RemoteError) as wrong:
            rpc.change_password(acme, user["user_id"], "guess-guess-1", "granite-pelican-42")
        assert wrong.value.exc_type == "WrongPassword"
    for call, args in ((rpc.change_password, ("acme-secret-1", "granite-pelican-42")),
                       (rpc.update_own_settings, ({"emailaddress": "x@evil.test", "current_password": "acme-secret-1"},))):
        with pytest.raises(RemoteError) as throttled:
            call(acme, user["user_id"], *args)
        assert throttled.value.exc_type == "TooManyAttempts"  # even the right password waits
    with pytest.raises(RemoteError) as login:
        rpc.authenticate_user("acme", "acme-secret-1")
    assert login.value.exc_type == "TooManyAttempts"  # one counter for the account's password


def test_passwords_made_of_the_username_customer_name_or_email_are_refused(rpc):
    for customer, password in (({"name": "Bakkerij de Korenschoof", "username": "korenschoof"}, "Korenschoof1"),
                               ({"name": "Acme BV", "username": "acme-admin"}, "acme2026"),
                               ({"name": "Jansen BV", "username": "jansen-logistiek"}, "jansen-logistiek")):
        with pytest.raises(RemoteError) as weak:
            rpc.create_customer({**customer, "can_login": True, "password": password})
        assert weak.value.exc_type == "InvalidCustomer" and "password: Too easy to guess" in weak.value.value, password
    customer = rpc.create_customer({"name": "Bakkerij de Korenschoof", "can_login": True, "username": "bakker",
                                    "password": "granite-pelican-42"})["idfulfilment_customer"]
    with pytest.raises(RemoteError) as weak:
        rpc.create_user(customer, {"username": "els", "emailaddress": "els.vandam@bakkerij.test", "password": "elsvandam77"})
    assert weak.value.exc_type == "InvalidUser"
    user = rpc.authenticate_user("bakker", "granite-pelican-42")
    with pytest.raises(RemoteError) as weak:
        rpc.change_password(customer, user["user_id"], "granite-pelican-42", "Korenschoof2026")
    assert weak.value.exc_type == "InvalidUser" and "Too easy to guess" in weak.value.value


def test_a_portal_user_learns_nothing_of_other_customers_usernames(rpc, acme):
    other = rpc.create_customer({"name": "Other BV", "can_login": True, "username": "other-admin",
                                 "password": "granite-pelican-42"})["idfulfilment_customer"]
    rpc.create_user(other, {"username": "taken-1", "password": "granite-pelican-42"})
    admin = rpc.authenticate_user("acme", "acme-secret-1")["user_id"]
    rpc.create_user(acme, {"username": "TAKEN-1", "emailaddress": "t@acme.test"}, admin)  # invited: no password yet
    rpc.update_own_settings(acme, admin, {"username": "other-admin"})
    assert rpc.authenticate_user("other-admin", "acme-secret-1")["customer_id"] == acme
    assert rpc.authenticate_user("other-admin", "granite-pelican-42")["customer_id"] == other
    with pytest.raises(RemoteError) as refused:  # a name of one's own customer is refused, as the Users page shows it
        rpc.create_user(acme, {"username": "taken-1", "emailaddress": "u@acme.test"}, admin)
    assert refused.value.exc_type == "DuplicateUsername"


def test_two_same_named_users_with_one_password_are_refused_rather_than_guessed_between(rpc, acme):
    rpc.create_customer({"name": "Other BV", "can_login": True, "username": "acme", "password": "acme-secret-1"})
    with pytest.raises(RemoteError) as refused:
        rpc.authenticate_user("acme", "acme-secret-1")
    assert refused.value.exc_type == "InvalidCredentials"
