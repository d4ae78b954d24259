"""A page of claims rendered as JSON by SQLite itself (JSON1), for the busiest endpoint.

``list_claims`` builds each row in Python; here SQLite's ``json_object`` builds the same document
per row, so a page needs one query and no per-row Python work. The rows are identical to
``list_claims``' rows (a test compares them), except that SQLite writes a float with at most 15
significant digits (checkworthiness is stored with 3 decimals). Other databases fall back to
``list_claims`` and ``json.dumps``.
"""

from __future__ import annotations

import functools
import json
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    String,
    case,
    exists,
    func,
    literal_column,
    select,
    type_coerce,
)
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import Session, aliased

from factcheck.db.models import Article, Citation, Claim, Source, Speaker
from factcheck.queries.claims import list_claims, page_rows, with_claim_joins
from factcheck.queries.filters import ClaimFilters, dialect_of
from factcheck.queries.keyset import DEFAULT_PAGE_SIZE


def list_claims_json(
    session: Session,
    filters: ClaimFilters | None = None,
    *,
    sort: str = "id",
    cursor: str | None = None,
    size: int = DEFAULT_PAGE_SIZE,
) -> tuple[list[str], str | None]:
    """The rows of ``list_claims`` as JSON texts, and the next cursor."""
    if dialect_of(session) != "sqlite":
        page = list_claims(session, filters, sort=sort, cursor=cursor, size=size)
        return [json.dumps(row, ensure_ascii=False) for row in page.rows], page.next
    rows, next_cursor = page_rows(session, json_select(), filters, sort, cursor, size)
    return [row["row_json"] for row in rows], next_cursor


def _bool(column: Any) -> ColumnElement[Any]:
    return func.json(case((column.is_(True), "true"), else_="false"))


def _nullable_object(condition: ColumnElement[bool], *pairs: Any) -> ColumnElement[Any]:
    # json() around CASE: a JSON value keeps its type only when it comes straight from a function
    return func.json(case((condition, func.json_object(*pairs)), else_=None))


def _iso(column: Any) -> ColumnElement[Any]:
    """Stored "YYYY-MM-DD HH:MM:SS.ffffff" as Python's isoformat() writes it."""
    text = type_coerce(column, String)
    return case(
        (func.substr(text, 20) == ".000000", func.replace(func.substr(text, 1, 19), " ", "T")),
        else_=func.replace(text, " ", "T"),
    )


def _sources() -> ColumnElement[Any]:
    """The claim's cited sources in citation order, each once (as ``cited_sources``)."""
    citation = aliased(Citation, name="row_citations")
    earlier = aliased(Citation, name="row_earlier_citations")
    source = aliased(Source, name="row_sources")
    repeated = exists().where(
        earlier.claim_id == citation.claim_id,
        earlier.source_id == citation.source_id,
        earlier.id < citation.id,
    )
    entry = func.json_object("id", source.id, "key", source.key, "kind", source.kind,
                             "title", source.title)  # fmt: skip
    listed = (
        select(func.json_group_array(entry))
        .select_from(citation)
        .join(source, source.id == citation.source_id)
        # claims.id as text: this expression is compiled on its own (see json_select)
        .where(citation.claim_id == literal_column("claims.id"), ~repeated)
        .scalar_subquery()
    )
    return func.json(listed)


@functools.cache
def json_select() -> Select:
    """``claim_select()``'s FROM and joins, selecting each row as one JSON text and its id (SQLite
    only: it reads the rating the database keeps on the claim)."""
    document = func.json_object(
        "id", Claim.id, "uid", Claim.uid, "text", Claim.text, "start", Claim.start,
        "end", Claim.end, "kind", Claim.kind, "status", Claim.status,
        "checkworthiness", Claim.checkworthiness, "hedged", _bool(Claim.hedged),
        "hedges", func.json(func.coalesce(type_coerce(Claim.hedges, String), "[]")),
        "speaker", _nullable_object(
            Claim.speaker_id.is_not(None) | Claim.speaker_text.is_not(None),
            "id", Claim.speaker_id, "name", Speaker.name, "kind", Speaker.kind,
            "text", Claim.speaker_text, "start", Claim.speaker_start, "end", Claim.speaker_end,
        ),
        "cue", _nullable_object(
            Claim.cue_text.is_not(None),
            "text", Claim.cue_text, "start", Claim.cue_start, "end", Claim.cue_end,
        ),
        "article", func.json_object(
            "id", Claim.article_id, "slug", Article.slug, "title", Article.title,
            "publisher", Article.publisher, "published", Article.published, "url", Article.url,
        ),
        "rating", _nullable_object(
            Claim.rating_label.is_not(None),
            "label", Claim.rating_label, "value", Claim.rating_value,
            "normalized", Claim.rating_normalized,
        ),
        "sources", _sources(),
        "orphaned", _bool(Claim.orphaned), "rejected", _bool(Claim.rejected),
        "corrected", _bool(Claim.corrected), "updated_at", _iso(Claim.updated_at),
    )  # fmt: skip
    # Compiled once to SQL text: SQLAlchemy would otherwise walk this large expression on every
    # request to make its cache key (a fifth of a millisecond); it only names tables of the joins.
    sql = document.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True})
    return with_claim_joins(select(literal_column(str(sql)).label("row_json"), Claim.id))
