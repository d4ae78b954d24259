"""The audit trail: who did what to which row. Append-only, like the verdicts; functions only
``flush()``."""

from __future__ import annotations

from sqlalchemy.orm import Session

from factcheck.db.models import AuditEvent, User


def audit(
    session: Session, user: User, action: str, entity_type: str, entity_id: int, data: dict
) -> None:
    """Record who did what to which row (the audit trail is append-only too)."""
    session.add(
        AuditEvent(
            user_id=user.id,
            actor=user.name,
            action=action,
            entity_type=entity_type,
            entity_id=entity_id,
            data=data,
        )
    )
