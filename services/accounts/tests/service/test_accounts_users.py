"""Portal users, invites, resets, throttling and customer updates, through the real container."""
import email
import time
from pathlib import Path

import pytest
from nameko.events import BROADCAST, event_handler
from nameko.exceptions import RemoteError
from nameko.testing.services import entrypoint_waiter

from accounts import contract, mail
from accounts.models import OutgoingMail
from accounts.schemas import PortalUserOutput
from servicekit.testing import assert_shape
from servicekit.unit_of_work import transaction_open

ACME = {"name": "Acme BV", "can_login": True, "username": "acme", "password": "acme-secret-1"}
PASSWORD = "granite-pelican-42"


pytestmark = pytest.mark.usefixtures("mail_folder")


def link_in_mail(folder: Path, path: str, timeout: float = 5) -> str:
    """The link in the one email sent (the service's timer sends queued mail within a second)."""
    deadline = time.monotonic() + timeout
    while not list(folder.glob("*.eml")) and time.monotonic() < deadline:
        time.sleep(0.05)
    (message,) = [email.message_from_bytes(f.read_bytes()) for f in folder.glob("*.eml")]
    body = message.get_payload(decode=True).decode()
    return body.split(f"/fulfilmentportal{path}")[1].split()[0]


def remote_error(call, *args):
    with pytest.raises(RemoteError) as error:
        call(*args)
    return error.value


@pytest.fixture
def acme(rpc):
    return rpc.create_customer(ACME)["idfulfilment_customer"]


def test_update_changes_only_given_fields_and_keeps_the_rest(rpc, acme):
    updated = rpc.update_customer(acme, {"name": "Acme Outdoor BV", "idwarehouse_purchaseorders": 2,
                                         "can_manage_products": True, "notification_email": "ops@acme.test"})
    assert updated["name"] == "Acme Outdoor BV" and updated["username"] == "acme"
    assert updated["idwarehouse_purchaseorders"] == 2 and updated["can_manage_products"] is True
    assert rpc.get_customer(acme) == updated


def test_update_errors_name_the_field_and_write_nothing(rpc, acme):
    error = remote_error(rpc.update_customer, acme, {"name": "Renamed", "notification_email": "not-an-address"})
    assert error.exc_type == "InvalidCustomer" and "notification_email" in error.value
    assert rpc.get_customer(acme)["name"] == "Acme BV"
    assert remote_error(rpc.update_customer, 999, {"name": "x"}).exc_type == "CustomerNotFound"


def test_turning_login_off_ends_sessions_at_once(rpc, acme):
    user = rpc.authenticate_user("acme", "acme-secret-1")
    rpc.update_customer(acme, {"can_login": False})
    assert remote_error(rpc.get_session_user, acme, user["user_id"], user["session_version"]).exc_type == "SessionExpired"


def test_new_password_from_the_operator_ends_sessions(rpc, acme):
    user = rpc.authenticate_user("acme", "acme-secret-1")
    rpc.update_customer(acme, {"password": PASSWORD})
    assert remote_error(rpc.get_session_user, acme, user["user_id"], user["session_version"]).exc_type == "SessionExpired"
    assert rpc.authenticate_user("acme", PASSWORD)["user_id"] == user["user_id"]


def test_weak_password_is_refused(rpc, acme):
    error = remote_error(rpc.update_customer, acme, {"password": "password123"})
    assert error.exc_type == "InvalidCustomer" and "password: Too easy to guess" in error.value


class AccountsEventListener:
    name = "accounts_event_listener"

    @event_handler("accounts", "customer_updated", handler_type=BROADCAST, reliable_delivery=False)
    def handle_customer_updated(self, payload):
        return payload

    @event_handler("accounts", "user_invited", handler_type=BROADCAST, reliable_delivery=False)
    def handle_user_invited(self, payload):
        return payload


def test_customer_updated_is_published(container_factory, config, rpc, acme):
    listener = container_factory(AccountsEventListener, config)
    listener.start()
    with entrypoint_waiter(listener, "handle_customer_updated", timeout=10) as delivered:
        customer = rpc.update_customer(acme, {"language": "en"})
    assert delivered.get()["customer"] == customer
    assert_shape(contract.EVENTS["customer_updated"], delivered.get())


