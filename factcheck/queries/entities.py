"""Articles, sources and speakers: keyset-paginated lists with counts, one item in full, totals."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import Session

from factcheck.db.counts import maintained
from factcheck.db.models import CLAIM_STATUSES, Article, Citation, Claim, Source, Speaker, Verdict
from factcheck.db.repository import row_id
from factcheck.errors import NotFound
from factcheck.queries.claims import (
    DEFAULT_PAGE_SIZE,
    Page,
    citations_of,
    claim_rows,
    claim_select,
    source_summary,
)
from factcheck.queries.counts import kept_counts
from factcheck.queries.filters import dialect_of
from factcheck.queries.keyset import SortKey, after, check_size, finish, parse_sort
from factcheck.records import ARTICLE_FIELDS

ITEM_CLAIMS_LIMIT = 500  # claims listed on a source or speaker; the claims list pages the rest
ARTICLE_SORTS = {
    "id": SortKey(Article.id, int),
    "published": SortKey(Article.published, str),
    "title": SortKey(Article.title, str),
}
SOURCE_SORTS = {
    "id": SortKey(Source.id, int),
    "key": SortKey(Source.key, str),
    "kind": SortKey(Source.kind, str),
}
SPEAKER_SORTS = {
    "id": SortKey(Speaker.id, int),
    "name": SortKey(Speaker.name, str),
    "kind": SortKey(Speaker.kind, str),
}


def _live() -> list[ColumnElement[bool]]:
    return [Claim.orphaned.is_(False), Claim.rejected.is_(False)]


def _page(
    session: Session,
    stmt: Select,
    id_column: Any,
    sorts: dict[str, SortKey],
    sort: str,
    cursor: str | None,
    size: int,
) -> tuple[list[Any], str | None]:
    """Fetch one keyset page of ``stmt`` (a select of one entity)."""
    order = parse_sort(sort, sorts)
    check_size(size)
    rows = session.scalars(after(stmt, order, id_column, cursor).limit(size + 1)).all()
    key = order.key.column.key
    return finish(rows, size, order, lambda r: (getattr(r, key), r.id))


def _contains(column: Any, q: str | None) -> ColumnElement[bool] | None:
    """Case-insensitive substring match for the small lists (names, titles, keys)."""
    if q is None or not q.strip():
        return None
    escaped = q.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return column.ilike(f"%{escaped}%", escape="\\")


def _where(stmt: Select, *conditions: ColumnElement[bool] | None) -> Select:
    return stmt.where(*[c for c in conditions if c is not None])


# --- articles ----------------------------------------------------------------------------------


def list_articles(
    session: Session,
    *,
    q: str | None = None,
    publisher: str | None = None,
    sort: str = "-published",
    cursor: str | None = None,
    size: int = DEFAULT_PAGE_SIZE,
) -> Page:
    """Articles (title search, publisher), each with its number of live claims per status."""
    stmt = _where(
        select(Article),
        _contains(Article.title, q),
        None if publisher is None else Article.publisher == publisher,
    )
    articles, next_cursor = _page(session, stmt, Article.id, ARTICLE_SORTS, sort, cursor, size)
    counts = _status_counts(session, Claim.article_id, [a.id for a in articles])
    return Page([{**article_summary(a), "claims": counts[a.id]} for a in articles], next_cursor)


def article_summary(article: Article) -> dict[str, Any]:
    fields = {name: getattr(article, name) for name in ARTICLE_FIELDS}
    return {"id": article.id, "slug": article.slug, **fields}


def _status_counts(session: Session, column: Any, ids: Sequence[int]) -> dict[int, dict[str, int]]:
    """For each id, its live claims counted by status, plus a total."""
    out = {i: {"total": 0, **dict.fromkeys(CLAIM_STATUSES, 0)} for i in ids}
    if ids:
        stmt = (
            select(column, Claim.status, func.count(Claim.id))
            .where(column.in_(ids), *_live())
            .group_by(column, Claim.status)
        )
        for owner, status, n in session.execute(stmt):
            out[owner][status] = n
            out[owner]["total"] += n
    return out


def _article(session: Session, id_or_slug: int | str) -> Article:
    article = None
    if (pk := row_id(id_or_slug)) is not None:
        article = session.get(Article, pk)
    if article is None and isinstance(id_or_slug, str):
        article = session.scalar(select(Article).where(Article.slug == id_or_slug))
    if article is None:
        raise NotFound(f"no article {id_or_slug!r}")
    return article


def get_article(session: Session, id_or_slug: int | str) -> dict[str, Any]:
    """An article with its text and all its live claims in text order, with every offset.

    Each claim carries its speaker mention, cue, hedges and citations (evidence spans), so that the
    article page can highlight them in the text.
    """
    article = _article(session, id_or_slug)
    rows = (
        session.execute(
            claim_select(dialect_of(session))
            .where(Claim.article_id == article.id, *_live())
            .order_by(Claim.start, Claim.id)
        )
        .mappings()
        .all()
    )
    claims = claim_rows(session, rows)
    citations = citations_of(session, [c["id"] for c in claims])
    for claim in claims:
        del claim["article"]
        claim["citations"] = citations.get(claim["id"], [])
    return {**article_summary(article), "text": article.text, "claims": claims}


def article_text(session: Session, article_id: int) -> str:
    """The text of an article (for showing a claim in its paragraph)."""
    text = session.scalar(select(Article.text).where(Article.id == article_id))
    if text is None:
        raise NotFound(f"no article {article_id}")
    return str(text)


# --- sources -----------------------------------------------------------------------------------


def list_sources(
    session: Session,
    *,
    q: str | None = None,
    kind: str | None = None,
    credibility: str | None = None,
    sort: str = "key",
    cursor: str | None = None,
    size: int = DEFAULT_PAGE_SIZE,
) -> Page:
    """Canonical sources with kind and credibility, and how many claims and articles cite them."""
    text_match = _contains(Source.key, q)
    if text_match is not None:
        text_match = text_match | _contains(Source.title, q)  # type: ignore[operator]
    stmt = _where(
        select(Source),
        text_match,
        None if kind is None else Source.kind == kind,
        None if credibility is None else Source.credibility == credibility,
    )
    sources, next_cursor = _page(session, stmt, Source.id, SOURCE_SORTS, sort, cursor, size)
    counts = _citation_counts(session, [s.id for s in sources])
    return Page([{**source_summary(s), **counts[s.id]} for s in sources], next_cursor)


def _citation_counts(session: Session, source_ids: Sequence[int]) -> dict[int, dict[str, int]]:
    out = {i: {"claims": 0, "articles": 0} for i in source_ids}
    if source_ids:
        stmt = (
            select(
                Citation.source_id,
                func.count(func.distinct(Claim.id)),
                func.count(func.distinct(Claim.article_id)),
            )
            .join(Claim, Claim.id == Citation.claim_id)
            .where(Citation.source_id.in_(source_ids), *_live())
            .group_by(Citation.source_id)
        )
        for source_id, n_claims, n_articles in session.execute(stmt):
            out[source_id] = {"claims": n_claims, "articles": n_articles}
    return out


def get_source(session: Session, id_or_key: int | str) -> dict[str, Any]:
    """A source in full, with the live claims citing it (newest first, at most 500)."""
    source = None
    if (pk := row_id(id_or_key)) is not None:
        source = session.get(Source, pk)
    if source is None and isinstance(id_or_key, str):
        source = session.scalar(select(Source).where(Source.key == id_or_key))
    if source is None:
        raise NotFound(f"no source {id_or_key!r}")
    citing = select(Citation.claim_id).where(Citation.source_id == source.id)
    claims = _claims_where(session, Claim.id.in_(citing))
    return {
        **source_summary(source),
        "language": source.language,
        "notes": source.notes,
        **_citation_counts(session, [source.id])[source.id],
        "citing_claims": claims,
    }


def _claims_where(session: Session, condition: ColumnElement[bool]) -> list[dict[str, Any]]:
    rows = (
        session.execute(
            claim_select(dialect_of(session))
            .where(condition, *_live())
            .order_by(Claim.id.desc())
            .limit(ITEM_CLAIMS_LIMIT)
        )
        .mappings()
        .all()
    )
    return claim_rows(session, rows)


# --- speakers ----------------------------------------------------------------------------------


def _speaks() -> ColumnElement[bool]:
    """The speaker has at least one live claim (speakers left without claims are not listed)."""
    return select(Claim.id).where(Claim.speaker_id == Speaker.id, *_live()).exists()


def list_speakers(
    session: Session,
    *,
    q: str | None = None,
    kind: str | None = None,
    sort: str = "name",
    cursor: str | None = None,
    size: int = DEFAULT_PAGE_SIZE,
) -> Page:
    """Resolved speakers of live claims with their kind and their claims counted by status; a
    speaker known only within one article (an anonymous source, a group, the author) comes with
    that article, so that two "anonymous official"s of two articles can be told apart."""
    stmt = _where(
        select(Speaker).where(_speaks()),
        _contains(Speaker.name, q),
        None if kind is None else Speaker.kind == kind,
    )
    speakers, next_cursor = _page(session, stmt, Speaker.id, SPEAKER_SORTS, sort, cursor, size)
    counts = _status_counts(session, Claim.speaker_id, [s.id for s in speakers])
    articles = _scope_articles(session, speakers)
    rows = [{**speaker_summary(s, articles), "claims": counts[s.id]} for s in speakers]
    return Page(rows, next_cursor)


def speaker_kinds(session: Session) -> list[tuple[str, int]]:
    """Kinds of the listed speakers (those with live claims), with how many of each."""
    stmt = (
        select(Speaker.kind, func.count())
        .where(_speaks())
        .group_by(Speaker.kind)
        .order_by(Speaker.kind)
    )
    return [(str(k), int(n)) for k, n in session.execute(stmt)]


def _scope_slug(speaker: Speaker) -> str | None:
    """The article a speaker's key is scoped to (``anonymous:<name>@<article-slug>``), if any."""
    _, at, slug = speaker.key.rpartition("@")
    return slug if at else None


