"""Claims: one page of a filtered, sorted list; every matching claim for exports; one claim in full."""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import Session

from factcheck.db.fts import fts_driven
from factcheck.db.models import Article, AuditEvent, Citation, Claim, Source, Speaker, Verdict
from factcheck.errors import NotFound
from factcheck.queries.filters import (
    ClaimFilters,
    dialect_of,
    filtered,
)
from factcheck.queries.keyset import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    Page,
    Sort,
    SortKey,
    after,
    check_size,
    finish,
    parse_sort,
)
from factcheck.review.verdicts import RETRACTED, consensus, key_of

RELATED_LIMIT = 50
CLAIM_SORTS: dict[str, SortKey] = {
    "id": SortKey(Claim.id, int),
    "checkworthiness": SortKey(Claim.checkworthiness, float),
    "published": SortKey(Article.published, str),
    "status": SortKey(Claim.status, str),
}


# The columns of a claim row: the claim's own, its article's and its speaker's (no article text).
CLAIM_COLUMNS = (
    *(
        getattr(Claim, name)
        for name in (
            "id", "uid", "text", "start", "end", "kind", "status", "checkworthiness", "hedged",
            "hedges", "speaker_id", "speaker_text", "speaker_start", "speaker_end", "cue_text",
            "cue_start", "cue_end", "orphaned", "rejected", "corrected", "updated_at", "article_id",
        )
    ),
    *(
        getattr(Article, name).label(f"article_{name}")
        for name in ("slug", "title", "publisher", "published", "url")
    ),
    Speaker.name.label("speaker_name"),
    Speaker.kind.label("speaker_kind"),
)  # fmt: skip
RATING_COLUMNS = (Claim.rating_label, Claim.rating_value, Claim.rating_normalized)  # decided


@functools.cache
def claim_select(dialect: str = "sqlite") -> Select:
    """SELECT of claim rows (``CLAIM_COLUMNS`` and the decided rating, kept on the claim by
    ``factcheck.review.verdicts.apply_review``) from claims joined to articles and speakers.

    Built once per dialect (statements are immutable; ``.where()`` returns a copy): building costs
    more Python time than SQLite needs to run a page.
    """
    return with_claim_joins(select(*CLAIM_COLUMNS, *RATING_COLUMNS))


def with_claim_joins(stmt: Select) -> Select:
    """``stmt`` selecting from claims joined to article and speaker."""
    return (
        stmt.select_from(Claim)
        .join(Article, Article.id == Claim.article_id)
        .outerjoin(Speaker, Speaker.id == Claim.speaker_id)
    )


def list_claims(
    session: Session,
    filters: ClaimFilters | None = None,
    *,
    sort: str = "id",
    cursor: str | None = None,
    size: int = DEFAULT_PAGE_SIZE,
) -> Page:
    """One page of claims matching ``filters`` in ``sort`` order, starting after ``cursor``."""
    base = claim_select(dialect_of(session))
    rows, next_cursor = page_rows(session, base, filters, sort, cursor, size)
    return Page(claim_rows(session, rows), next_cursor)


def page_rows(
    session: Session,
    base: Select,
    filters: ClaimFilters | None,
    sort: str,
    cursor: str | None,
    size: int,
) -> tuple[list[Any], str | None]:
    """One keyset page of ``base`` (a select over claims, joined as ``with_claim_joins``),
    filtered and sorted; the fetched row mappings, in order, and the next cursor.

    The page's ids come first (filters, order, keyset and limit over the claims and their
    indexes), then ``base`` builds rows for those ids only.
    """
    ids, next_cursor = page_ids(session, filters, sort, cursor, size)
    if not ids:
        return [], next_cursor
    stmt = base.where(Claim.id.in_(bindparam("page_ids", expanding=True)))
    # Core execution: these are plain column rows, and the ORM layer would only add time
    fetched = session.connection().execute(stmt, {"page_ids": ids}).mappings().all()
    by_id = {row["id"]: row for row in fetched}
    return [by_id[i] for i in ids if i in by_id], next_cursor


def page_ids(
    session: Session,
    filters: ClaimFilters | None,
    sort: str,
    cursor: str | None,
    size: int,
) -> tuple[list[int], str | None]:
    """The ids of one keyset page of claims matching ``filters`` in ``sort`` order, and the
    cursor of the next page."""
    filters = filters or ClaimFilters()
    order = parse_sort(sort, CLAIM_SORTS)
    check_size(size)
    base = select(Claim.id, order.key.column.label("sort_key"))
    if order.key.column is Article.published:
        base = base.join(Article, Article.id == Claim.article_id)
    stmt, id_column = _filtered_page(base, filters, order, dialect_of(session))
    if order.key.column is Claim.id:
        order = Sort(order.name, SortKey(id_column, int), order.descending)
    stmt = after(stmt, order, id_column, cursor)
    fetched = session.connection().execute(stmt.limit(size + 1)).all()
    rows, next_cursor = finish(fetched, size, order, lambda r: (r[1], r[0]))
    return [row[0] for row in rows], next_cursor


