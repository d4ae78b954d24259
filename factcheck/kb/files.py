"""The knowledge base as files: ``sources/<id>.yaml`` and ``claims/<article-slug>.yaml``.

``export_kb`` and ``import_kb`` round-trip the database: keys are sorted, ids are the stable
source keys, article slugs and claim uids, and lists keep a fixed order, so a diff shows only what
really changed, and export -> import -> export is byte-identical. User accounts and tokens are never
written to files. Reading and validation live in ``factcheck.kb.read``, the YAML in
``factcheck.kb.yaml_io``.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, selectinload

from factcheck.db.models import Article, Citation, Claim, Source, Verdict
from factcheck.db.repository import (
    article_by_slug,
    claim_uid,
    get_or_create_source,
    get_or_create_speaker,
    normalize_text,
)
from factcheck.db.session import Database
from factcheck.errors import InputError
from factcheck.kb.read import (
    KnowledgeBase,
    Problem,
    iter_citations,
    iter_claims,
    read_kb,
    verdict_facts,
)
from factcheck.kb.yaml_io import Mapping, dump_yaml
from factcheck.records import ARTICLE_FIELDS, SOURCE_FIELDS
from factcheck.review.scale import RatingScale
from factcheck.review.status import RETRACTED
from factcheck.review.verdicts import key_of, refresh_status


@dataclass(frozen=True)
class ImportSummary:
    sources: int
    articles: int
    claims: int
    verdicts: int
    removed_claims: int = 0
    warnings: tuple[Problem, ...] = ()


class KnowledgeBaseInvalid(InputError):
    """The files cannot be imported; ``problems`` lists every one with its file and line."""

    def __init__(self, directory: Path, problems: list[Problem]) -> None:
        first = problems[0]
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        super().__init__(
            first.message + more, path=display_path(directory, first.path), line=first.line
        )
        self.directory = directory
        self.problems = problems


def display_path(directory: Path, rel: str) -> str:
    """``rel`` (``claims/x.yaml``) as the user named it: under ``directory`` unless that is '.'."""
    return rel if Path(directory) == Path(".") else (Path(directory) / rel).as_posix()


def _write_if_changed(path: Path, content: str) -> None:
    if path.is_file() and path.read_bytes() == content.encode("utf-8"):
        return  # unchanged: keep the file's time stamp so tools see no change
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, [content])


def write_atomic(path: Path, lines: Iterable[str], newline: str = "\n") -> None:
    """Write ``lines`` (UTF-8) to a temporary file beside ``path``, renamed over it once complete,
    so that a failed or interrupted write never leaves a half-written file."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline=newline) as handle:
            handle.writelines(lines)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# --- export -------------------------------------------------------------------------------------


def export_kb(db: Database, directory: Path) -> tuple[int, int]:
    """Write every source and article of the database under ``directory``; return the counts.

    Files of sources and articles that no longer exist in the database are removed, so the folder
    mirrors the database exactly. Each file is replaced atomically.
    """
    directory = Path(directory)
    for folder in ("sources", "claims"):
        (directory / folder).mkdir(parents=True, exist_ok=True)
    with db.sessions() as session:
        n_sources = _export_sources(session, directory / "sources")
        n_articles = _export_articles(session, directory / "claims")
    return n_sources, n_articles


def source_to_data(source: Source) -> dict[str, Any]:
    """One source as the plain data of ``sources/<id>.yaml``."""
    return {"id": source.key, **{f: getattr(source, f) for f in SOURCE_FIELDS}}


def _export_sources(session: Session, folder: Path) -> int:
    written = set()
    for source in session.scalars(select(Source).order_by(Source.key)):
        name = f"{source.key}.yaml"
        _write_if_changed(folder / name, dump_yaml(source_to_data(source)))
        written.add(name)
    _remove_stale(folder, written)
    return len(written)


def _export_articles(session: Session, folder: Path) -> int:
    written = set()
    for article in _articles_with_claims(session):
        name = f"{article.slug}.yaml"
        _write_if_changed(folder / name, dump_yaml(article_to_data(article)))
        written.add(name)
        session.expunge(article)  # keep memory flat on big databases
    _remove_stale(folder, written)
    return len(written)


