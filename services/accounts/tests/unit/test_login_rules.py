from datetime import datetime, timedelta, timezone

import pytest

from accounts.customers import parse_customer_changes
from accounts.exceptions import InvalidCustomer, InvalidUser
from accounts.mail import compose, link_message, write_to_folder
from accounts.throttling import WINDOW, minutes_to_wait
from accounts.users import parse_user

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=timezone.utc)


def test_below_the_limit_there_is_no_wait():
    assert minutes_to_wait([NOW - timedelta(minutes=1)] * 4, 5, NOW) == 0


def test_at_the_limit_the_wait_lasts_until_the_oldest_counted_failure_leaves_the_window():
    failures = [NOW - timedelta(minutes=m) for m in (10, 3, 2, 1, 0)]
    assert minutes_to_wait(failures, 5, NOW) == 5


def test_failures_older_than_the_window_do_not_count():
    assert minutes_to_wait([NOW - WINDOW - timedelta(seconds=1)] * 9, 5, NOW) == 0


def test_common_passwords_are_refused_for_users():
    with pytest.raises(InvalidUser, match="password: Too easy to guess"):
        parse_user({"username": "bram", "password": "password123"})


def test_permissions_are_the_portals_names_only():
    with pytest.raises(InvalidUser, match="permissions"):
        parse_user({"username": "bram", "emailaddress": "b@x.test", "permissions": ["admin"]})


def test_partial_customer_update_may_not_empty_the_name():
    with pytest.raises(InvalidCustomer, match="name"):
        parse_customer_changes({"name": ""})
    assert parse_customer_changes({"can_manage_products": True}) == {"can_manage_products": True}


def test_mail_sink_writes_readable_eml_files(tmp_path, monkeypatch):
    monkeypatch.setenv("PORTAL_URL", "https://portal.test/fulfilmentportal")
    message = link_message("invite", "nl", "bram@acme.test", "bram", "Acme BV", "tok-" + "x" * 43)
    path = write_to_folder(tmp_path, message)
    text = path.read_text()
    assert "Subject: Uw login voor het fulfilmentportaal" in text
    assert "https://portal.test/fulfilmentportal/invite/tok-" + "x" * 43 + "\n" in text  # whole, on one line
    assert compose("a@b.test", "s", "b")["To"] == "a@b.test"
