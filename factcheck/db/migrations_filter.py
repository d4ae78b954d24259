"""What Alembic compares: everything but the hand-made full-text machinery of ``db/fts.py``
(SQLite's FTS5 index and its shadow tables, PostgreSQL's generated tsvector column and its index)."""

from __future__ import annotations

from typing import Any

from factcheck.db.fts import FTS_TABLES, SEARCH_COLUMNS, SEARCH_INDEXES


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    if not name:
        return True
    if type_ == "table":
        return not any(name == fts or name.startswith(f"{fts}_") for fts in FTS_TABLES)
    if type_ == "column":
        return (getattr(obj.table, "name", None), name) not in SEARCH_COLUMNS
    if type_ == "index":
        return name not in SEARCH_INDEXES
    return True
