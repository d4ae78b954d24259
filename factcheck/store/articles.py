"""Store extracted articles: one article with its claims, speakers, citations and sources.

``save_article`` is idempotent by content hash: an unchanged article writes nothing. An edited
article keeps every claim (and so every verdict) that is still there, matched by normalized text
and then by similarity, and marks the claims that are gone ``orphaned`` rather than deleting them
when they carry a verdict or an editor's work. Sources and speakers are canonical across
articles. ``save_article`` only ``flush()``es (the caller's unit of work commits); ``save_all``
gives each batch of articles its own unit of work, and each article of a batch that fails its own.

Editors' merges and splits live in ``factcheck.store.edit``; merges leave a
redirect (an audit event) that later ingests follow, so a merged source or speaker is not
created again.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy import delete, func, insert, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from factcheck.db.models import Article, Citation, Claim, Verdict
from factcheck.db.repository import (
    article_by_slug,
    claim_uid,
    normalize_text,
)
from factcheck.db.session import Database
from factcheck.errors import FactcheckError
from factcheck.records import Article as ArticleRecord
from factcheck.records import ClaimRecord, Evidence, ExtractedArticle
from factcheck.slugs import slugify
from factcheck.store.canonical import SourceResolver, SpeakerResolver, merge_redirects
from factcheck.streams import batched

SIMILARITY = 0.85  # difflib ratio above which an edited claim is the same claim


@dataclass(frozen=True)
class SaveResult:
    """What ``save_article`` did with one article."""

    status: Literal["new", "unchanged", "updated"]
    article_id: int
    slug: str
    claims: int  # live claims of the article after the save
    added: int = 0
    kept: int = 0
    orphaned: int = 0
    deleted: int = 0
    sources: int = 0  # distinct sources its claims cite
    speakers: int = 0  # distinct speakers of its claims
    source_ids: frozenset[int] = frozenset()


@dataclass
class IngestSummary:
    """Totals of an ingest run, for its closing summary."""

    new: int = 0
    unchanged: int = 0
    updated: int = 0
    failed: int = 0
    claims: int = 0  # live claims of the new and updated articles
    added: int = 0
    orphaned: int = 0
    source_ids: set[int] = field(default_factory=set)

    def add(self, result: SaveResult) -> None:
        setattr(self, result.status, getattr(self, result.status) + 1)
        if result.status != "unchanged":
            self.claims += result.claims
            self.added += result.added
            self.orphaned += result.orphaned
            self.source_ids.update(result.source_ids)

    @property
    def articles(self) -> int:
        return self.new + self.unchanged + self.updated


WRITE_BATCH = 50  # articles per transaction by default (``ingest --write-batch``)


def save_all(
    db: Database,
    extracted: Iterable[ExtractedArticle],
    *,
    on_error: Callable[[ExtractedArticle, Exception], None] | None = None,
    batch: int = 1,
) -> Iterator[SaveResult]:
    """Save the articles as they arrive, ``batch`` to a transaction; each result is yielded once
    its transaction has committed (a crash loses at most one batch, and a re-run picks up where it
    stopped: stored articles are unchanged).

    A batch that cannot be committed is rolled back and saved again one article at a time, so
    that the article at fault is named and the others are stored. With ``on_error``, an article
    that cannot be stored is rolled back, reported and skipped; without, it raises.
    """
    with db.sessions() as session:
        index = ArticleIndex(session)
    for items in batched(extracted, batch):
        try:
            with db.unit() as session:
                results = [save_article(session, item, index=index) for item in items]
        except (SQLAlchemyError, FactcheckError) as exc:
            if len(items) > 1:
                yield from save_all(db, items, on_error=on_error)
            elif on_error is None:
                raise
            else:
                on_error(items[0], exc)
            with db.sessions() as session:
                index = ArticleIndex(session)  # what the failed batch added is gone
            continue
        yield from results


class ArticleIndex:
    """What a run looks up for every article, read once: stored articles by hash, url and file
    path, the slugs taken, and the merge redirects (the url and path columns have no database
    index, and one read beats a query per article)."""

    def __init__(self, session: Session) -> None:
        self.by_hash: dict[str, int] = {}
        self.by_url: dict[str, int] = {}
        self.by_path: dict[str, int] = {}
        self.slugs: set[str] = set()
        query = select(
            Article.id, Article.content_hash, Article.url, Article.source_path, Article.slug
        ).order_by(Article.id.desc())
        for ident, digest, url, path, slug in session.execute(query):
            self.add(ident, digest, url, path, slug)
        self.redirects = {name: merge_redirects(session, name) for name in ("source", "speaker")}

    def add(self, ident: int, digest: str, url: str, path: str, slug: str) -> None:
        for table, key in ((self.by_hash, digest), (self.by_url, url), (self.by_path, path)):
            if key:
                table[key] = ident
        self.slugs.add(slug)

    def find(self, record: ArticleRecord, digest: str) -> int | None:
        return (
            self.by_hash.get(digest) or self.by_url.get(record.url) or self.by_path.get(record.path)
        )


def content_hash(text: str) -> str:
    """The hash that decides whether an article changed (the same one ``factcheck import`` uses)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def save_article(
    session: Session,
    extracted: ExtractedArticle,
    *,
    slug: str | None = None,
    index: ArticleIndex | None = None,
) -> SaveResult:
    """Insert or update one article and everything extracted from it; nothing if unchanged.

    The stored version is found by ``slug`` if given, else by identical text, url or file path.
    """
    record = extracted.article
    digest = content_hash(record.text)
    row = find_article(session, record, digest, slug, index)
    if row is not None and row.content_hash == digest:
        return _unchanged(session, row)
    status: Literal["new", "updated"] = "updated" if row is not None else "new"
    if row is None:
        taken = index.slugs if index is not None else None
        row = Article(slug=slug or unique_slug(session, record, taken), text=record.text, meta={})
        session.add(row)
    _fill_article(row, record, digest)
    session.flush()
    if index is not None:
        index.add(row.id, digest, row.url, row.source_path, row.slug)
    redirects = index.redirects if index is not None else {}
    writer = _ClaimWriter(session, row, record, redirects)
    return writer.save(extracted.claims, status)


