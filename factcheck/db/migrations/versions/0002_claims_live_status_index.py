"""index claims by (status, orphaned, rejected, id)

Lists and facets always filter out orphaned and rejected claims. With this index a status facet is
a scan of the index alone, and a status-filtered page reads only the rows it returns, in id order.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.create_index(
            "ix_claims_live_status", ["status", "orphaned", "rejected", "id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.drop_index("ix_claims_live_status")
