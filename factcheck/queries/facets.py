"""Facets: for a filtered set of claims, the values of a property with their counts (as Datasette).

Where the database maintains counts (SQLite, ``factcheck/db/counts.py``), a facet of all live
claims by status, normalized rating, hedging, article or source kind is read from them, and by
speaker kind or publisher is summed from the counts per speaker or article; any facet but the
first kind is kept in a cache that the next write to claims, citations, articles, speakers or
sources invalidates (the maintained generation number changes). A facet of filtered claims is
counted from the tables (through the indexes) on a cache miss.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Integer, Select, cast, func, select
from sqlalchemy.orm import Session

from factcheck.db.counts import maintained
from factcheck.db.models import Article, Citation, Claim, ClaimCount, Source, Speaker
from factcheck.errors import InputError
from factcheck.queries.counts import generation, kept_counts
from factcheck.queries.filters import ClaimFilters, dialect_of, filtered

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
KEPT = (
    "status",
    "normalized",
    "hedged",
    "source_kind",
)  # maintained counts, as they are (a few values each; "article" has one count per article, so its
# 30 largest are read once per generation and cached, below)
JOINED: dict[str, tuple[str, Any, Any]] = {  # from the counts per speaker or article, joined
    "speaker_kind": ("speaker", Speaker, Speaker.kind),
    "publisher": ("article", Article, Article.publisher),
}
CACHE_SIZE = 256  # facet results kept per process (all dropped when the database changes)
_cache: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
_cache_generation: dict[str, int] = {}
_cache_lock = threading.Lock()


def claim_facets(
    session: Session, filters: ClaimFilters | None, names: Sequence[str]
) -> dict[str, list[dict[str, Any]]]:
    """For each facet name, the values among the filtered claims with their counts, largest first."""
    filters = filters or ClaimFilters()
    unknown = [n for n in names if n not in CLAIM_FACETS]
    if unknown:
        raise InputError(f"unknown facet {unknown[0]!r}; allowed: {', '.join(CLAIM_FACETS)}")
    if not maintained(dialect_of(session)):
        return {name: _counted(session, name, filters) for name in dict.fromkeys(names)}
    database = str(session.get_bind().engine.url)
    current = generation(session)
    out = {}
    everything = filters == ClaimFilters()
    for name in dict.fromkeys(names):
        if everything and name in KEPT:
            rows = [{"value": v, "count": n} for v, n in kept_counts(session, name, FACET_LIMIT)]
            out[name] = _labelled(session, name, rows)
            continue
        key = (database, name, repr(filters))
        with _cache_lock:
            if _cache_generation.get(database) != current:
                _cache_generation[database] = current
                for stale in [k for k in _cache if k[0] == database]:
                    del _cache[stale]
            hit = _cache.get(key)
        if hit is None:
            if everything and name == "article":  # 30 of many counts: worth keeping
                kept = kept_counts(session, name, FACET_LIMIT)
                hit = _labelled(session, name, [{"value": v, "count": n} for v, n in kept])
            elif everything and name in JOINED:
                hit = _joined(session, name)
            else:
                hit = _counted(session, name, filters)
            with _cache_lock:
                if _cache_generation.get(database) == current:
                    if len(_cache) >= CACHE_SIZE:
                        _cache.clear()
                    _cache[key] = hit
        out[name] = [dict(row) for row in hit]
    return out


def _joined(session: Session, name: str) -> list[dict[str, Any]]:
    """A facet of all live claims by a property of their speaker or article, from the maintained
    counts per speaker or article."""
    counted, table, value = JOINED[name]
    total = func.sum(ClaimCount.n).label("count")
    stmt = (
        select(value, total)
        .select_from(ClaimCount)
        .outerjoin(table, table.id == cast(ClaimCount.value, Integer))
        .where(ClaimCount.name == counted, ClaimCount.n > 0)
        .group_by(value)
        .order_by(total.desc(), value)
        .limit(FACET_LIMIT)
    )
    return [{"value": v, "count": n} for v, n in session.execute(stmt)]


def _counted(session: Session, name: str, filters: ClaimFilters) -> list[dict[str, Any]]:
    """The facet counted from the tables."""
    stmt = _facet_query(name, filters, dialect_of(session))
    value_column, count_column = stmt.selected_columns
    stmt = stmt.order_by(count_column.desc(), value_column).limit(FACET_LIMIT)
    rows = [{"value": value, "count": n} for value, n in session.execute(stmt)]
    return _labelled(session, name, rows)


def _facet_query(name: str, filters: ClaimFilters, dialect: str) -> Select:
    """SELECT value, count over the filtered live claims.

    The filtered claims are collected once (a MATERIALIZED common table expression), so that
    SQLite reads them through the filter's index instead of walking a grouping index of every
    claim and testing the filter on each (seconds at a million claims).
    """
    if not maintained(dialect):
        return _derived_facet_query(name, filters, dialect)
    wanted = filtered(
        select(Claim.id, Claim.status, Claim.hedged, Claim.rating_normalized, Claim.article_id,
               Claim.speaker_id),
        filters,
        dialect,
    )  # fmt: skip
    claims = wanted.cte("facet_claims").prefix_with("MATERIALIZED")
    count = func.count().label("count")  # count(*): no NULL test per row
    if name in ("status", "hedged", "normalized", "article"):
        column = claims.c[
            {"normalized": "rating_normalized", "article": "article_id"}.get(name, name)
        ]
        return select(column, count).group_by(column)
    if name in ("speaker_kind", "publisher"):
        key, table, value = (
            (claims.c.speaker_id, Speaker, Speaker.kind)
            if name == "speaker_kind"
            else (claims.c.article_id, Article, Article.publisher)
        )
        stmt = select(value, count).select_from(claims)
        return stmt.outerjoin(table, table.id == key).group_by(value)
    counted = func.count(func.distinct(claims.c.id)).label("count")
    stmt = select(Source.kind, counted).select_from(claims)
    stmt = stmt.join(Citation, Citation.claim_id == claims.c.id)
    return stmt.join(Source, Source.id == Citation.source_id).group_by(Source.kind)


def _derived_facet_query(name: str, filters: ClaimFilters, dialect: str) -> Select:
    """``_facet_query`` where the database keeps no counts (counted from the claims)."""
    count = func.count().label("count")
    if name in ("status", "hedged", "article"):
        column = Claim.article_id if name == "article" else getattr(Claim, name)
        return filtered(select(column, count).group_by(column), filters, dialect)
    if name in ("speaker_kind", "publisher"):
        key, table, value = (
            (Claim.speaker_id, Speaker, Speaker.kind)
            if name == "speaker_kind"
            else (Claim.article_id, Article, Article.publisher)
        )
        stmt = select(value, count).select_from(Claim).outerjoin(table, table.id == key)
        return filtered(stmt.group_by(value), filters, dialect)
    if name == "source_kind":
        counted = func.count(func.distinct(Claim.id)).label("count")
        stmt = select(Source.kind, counted).select_from(Claim)
        stmt = stmt.join(Citation, Citation.claim_id == Claim.id)
        stmt = stmt.join(Source, Source.id == Citation.source_id).group_by(Source.kind)
        return filtered(stmt, filters, dialect)
    rated = select(Claim.rating_normalized, count).select_from(Claim)
    return filtered(rated.group_by(Claim.rating_normalized), filters, dialect)


def _labelled(session: Session, name: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The article facet's rows with each article's slug as ``label``."""
    if name == "article":
        slugs = dict(
            session.execute(
                select(Article.id, Article.slug).where(Article.id.in_([r["value"] for r in rows]))
            ).all()
        )
        for row in rows:
            row["label"] = slugs.get(row["value"])
    return rows