def find_article(
    session: Session,
    record: ArticleRecord,
    digest: str,
    slug: str | None = None,
    index: ArticleIndex | None = None,
) -> Article | None:
    """The stored article this record is a version of: by slug, same text, url, or file path."""
    if slug:
        return article_by_slug(session, slug)
    if index is not None:
        ident = index.find(record, digest)
        return session.get(Article, ident) if ident is not None else None
    for column, value in (
        (Article.content_hash, digest),
        (Article.url, record.url),
        (Article.source_path, record.path),
    ):
        if value:
            found = session.scalars(select(Article).where(column == value).limit(1)).first()
            if found is not None:
                return found
    return None


def unique_slug(session: Session, record: ArticleRecord, taken: set[str] | None = None) -> str:
    """A free slug from the title (or file name), with -2, -3 ... when taken."""
    base = slugify(record.title or _path_stem(record.path) or record.text[:60])
    if taken is None:
        query = select(Article.slug).where(Article.slug.like(f"{base}%"))
        taken = set(session.scalars(query).all())
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def _path_stem(path: str) -> str:
    name = re.split(r"[\\/]", path)[-1]
    return re.sub(r"\.(txt|md|html?|jsonl)(:\d+)?$", r"\2", name).replace(":", "-")


# ``meta[EDITED]`` lists the fields an editor set (``factcheck.review.metadata``): an ingest of a
# new version of the article leaves them as the editor wrote them.
EDITED = "edited"
METADATA_FIELDS = ("title", "url", "byline", "publisher", "published")


