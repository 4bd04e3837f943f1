"""Throttling: after too many failures (or requests) for one name, or from one address, within a
window, further attempts are refused until the oldest counted one leaves the window. Logins and
current-password checks count failures in `login_failures`; reset requests count themselves
(`accounts.password_resets`)."""
import hashlib
import math
from datetime import datetime, timedelta, timezone

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from accounts.exceptions import TooManyAttempts
from accounts.models import LoginFailure

WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_ACCOUNT = 5
# Higher: one office or one NAT can hold many honest users.
MAX_FAILURES_PER_ADDRESS = 20


def minutes_to_wait(failures: list[datetime], limit: int, now: datetime) -> int:
    """0 if another attempt is allowed; else whole minutes until the oldest counted failure expires."""
    recent = sorted(moment for moment in failures if moment > now - WINDOW)
    if len(recent) < limit:
        return 0
    release = recent[-limit] + WINDOW
    return max(1, math.ceil((release - now).total_seconds() / 60))


def _lock_key(column, value: str) -> int:
    """A PostgreSQL advisory lock id (signed 64 bits) for one counter, e.g. one username's failures."""
    digest = hashlib.sha256(f"{column.table.name}.{column.key}:{value}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def refuse_if_over(session: Session, moment, counted: list[tuple]) -> None:
    """Raise TooManyAttempts if any (column, value, limit) in `counted` has `limit` rows within
    the window (`moment`: the rows' time column); a None value counts nothing.

    Each counter is locked until this transaction ends, so the check and the row the caller then
    adds are one step: simultaneous attempts wait their turn and each sees those before it
    (40 at once must not all count the same 4 failures)."""
    for column, value, _ in counted:
        if value:
            session.execute(select(func.pg_advisory_xact_lock(_lock_key(column, value))))
    now = datetime.now(timezone.utc)
    wait = max((minutes_to_wait(list(session.scalars(select(moment).where(column == value, moment > now - WINDOW))),
                                limit, now)
                for column, value, limit in counted if value), default=0)
    if wait:
        raise TooManyAttempts(f"Too many attempts; try again in {wait} minutes.")


def check_not_throttled(session: Session, username: str, address: str | None) -> None:
    refuse_if_over(session, LoginFailure.failed_at, [(LoginFailure.username, username, MAX_FAILURES_PER_ACCOUNT),
                                                     (LoginFailure.address, address, MAX_FAILURES_PER_ADDRESS)])


def record_failure(session: Session, username: str, address: str | None) -> None:
    session.add(LoginFailure(username=username[:100], address=(address or None) and address[:64]))
    # Old rows are no use; removing them here keeps the table small without a scheduler.
    session.execute(delete(LoginFailure).where(LoginFailure.failed_at < func.now() - WINDOW))


def clear_failures(session: Session, username: str) -> None:
    session.execute(delete(LoginFailure).where(LoginFailure.username == username))