def _filtered_page(
    base: Select, filters: ClaimFilters, order: Sort, dialect: str
) -> tuple[Select, Any]:
    """The filtered claims and the id column to page by: the FTS index's rowid when the
    full-text index can drive an id-ordered page, else ``Claim.id``."""
    stmt = filtered(base, filters, dialect, full_text=False)
    driven = fts_driven(stmt, filters.q, dialect) if order.key.column is Claim.id else None
    if driven is not None:
        return driven
    return filtered(base, filters, dialect), Claim.id


def iter_claims(
    session: Session, filters: ClaimFilters | None = None, *, chunk: int = MAX_PAGE_SIZE
) -> Iterator[dict[str, Any]]:
    """Every claim matching ``filters``, in id order, fetched ``chunk`` rows at a time.

    Memory stays bounded by one chunk, whatever the number of claims (exports stream this).
    """
    cursor: str | None = None
    while True:
        page = list_claims(session, filters, sort="id", cursor=cursor, size=chunk)
        yield from page.rows
        if page.next is None:
            return
        cursor = page.next


def claim_rows(session: Session, rows: Sequence[Any]) -> list[dict[str, Any]]:
    """Rows of ``claim_select()`` as JSON-safe dicts, with their cited sources."""
    sources = cited_sources(session, [row["id"] for row in rows])
    return [row_summary(row, _rating(row), sources.get(row["id"], [])) for row in rows]


def _rating(row: Any) -> dict[str, Any] | None:
    if row["rating_label"] is None:
        return None
    return {
        "label": row["rating_label"],
        "value": row["rating_value"],
        "normalized": row["rating_normalized"],
    }


def rating_of(verdict: Verdict) -> dict[str, Any]:
    return {
        "label": verdict.rating_label,
        "value": verdict.rating_value,
        "normalized": verdict.normalized,
    }


def cited_sources(session: Session, claim_ids: Sequence[int]) -> dict[int, list[dict[str, Any]]]:
    """The sources each of ``claim_ids`` cites (id, key, kind, title), in citation order."""
    if not claim_ids:
        return {}
    out: dict[int, list[dict[str, Any]]] = {}
    for claim_id, source_id, key, kind, title in session.connection().execute(
        _cited_sources_statement(), {"ids": list(claim_ids)}
    ):
        entry = {"id": source_id, "key": key, "kind": kind, "title": title}
        if entry not in out.setdefault(claim_id, []):
            out[claim_id].append(entry)
    return out


@functools.cache
def _cited_sources_statement() -> Select:
    return (
        select(Citation.claim_id, Source.id, Source.key, Source.kind, Source.title)
        .join(Source, Source.id == Citation.source_id)
        .where(Citation.claim_id.in_(bindparam("ids", expanding=True)))
        .order_by(Citation.claim_id, Citation.id)
    )


def span(text: str | None, start: int | None, end: int | None) -> dict[str, Any] | None:
    """A text span with its offsets, or None when there is no text."""
    if text is None:
        return None
    return {"text": text, "start": start, "end": end}


def row_summary(
    row: Any, rating: dict[str, Any] | None, sources: list[dict[str, Any]]
) -> dict[str, Any]:
    """The documented shape of a claim in lists and exports, from a mapping of CLAIM_COLUMNS."""
    # written out key by key: this runs for every row of every page and export
    return {
        "id": row["id"],
        "uid": row["uid"],
        "text": row["text"],
        "start": row["start"],
        "end": row["end"],
        "kind": row["kind"],
        "status": row["status"],
        "checkworthiness": row["checkworthiness"],
        "hedged": row["hedged"],
        "hedges": list(row["hedges"] or ()),
        "speaker": _speaker_mention(row),
        "cue": span(row["cue_text"], row["cue_start"], row["cue_end"]),
        "article": {
            "id": row["article_id"],
            "slug": row["article_slug"],
            "title": row["article_title"],
            "publisher": row["article_publisher"],
            "published": row["article_published"],
            "url": row["article_url"],
        },
        "rating": rating,
        "sources": sources,
        "orphaned": row["orphaned"],
        "rejected": row["rejected"],
        "corrected": row["corrected"],
        "updated_at": row["updated_at"].isoformat(),
    }


def claim_summary(
    claim: Claim,
    article: Article,
    speaker: Speaker | None,
    rating: dict[str, Any] | None,
    sources: list[dict[str, Any]],
) -> dict[str, Any]:
    """``row_summary`` for ORM objects (the same shape)."""
    row: dict[str, Any] = {c.key: getattr(claim, c.key) for c in CLAIM_COLUMNS[:22]}
    for name in ("slug", "title", "publisher", "published", "url"):
        row[f"article_{name}"] = getattr(article, name)
    row["speaker_name"] = speaker.name if speaker else None
    row["speaker_kind"] = speaker.kind if speaker else None
    return row_summary(row, rating, sources)


def _speaker_mention(row: Any) -> dict[str, Any] | None:
    if row["speaker_id"] is None and row["speaker_text"] is None:
        return None
    return {
        "id": row["speaker_id"],
        "name": row["speaker_name"],
        "kind": row["speaker_kind"],
        "text": row["speaker_text"],
        "start": row["speaker_start"],
        "end": row["speaker_end"],
    }