def _fill_article(row: Article, record: ArticleRecord, digest: str) -> None:
    row.text = record.text
    row.content_hash = digest
    edited = sorted((row.meta or {}).get(EDITED) or [])
    for name in METADATA_FIELDS:
        if name not in edited:
            setattr(row, name, getattr(record, name))
    row.source_path = record.path
    row.meta = {
        **({EDITED: edited} if edited else {}),
        "paragraphs": [list(p) for p in record.paragraphs],
        "headings": [list(h) for h in record.headings],
        "boilerplate": [list(b) for b in record.boilerplate],
        "links": [
            {"text": k.text, "start": k.start, "end": k.end, "href": k.href} for k in record.links
        ],
    }


def _unchanged(session: Session, row: Article) -> SaveResult:
    live = session.scalar(
        select(func.count()).where(Claim.article_id == row.id, Claim.orphaned.is_(False))
    )
    return SaveResult("unchanged", row.id, row.slug, claims=int(live or 0))


# --- claims ----------------------------------------------------------------------------------------


class _ClaimWriter:
    """Writes the claims of one article: match old to new, update, add, orphan; then citations."""

    def __init__(
        self,
        session: Session,
        article: Article,
        record: ArticleRecord,
        redirects: dict[str, dict[str, str]],
    ) -> None:
        self.session = session
        self.article = article
        self.speakers = SpeakerResolver(session, article, record, redirects.get("speaker"))
        self.sources = SourceResolver(session, redirects.get("source"))

    def save(
        self, records: tuple[ClaimRecord, ...], status: Literal["new", "updated"]
    ) -> SaveResult:
        unique = _dedupe(records)
        existing = []
        if status == "updated":
            query = select(Claim).where(Claim.article_id == self.article.id)
            existing = list(self.session.scalars(query))
        pairs, fresh, gone = _match_claims(existing, unique)
        self.speakers.prepare([r.speaker for r in unique])
        self.sources.prepare([e for r in unique for e in r.evidence])
        for claim, rec in pairs:
            self._update(claim, rec)
        orphaned, deleted = self._retire(gone)
        self.session.flush()  # updates and deletes before inserts: uids stay unique
        new_rows = [self._new_row(rec) for rec in fresh]
        new_ids = self._insert_claims(new_rows)
        cited = self._write_citations(pairs)
        cited |= self._insert_citations(list(zip(new_ids, fresh, strict=True)))
        self.session.flush()
        speaker_ids = {c.speaker_id for c, _ in pairs} | {r["speaker_id"] for r in new_rows}
        return SaveResult(
            status,
            self.article.id,
            self.article.slug,
            claims=len(pairs) + len(new_ids),
            added=len(new_ids),
            kept=len(pairs),
            orphaned=orphaned,
            deleted=deleted,
            sources=len(cited),
            source_ids=frozenset(cited),
            speakers=len(speaker_ids - {None}),
        )

    def _new_row(self, rec: ClaimRecord) -> dict[str, Any]:
        claim = Claim()
        _set_fields(claim, rec)
        row = {name: getattr(claim, name) for name in _CLAIM_FIELDS}
        row.update(
            article_id=self.article.id,
            speaker_id=self.speakers.speaker_id(rec.speaker),
            status="unreviewed",
            orphaned=False,
            rejected=False,
            corrected=False,
        )
        return row

    def _insert_claims(self, rows: list[dict[str, Any]]) -> list[int]:
        """New claims in one multi-row INSERT; their ids in the order given."""
        if not rows:
            return []
        statement = insert(Claim).returning(Claim.id, sort_by_parameter_order=True)
        return list(self.session.scalars(statement, rows).all())

    def _insert_citations(self, claims: list[tuple[int, ClaimRecord]]) -> set[int]:
        rows: list[dict[str, Any]] = []
        for claim_id, rec in claims:
            seen: set[tuple[int, int]] = set()
            for item in rec.evidence:
                ident = (self.sources.source_id(item), item.start)
                if ident not in seen:
                    seen.add(ident)
                    rows.append(_citation_row(claim_id, ident[0], item))
        if rows:
            self.session.execute(insert(Citation), rows)
        return {row["source_id"] for row in rows}

    def _update(self, claim: Claim, rec: ClaimRecord) -> None:
        claim.orphaned = False
        if claim.corrected or claim.rejected:
            claim.start, claim.end = _locate(self.article.text, claim, rec)
            return  # an editor's version wins over the extractor's
        mention_changed = claim.speaker_text != rec.speaker.text
        uid = claim.uid
        _set_fields(claim, rec)
        claim.uid = uid  # a claim's id is stable (files and links use it), even when reworded
        if mention_changed or claim.speaker_id is None:
            claim.speaker_id = self.speakers.speaker_id(rec.speaker)

    def _retire(self, gone: list[Claim]) -> tuple[int, int]:
        """Claims no longer extracted: orphaned if anyone worked on them, else deleted."""
        if not gone:
            return 0, 0
        ids = [c.id for c in gone]
        reviewed = set(
            self.session.scalars(select(Verdict.claim_id).where(Verdict.claim_id.in_(ids))).all()
        )
        orphaned, unused = 0, []
        for claim in gone:
            worked = claim.id in reviewed or claim.corrected or claim.rejected
            if worked or claim.status != "unreviewed":
                orphaned += 0 if claim.orphaned else 1
                claim.orphaned = True
            else:
                unused.append(claim)
        if unused:
            # Core delete: the database cascades to citations (ON DELETE CASCADE) and the FTS index
            self.session.execute(
                delete(Claim).where(Claim.id.in_([c.id for c in unused])),
                execution_options={"synchronize_session": False},
            )
            for claim in unused:
                self.session.expunge(claim)
        return orphaned, len(unused)

    def _write_citations(self, matched: list[tuple[Claim, ClaimRecord]]) -> set[int]:
        """Bring each claim's citations in line with its evidence. An old citation of the same
        evidence keeps its source, so an editor's split or merge survives re-ingest. Stale rows
        are deleted before new ones are inserted, so the unique key never clashes."""
        current = self._current_citations([c.id for c, _ in matched])
        cited: set[int] = set()
        plans = []
        for claim, rec in matched:
            if claim.corrected:
                cited.update(c.source_id for c in current[claim.id])
                continue
            kept, stale, new = _plan_citations(rec.evidence, current[claim.id])
            for citation in stale:
                self.session.delete(citation)
            plans.append((claim, kept, new))
        self.session.flush()
        for claim, kept, new in plans:
            cited.update(self._apply_citations(claim, kept, new))
        return cited

    def _current_citations(self, ids: list[int]) -> dict[int, list[Citation]]:
        current: dict[int, list[Citation]] = {i: [] for i in ids}
        if ids:
            query = select(Citation).where(Citation.claim_id.in_(ids))
            for citation in self.session.scalars(query):
                current[citation.claim_id].append(citation)
        return current

    def _apply_citations(
        self, claim: Claim, kept: list[tuple[Citation, Evidence]], new: list[Evidence]
    ) -> set[int]:
        for citation, item in kept:
            citation.evidence_text, citation.kind = item.text, item.kind
            citation.evidence_start, citation.evidence_end = item.start, item.end
        seen = {(c.source_id, c.evidence_start) for c, _ in kept}
        for item in new:
            ident = (self.sources.source_id(item), item.start)
            if ident in seen:
                continue
            seen.add(ident)
            self.session.add(Citation(**_citation_row(claim.id, ident[0], item)))
        return {source_id for source_id, _ in seen}


