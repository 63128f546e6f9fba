"""Server-side staff sessions.

The cookie carries only a random token; the row it names holds when the session began and
when it was last used. 45 CFR 164.312(a)(2)(iii) automatic log-off: a session ends after
STAFF_IDLE_MINUTES without a request and STAFF_SESSION_MAX_HOURS after sign-in, and ends at
once on sign-out, on a password change or when the account is deactivated or expires,
whatever the browser still holds.
"""

import hashlib
import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from records_app import audit
from records_app.extensions import db
from records_app.models import StaffSession, StaffUser, utcnow

# Writing last_seen_at on every request would turn each page view into a write; this much
# slack in a 15-minute limit does not matter.
TOUCH_INTERVAL = timedelta(seconds=20)


class SessionEnded(Exception):
    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def account_refusal(user: StaffUser, now: datetime) -> str | None:
    """Why this account may not be signed in at all now, or None. A break-glass account
    (45 CFR 164.312(a)(2)(ii) emergency access) stops working at its expiry time."""
    if not user.active:
        return "deactivated"
    if user.expires_at is not None and user.expires_at <= now:
        return "account_expired"
    return None


def begin(user: StaffUser) -> str:
    token = secrets.token_urlsafe(32)
    now = utcnow()
    db.session.add(
        StaffSession(token_hash=_hash(token), user_id=user.id, created_at=now, last_seen_at=now)
    )
    return token


def resume(token: str | None, user_id: int, *, ip_address: str | None = None) -> StaffUser:
    """The signed-in user for this token, or SessionEnded with the reason it is not valid.
    A session ended here by a limit is ended with its audit row (45 CFR 164.312(b)), and a
    live one is marked as seen now and then; the caller commits either."""
    if not token:
        raise SessionEnded("missing")
    row = db.session.get(StaffSession, _hash(token))
    if row is None or row.user_id != user_id or row.ended_at is not None:
        raise SessionEnded(row.end_reason if row and row.end_reason else "missing")
    now = utcnow()
    if reason := account_refusal(row.user, now):
        _expire(row, reason, ip_address)
    idle_limit = timedelta(minutes=current_app.config["STAFF_IDLE_MINUTES"])
    absolute_limit = timedelta(hours=current_app.config["STAFF_SESSION_MAX_HOURS"])
    if now - row.created_at > absolute_limit:
        _expire(row, "expired", ip_address)
    if now - row.last_seen_at > idle_limit:
        _expire(row, "idle", ip_address)
    if now - row.last_seen_at > TOUCH_INTERVAL:
        row.last_seen_at = now
    return row.user


def end(token: str | None, reason: str) -> None:
    if token and (row := db.session.get(StaffSession, _hash(token))) and row.ended_at is None:
        _end(row, reason)


def end_all_for(user: StaffUser, reason: str) -> None:
    """Sign a user out everywhere, as deactivation and a password change must."""
    db.session.execute(
        sa.update(StaffSession)
        .where(StaffSession.user_id == user.id, StaffSession.ended_at.is_(None))
        .values(ended_at=utcnow(), end_reason=reason)
    )


def _end(row: StaffSession, reason: str) -> None:
    row.ended_at = utcnow()
    row.end_reason = reason


def _expire(row: StaffSession, reason: str, ip_address: str | None):
    """Ends a session found stale while loading the user."""
    _end(row, reason)
    audit.record(
        "auth.session_ended", actor=row.user, details={"reason": reason}, ip_address=ip_address
    )
    raise SessionEnded(reason)
