"""maintained figures: latest verdict and citation flag on the claim, counts, live indexes

Each claim keeps its latest standing verdict's rating (label, value, normalized, lower-cased label)
and whether it cites a source, kept by triggers in the writing transaction; ``claim_counts`` holds
live claims per status, normalized rating, hedging, citation and article, rows per table and a
generation number (see ``factcheck/db/counts.py``). Partial indexes of live claims serve every
filter and sort of the claim lists. Measured in benchmarks/api.py.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from factcheck.db.counts import create_counts, drop_counts

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

LIVE_SQLITE = "orphaned IS 0 AND rejected IS 0"
LIVE_POSTGRESQL = "orphaned IS false AND rejected IS false"
LIVE_INDEXES = {  # as factcheck.db.models.LIVE_INDEXES at this revision
    "checkworthiness": ("checkworthiness",),
    "normalized": ("rating_normalized",),
    "rating": ("rating_key",),
    "hedged": ("hedged",),
    "cited": ("cited",),
    "speaker": ("speaker_id",),
}


def upgrade() -> None:
    op.create_table(
        "claim_counts",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("value", sa.String(length=300), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("name", "value"),
    )
    op.create_index("ix_claim_counts_name_n", "claim_counts", ["name", "n"], unique=False)
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.add_column(sa.Column("rating_label", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("rating_value", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("rating_normalized", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("rating_key", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("cited", sa.Boolean(), nullable=False, server_default="0"))
    # fill the columns and counts before the indexes and triggers exist (one pass each)
    create_counts(op.get_bind())
    with op.batch_alter_table("claims", schema=None) as batch_op:
        for name, columns in LIVE_INDEXES.items():
            batch_op.create_index(
                f"ix_claims_live_{name}",
                [*columns, "id"],
                unique=False,
                sqlite_where=sa.text(LIVE_SQLITE),
                postgresql_where=sa.text(LIVE_POSTGRESQL),
            )
    if op.get_bind().dialect.name == "sqlite":
        # statistics for the new indexes: without them SQLite may read a facet of filtered claims
        # through the grouping index (every claim) instead of the filter's (seconds at 1M claims)
        op.execute("ANALYZE")


def downgrade() -> None:
    drop_counts(op.get_bind())
    with op.batch_alter_table("claims", schema=None) as batch_op:
        for name in reversed(LIVE_INDEXES):
            batch_op.drop_index(f"ix_claims_live_{name}")
        for column in ("cited", "rating_key", "rating_normalized", "rating_value", "rating_label"):
            batch_op.drop_column(column)
    op.drop_index("ix_claim_counts_name_n", table_name="claim_counts")
    op.drop_table("claim_counts")