def _scope_articles(session: Session, speakers: Sequence[Speaker]) -> dict[str, dict[str, Any]]:
    slugs = {slug for s in speakers if (slug := _scope_slug(s))}
    if not slugs:
        return {}
    rows = session.execute(
        select(Article.id, Article.slug, Article.title).where(Article.slug.in_(slugs))
    )
    return {slug: {"id": i, "slug": slug, "title": title} for i, slug, title in rows}


def speaker_summary(
    speaker: Speaker, articles: dict[str, dict[str, Any]] | None = None
) -> dict[str, Any]:
    """A speaker's fields; ``article`` is the article a per-article speaker belongs to."""
    slug = _scope_slug(speaker)
    return {
        "id": speaker.id,
        "key": speaker.key,
        "name": speaker.name,
        "kind": speaker.kind,
        "aliases": list(speaker.aliases or []),
        "article": None if slug is None else (articles or {}).get(slug),
    }


def get_speaker(session: Session, speaker_id: int) -> dict[str, Any]:
    """A speaker with counts and its live claims (newest first, at most 500)."""
    speaker = session.get(Speaker, speaker_id)
    if speaker is None:
        raise NotFound(f"no speaker {speaker_id}")
    return {
        **speaker_summary(speaker, _scope_articles(session, [speaker])),
        "counts": _status_counts(session, Claim.speaker_id, [speaker.id])[speaker.id],
        "claims": _claims_where(session, Claim.speaker_id == speaker.id),
    }