def test_session_user_has_effective_permissions(rpc, acme):
    user = rpc.authenticate_user("acme", "acme-secret-1")
    assert "products" not in user["permissions"] and "users" in user["permissions"]
    rpc.update_customer(acme, {"can_manage_products": True})
    assert "products" in rpc.get_session_user(acme, user["user_id"], user["session_version"])["permissions"]


def test_invited_user_sets_a_password_once_through_the_emailed_link(container_factory, config, rpc, acme, mail_folder):
    listener = container_factory(AccountsEventListener, config)
    listener.start()
    with entrypoint_waiter(listener, "handle_user_invited", timeout=10) as delivered:
        user = rpc.create_user(acme, {"username": "bram", "emailaddress": "bram@acme.test",
                                      "permissions": ["ordering"], "idwarehouses": [1]})
    assert_shape(PortalUserOutput, user)
    assert delivered.get()["user"] == user and user["password_set"] is False
    assert remote_error(rpc.authenticate_user, "bram", "").exc_type == "InvalidCredentials"
    token = link_in_mail(mail_folder, "/invite/")
    assert rpc.check_link("invite", token)["username"] == "bram"
    assert remote_error(rpc.set_password_with_link, "invite", token, "abc12345").exc_type == "InvalidUser"  # weak: link still valid
    session_user = rpc.set_password_with_link("invite", token, PASSWORD)
    assert session_user["permissions"] == ["ordering"] and session_user["warehouse_ids"] == [1]
    assert remote_error(rpc.set_password_with_link, "invite", token, PASSWORD).exc_type == "InvalidToken"
    assert rpc.authenticate_user("bram", PASSWORD)["user_id"] == user["iduser"]


def test_users_of_another_customer_answer_like_missing_ones(rpc, acme):
    other = rpc.create_customer({**ACME, "name": "Other", "username": "other"})["idfulfilment_customer"]
    mine = rpc.create_user(acme, {"username": "bram", "password": PASSWORD})
    for call, args in ((rpc.get_user, (other, mine["iduser"])),
                       (rpc.update_user, (other, mine["iduser"], {"active": False})),
                       (rpc.resend_invite, (other, mine["iduser"])),
                       (rpc.change_password, (other, mine["iduser"], PASSWORD, "x" + PASSWORD)),
                       (rpc.update_own_settings, (other, mine["iduser"], {"language": "en"}))):
        assert remote_error(call, *args).exc_type == "UserNotFound"
    assert [u["username"] for u in rpc.list_users(other)] == ["other"]
    assert remote_error(rpc.list_users, 999).exc_type == "CustomerNotFound"
    assert rpc.get_user(acme, mine["iduser"])["active"] is True


def test_deactivated_user_cannot_log_in_and_loses_its_session(rpc, acme):
    mine = rpc.create_user(acme, {"username": "bram", "password": PASSWORD})
    session = rpc.authenticate_user("bram", PASSWORD)
    rpc.update_user(acme, mine["iduser"], {"active": False})
    assert remote_error(rpc.get_session_user, acme, session["user_id"], session["session_version"]).exc_type == "SessionExpired"
    assert remote_error(rpc.authenticate_user, "bram", PASSWORD).exc_type == "InvalidCredentials"


def test_duplicate_username_for_a_new_user_is_refused(rpc, acme):
    assert remote_error(rpc.create_user, acme, {"username": "ACME", "password": PASSWORD}).exc_type == "DuplicateUsername"
    error = remote_error(rpc.create_user, acme, {"username": "bram"})
    assert error.exc_type == "InvalidUser" and "emailaddress" in error.value


def test_password_reset_by_email_works_once_and_ends_other_sessions(rpc, acme, mail_folder):
    rpc.update_own_settings(acme, rpc.authenticate_user("acme", "acme-secret-1")["user_id"],
                            {"emailaddress": "acme@acme.test", "current_password": "acme-secret-1"})
    old = rpc.authenticate_user("acme", "acme-secret-1")
    assert rpc.request_password_reset("nobody@nowhere.test") is None  # same answer, no mail
    assert not list(mail_folder.glob("*.eml"))
    rpc.request_password_reset("ACME@acme.test")
    token = link_in_mail(mail_folder, "/password-reset/")
    assert rpc.set_password_with_link("reset", token, PASSWORD)["username"] == "acme"
    assert remote_error(rpc.set_password_with_link, "reset", token, PASSWORD).exc_type == "InvalidToken"
    assert remote_error(rpc.get_session_user, acme, old["user_id"], old["session_version"]).exc_type == "SessionExpired"


