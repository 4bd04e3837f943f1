"""Password resets asked for on the portal.

Asking records the request and nothing else: the same work whether or not the account exists,
so neither the answer nor its timing says which accounts do. The mail timer answers requests a
moment later (`answer_requests`). Requests are limited per name typed and per address, and a
user gets only a few reset emails within the window, however it is asked for.
"""
from datetime import datetime, timezone

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session, joinedload

from accounts import mail, throttling, tokens
from accounts.models import PasswordResetRequest, PortalUser, UserToken
from servicekit.unit_of_work import UnitOfWork

MAX_PER_NAME = 3
MAX_PER_ADDRESS = 10
MAX_EMAILS_PER_USER = 3
BATCH = 50


def request_password_reset(uow: UnitOfWork, username_or_email: str, address: str | None = None) -> None:
    """Ask for a reset link for the users with this username or email address, if any."""
    session = uow.session
    key = (username_or_email or "").strip().lower()[:254] if isinstance(username_or_email, str) else ""
    if not key:
        return
    address = address[:64] if isinstance(address, str) and address else None
    throttling.refuse_if_over(session, PasswordResetRequest.requested_at, [
        (PasswordResetRequest.username_or_email, key, MAX_PER_NAME),
        (PasswordResetRequest.address, address, MAX_PER_ADDRESS)])
    session.add(PasswordResetRequest(username_or_email=key, address=address))


def answer_requests(uow: UnitOfWork) -> int:
    """Queue a reset email for each user the waiting requests name; returns how many requests
    were answered. Replicas share the work (rows another one holds are skipped)."""
    session = uow.session
    waiting = session.scalars(select(PasswordResetRequest).where(PasswordResetRequest.handled_at.is_(None))
                              .order_by(PasswordResetRequest.id).limit(BATCH).with_for_update(skip_locked=True)).all()
    for request in waiting:
        for user in _users_named(session, request.username_or_email):
            if _recent_reset_links(session, user) < MAX_EMAILS_PER_USER:
                mail.queue_link(session, "reset", user, tokens.issue_token(session, user, "reset"))
        request.handled_at = func.now()
    forget_old_requests(uow)
    return len(waiting)


def forget_old_requests(uow: UnitOfWork) -> int:
    """Answered requests are kept only as long as they count against the limits."""
    return uow.session.execute(delete(PasswordResetRequest).where(
        PasswordResetRequest.handled_at.is_not(None),
        PasswordResetRequest.requested_at < datetime.now(timezone.utc) - throttling.WINDOW)).rowcount


def _users_named(session: Session, key: str) -> list[PortalUser]:
    """Locked until commit: another replica answering a request for the same user meanwhile
    waits, and then counts the links this one sent (or both would send up to the limit)."""
    users = session.scalars(
        select(PortalUser).options(joinedload(PortalUser.customer))
        .where(or_(func.lower(PortalUser.username) == key, func.lower(PortalUser.email) == key),
               PortalUser.is_active.is_(True), PortalUser.email.is_not(None))
        .order_by(PortalUser.id).with_for_update(of=PortalUser)
    ).all()
    return [user for user in users if user.customer.can_login]


def _recent_reset_links(session: Session, user: PortalUser) -> int:
    return session.scalar(select(func.count()).where(
        UserToken.user_id == user.id, UserToken.purpose == "reset",
        UserToken.created_at > datetime.now(timezone.utc) - throttling.WINDOW))
