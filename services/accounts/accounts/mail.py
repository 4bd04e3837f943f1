"""Sending email: invites, password resets and stock alerts (`accounts.stock_alerts`).

Messages are queued in the transaction that makes their link (`queue_link`) and sent after
commit by the service's timer (`send_queued`), and a failing mail server is tried again. A link's
token waits beside the body, not in it, and is forgotten once the email is sent: the queue keeps
nothing that opens an account.

`SMTP_URL` (smtp://user:password@host:587, smtps:// for TLS from the start, `?starttls=false` to
skip STARTTLS) sends through a real server. Unset, each message is written as an .eml file into
`MAIL_DIR` (default var/mail), where a developer can open it: `make run` works offline.
"""
import logging
import os
import smtplib
import ssl
import uuid
from datetime import datetime, timezone
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session
from telemetry import request_ids

from accounts.models import OutgoingMail
from servicekit.database import ServiceDatabase
from servicekit.database_gauges import DatabaseReading
from servicekit.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)
FROM_ADDRESS = os.environ.get("MAIL_FROM", "").strip() or "portal@fulfilment.localhost"


def portal_url() -> str:
    """Where links in emails point: `PORTAL_URL`, else the local gateway's portal."""
    configured = os.environ.get("PORTAL_URL", "").strip()
    if configured:
        return configured.rstrip("/")
    return f"http://127.0.0.1:{os.environ.get('GATEWAY_PORT', '').strip() or '8000'}/fulfilmentportal"


def mail_dir() -> Path:
    return Path(os.environ.get("MAIL_DIR", "").strip() or "var/mail")


