"""Login throttling: after too many failures for one username, or from one address, within a
window, further attempts are refused until the oldest failure leaves the window."""
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


def _failures(session: Session, column, value, since: datetime) -> list[datetime]:
    return list(session.scalars(select(LoginFailure.failed_at).where(column == value, LoginFailure.failed_at > since)))


def check_not_throttled(session: Session, username: str, address: str | None) -> None:
    now = datetime.now(timezone.utc)
    since = now - WINDOW
    wait = minutes_to_wait(_failures(session, LoginFailure.username, username, since), MAX_FAILURES_PER_ACCOUNT, now)
    if address:
        wait = max(wait, minutes_to_wait(_failures(session, LoginFailure.address, address, since),
                                         MAX_FAILURES_PER_ADDRESS, now))
    if wait:
        raise TooManyAttempts(f"Too many attempts; try again in {wait} minutes.")


def record_failure(session: Session, username: str, address: str | None) -> None:
    session.add(LoginFailure(username=username[:100], address=(address or None) and address[:64]))
    # Old rows are no use; removing them here keeps the table small without a scheduler.
    session.execute(delete(LoginFailure).where(LoginFailure.failed_at < func.now() - WINDOW))


def clear_failures(session: Session, username: str) -> None:
    session.execute(delete(LoginFailure).where(LoginFailure.username == username))
