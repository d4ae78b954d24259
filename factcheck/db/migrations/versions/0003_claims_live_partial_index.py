"""index only live claims: partial index replaces ix_claims_live_status

Lists and facets always filter out orphaned and rejected claims (``orphaned IS 0 AND rejected IS 0``).
A partial index holding only live claims, with those columns included so it covers the query, lets
SQLite count a status facet from the index alone without testing each entry, and serve a
status-filtered page in id order. Measured in benchmarks/api.py.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

LIVE_SQLITE = "orphaned IS 0 AND rejected IS 0"
LIVE_POSTGRESQL = "orphaned IS false AND rejected IS false"


def upgrade() -> None:
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.drop_index("ix_claims_live_status")
        batch_op.create_index(
            "ix_claims_live",
            ["status", "orphaned", "rejected", "id"],
            unique=False,
            sqlite_where=sa.text(LIVE_SQLITE),
            postgresql_where=sa.text(LIVE_POSTGRESQL),
        )


def downgrade() -> None:
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.drop_index("ix_claims_live")
        batch_op.create_index(
            "ix_claims_live_status", ["status", "orphaned", "rejected", "id"], unique=False
        )