def _plan_citations(
    evidence: tuple[Evidence, ...], old: list[Citation]
) -> tuple[list[tuple[Citation, Evidence]], list[Citation], list[Evidence]]:
    """Which old citations stay (same evidence text, nearest offset first), which go, which are new."""
    by_text: dict[str, list[Citation]] = {}
    for citation in old:
        by_text.setdefault(normalize_text(citation.evidence_text), []).append(citation)
    kept: list[tuple[Citation, Evidence]] = []
    new: list[Evidence] = []
    for item in evidence:
        candidates = by_text.get(normalize_text(item.text)) or []
        if not candidates:
            new.append(item)
            continue
        nearest = min(candidates, key=lambda c: abs((c.evidence_start or 0) - item.start))
        candidates.remove(nearest)
        kept.append((nearest, item))
    return kept, [c for rest in by_text.values() for c in rest], new


_CLAIM_FIELDS = (
    "uid",
    "text",
    "normalized_text",
    "start",
    "end",
    "kind",
    "speaker_text",
    "speaker_start",
    "speaker_end",
    "cue_text",
    "cue_start",
    "cue_end",
    "hedges",
    "hedged",
    "checkworthiness",
    "checkworthiness_signals",
)


def _citation_row(claim_id: int, source_id: int, item: Evidence) -> dict[str, Any]:
    return {
        "claim_id": claim_id,
        "source_id": source_id,
        "evidence_text": item.text,
        "evidence_start": item.start,
        "evidence_end": item.end,
        "kind": item.kind,
        "relation": "cites",
    }


