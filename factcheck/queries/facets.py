"""Facets: for a filtered set of claims, the values of a property with their counts (as Datasette)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from factcheck.db.models import Article, Citation, Claim, Source, Speaker, Verdict
from factcheck.errors import InputError
from factcheck.queries.filters import ClaimFilters, dialect_of, filtered, latest_verdicts

FACET_LIMIT = 30  # values shown per facet, most frequent first (as Datasette)
CLAIM_FACETS = (
    "status",
    "normalized",
    "speaker_kind",
    "source_kind",
    "publisher",
    "article",
    "hedged",
)


def claim_facets(
    session: Session, filters: ClaimFilters | None, names: Sequence[str]
) -> dict[str, list[dict[str, Any]]]:
    """For each facet name, the values among the filtered claims with their counts, largest first."""
    filters = filters or ClaimFilters()
    unknown = [n for n in names if n not in CLAIM_FACETS]
    if unknown:
        raise InputError(f"unknown facet {unknown[0]!r}; allowed: {', '.join(CLAIM_FACETS)}")
    out = {}
    for name in dict.fromkeys(names):
        stmt = filtered(_facet_query(name), filters, dialect_of(session))
        out[name] = _facet_values(session, name, stmt)
    return out


def _facet_query(name: str) -> Select:
    count = func.count().label("count")  # count(*): no NULL test per row
    if name in ("status", "hedged"):
        column = getattr(Claim, name)
        return select(column, count).group_by(column)
    if name == "speaker_kind":
        stmt = select(Speaker.kind, count).select_from(Claim)
        return stmt.outerjoin(Speaker, Speaker.id == Claim.speaker_id).group_by(Speaker.kind)
    if name == "source_kind":
        counted = func.count(func.distinct(Claim.id)).label("count")
        stmt = select(Source.kind, counted).select_from(Claim)
        stmt = stmt.join(Citation, Citation.claim_id == Claim.id)
        return stmt.join(Source, Source.id == Citation.source_id).group_by(Source.kind)
    if name == "normalized":
        latest = latest_verdicts()
        stmt = select(Verdict.normalized, count).select_from(Claim)
        stmt = stmt.outerjoin(latest, latest.c.claim_id == Claim.id)
        return stmt.outerjoin(Verdict, Verdict.id == latest.c.verdict_id).group_by(
            Verdict.normalized
        )
    if name == "article":
        return select(Claim.article_id, count).group_by(Claim.article_id)
    return (
        select(Article.publisher, count)
        .select_from(Claim)
        .join(Article, Article.id == Claim.article_id)
        .group_by(Article.publisher)
    )


def _facet_values(session: Session, name: str, stmt: Select) -> list[dict[str, Any]]:
    value_column, count_column = stmt.selected_columns
    stmt = stmt.order_by(count_column.desc(), value_column).limit(FACET_LIMIT)
    rows = [{"value": value, "count": n} for value, n in session.execute(stmt)]
    if name == "article":
        slugs = dict(
            session.execute(
                select(Article.id, Article.slug).where(Article.id.in_([r["value"] for r in rows]))
            ).all()
        )
        for row in rows:
            row["label"] = slugs.get(row["value"])
    return rows
