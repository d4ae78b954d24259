"""PostgreSQL full-text search: a generated tsvector column over claim text and its GIN index

On PostgreSQL, ``claims.search_vector`` is computed by the database from the claim text (text search
configuration ``factcheck``: ``simple`` words with accents removed by ``unaccent``) and indexed with
GIN; see ``factcheck/db/fts.py``. SQLite keeps its FTS5 index from migration 0001: nothing changes
there.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

from alembic import op

from factcheck.db.fts import create_pg_search, drop_pg_search

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_pg_search(op.get_bind())


def downgrade() -> None:
    drop_pg_search(op.get_bind())
