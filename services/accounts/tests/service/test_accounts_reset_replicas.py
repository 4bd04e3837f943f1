"""Two replicas of accounts answer password reset requests at once (each one's mail timer takes
the requests the other has not locked): a user still gets no more reset emails than the limit."""
import eventlet
from sqlalchemy import func, select

from accounts import password_resets
from accounts.models import Customer, OutgoingMail, PasswordResetRequest, PortalUser


def asked(db, key: str, times: int) -> None:
    with db.unit_of_work() as uow:
        uow.session.add_all([PasswordResetRequest(username_or_email=key) for _ in range(times)])
        uow.commit()


def test_two_replicas_answering_requests_at_once_mail_a_user_no_more_than_the_limit(db):
    with db.unit_of_work() as uow:
        customer = Customer(name="Acme BV", can_login=True)
        uow.session.add(PortalUser(customer=customer, username="bram", email="bram@acme.test", is_primary=False,
                                   is_active=True, permissions=[], session_version=1))
        uow.commit()
    limit = password_resets.MAX_EMAILS_PER_USER
    asked(db, "bram", limit)
    second_done = []
    with db.unit_of_work() as first:  # one replica's round, not committed yet
        assert password_resets.answer_requests(first) == limit
        asked(db, "bram@acme.test", limit)  # more requests meanwhile, which the other replica takes
        second = eventlet.spawn(lambda: second_done.append(db.change(password_resets.answer_requests)))
        eventlet.sleep(0.3)
        first.commit()
    second.wait()
    mails = db.read(lambda session: session.scalar(
        select(func.count()).select_from(OutgoingMail).where(OutgoingMail.recipient == "bram@acme.test")))
    assert second_done == [limit] and mails == limit
