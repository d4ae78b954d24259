"""verdicts keep their reviewer's role and what they retract; the claim's status and decided rating
derived by the status rule

A verdict records the role its reviewer held (an editor's verdict decides), so the status rule needs
the verdicts alone and gives the same answer after an export and import into a database without the
users; a retraction names the verdict it withdraws by its stable key. The claim's rating columns
hold the decided rating (NULL unless decided), written with the status by
``factcheck.review.verdicts.apply_review``; the triggers no longer set them.

Existing rows: the role is the user's current role (``reviewer`` when the user is gone); each older
retraction gets the key of the verdict it withdrew (its reviewer's latest live one); every claim's
status and rating are derived again.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from alembic import op

from factcheck.db.counts import create_counts, drop_counts

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

OLD_TRIGGERS = ("verdicts_rating_ai", "verdicts_rating_ad", "verdicts_rating_au")


def upgrade() -> None:
    # ALTER TABLE ... ADD COLUMN (not a batch copy): the other triggers on verdicts stay
    op.add_column(
        "verdicts",
        sa.Column("role", sa.String(length=16), nullable=False, server_default="reviewer"),
    )
    op.add_column("verdicts", sa.Column("retracts", sa.String(length=12), nullable=True))
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for name in OLD_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        drop_counts(bind)
    op.execute(
        "UPDATE verdicts SET role = (SELECT users.role FROM users WHERE users.id = verdicts.user_id) "
        "WHERE user_id IS NOT NULL AND EXISTS (SELECT 1 FROM users WHERE users.id = verdicts.user_id)"
    )
    _derive_all(bind)
    create_counts(bind)  # recounts from the derived columns, then the triggers come back


def _derive_all(bind: sa.Connection) -> None:
    """Name each older retraction's target and derive every reviewed claim's status again (in
    plain SQL on the columns of this revision, so later models do not matter)."""
    from factcheck.review.status import RETRACTED, VerdictFacts, derive, live, verdict_key

    rows = bind.execute(
        sa.text(
            "SELECT id, claim_id, reviewer, role, rating_label, rating_value, normalized, "
            "created_at FROM verdicts ORDER BY claim_id, id"
        )
    ).all()
    by_claim: dict[int, list[tuple[int, VerdictFacts]]] = {}
    for vid, claim_id, reviewer, role, label, value, normalized, created in rows:
        # SQLite hands back text ("2026-01-28 14:20:00.000000"); keys use the isoformat
        when = (
            created if isinstance(created, datetime) else datetime.fromisoformat(created)
        ).isoformat()
        history = by_claim.setdefault(claim_id, [])
        retracts = None
        if label == RETRACTED:
            own = [f for f in live([f for _, f in history])[0] if f.reviewer == reviewer]
            retracts = own[-1].key if own else None
            bind.execute(
                sa.text("UPDATE verdicts SET retracts = :r WHERE id = :id"),
                {"r": retracts, "id": vid},
            )
        facts = VerdictFacts(
            verdict_key(reviewer, when, label), reviewer, role, label, value, normalized, retracts
        )
        history.append((vid, facts))
    for claim_id, history in by_claim.items():
        review = derive([f for _, f in history])
        rating = review.decided
        bind.execute(
            sa.text(
                "UPDATE claims SET status = :status, rating_label = :label, rating_value = :value, "
                "rating_normalized = :normalized, rating_key = :key WHERE id = :id"
            ),
            {
                "status": review.status,
                "label": rating.label if rating else None,
                "value": rating.value if rating else None,
                "normalized": rating.normalized if rating else None,
                "key": rating.label.lower() if rating else None,
                "id": claim_id,
            },
        )


def downgrade() -> None:
    with op.batch_alter_table("verdicts", schema=None) as batch_op:
        batch_op.drop_column("retracts")
        batch_op.drop_column("role")
