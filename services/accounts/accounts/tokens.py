"""Single-use links sent by email (invites, password resets): random, stored as a digest,
expiring, and spent on first use."""
import hashlib
import secrets
from datetime import datetime, timedelta, timezone

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, joinedload

from accounts.exceptions import InvalidToken
from accounts.models import PortalUser, UserToken

LIFETIMES = {"invite": timedelta(days=7), "reset": timedelta(hours=1)}


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(session: Session, user: PortalUser, purpose: str) -> str:
    """A new link for `user`; earlier unused links of the same purpose stop working."""
    session.execute(update(UserToken)
                    .where(UserToken.user_id == user.id, UserToken.purpose == purpose, UserToken.used_at.is_(None))
                    .values(used_at=func.now()))
    token = secrets.token_urlsafe(32)
    session.add(UserToken(user_id=user.id, purpose=purpose, token_digest=_digest(token),
                          expires_at=datetime.now(timezone.utc) + LIFETIMES[purpose]))
    session.flush()
    return token


def valid_token(session: Session, purpose: str, token: str, lock: bool = False) -> UserToken:
    query = (select(UserToken).options(joinedload(UserToken.user).joinedload(PortalUser.customer))
             .where(UserToken.token_digest == _digest(token or ""), UserToken.purpose == purpose))
    if lock:
        query = query.with_for_update(of=UserToken)
    found = session.scalar(query)
    if (found is None or found.used_at is not None or found.expires_at <= datetime.now(timezone.utc)
            or not found.user.is_active):
        raise InvalidToken("This link is not valid: it has expired or has been used. Ask for a new one.")
    return found


def spend_token(session: Session, purpose: str, token: str) -> PortalUser:
    """The user the link is for; the link cannot be used again (row lock: two clicks, one use)."""
    found = valid_token(session, purpose, token, lock=True)
    found.used_at = func.now()
    return found.user