def compose(to: str, subject: str, body: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = FROM_ADDRESS
    message["To"] = to
    message["Subject"] = subject
    # 8bit, not quoted-printable: a link in a .eml read by hand must not be broken across lines.
    message.set_content(body, cte="8bit")
    return message


def send(message: EmailMessage) -> None:
    smtp_url = os.environ.get("SMTP_URL", "").strip()
    if smtp_url:
        send_smtp(smtp_url, message)
    else:
        write_to_folder(mail_dir(), message)


def send_smtp(smtp_url: str, message: EmailMessage, timeout: float = 20) -> None:
    url = urlsplit(smtp_url)
    options = parse_qs(url.query)
    if url.scheme == "smtps":
        client = smtplib.SMTP_SSL(url.hostname, url.port or 465, timeout=timeout,
                                  context=ssl.create_default_context())
    else:
        client = smtplib.SMTP(url.hostname, url.port or 587, timeout=timeout)
    with client:
        if url.scheme == "smtp" and options.get("starttls", ["true"])[0] != "false":
            client.starttls(context=ssl.create_default_context())
        if url.username:
            client.login(unquote(url.username), unquote(url.password or ""))
        client.send_message(message)


def write_to_folder(folder: Path, message: EmailMessage) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{uuid.uuid4().hex}.eml"
    path.write_bytes(bytes(message))
    return path


TEXTS = {
    "invite": {
        "en": ("Your login for the fulfilment portal",
               "Hello {username},\n\n{customer} invites you to its fulfilment portal.\n"
               "Choose your password here (the link works once, for 7 days):\n\n{link}\n"),
        "nl": ("Uw login voor het fulfilmentportaal",
               "Hallo {username},\n\n{customer} nodigt u uit voor het fulfilmentportaal.\n"
               "Kies hier uw wachtwoord (de link werkt één keer, 7 dagen lang):\n\n{link}\n"),
    },
    "reset": {
        "en": ("Reset your password",
               "Hello {username},\n\nSomeone asked to reset your password for the fulfilment portal.\n"
               "Choose a new one here (the link works once, for 1 hour):\n\n{link}\n\n"
               "Did you not ask for this? Then ignore this message.\n"),
        "nl": ("Uw wachtwoord opnieuw instellen",
               "Hallo {username},\n\nEr is gevraagd uw wachtwoord voor het fulfilmentportaal opnieuw in te stellen.\n"
               "Kies hier een nieuw wachtwoord (de link werkt één keer, 1 uur lang):\n\n{link}\n\n"
               "Heeft u dit niet gevraagd? Dan kunt u dit bericht negeren.\n"),
    },
}
PATHS = {"invite": "/invite/{token}", "reset": "/password-reset/{token}"}
EMAIL_CHANGED = {
    "en": ("Your email address was changed",
           "Hello {username},\n\nThe email address of your fulfilment portal login was changed to {new}.\n"
           "Password reset links now go there, no longer to this address.\n\n"
           "Did you not do this? Then ask your warehouse to lock the account at once.\n"),
    "nl": ("Uw e-mailadres is gewijzigd",
           "Hallo {username},\n\nHet e-mailadres van uw login voor het fulfilmentportaal is gewijzigd in {new}.\n"
           "Links om uw wachtwoord opnieuw in te stellen gaan nu daarheen, niet meer naar dit adres.\n\n"
           "Heeft u dit niet gedaan? Vraag uw magazijn dan de login meteen te blokkeren.\n"),
}


def link_message(purpose: str, language: str, to: str, username: str, customer: str, token: str) -> EmailMessage:
    subject, body = TEXTS[purpose].get(language, TEXTS[purpose]["en"])
    link = portal_url() + PATHS[purpose].format(token=token)
    return compose(to, subject, body.format(username=username, customer=customer, link=link))


def queue_email_changed(session: Session, user, old_address: str) -> None:
    """Tell the old address that `user`'s address changed (its owner may not have done it)."""
    subject, body = EMAIL_CHANGED.get(user.language or user.customer.language, EMAIL_CHANGED["en"])
    queue(session, compose(old_address, subject, body.format(username=user.username, new=user.email or "-")))


# Stands for the token in a queued body until it is sent.
LINK_TOKEN = "{link_token}"


def queue_link(session: Session, purpose: str, user, token: str) -> None:
    """The email with `user`'s invite or reset link, sent once this transaction commits."""
    queue(session, link_message(purpose, user.language or user.customer.language, user.email, user.username,
                                user.customer.name, LINK_TOKEN), link_token=token)


def queue(session: Session, message: EmailMessage, link_token: str | None = None,
          send_after: datetime | None = None, about: str | None = None) -> None:
    """Send `message` once this transaction commits (with `link_token` in place of LINK_TOKEN),
    not before `send_after`; `about` lets `withdraw` take it back until it is sent."""
    session.add(OutgoingMail(recipient=message["To"], subject=message["Subject"], body=message.get_content(),
                             link_token=link_token, attempts=0, send_after=send_after, about=about,
                             request_id=request_ids.current()))


def withdraw(session: Session, about: str) -> int:
    """Drop the mails about this that are not sent yet; returns how many."""
    return session.execute(delete(OutgoingMail).where(OutgoingMail.about == about,
                                                      OutgoingMail.sent_at.is_(None))).rowcount


MAX_ATTEMPTS = 20
BATCH = 20


def send_queued(database: ServiceDatabase, send_message=None) -> int:
    """Send what is waiting, one replica at a time (so none is sent twice); returns how many
    went out. The mail server is talked to with no transaction open. A failure is recorded
    and tried again on the next round, up to MAX_ATTEMPTS."""
    send_message = send_message or send
    with database.exclusive("mail sender") as mine:
        if not mine:
            return 0
        waiting = database.read(_waiting)
        outcomes = {row_id: _try_send(send_message, message) for row_id, message, _ in waiting}
        if outcomes:
            database.change(_record_outcomes, outcomes)
    for row_id, message, request_id in waiting:
        if outcomes[row_id] is None:  # under the id of the request that queued it: its last step
            with request_ids.bound(request_id):
                log.info("email %s sent: %s", row_id, message["Subject"])
    return sum(error is None for error in outcomes.values())


def due():
    """What makes a queued email due now (the timer's check of whether any is, and its read)."""
    return (OutgoingMail.sent_at.is_(None), OutgoingMail.attempts < MAX_ATTEMPTS,
            or_(OutgoingMail.send_after.is_(None), OutgoingMail.send_after <= func.now()))


def _waiting(session: Session) -> list[tuple[int, EmailMessage, str | None]]:
    rows = session.scalars(select(OutgoingMail).where(*due()).order_by(OutgoingMail.id).limit(BATCH)).all()
    return [(row.id, compose(row.recipient, row.subject, _with_link(row)), row.request_id) for row in rows]


def _with_link(row: OutgoingMail) -> str:
    return row.body.replace(LINK_TOKEN, row.link_token) if row.link_token else row.body


def _try_send(send_message, message: EmailMessage) -> str | None:
    """None once sent, else what went wrong."""
    try:
        send_message(message)
    except Exception as error:  # the server, the network, the folder: all retried alike
        return f"{type(error).__name__}: {error}"[:2000]
    return None


def _record_outcomes(uow: UnitOfWork, outcomes: dict[int, str | None]) -> None:
    for row in uow.session.scalars(select(OutgoingMail).where(OutgoingMail.id.in_(outcomes))):
        row.attempts += 1
        row.last_error = outcomes[row.id]
        if row.last_error is None:
            row.sent_at = datetime.now(timezone.utc)
        if row.last_error is None or row.attempts >= MAX_ATTEMPTS:
            row.link_token = None  # sent, or given up: the link is of no more use here
        if row.last_error is not None:
            log.warning("email %s not sent (attempt %s): %s", row.id, row.attempts, row.last_error)


def _queue_figures(session: Session) -> tuple[float, float, float]:
    waiting = OutgoingMail.sent_at.is_(None) & (OutgoingMail.attempts < MAX_ATTEMPTS)
    given_up = OutgoingMail.sent_at.is_(None) & (OutgoingMail.attempts >= MAX_ATTEMPTS)
    row = session.execute(select(
        func.count().filter(waiting),
        func.coalesce(func.extract("epoch", func.now() - func.min(OutgoingMail.created_at).filter(waiting)), 0),
        func.count().filter(given_up),
    ).where(OutgoingMail.sent_at.is_(None))).one()
    return float(row[0]), float(row[1]), float(row[2])


# The mail queue as Prometheus reads it (servicekit.database_gauges): a mail server that fails
# shows as a queue that grows and ages, before anyone misses an invite.
QUEUE_READING = DatabaseReading(
    (("fulfilment_mail_queue", "Emails waiting to be sent"),
     ("fulfilment_mail_queue_oldest_age_seconds", "How long the oldest waiting email has waited (0: none waits)"),
     ("fulfilment_mail_given_up", "Emails not sent after every attempt")),
    _queue_figures)