def _articles_with_claims(session: Session) -> Iterator[Article]:
    slugs = list(session.scalars(select(Article.slug).order_by(Article.slug)))
    for i in range(0, len(slugs), 200):
        query = (
            select(Article)
            .where(Article.slug.in_(slugs[i : i + 200]))
            .order_by(Article.slug)
            .options(
                selectinload(Article.claims).selectinload(Claim.speaker),
                selectinload(Article.claims).selectinload(Claim.verdicts),
                selectinload(Article.claims)
                .selectinload(Claim.citations)
                .selectinload(Citation.source),
            )
        )
        yield from session.scalars(query)


def _remove_stale(folder: Path, keep: set[str]) -> None:
    if folder.is_dir():
        for path in folder.glob("*.yaml"):
            if path.name not in keep:
                path.unlink()


def article_to_data(article: Article) -> dict[str, Any]:
    """One article and its claims as the plain data of ``claims/<slug>.yaml``."""
    meta: dict[str, Any] = {f: getattr(article, f) for f in ARTICLE_FIELDS}
    # Written only when set, so knowledge bases that never had them keep their files unchanged.
    if article.meta:
        meta["meta"] = dict(article.meta)
    if article.source_path:
        meta["source_path"] = article.source_path
    claims = sorted(article.claims, key=lambda c: (c.start, c.end, c.uid))
    return {
        "article": {"slug": article.slug, **meta, "text": article.text},
        "claims": [_claim_to_data(c) for c in claims],
    }


def _span(text: str | None, start: int | None, end: int | None) -> dict[str, Any] | None:
    if text is None:
        return None
    return {"text": text, "start": start, "end": end}


def _claim_to_data(claim: Claim) -> dict[str, Any]:
    speaker = claim.speaker
    data: dict[str, Any] = {
        "id": claim.uid,
        "text": claim.text,
        "start": claim.start,
        "end": claim.end,
        "kind": claim.kind,
        "status": claim.status,
        "checkworthiness": round(claim.checkworthiness, 3),
        "speaker": {
            **(_span(claim.speaker_text, claim.speaker_start, claim.speaker_end) or {"text": None}),
            "name": speaker.name if speaker else "",
            "kind": speaker.kind if speaker else "author",
        },
        "cue": _span(claim.cue_text, claim.cue_start, claim.cue_end),
        "hedges": [dict(h) for h in claim.hedges],
        "citations": [_citation_to_data(c) for c in sorted(claim.citations, key=_citation_order)],
        "verdicts": [_verdict_to_data(v) for v in claim.verdicts],
    }
    if claim.checkworthiness_signals:
        data["checkworthiness_signals"] = list(claim.checkworthiness_signals)
    for flag in ("orphaned", "rejected", "corrected"):
        if getattr(claim, flag):
            data[flag] = True
    return data


def _citation_order(citation: Citation) -> tuple[bool, int, str, int]:
    start, end = citation.evidence_start, citation.evidence_end
    return (start is None, start or 0, citation.source.key, end or 0)


def _citation_to_data(citation: Citation) -> dict[str, Any]:
    return {
        "source": citation.source.key,
        "kind": citation.kind,
        "relation": citation.relation,
        "evidence": _span(citation.evidence_text, citation.evidence_start, citation.evidence_end),
    }


def _verdict_to_data(verdict: Verdict) -> dict[str, Any]:
    """A verdict record; a retraction names the verdict it withdraws and carries no rating."""
    data: dict[str, Any] = {
        "key": key_of(verdict),
        "reviewer": verdict.reviewer,
        "role": verdict.role,
        "rationale": verdict.rationale,
        "created_at": verdict.created_at.isoformat(),
    }
    if verdict.rating_label == RETRACTED:
        return {**data, "retracts": verdict.retracts}
    return {
        **data,
        "rating": verdict.rating_label,
        "value": verdict.rating_value,
        "normalized": verdict.normalized,
        "evidence_urls": list(verdict.evidence_urls),
    }


# --- import -------------------------------------------------------------------------------------


