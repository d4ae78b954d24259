"""The figures the database maintains (``factcheck/db/counts.py``), read back with their types."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Integer, cast, select
from sqlalchemy.orm import Session

from factcheck.db.models import ClaimCount


def _typed(name: str, value: str) -> Any:
    if name == "normalized":
        return value or None  # "" holds the claims without a rating
    if name in ("hedged", "cited"):
        return value == "1"
    if name == "article":
        return int(value)
    return value


def kept_counts(session: Session, name: str, limit: int | None = None) -> list[tuple[Any, int]]:
    """(value, count) of a maintained figure, largest count first, then by value; zeros left out."""
    order = cast(ClaimCount.value, Integer) if name == "article" else ClaimCount.value
    stmt = (
        select(ClaimCount.value, ClaimCount.n)
        .where(ClaimCount.name == name, ClaimCount.n > 0)
        .order_by(ClaimCount.n.desc(), order)
        .limit(limit)
    )
    rows = [(_typed(name, value), n) for value, n in session.execute(stmt)]
    if name == "normalized":  # NULL sorts first among equal counts, as in SQL
        rows.sort(key=lambda row: (-row[1], row[0] is not None, row[0] or ""))
    return rows


def generation(session: Session) -> int:
    """A number that changes with every write to claims, citations, articles, speakers, sources."""
    stmt = select(ClaimCount.n).where(ClaimCount.name == "generation", ClaimCount.value == "")
    return session.scalar(stmt) or 0
