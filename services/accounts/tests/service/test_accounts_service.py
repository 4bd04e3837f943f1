import pytest
from nameko.events import BROADCAST, event_handler
from nameko.exceptions import RemoteError
from nameko.testing.services import entrypoint_waiter

from accounts import contract, customers
from accounts.schemas import CustomerOutput, SessionUser
from accounts.service import AccountsService
from servicekit.testing import assert_shape, served_rpc_methods

ACME = {"name": "Acme BV", "can_login": True, "username": "acme", "password": "acme-secret-1"}


def test_every_contract_method_is_served_and_nothing_else():
    assert served_rpc_methods(AccountsService) == set(contract.RPC)


def test_health_reports_name_version_and_database(rpc):
    assert rpc.health() == {"name": "accounts", "version": "0.1.0", "database": "ok", "ok": True}


def test_created_customer_can_log_in_with_its_first_user(rpc):
    customer = rpc.create_customer(ACME)
    assert_shape(CustomerOutput, customer)
    assert "password" not in customer
    user = rpc.authenticate_user("ACME", "acme-secret-1")  # usernames ignore case
    assert_shape(SessionUser, user)
    assert user["customer_id"] == customer["idfulfilment_customer"]
    assert rpc.get_customer(customer["idfulfilment_customer"])["last_login_at"] is not None


def test_wrong_password_and_unknown_user_get_the_same_answer(rpc):
    rpc.create_customer(ACME)
    answers = []
    for username, password in (("acme", "wrong-password"), ("nobody", "acme-secret-1")):
        with pytest.raises(RemoteError) as error:
            rpc.authenticate_user(username, password)
        answers.append((error.value.exc_type, error.value.value))
    assert answers[0] == answers[1] == ("InvalidCredentials", "Unknown username or wrong password.")


def test_customer_without_login_cannot_log_in(rpc):
    rpc.create_customer({**ACME, "can_login": False})
    with pytest.raises(RemoteError) as error:
        rpc.authenticate_user("acme", "acme-secret-1")
    assert error.value.exc_type == "LoginNotAllowed"


def test_a_username_is_unique_within_a_customer_and_the_password_tells_customers_apart(rpc):
    acme = rpc.create_customer(ACME)["idfulfilment_customer"]
    other = rpc.create_customer({**ACME, "name": "Other", "username": "AcMe", "password": "granite-pelican-42"})
    assert rpc.authenticate_user("acme", "acme-secret-1")["customer_id"] == acme
    assert rpc.authenticate_user("ACME", "granite-pelican-42")["customer_id"] == other["idfulfilment_customer"]
    rpc.update_customer(other["idfulfilment_customer"], {"username": "acme"})  # its own name, in other case: fine
    with pytest.raises(RemoteError) as error:
        rpc.create_user(acme, {"username": "Acme", "password": "granite-pelican-43"})
    assert error.value.exc_type == "DuplicateUsername" and "already in use" in error.value.value


def test_missing_name_is_a_validation_error_naming_the_field(rpc):
    with pytest.raises(RemoteError) as error:
        rpc.create_customer({"can_login": False})
    assert error.value.exc_type == "InvalidCustomer"
    assert "name" in error.value.value


def test_unknown_customer_is_not_found(rpc):
    with pytest.raises(RemoteError) as error:
        rpc.get_customer(999)
    assert error.value.exc_type == "CustomerNotFound"


def test_session_of_one_customer_is_not_valid_for_another(rpc):
    acme = rpc.create_customer(ACME)
    other = rpc.create_customer({**ACME, "name": "Other", "username": "other"})
    user = rpc.authenticate_user("acme", "acme-secret-1")
    assert rpc.get_session_user(acme["idfulfilment_customer"], user["user_id"], 1)["username"] == "acme"
    with pytest.raises(RemoteError) as error:
        rpc.get_session_user(other["idfulfilment_customer"], user["user_id"], 1)
    assert error.value.exc_type == "SessionExpired"


def test_api_keys_authenticate_by_scope_and_unknown_keys_do_not(rpc):
    acme = rpc.create_customer(ACME)
    operator = rpc.create_api_key("operator", None, "warehouse")
    customer = rpc.create_api_key("customer", acme["idfulfilment_customer"], "acme shop")
    assert rpc.authenticate_api_key(operator["key"])["scope"] == "operator"
    assert rpc.authenticate_api_key(customer["key"])["customer_id"] == acme["idfulfilment_customer"]
    with pytest.raises(RemoteError) as error:
        rpc.authenticate_api_key("fk_made_up")
    assert error.value.exc_type == "InvalidApiKey"


def test_a_fixed_api_key_can_be_created_twice_for_repeatable_seeding(rpc):
    first = rpc.create_api_key("operator", None, "demo", "demo-operator-key")
    second = rpc.create_api_key("operator", None, "demo", "demo-operator-key")
    assert first["key_id"] == second["key_id"]


class CustomerEventListener:
    name = "customer_event_listener"

    # Broadcast, unreliable: the queue lives only while the listener does, so it never holds
    # events published by earlier tests.
    @event_handler("accounts", "customer_created", handler_type=BROADCAST, reliable_delivery=False)
    def handle_customer_created(self, payload):
        return payload


def test_customer_created_is_published_with_the_customer(container_factory, config, rpc):
    listener = container_factory(CustomerEventListener, config)
    listener.start()
    with entrypoint_waiter(listener, "handle_customer_created", timeout=10) as delivered:
        customer = rpc.create_customer(ACME)
    payload = delivered.get()
    assert payload["customer"] == customer and payload["event_id"] and payload["version"] == 1
    assert_shape(contract.EVENTS["customer_created"], payload)


def test_event_survives_a_crash_between_commit_and_publish(container_factory, config, db):
    # The state change commits with its outbox row, and the process dies before publishing
    # (this unit of work has no relay: nothing is published).
    with db.unit_of_work() as uow:
        customer = customers.create_customer(uow, ACME)
        uow.commit()
    listener = container_factory(CustomerEventListener, config)
    listener.start()
    with entrypoint_waiter(listener, "handle_customer_created", timeout=10) as delivered:
        # The service comes back; its relay finds the unpublished event.
        container_factory(AccountsService, config).start()
    assert delivered.get()["customer"] == customer


def test_a_customers_country_is_kept_and_comes_with_its_users_sessions(rpc):
    acme = rpc.create_customer({**ACME, "country": "nl"})
    assert acme["country"] == "NL"
    changed = rpc.update_customer(acme["idfulfilment_customer"], {"country": "be"})
    user = rpc.authenticate_user("acme", "acme-secret-1")
    assert changed["country"] == "BE" == rpc.get_session_user(acme["idfulfilment_customer"], user["user_id"], 1)["customer_country"]


def test_a_customers_time_zone_is_kept_and_comes_with_its_users_sessions(rpc):
    acme = rpc.create_customer(ACME)
    assert acme["timezone"] is None
    changed = rpc.update_customer(acme["idfulfilment_customer"], {"timezone": "Europe/Brussels"})
    user = rpc.authenticate_user("acme", "acme-secret-1")
    session_user = rpc.get_session_user(acme["idfulfilment_customer"], user["user_id"], 1)
    assert changed["timezone"] == "Europe/Brussels" == session_user["customer_timezone"]