# --- totals ------------------------------------------------------------------------------------


def stats(session: Session) -> dict[str, Any]:
    """Totals: rows per table, live claims by status and by normalized rating, unsourced, hedged.

    Read from the maintained counts where the database keeps them (SQLite), else counted.
    """
    by_status = dict.fromkeys(CLAIM_STATUSES, 0)
    if maintained(dialect_of(session)):
        by_status.update(kept_counts(session, "status"))
        ratings = sorted((v, n) for v, n in kept_counts(session, "normalized") if v is not None)
        cited = dict(kept_counts(session, "cited"))
        return {
            "totals": _totals(session),
            "claims_by_status": by_status,
            "claims_by_rating": dict(ratings),
            "unsourced_claims": cited.get(False, 0),
            "hedged_claims": dict(kept_counts(session, "hedged")).get(True, 0),
        }
    return counted_stats(session)


def counted_stats(session: Session) -> dict[str, Any]:
    """``stats`` counted from the tables and the verdicts (not from maintained figures)."""
    count = func.count(Claim.id)
    by_status = dict.fromkeys(CLAIM_STATUSES, 0)
    by_status.update(
        session.execute(select(Claim.status, count).where(*_live()).group_by(Claim.status)).all()
    )
    return {
        "totals": _totals(session, counted=True),
        "claims_by_status": by_status,
        "claims_by_rating": _by_rating(session),
        "unsourced_claims": session.scalar(select(count).where(*_live(), ~Claim.citations.any())),
        "hedged_claims": session.scalar(select(count).where(*_live(), Claim.hedged.is_(True))),
    }


TOTALS = ("articles", "claims", "sources", "speakers", "verdicts")


def _totals(session: Session, counted: bool = False) -> dict[str, int]:
    """Rows per table, except ``claims``: the live claims (not orphaned by a re-ingest, not
    rejected), the ones the status badges, the lists and the graph count."""
    if not counted and maintained(dialect_of(session)):
        rows = dict(kept_counts(session, "rows"))
        rows["claims"] = sum(n for _, n in kept_counts(session, "status"))
        return {name: rows.get(name, 0) for name in TOTALS}
    models = (Article, Claim, Source, Speaker, Verdict)
    totals = {
        name: session.scalar(select(func.count()).select_from(model)) or 0
        for name, model in zip(TOTALS, models, strict=True)
    }
    totals["claims"] = session.scalar(select(func.count(Claim.id)).where(*_live())) or 0
    return totals


def _by_rating(session: Session) -> dict[str, int]:
    stmt = (
        select(Claim.rating_normalized, func.count(Claim.id))
        .where(*_live(), Claim.rating_normalized.is_not(None))
        .group_by(Claim.rating_normalized)
    )
    return dict(session.execute(stmt).all())  # type: ignore[arg-type]


def overview(session: Session) -> dict[str, Any]:
    """The home page and its twin ``/api/v1/``: ``stats`` and the newest articles, one result."""
    newest = list_articles(session, sort="-published", size=50)
    return {**stats(session), "articles": newest.rows}


def source_value_counts(session: Session, column: str) -> list[tuple[str, int]]:
    """Values of a source column (``kind``, ``credibility``) with their counts, most first."""
    col = getattr(Source, column)
    rows = session.execute(select(col, func.count()).group_by(col).order_by(func.count().desc()))
    return [(str(value), int(n)) for value, n in rows if value]