def _set_fields(claim: Claim, rec: ClaimRecord) -> None:
    claim.uid = claim_uid(rec.text)
    claim.text = rec.text
    claim.normalized_text = normalize_text(rec.text)
    claim.start, claim.end, claim.kind = rec.start, rec.end, rec.kind
    claim.speaker_text = rec.speaker.text
    claim.speaker_start, claim.speaker_end = rec.speaker.start, rec.speaker.end
    cue = rec.cue
    claim.cue_text = cue.text if cue else None
    claim.cue_start = cue.start if cue else None
    claim.cue_end = cue.end if cue else None
    claim.hedges = [{"text": h.text, "start": h.start, "end": h.end} for h in rec.hedges]
    claim.hedged = bool(rec.hedges)
    claim.checkworthiness = float(rec.checkworthiness)
    claim.checkworthiness_signals = list(rec.checkworthiness_signals)


def _locate(text: str, claim: Claim, rec: ClaimRecord) -> tuple[int, int]:
    """Offsets of an editor-corrected claim in the new text: where its text is, else the match's."""
    at = text.find(claim.text)
    return (at, at + len(claim.text)) if at >= 0 else (rec.start, rec.end)


def _dedupe(records: tuple[ClaimRecord, ...]) -> list[ClaimRecord]:
    """One record per normalized text (uids are unique within an article)."""
    seen: set[str] = set()
    unique = []
    for rec in records:
        uid = claim_uid(rec.text)
        if uid not in seen:
            seen.add(uid)
            unique.append(rec)
    return unique


def _match_claims(
    existing: list[Claim], records: list[ClaimRecord]
) -> tuple[list[tuple[Claim, ClaimRecord]], list[ClaimRecord], list[Claim]]:
    """Pair stored claims with new records: same normalized text first, then most similar."""
    by_uid = {c.uid: c for c in existing}
    pairs: list[tuple[Claim, ClaimRecord]] = []
    rest: list[ClaimRecord] = []
    for rec in records:
        claim = by_uid.pop(claim_uid(rec.text), None)
        if claim is None:
            rest.append(rec)
        else:
            pairs.append((claim, rec))
    fresh: list[ClaimRecord] = []
    for rec in rest:
        claim = _most_similar(normalize_text(rec.text), by_uid.values())
        if claim is None:
            fresh.append(rec)
        else:
            del by_uid[claim.uid]
            pairs.append((claim, rec))
    return pairs, fresh, list(by_uid.values())


def _most_similar(normalized: str, candidates: Any) -> Claim | None:
    best, best_ratio = None, SIMILARITY
    for claim in candidates:
        matcher = difflib.SequenceMatcher(None, normalized, claim.normalized_text, autojunk=False)
        if matcher.real_quick_ratio() < best_ratio or matcher.quick_ratio() < best_ratio:
            continue
        ratio = matcher.ratio()
        if ratio >= best_ratio:
            best, best_ratio = claim, ratio
    return best
