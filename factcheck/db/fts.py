"""SQLite-only full-text search over claim text (FTS5). The one module with SQLite-specific SQL.

On other databases full-text search falls back to a portable ``LIKE`` filter (see ``search_claims``).
The FTS table is an external-content index kept in step with ``claims`` by triggers.
"""

from __future__ import annotations

import re

from sqlalchemy import ColumnElement, Connection, Select, literal_column, text

from factcheck.db.models import Claim

FTS_DDL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS claims_fts USING fts5("
    "text, content='claims', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS claims_fts_ai AFTER INSERT ON claims BEGIN "
    "INSERT INTO claims_fts(rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER IF NOT EXISTS claims_fts_ad AFTER DELETE ON claims BEGIN "
    "INSERT INTO claims_fts(claims_fts, rowid, text) VALUES ('delete', old.id, old.text); END",
    "CREATE TRIGGER IF NOT EXISTS claims_fts_au AFTER UPDATE OF text ON claims BEGIN "
    "INSERT INTO claims_fts(claims_fts, rowid, text) VALUES ('delete', old.id, old.text); "
    "INSERT INTO claims_fts(rowid, text) VALUES (new.id, new.text); END",
)
FTS_DROP = (
    "DROP TRIGGER IF EXISTS claims_fts_au",
    "DROP TRIGGER IF EXISTS claims_fts_ad",
    "DROP TRIGGER IF EXISTS claims_fts_ai",
    "DROP TABLE IF EXISTS claims_fts",
)
FTS_TABLES = {"claims_fts"}  # and its shadow tables claims_fts_*; not models


def create_fts(conn: Connection) -> None:
    if conn.dialect.name != "sqlite":
        return
    for statement in FTS_DDL:
        conn.execute(text(statement))


def drop_fts(conn: Connection) -> None:
    if conn.dialect.name != "sqlite":
        return
    for statement in FTS_DROP:
        conn.execute(text(statement))


def fts_query(user_query: str) -> str:
    """Turn free text into a safe FTS5 query: every word a quoted prefix term, all required."""
    words = re.findall(r"\w+", user_query)
    return " ".join(f'"{w}"*' for w in words[:32])


def match_claims(stmt: Select, user_query: str, dialect: str) -> Select:
    """Restrict a claims query to claims whose text matches ``user_query``."""
    query = fts_query(user_query)
    if not query:
        return stmt
    if dialect == "sqlite":
        matching = text("SELECT rowid FROM claims_fts WHERE claims_fts MATCH :q").bindparams(
            q=query
        )
        condition: ColumnElement[bool] = Claim.id.in_(matching.columns(literal_column("rowid")))
        return stmt.where(condition)
    for word in re.findall(r"\w+", user_query)[:32]:
        stmt = stmt.where(Claim.text.ilike(f"%{word}%"))
    return stmt