def import_kb(
    db: Database, directory: Path, *, only_new: bool = False, scale: RatingScale | None = None
) -> ImportSummary:
    """Load ``sources/`` and ``claims/`` under ``directory`` in one transaction.

    Every file is read and validated first; any error (malformed YAML, a wrong field, a citation
    of a source that has no file) raises ``KnowledgeBaseInvalid`` listing all problems with file
    and line, and nothing is written. Sources and articles are upserted by id and slug; an article's
    claims become exactly those of its file (claims with verdicts are never deleted: importing a
    file that drops one is refused); verdicts are append-only and added once. With ``only_new``,
    sources and articles already in the database are left exactly as they are (so edits made in
    the browser survive loading the same files again). With ``scale``, a verdict whose rating is
    not on it is an error too. Warnings (a span whose text differs from the article's) are returned
    in the summary.
    """
    directory = Path(directory)
    kb = read_kb(directory)
    if scale is not None:
        kb.problems.extend(off_scale(kb, scale))
    errors = kb.errors()
    if errors:
        raise KnowledgeBaseInvalid(directory, errors)
    counts = {"sources": 0, "articles": 0, "claims": 0, "verdicts": 0, "removed_claims": 0}
    with db.unit() as session:
        known = _known_keys(session) if only_new else (set(), set())
        sources = {
            key: _import_source(session, data, keep=key in known[0])
            for key, data in sorted(kb.sources.items())
        }
        counts["sources"] = len(sources) - len(known[0] & set(sources))
        for rel, data in kb.articles:
            if data["article"]["slug"] in known[1]:
                continue
            _import_article(session, display_path(directory, rel), data, sources, counts)
            counts["articles"] += 1
    warnings = tuple(p for p in kb.problems if p.severity == "warning")
    return ImportSummary(**counts, warnings=warnings)


def off_scale(kb: KnowledgeBase, scale: RatingScale) -> Iterator[Problem]:
    """Verdicts whose rating is not a label of ``scale``."""
    for rel, article in kb.articles:
        for claim in iter_claims(article):
            for verdict in claim.get("verdicts") or ():
                rating = verdict.get("rating") if isinstance(verdict, Mapping) else None
                if isinstance(rating, str) and scale.get(rating) is None:
                    message = (
                        f"claim {claim.get('id', '?')}: rating {rating!r} is not on the scale "
                        f"{scale.name} ({', '.join(scale.labels)})"
                    )
                    yield Problem("verdict-on-scale", rel, verdict.line_of("rating"), message)


def _known_keys(session: Session) -> tuple[set[str], set[str]]:
    return set(session.scalars(select(Source.key))), set(session.scalars(select(Article.slug)))


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _import_source(session: Session, data: Mapping, keep: bool = False) -> int:
    if keep:
        return session.scalars(select(Source.id).where(Source.key == data["id"])).one()
    fields = {f: _text(data.get(f)) for f in SOURCE_FIELDS}
    source = get_or_create_source(session, data["id"], **fields)
    for name, value in fields.items():
        setattr(source, name, value)
    session.flush()
    return source.id


def _import_article(
    session: Session, path: str, data: Mapping, sources: dict[str, int], counts: dict[str, int]
) -> None:
    meta = data["article"]
    article = article_by_slug(session, meta["slug"])
    if article is None:
        article = Article(slug=meta["slug"], text=meta["text"], content_hash="", meta={})
        session.add(article)
    article.text = meta["text"]
    for name in ARTICLE_FIELDS:
        setattr(article, name, _text(meta.get(name)))
    article.meta = dict(meta.get("meta") or {})
    article.source_path = _text(meta.get("source_path"))
    article.content_hash = hashlib.sha256(article.text.encode("utf-8")).hexdigest()
    session.flush()
    existing = {
        c.uid: c for c in session.scalars(select(Claim).where(Claim.article_id == article.id))
    }
    kept = set()
    for item in iter_claims(data):
        claim = _import_claim(session, article, existing, item, sources)
        counts["verdicts"] += _import_verdicts(session, claim, item.get("verdicts") or [])
        kept.add(claim.uid)
        counts["claims"] += 1
    counts["removed_claims"] += _remove_claims(session, path, existing, kept)


