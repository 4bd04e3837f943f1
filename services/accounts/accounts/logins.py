"""Portal logins and the sessions that follow them."""
import logging

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from accounts import throttling
from accounts.exceptions import InvalidCredentials, LoginNotAllowed, SessionExpired
from accounts.models import PortalUser
from accounts.passwords import verify_password
from accounts.schemas import session_user
from servicekit.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)


def _user_by_login(session: Session, username: str, password: str) -> PortalUser | None:
    """The active user with this username and password. Usernames are unique per customer only, so
    users of different customers may share one: the password tells them apart (each is checked,
    and with no user of that name a hash is checked all the same, so an unknown name takes as
    long as a wrong password). Two such users with one password as well: neither, and logged."""
    users = session.scalars(select(PortalUser).options(joinedload(PortalUser.customer))
                            .where(func.lower(PortalUser.username) == username).order_by(PortalUser.id)).all()
    if not users:
        verify_password(None, password)
        return None
    matching = [user for user in users if verify_password(user.password_hash, password) and user.is_active]
    if len(matching) > 1:
        log.warning("users %s share username and password: neither can log in until one changes it",
                    [user.id for user in matching])
    return matching[0] if len(matching) == 1 else None


def authenticate_user(uow: UnitOfWork, username: str, password: str,
                      address: str | None = None) -> dict | InvalidCredentials:
    """Check a username and password; on success record the login and return the session user.

    Throttled per username and per address (raises TooManyAttempts before checking anything,
    so a guess during the pause tells nothing). A wrong password is recorded and returned, not
    raised, so that the caller commits the record before it refuses the login.
    """
    session = uow.session
    username = (username or "").strip().lower()
    throttling.check_not_throttled(session, username, address)
    user = _user_by_login(session, username, password or "")
    if user is None:
        throttling.record_failure(session, username, address)
        return InvalidCredentials("Unknown username or wrong password.")
    if not user.customer.can_login:
        raise LoginNotAllowed("This account may not log in to the portal. Please contact your warehouse.")
    throttling.clear_failures(session, username)
    now = func.now()
    user.last_login_at = now
    user.customer.last_login_at = now
    session.flush()
    return session_user.dump(user)


def session_user_row(session: Session, customer_id: int, user_id: int, session_version: int) -> PortalUser:
    """The logged-in user, if the session is still valid: same customer, same session version,
    the user still active and the customer may still log in (turning `can_login` off locks
    users out at once)."""
    user = session.scalar(
        select(PortalUser)
        .options(joinedload(PortalUser.customer))
        .where(PortalUser.id == user_id, PortalUser.customer_id == customer_id)
    )
    if (user is None or user.session_version != session_version or not user.is_active
            or not user.customer.can_login):
        raise SessionExpired("Your session has ended. Please log in again.")
    return user


def get_session_user(session: Session, customer_id: int, user_id: int, session_version: int) -> dict:
    return session_user.dump(session_user_row(session, customer_id, user_id, session_version))


def end_sessions(uow: UnitOfWork, customer_id: int, user_id: int, session_version: int) -> None:
    """Logout: this session and every other of the user end (the session version moves on)."""
    session = uow.session
    try:
        user = session_user_row(session, customer_id, user_id, session_version)
    except SessionExpired:
        return  # already ended
    user.session_version += 1
