"""index live claims by (status, checkworthiness, id): the review queue's default order

The queue shows the most check-worthy claim of a status first (issue 15). Without this index SQLite
reads every claim of the status through ``ix_claims_live`` and sorts them (18 ms at 100,000
claims); with it, it walks the index from the top score down (benchmarks/pages.py). A plain
CREATE INDEX, not a batch copy, so that the triggers of 0004 on ``claims`` stay in place.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

LIVE_SQLITE = "orphaned IS 0 AND rejected IS 0"
LIVE_POSTGRESQL = "orphaned IS false AND rejected IS false"


def upgrade() -> None:
    op.create_index(
        "ix_claims_live_queue",
        "claims",
        ["status", "checkworthiness", "id"],
        unique=False,
        sqlite_where=sa.text(LIVE_SQLITE),
        postgresql_where=sa.text(LIVE_POSTGRESQL),
    )
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ANALYZE claims")


def downgrade() -> None:
    op.drop_index("ix_claims_live_queue", table_name="claims")
