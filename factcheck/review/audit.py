"""The audit trail: who did what to which row. Append-only, like the verdicts; functions only
``flush()``."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from factcheck.db.models import AuditEvent


def audit(
    session: Session,
    action: str,
    entity_type: str,
    entity_id: int | None,
    data: dict[str, Any],
    *,
    actor: str = "system",
    user_id: int | None = None,
) -> AuditEvent:
    """Record who (``actor``: a user's name, or the command that acted) did ``action`` to which
    row. Every write of the review, the editors' tools and the accounts goes through here."""
    event = AuditEvent(
        actor=actor,
        user_id=user_id,
        action=action,
        entity_type=entity_type,
        entity_id=entity_id,
        data=data,
    )
    session.add(event)
    return event
