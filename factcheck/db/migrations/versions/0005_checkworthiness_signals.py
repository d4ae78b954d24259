"""claims.checkworthiness_signals: the hand signals that explain a claim's check-worthiness

A JSON list of names (number, date, named_entity, event, causal, comparative) written at extraction
(issue 15). Added with ALTER TABLE ... ADD COLUMN, not a batch copy, so that the triggers of 0004 on
``claims`` stay in place.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "claims",
        sa.Column("checkworthiness_signals", sa.JSON(), nullable=False, server_default="[]"),
    )


def downgrade() -> None:
    # ALTER TABLE ... DROP COLUMN (SQLite 3.35+), not a batch copy: renaming a copy of claims into
    # place fails on SQLite while the triggers of 0004 name the table
    op.drop_column("claims", "checkworthiness_signals")
