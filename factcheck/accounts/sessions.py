"""Logins that end: a logout is recorded, and a session signed before its user's latest logout is
no longer accepted (issue 16, point 5).

Session cookies are signed, not stored, so a copy of one (a shared computer, a stolen cookie) would
otherwise work for its whole 14 days after the reviewer logged out. Each session carries the time it
was started; the logout is an audit event (``logout``) with the time to the microsecond, and
``session_user`` refuses a session started before it: logging out ends every session of that user,
on every device.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.db.models import AuditEvent, User

LOGOUT = "logout"


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def record_logout(session: Session, user_id: int) -> None:
    """End every session ``user_id`` has started until now."""
    user = session.get(User, user_id)
    if user is None:
        return
    event = AuditEvent(
        user_id=user.id,
        actor=user.name,
        action=LOGOUT,
        entity_type="user",
        entity_id=user.id,
        data={},
        created_at=_now(),  # microseconds kept: a login in the same second stays valid
    )
    session.add(event)
    session.flush()


def session_user(session: Session, user_id: int, started: float) -> User | None:
    """The active user of a session started at ``started`` (a Unix time), unless they have logged
    out since."""
    user = session.get(User, user_id)
    if user is None or not user.active:
        return None
    since = datetime.fromtimestamp(started, UTC).replace(tzinfo=None)
    logged_out = session.scalar(
        select(AuditEvent.id)
        .where(
            AuditEvent.action == LOGOUT,
            AuditEvent.user_id == user_id,
            AuditEvent.created_at >= since,
        )
        .limit(1)
    )
    return user if logged_out is None else None