def test_change_password_needs_the_current_one_and_logout_ends_the_session(rpc, acme):
    user = rpc.authenticate_user("acme", "acme-secret-1")
    assert remote_error(rpc.change_password, acme, user["user_id"], "wrong", PASSWORD).exc_type == "WrongPassword"
    changed = rpc.change_password(acme, user["user_id"], "acme-secret-1", PASSWORD)
    assert changed["session_version"] == user["session_version"] + 1
    rpc.end_sessions(acme, user["user_id"], changed["session_version"])
    assert remote_error(rpc.get_session_user, acme, user["user_id"], changed["session_version"]).exc_type == "SessionExpired"


def test_login_is_throttled_per_account_with_a_clear_message(rpc, acme):
    for _ in range(5):
        assert remote_error(rpc.authenticate_user, "acme", "wrong", "10.0.0.1").exc_type == "InvalidCredentials"
    error = remote_error(rpc.authenticate_user, "acme", "acme-secret-1", "10.0.0.2")
    assert error.exc_type == "TooManyAttempts" and "try again in 15 minutes" in error.value


def test_expired_invite_link_is_refused_and_a_new_one_replaces_it(rpc, db, acme, mail_folder):
    from sqlalchemy import text
    user = rpc.create_user(acme, {"username": "bram", "emailaddress": "bram@acme.test"})
    token = link_in_mail(mail_folder, "/invite/")
    with db.unit_of_work() as uow:
        uow.session.execute(text("UPDATE user_tokens SET expires_at = now() - interval '1 second'"))
        uow.commit()
    assert remote_error(rpc.check_link, "invite", token).exc_type == "InvalidToken"
    assert remote_error(rpc.set_password_with_link, "invite", token, PASSWORD).exc_type == "InvalidToken"
    for eml in mail_folder.glob("*.eml"):
        eml.unlink()
    rpc.resend_invite(acme, user["iduser"])
    assert rpc.set_password_with_link("invite", link_in_mail(mail_folder, "/invite/"), PASSWORD)["username"] == "bram"


def test_queued_mail_is_retried_until_the_server_takes_it(db):
    with db.unit_of_work() as uow:
        uow.session.add(OutgoingMail(recipient="bram@acme.test", subject="Hi", body="Link", attempts=0))
        uow.commit()

    def refuse(message):
        raise ConnectionRefusedError("mail server down")

    delivered = []

    def deliver(message):
        assert not transaction_open(), "the mail server is called with a transaction open"
        delivered.append(message)

    for sender in (refuse, deliver, deliver):
        mail.send_queued(db, sender)
    with db.unit_of_work() as uow:
        row = uow.session.query(OutgoingMail).one()
        assert row.attempts == 2 and row.sent_at is not None and row.last_error is None
    assert [message["To"] for message in delivered] == ["bram@acme.test"]  # sent once, not again


def test_order_rules_default_to_until_picking_and_not_at_once(rpc, acme):
    customer = rpc.get_customer(acme)
    assert (customer["changes_allowed_until"], customer["process_orders_at_once"]) == ("picking", False)


def test_order_rules_changed_are_announced_with_a_newer_version(container_factory, config, rpc, acme):
    listener = container_factory(AccountsEventListener, config)
    listener.start()
    versions = []
    for change in ({"changes_allowed_until": "processing"}, {"process_orders_at_once": True}):
        with entrypoint_waiter(listener, "handle_customer_updated", timeout=10) as delivered:
            customer = rpc.update_customer(acme, change)
        assert delivered.get()["customer"] == customer
        versions.append(delivered.get()["version"])
    assert (customer["changes_allowed_until"], customer["process_orders_at_once"]) == ("processing", True)
    assert versions[0] > 1 and versions[1] == versions[0] + 1  # creation was version 1
