"""What Alembic compares: everything but the hand-made FTS5 index and its shadow tables."""

from __future__ import annotations

from typing import Any

from factcheck.db.fts import FTS_TABLES


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    if type_ != "table" or not name:
        return True
    return not any(name == fts or name.startswith(f"{fts}_") for fts in FTS_TABLES)
