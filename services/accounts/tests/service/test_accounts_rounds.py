"""accounts' per-second timer: one SELECT says what waits, and an idle round does nothing more."""
from datetime import datetime, timedelta, timezone

from accounts import mail, rounds
from accounts.models import PasswordResetRequest

NOTHING = rounds.Due(reset_requests=False, mail=False, deliveries=False)


def test_an_idle_round_is_one_read_no_transaction_and_no_lock(db, monkeypatch):
    done = []
    monkeypatch.setattr(db, "change", lambda *args: done.append(("change", args)))
    monkeypatch.setattr(db, "exclusive", lambda name: done.append(("exclusive", name)))
    assert rounds.send_due(db) == NOTHING
    assert done == []


def test_mail_is_due_once_queued_and_not_before_its_moment(db):
    later = datetime.now(timezone.utc) + timedelta(minutes=5)
    db.change(lambda uow: mail.queue(uow.session, mail.compose("a@example.test", "Later", "..."), send_after=later))
    assert db.read_statement(rounds.what_is_due) == NOTHING
    db.change(lambda uow: mail.queue(uow.session, mail.compose("a@example.test", "Now", "...")))
    assert db.read_statement(rounds.what_is_due).mail is True
    sent = []
    assert mail.send_queued(db, sent.append) == 1 and [m["Subject"] for m in sent] == ["Now"]
    assert db.read_statement(rounds.what_is_due) == NOTHING


def test_a_reset_request_is_due_until_answered(db):
    db.change(lambda uow: uow.session.add(PasswordResetRequest(username_or_email="nobody")))
    assert db.read_statement(rounds.what_is_due).reset_requests is True
    assert rounds.send_due(db).reset_requests is True
    assert db.read_statement(rounds.what_is_due) == NOTHING
