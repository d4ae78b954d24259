"""The knowledge base as files: ``sources/<id>.yaml`` and ``claims/<article-slug>.yaml``.

``export_kb`` and ``import_kb`` round-trip the database: keys are sorted, ids are the stable
source keys, article slugs and claim uids, and lists keep a fixed order, so a diff shows only what
really changed. User accounts and tokens are never written to files.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select
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

SOURCE_FIELDS = (
    "kind",
    "title",
    "publisher",
    "date",
    "url",
    "identifier",
    "language",
    "credibility",
    "notes",
)
ARTICLE_FIELDS = ("title", "url", "byline", "publisher", "published", "language")


@dataclass(frozen=True)
class ImportSummary:
    sources: int
    articles: int
    claims: int
    verdicts: int


class _Dumper(yaml.SafeDumper):
    """Block style, with multi-line strings as literal blocks so article text diffs by line."""


def _str_representer(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value and _literal_safe(value) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _literal_safe(value: str) -> bool:
    # Literal blocks cannot carry trailing spaces or some control characters faithfully.
    return not any(line != line.rstrip(" \t") for line in value.split("\n")) and all(
        ch in "\n\t" or ch.isprintable() for ch in value
    )


_Dumper.add_representer(str, _str_representer)


def dump_yaml(data: Any) -> str:
    return yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=True,
        allow_unicode=True,
        default_flow_style=False,
        width=100,
    )


def _write_atomic(path: Path, content: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(content)
    os.replace(tmp, path)


# --- export -------------------------------------------------------------------------------------


def export_kb(db: Database, directory: Path) -> tuple[int, int]:
    """Write every source and article of the database under ``directory``; return the counts.

    Files of sources and articles that no longer exist in the database are removed, so the folder
    mirrors the database exactly.
    """
    directory = Path(directory)
    for folder in ("sources", "claims"):
        (directory / folder).mkdir(parents=True, exist_ok=True)
    with db.sessions() as session:
        n_sources = _export_sources(session, directory / "sources")
        n_articles = _export_articles(session, directory / "claims")
    return n_sources, n_articles


def _export_sources(session: Session, folder: Path) -> int:
    written = set()
    for source in session.scalars(select(Source).order_by(Source.key)):
        data = {"id": source.key, **{f: getattr(source, f) for f in SOURCE_FIELDS}}
        name = f"{source.key}.yaml"
        _write_atomic(folder / name, dump_yaml(data))
        written.add(name)
    _remove_stale(folder, written)
    return len(written)


def _export_articles(session: Session, folder: Path) -> int:
    written = set()
    query = (
        select(Article)
        .order_by(Article.slug)
        .options(
            selectinload(Article.claims).selectinload(Claim.speaker),
            selectinload(Article.claims).selectinload(Claim.verdicts),
            selectinload(Article.claims)
            .selectinload(Claim.citations)
            .selectinload(Citation.source),
        )
    )
    for article in session.scalars(query):
        name = f"{article.slug}.yaml"
        _write_atomic(folder / name, dump_yaml(article_to_data(article)))
        written.add(name)
    _remove_stale(folder, written)
    return len(written)


def _remove_stale(folder: Path, keep: set[str]) -> None:
    if folder.is_dir():
        for path in folder.glob("*.yaml"):
            if path.name not in keep:
                path.unlink()


def article_to_data(article: Article) -> dict[str, Any]:
    """One article and its claims as the plain data of ``claims/<slug>.yaml``."""
    meta = {f: getattr(article, f) for f in ARTICLE_FIELDS}
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
        "hedges": list(claim.hedges),
        "citations": [
            {
                "source": c.source.key,
                "kind": c.kind,
                "relation": c.relation,
                "evidence": _span(c.evidence_text, c.evidence_start, c.evidence_end),
            }
            for c in sorted(claim.citations, key=lambda c: (c.evidence_start or 0, c.source.key))
        ],
        "verdicts": [
            {
                "reviewer": v.reviewer,
                "rating": v.rating_label,
                "value": v.rating_value,
                "normalized": v.normalized,
                "rationale": v.rationale,
                "evidence_urls": list(v.evidence_urls),
                "created_at": v.created_at.isoformat(),
            }
            for v in claim.verdicts
        ],
    }
    for flag in ("orphaned", "rejected", "corrected"):
        if getattr(claim, flag):
            data[flag] = True
    return data


# --- import -------------------------------------------------------------------------------------


def read_yaml(path: Path) -> Any:
    """Parse one YAML file; unreadable or malformed files raise InputError with file and line."""
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8")
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=str(path)) from exc
    except UnicodeDecodeError as exc:
        raise InputError("not UTF-8 text", path=str(path)) from exc
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or "malformed YAML"
        raise InputError(f"malformed YAML: {problem}", path=str(path), line=line) from exc


def iter_kb_files(directory: Path, folder: str) -> Iterator[Path]:
    yield from sorted((Path(directory) / folder).glob("*.yaml"))


def import_kb(db: Database, directory: Path) -> ImportSummary:
    """Load ``sources/`` and ``claims/`` under ``directory`` in one transaction.

    Sources and articles are upserted by key and slug, claims by uid; verdicts already present
    (same reviewer, rating and time) are not added twice. Any bad file aborts the whole import.
    """
    directory = Path(directory)
    counts = {"sources": 0, "articles": 0, "claims": 0, "verdicts": 0}
    with db.unit() as session:
        for path in iter_kb_files(directory, "sources"):
            _import_source(session, path, read_yaml(path))
            counts["sources"] += 1
        for path in iter_kb_files(directory, "claims"):
            n_claims, n_verdicts = _import_article(session, path, read_yaml(path))
            counts["articles"] += 1
            counts["claims"] += n_claims
            counts["verdicts"] += n_verdicts
    return ImportSummary(**counts)


def _require(data: Any, key: str, path: Path, kind: type = str) -> Any:
    if not isinstance(data, dict) or not isinstance(data.get(key), kind):
        raise InputError(f"missing or invalid {key!r}", path=str(path))
    return data[key]


def _import_source(session: Session, path: Path, data: Any) -> None:
    key = _require(data, "id", path)
    fields = {f: str(data.get(f) or "") for f in SOURCE_FIELDS}
    source = get_or_create_source(session, key, **fields)
    for name, value in fields.items():
        setattr(source, name, value)


def _import_article(session: Session, path: Path, data: Any) -> tuple[int, int]:
    meta = _require(data, "article", path, dict)
    slug = _require(meta, "slug", path)
    text = _require(meta, "text", path)
    article = article_by_slug(session, slug)
    if article is None:
        article = Article(slug=slug, text=text, content_hash="", meta={})
        session.add(article)
    article.text = text
    for name in ARTICLE_FIELDS:
        setattr(article, name, str(meta.get(name) or ""))
    article.content_hash = _content_hash(text)
    session.flush()
    claims = data.get("claims") or []
    if not isinstance(claims, list):
        raise InputError("'claims' must be a list", path=str(path))
    existing = {
        c.uid: c for c in session.scalars(select(Claim).where(Claim.article_id == article.id))
    }
    n_verdicts = 0
    for item in claims:
        n_verdicts += _import_claim(session, path, article, existing, item)
    return len(claims), n_verdicts


def _content_hash(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _import_claim(
    session: Session, path: Path, article: Article, existing: dict[str, Claim], item: Any
) -> int:
    text = _require(item, "text", path)
    uid = str(item.get("id") or claim_uid(text))
    speaker_data = item.get("speaker") or {}
    claim = existing.get(uid)
    if claim is None:
        claim = Claim(uid=uid, article_id=article.id)
        session.add(claim)
        existing[uid] = claim
    claim.text = text
    claim.normalized_text = normalize_text(text)
    claim.start, claim.end = int(item.get("start") or 0), int(item.get("end") or 0)
    claim.kind = str(item.get("kind") or "author")
    claim.status = str(item.get("status") or "unreviewed")
    claim.checkworthiness = float(item.get("checkworthiness") or 0.0)
    claim.speaker_text = speaker_data.get("text")
    claim.speaker_start, claim.speaker_end = speaker_data.get("start"), speaker_data.get("end")
    cue = item.get("cue") or {}
    claim.cue_text, claim.cue_start, claim.cue_end = (
        cue.get("text"),
        cue.get("start"),
        cue.get("end"),
    )
    claim.hedges = list(item.get("hedges") or [])
    claim.hedged = bool(claim.hedges)
    for flag in ("orphaned", "rejected", "corrected"):
        setattr(claim, flag, bool(item.get(flag, False)))
    name = str(speaker_data.get("name") or article.publisher or "the article")
    kind = str(speaker_data.get("kind") or "author")
    claim.speaker_id = get_or_create_speaker(session, name, kind, article.slug).id
    session.flush()
    _import_citations(session, path, claim, item.get("citations") or [])
    return _import_verdicts(session, claim, item.get("verdicts") or [])


def _import_citations(session: Session, path: Path, claim: Claim, items: list[Any]) -> None:
    wanted = []
    for item in items:
        key = _require(item, "source", path)
        source = session.scalar(select(Source).where(Source.key == key))
        if source is None:
            raise InputError(f"claim {claim.uid} cites unknown source {key!r}", path=str(path))
        evidence = item.get("evidence") or {}
        wanted.append((source.id, evidence, item))
    current = {
        (c.source_id, c.evidence_start): c
        for c in session.scalars(select(Citation).where(Citation.claim_id == claim.id))
    }
    keep = set()
    for source_id, evidence, item in wanted:
        ident = (source_id, evidence.get("start"))
        citation = current.get(ident) or Citation(claim_id=claim.id, source_id=source_id)
        citation.evidence_text = str(evidence.get("text") or "")
        citation.evidence_start, citation.evidence_end = evidence.get("start"), evidence.get("end")
        citation.kind = str(item.get("kind") or "statement")
        citation.relation = str(item.get("relation") or "cites")
        session.add(citation)
        keep.add(ident)
    for ident, citation in current.items():
        if ident not in keep:
            session.delete(citation)
    session.flush()


def _import_verdicts(session: Session, claim: Claim, items: list[Any]) -> int:
    from datetime import datetime

    seen = {
        (v.reviewer, v.rating_label, v.created_at.isoformat())
        for v in session.scalars(select(Verdict).where(Verdict.claim_id == claim.id))
    }
    added = 0
    for item in items:
        created = datetime.fromisoformat(str(item["created_at"]))
        ident = (str(item["reviewer"]), str(item["rating"]), created.isoformat())
        if ident in seen:
            continue
        session.add(
            Verdict(
                claim_id=claim.id,
                reviewer=ident[0],
                rating_label=ident[1],
                rating_value=item.get("value"),
                normalized=str(item.get("normalized") or "OTHER"),
                rationale=str(item.get("rationale") or ""),
                evidence_urls=list(item.get("evidence_urls") or []),
                created_at=created,
            )
        )
        seen.add(ident)
        added += 1
    return added