def claim_row(session: Session, claim_id: int) -> dict[str, Any]:
    """One claim in the list row shape (orphaned and rejected ones too); NotFound if absent."""
    stmt = claim_select(dialect_of(session)).where(Claim.id == claim_id)
    row = session.execute(stmt).mappings().first()
    if row is None:
        raise NotFound(f"no claim {claim_id}")
    return claim_rows(session, [row])[0]


def get_claim(session: Session, claim_id: int) -> dict[str, Any]:
    """A claim with attribution, citations and their sources, verdict history and related claims."""
    data = claim_row(session, claim_id)
    signals = session.scalar(select(Claim.checkworthiness_signals).where(Claim.id == claim_id))
    data["checkworthiness_signals"] = list(signals or ())
    data["citations"] = citations_of(session, [claim_id]).get(claim_id, [])
    data["verdicts"] = verdict_history(session, claim_id)
    data["related"] = _related_claims(session, claim_id, [s["id"] for s in data["sources"]])
    data["rejection"] = rejection_of(session, claim_id) if data["rejected"] else None
    return data


def rejection_of(session: Session, claim_id: int) -> dict[str, Any] | None:
    """Who rejected the claim, when, and the reason they gave (from the audit trail)."""
    event = session.scalars(
        select(AuditEvent)
        .where(
            AuditEvent.entity_type == "claim",
            AuditEvent.entity_id == claim_id,
            AuditEvent.action == "claim.reject",
        )
        .order_by(AuditEvent.id.desc())
        .limit(1)
    ).first()
    if event is None:  # rejected in an imported knowledge base: no event here
        return None
    return {
        "by": event.actor,
        "at": event.created_at.isoformat(timespec="seconds"),
        "reason": str((event.data or {}).get("note") or ""),
    }


def citations_of(session: Session, claim_ids: Sequence[int]) -> dict[int, list[dict[str, Any]]]:
    """Each claim's citations: evidence span, kind, relation and the cited source."""
    if not claim_ids:
        return {}
    stmt = (
        select(Citation, Source)
        .join(Source, Source.id == Citation.source_id)
        .where(Citation.claim_id.in_(claim_ids))
        .order_by(Citation.claim_id, Citation.id)
    )
    out: dict[int, list[dict[str, Any]]] = {}
    for citation, source in session.execute(stmt):
        out.setdefault(citation.claim_id, []).append(
            {
                "id": citation.id,
                "kind": citation.kind,
                "relation": citation.relation,
                "evidence": span(
                    citation.evidence_text, citation.evidence_start, citation.evidence_end
                ),
                "source": source_summary(source),
            }
        )
    return out


def source_summary(source: Source) -> dict[str, Any]:
    return {
        "id": source.id,
        "key": source.key,
        "kind": source.kind,
        "title": source.title,
        "publisher": source.publisher,
        "date": source.date,
        "url": source.url,
        "identifier": source.identifier,
        "credibility": source.credibility,
    }


def verdict_history(session: Session, claim_id: int) -> list[dict[str, Any]]:
    """Every verdict on a claim, oldest first: who (and in which role), when, rating, rationale,
    evidence links, and its stable ``key``.

    An undo is a verdict labelled ``retracted`` (``retraction: true``) whose ``retracts`` is the key
    of the verdict it withdraws; that one is marked ``retracted: true``.
    """
    verdicts = list(
        session.scalars(select(Verdict).where(Verdict.claim_id == claim_id).order_by(Verdict.id))
    )
    withdrawn = consensus(verdicts).retracted_ids
    return [
        {
            "id": v.id,
            "key": key_of(v),
            "reviewer": v.reviewer,
            "role": v.role,
            "created_at": v.created_at.isoformat(),
            **rating_of(v),
            "rationale": v.rationale,
            "evidence_urls": list(v.evidence_urls or []),
            "retraction": v.rating_label == RETRACTED,
            "retracts": v.retracts,
            "retracted": v.id in withdrawn,
        }
        for v in verdicts
    ]


def _related_claims(
    session: Session, claim_id: int, source_ids: Sequence[int]
) -> list[dict[str, Any]]:
    """Other live claims citing any of the same sources, newest first."""
    if not source_ids:
        return []
    citing = select(Citation.claim_id).where(Citation.source_id.in_(source_ids))
    stmt = (
        select(Claim.id, Claim.text, Claim.status, Article.id, Article.slug, Article.title)
        .join(Article, Article.id == Claim.article_id)
        .where(Claim.id.in_(citing), Claim.id != claim_id, Claim.rejected.is_(False))
        .where(Claim.orphaned.is_(False))
        .order_by(Claim.id.desc())
        .limit(RELATED_LIMIT)
    )
    return [
        {
            "id": cid,
            "text": text,
            "status": status,
            "article": {"id": aid, "slug": slug, "title": title},
        }
        for cid, text, status, aid, slug, title in session.execute(stmt)
    ]
