"""What accounts' timers do, and the one read that says whether any of it is due.

Each second: answer password-reset requests, send queued mail, send webhook deliveries. Most
seconds there is none of it, so a round first asks, in one SELECT outside a transaction, which
of them waits (`what_is_due`), and does only that: an idle accounts costs one statement a second,
no transaction, no advisory lock. Each minute: prune what is kept only for a while (delivered
webhook deliveries, answered reset requests).
"""
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from accounts import mail, password_resets, webhooks
from accounts.models import OutgoingMail, PasswordResetRequest
from servicekit.database import ServiceDatabase


@dataclass(frozen=True)
class Due:
    reset_requests: bool
    mail: bool
    deliveries: bool


def what_is_due(session: Session) -> Due:
    return Due(*session.execute(select(
        select(PasswordResetRequest.id).where(PasswordResetRequest.handled_at.is_(None)).exists(),
        select(OutgoingMail.id).where(*mail.due()).exists(),
        webhooks.any_due())).one())


def send_due(database: ServiceDatabase) -> Due:
    """One round of the per-second timer; returns what was due."""
    due = database.read_statement(what_is_due)
    if due.reset_requests:
        database.change(password_resets.answer_requests)  # queues mail, sent below in the same round
    if due.reset_requests or due.mail:
        mail.send_queued(database)
    if due.deliveries:
        webhooks.send_due(database)
    return due


def prune(database: ServiceDatabase) -> None:
    """The per-minute round."""
    webhooks.prune_round(database)
    database.change(password_resets.forget_old_requests)
