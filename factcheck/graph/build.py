"""Build the provenance graph from the database with a few bulk SELECTs of plain columns.

No ORM objects are loaded per row: 100,000 claims build in seconds. Claims that are orphaned (gone
from a re-ingested article) or rejected (an editor said "not a claim") are left out, except the
claim a neighbourhood is asked for.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any, TypeAlias

import networkx as nx
from sqlalchemy import Connection, Select, select

from factcheck.db.models import Article, Citation, Claim, Source, Speaker
from factcheck.db.session import Database
from factcheck.errors import InputError, NotFound
from factcheck.graph.model import (
    add_article,
    add_citation,
    add_claim,
    add_identity,
    add_source,
    add_speaker,
    gc_paused,
    new_graph,
    node_id,
)

NEIGHBOURHOOD_LIMIT = 300
KINDS: dict[str, Any] = {"article": Article, "claim": Claim, "source": Source, "speaker": Speaker}
AnySelect: TypeAlias = Select[*tuple[Any, ...]]
_CHUNK = 500  # ids per IN (...) list, well under every database's parameter limit


def build_graph(db: Database) -> nx.MultiDiGraph:
    """The whole knowledge base as one graph."""
    with db.engine.connect() as conn, gc_paused():
        graph = new_graph()
        _add_rows(graph, *read_rows(conn, claim_ids=None))
    return graph


def build_neighbourhood(
    db: Database, kind: str, db_id: int, limit: int = NEIGHBOURHOOD_LIMIT
) -> nx.MultiDiGraph:
    """The neighbourhood of one article, claim, source or speaker.

    It holds the claims next to the node (an article's or speaker's claims, the claims citing a
    source, a claim and the other claims citing its sources), at most ``limit`` of them (lowest
    ids first; the graph attribute ``truncated`` says whether more exist), with their articles,
    speakers, sources and publishers. Raises NotFound when the node does not exist.
    """
    if kind not in KINDS:
        raise InputError(f"unknown node kind {kind!r}; expected one of {', '.join(sorted(KINDS))}")
    if not 0 < db_id < 2**63:  # beyond any database's integer ids
        raise NotFound(f"{kind} {db_id} does not exist")
    with db.engine.connect() as conn:
        if conn.scalar(select(KINDS[kind].id).where(KINDS[kind].id == db_id)) is None:
            raise NotFound(f"{kind} {db_id} does not exist")
        claim_ids, truncated = _neighbour_claims(conn, kind, db_id, limit)
        graph = new_graph(focus=node_id(kind, db_id), truncated=truncated)
        _add_rows(graph, *read_rows(conn, claim_ids=claim_ids, focus=(kind, db_id)))
    return graph


def _live(stmt: AnySelect) -> AnySelect:
    return stmt.where(Claim.orphaned.is_(False), Claim.rejected.is_(False))


def _neighbour_claims(conn: Connection, kind: str, db_id: int, limit: int) -> tuple[set[int], bool]:
    if kind == "article":
        stmt = _live(select(Claim.id).where(Claim.article_id == db_id))
    elif kind == "speaker":
        stmt = _live(select(Claim.id).where(Claim.speaker_id == db_id))
    elif kind == "source":
        stmt = _live(select(Claim.id).join(Citation).where(Citation.source_id == db_id))
    else:
        cited = select(Citation.source_id).where(Citation.claim_id == db_id)
        stmt = _live(
            select(Claim.id).join(Citation).where(Citation.source_id.in_(cited), Claim.id != db_id)
        )
        limit -= 1
    ids = list(conn.scalars(stmt.distinct().order_by(Claim.id).limit(limit + 1)))
    found = set(ids[:limit])
    if kind == "claim":
        found.add(db_id)
    return found, len(ids) > limit


def read_rows(
    conn: Connection, claim_ids: set[int] | None, focus: tuple[str, int] | None = None
) -> tuple[list[Any], list[Any], list[Any], list[Any], list[Any]]:
    """The rows a graph is built from: (articles, sources, speakers, claims, citations), of every
    live claim (``claim_ids`` None) or of ``claim_ids`` and what they reach."""
    claims = _claim_rows(conn, claim_ids, focus)
    citations = _citation_rows(conn, claim_ids)
    article_ids = speaker_ids = source_ids = None
    if claim_ids is not None:
        article_ids = {row.article_id for row in claims} | _focus_ids(focus, "article")
        speaker_ids = {row.speaker_id for row in claims if row.speaker_id is not None}
        speaker_ids |= _focus_ids(focus, "speaker")
        source_ids = {row.source_id for row in citations} | _focus_ids(focus, "source")
    sources = _rows(conn, _source_columns(), Source.id, source_ids)
    if article_ids is not None:
        article_ids |= _identical_article_ids(conn, sources)  # so a circle shows in a neighbourhood
    articles = _rows(conn, _article_columns(), Article.id, article_ids)
    speakers = _rows(
        conn, select(Speaker.id, Speaker.name, Speaker.kind, Speaker.key), Speaker.id, speaker_ids
    )
    return articles, sources, speakers, claims, citations


def _add_rows(
    graph: nx.MultiDiGraph,
    articles: list[Any],
    sources: list[Any],
    speakers: list[Any],
    claims: list[Any],
    citations: list[Any],
) -> None:
    """Nodes first (claims last: their edges need their article and speaker), then edges."""
    for db_id, fields in _fields(articles):
        add_article(graph, db_id, **fields)
    for db_id, fields in _fields(sources):
        add_source(graph, db_id, **fields)
    for row in speakers:
        add_speaker(graph, row.id, name=row.name, kind=row.kind, key=row.key)
    for db_id, fields in _fields(claims):
        add_claim(graph, db_id, **fields)
    for row in citations:
        add_citation(
            graph,
            row.id,
            row.claim_id,
            row.source_id,
            kind=row.kind,
            relation=row.relation,
            evidence=row.evidence_text,
        )
    _link_identities(graph, articles, sources)


def _identical_article_ids(conn: Connection, sources: list[Any]) -> set[int]:
    """The articles that some of ``sources`` are (see ``_link_identities``)."""
    articles = list(conn.execute(select(Article.id, Article.slug, Article.url)).all())
    return {article for _, article in _identities(articles, sources)}


def _focus_ids(focus: tuple[str, int] | None, kind: str) -> set[int]:
    return {focus[1]} if focus is not None and focus[0] == kind else set()


def _fields(rows: list[Any]) -> Iterator[tuple[int, dict[str, Any]]]:
    """(id, {column: value}) of each row; the names are read once, since asking a row for its
    mapping costs more than adding it to the graph."""
    if not rows:
        return
    names = rows[0]._fields[1:]
    for row in rows:
        yield row[0], dict(zip(names, row[1:], strict=True))


def _article_columns() -> AnySelect:
    return select(
        Article.id,
        Article.slug,
        Article.title,
        Article.publisher,
        Article.published,
        Article.url,
        Article.byline,
    )


def _source_columns() -> AnySelect:
    return select(
        Source.id,
        Source.key,
        Source.kind,
        Source.title,
        Source.publisher,
        Source.credibility,
        Source.url,
        Source.identifier,
        Source.date,
    )


def _claim_rows(
    conn: Connection, claim_ids: set[int] | None, focus: tuple[str, int] | None
) -> list[Any]:
    columns = select(
        Claim.id,
        Claim.article_id,
        Claim.speaker_id,
        Claim.text,
        Claim.kind,
        Claim.status,
        Claim.hedged,
        Claim.checkworthiness,
    )
    if claim_ids is None:
        return list(conn.execute(_live(columns).order_by(Claim.id)).all())
    # The claim asked for is shown even when rejected or orphaned; its neighbours only when live.
    rows = _rows(conn, columns, Claim.id, claim_ids)
    return [r for r in rows if r.id in claim_ids]


def _citation_rows(conn: Connection, claim_ids: set[int] | None) -> list[Any]:
    columns = select(
        Citation.id,
        Citation.claim_id,
        Citation.source_id,
        Citation.kind,
        Citation.relation,
        Citation.evidence_text,
    )
    if claim_ids is None:
        return list(conn.execute(_live(columns.join(Claim)).order_by(Citation.id)).all())
    return _rows(conn, columns.order_by(Citation.id), Citation.claim_id, claim_ids)


def _rows(conn: Connection, stmt: AnySelect, column: Any, ids: Iterable[int] | None) -> list[Any]:
    """All rows of ``stmt``, or those whose ``column`` is in ``ids`` (queried in chunks)."""
    if ids is None:
        return list(conn.execute(stmt.order_by(column)).all())
    wanted = sorted(ids)
    rows: list[Any] = []
    for start in range(0, len(wanted), _CHUNK):
        rows.extend(conn.execute(stmt.where(column.in_(wanted[start : start + _CHUNK]))))
    return sorted(rows, key=lambda r: r.id)


def normalize_url(url: str) -> str:
    """A URL without scheme, "www.", case or trailing slash, for matching sources to articles."""
    return re.sub(r"^[a-z]+://(www\.)?", "", (url or "").strip().casefold()).rstrip("/")


def _link_identities(graph: nx.MultiDiGraph, articles: list[Any], sources: list[Any]) -> None:
    for source, article in _identities(articles, sources):
        add_identity(graph, source, article)


def _identities(articles: list[Any], sources: list[Any]) -> Iterator[tuple[int, int]]:
    """(source id, article id) for each source that *is* an article of the knowledge base: its URL
    is the article's URL or its identifier is the article's slug. That is what lets circular
    sourcing be followed."""
    by_url = {normalize_url(a.url): a.id for a in articles if normalize_url(a.url)}
    by_slug = {a.slug: a.id for a in articles if a.slug}
    for source in sources:
        url = normalize_url(source.url)
        article = by_url.get(url) if url else None
        if article is None and source.identifier:
            article = by_slug.get(source.identifier)
        if article is not None:
            yield source.id, article