def _remove_claims(session: Session, path: str, existing: dict[str, Claim], kept: set[str]) -> int:
    """Delete the article's claims its file no longer has, unless a verdict would go with them."""
    gone = [c for uid, c in existing.items() if uid not in kept]
    if not gone:
        return 0
    ids = [c.id for c in gone]
    judged = set(session.scalars(select(Verdict.claim_id).where(Verdict.claim_id.in_(ids))))
    if judged:
        uid = next(c.uid for c in gone if c.id in judged)
        raise InputError(
            f"claim {uid} has verdicts in the database but is missing from the file; "
            "mark it 'rejected: true' instead of deleting it (or export first)",
            path=path,
        )
    session.execute(delete(Claim).where(Claim.id.in_(ids)))
    return len(ids)


def _import_claim(
    session: Session,
    article: Article,
    existing: dict[str, Claim],
    item: Mapping,
    sources: dict[str, int],
) -> Claim:
    text = item["text"]
    uid = _text(item.get("id")) or claim_uid(text)
    claim = existing.get(uid)
    if claim is None:
        claim = Claim(uid=uid, article_id=article.id)
        session.add(claim)
        existing[uid] = claim
    claim.text, claim.normalized_text = text, normalize_text(text)
    claim.start, claim.end = item["start"], item["end"]
    claim.kind = _text(item.get("kind")) or "author"
    claim.checkworthiness = float(item.get("checkworthiness") or 0.0)
    claim.checkworthiness_signals = [str(s) for s in item.get("checkworthiness_signals") or []]
    claim.hedges = [dict(h) for h in item.get("hedges") or []]
    claim.hedged = bool(claim.hedges)
    for flag in ("orphaned", "rejected", "corrected"):
        setattr(claim, flag, bool(item.get(flag, False)))
    _set_attribution(session, article, claim, item)
    session.flush()
    _import_citations(session, claim, list(iter_citations(item)), sources)
    return claim


def _set_attribution(session: Session, article: Article, claim: Claim, item: Mapping) -> None:
    speaker = item.get("speaker") or {}
    claim.speaker_text = speaker.get("text")
    claim.speaker_start, claim.speaker_end = speaker.get("start"), speaker.get("end")
    cue = item.get("cue") or {}
    claim.cue_text, claim.cue_start, claim.cue_end = (
        cue.get("text"),
        cue.get("start"),
        cue.get("end"),
    )
    name, kind = _text(speaker.get("name")), _text(speaker.get("kind")) or "author"
    # No name means no resolved speaker; inventing one would change the next export.
    claim.speaker_id = get_or_create_speaker(session, name, kind, article.slug).id if name else None


def _import_citations(
    session: Session, claim: Claim, items: list[Mapping], sources: dict[str, int]
) -> None:
    current = {
        (c.source_id, c.evidence_start): c
        for c in session.scalars(select(Citation).where(Citation.claim_id == claim.id))
    }
    keep = set()
    for item in items:
        evidence = item.get("evidence") or {}
        ident = (sources[item["source"]], evidence.get("start"))
        citation = current.get(ident) or Citation(claim_id=claim.id, source_id=ident[0])
        citation.evidence_text = _text(evidence.get("text"))
        citation.evidence_start, citation.evidence_end = evidence.get("start"), evidence.get("end")
        citation.kind = _text(item.get("kind")) or "statement"
        citation.relation = _text(item.get("relation")) or "cites"
        session.add(citation)
        keep.add(ident)
    for ident, citation in current.items():
        if ident not in keep:
            session.delete(citation)
    session.flush()


def _import_verdicts(session: Session, claim: Claim, items: list[Mapping]) -> int:
    """Add the verdicts the database does not have yet, then derive the claim's status and
    decided rating from all of them (the file's ``status`` is what ``factcheck check`` compares)."""
    current = list(session.scalars(select(Verdict).where(Verdict.claim_id == claim.id)))
    seen = {key_of(v) for v in current}
    added = 0
    for item in items:
        facts = verdict_facts(item)
        if facts is None or facts.key in seen:
            continue
        session.add(
            Verdict(
                claim_id=claim.id,
                reviewer=facts.reviewer,
                role=facts.role,
                rating_label=facts.label,
                rating_value=facts.value,
                normalized=facts.normalized,
                retracts=facts.retracts,
                rationale=_text(item.get("rationale")),
                evidence_urls=list(item.get("evidence_urls") or []),
                created_at=_as_datetime(item["created_at"]),
            )
        )
        seen.add(facts.key)
        added += 1
    refresh_status(session, claim)
    return added


def _as_datetime(value: Any) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
