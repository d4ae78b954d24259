"""Editors' corrections of an extraction: speaker, claim span, evidence, citations, rejection.

Each correction needs the editor role, is recorded as an AuditEvent with the values before and after,
and sets ``claim.corrected`` so that re-ingesting the article keeps the hand-made version. The claim's
``uid`` never changes: verdicts and files keep pointing at the same claim. Functions only ``flush()``.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.accounts.users import require
from factcheck.db.models import Article, Citation, Claim, Source, User
from factcheck.db.repository import get_or_create_source, get_or_create_speaker, normalize_text
from factcheck.errors import Conflict, InputError, NotFound, Unprocessable
from factcheck.records import EVIDENCE_KINDS, SPEAKER_KINDS
from factcheck.review.audit import audit
from factcheck.review.verdicts import clean_text, clean_urls, get_claim_or_404

SOURCE_KEY_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-_.")
RELATIONS = ("cites", "supports", "contradicts")


def _article(session: Session, claim: Claim) -> Article:
    article = session.get(Article, claim.article_id)
    if article is None:  # the foreign key makes this impossible; say so clearly if it happens
        raise NotFound(f"article of claim {claim.id} is missing")
    return article


def _span(text: str, start: int | None, end: int | None, what: str) -> tuple[int, int, str]:
    """Validate offsets into the article text and return them with the text they cover; offsets
    that do not fit it are Unprocessable (422: a schema cannot say this)."""
    if start is None or end is None:
        raise Unprocessable(f"{what} needs both a start and an end offset")
    if end <= start:
        raise Unprocessable(
            f"{what} ends (at {end}) before it starts (at {start}): "
            "the end must come after the start"
        )
    if not 0 <= start < end <= len(text):
        raise Unprocessable(f"{what} {start}..{end} is outside the article text (0..{len(text)})")
    covered = text[start:end]
    if not covered.strip():
        raise Unprocessable(f"{what} {start}..{end} covers only white space")
    return start, end, covered


def _snapshot(claim: Claim) -> dict[str, Any]:
    return {
        "text": claim.text,
        "start": claim.start,
        "end": claim.end,
        "speaker_id": claim.speaker_id,
        "speaker_text": claim.speaker_text,
        "speaker_start": claim.speaker_start,
        "speaker_end": claim.speaker_end,
        "rejected": claim.rejected,
    }


def _finish(
    session: Session, user: User, claim: Claim, action: str, before: dict, note: str
) -> None:
    claim.corrected = True
    data = {"before": before, "after": _snapshot(claim), "note": note}
    audit(session, action, "claim", claim.id, data, actor=user.name, user_id=user.id)
    session.flush()


def correct_span(
    session: Session, claim_id: int, user: User, start: int, end: int, note: str = ""
) -> Claim:
    """Move the claim to ``article.text[start:end]`` (its text follows the offsets)."""
    require(user, "editor", "correcting a claim")
    claim = get_claim_or_404(session, claim_id)
    note = clean_text(note, "the note", 2000)
    start, end, covered = _span(_article(session, claim).text, start, end, "the claim span")
    before = _snapshot(claim)
    claim.start, claim.end, claim.text = start, end, covered
    claim.normalized_text = normalize_text(covered)
    _finish(session, user, claim, "claim.correct_span", before, note)
    return claim


def correct_speaker(
    session: Session,
    claim_id: int,
    user: User,
    name: str,
    kind: str,
    start: int | None = None,
    end: int | None = None,
    note: str = "",
) -> Claim:
    """Attribute the claim to another speaker (canonical by name and kind), optionally at a span."""
    require(user, "editor", "correcting a claim")
    claim = get_claim_or_404(session, claim_id)
    name = clean_text(name, "the speaker name", 300)
    note = clean_text(note, "the note", 2000)
    if not name:
        raise InputError("the speaker needs a name")
    if kind not in SPEAKER_KINDS:
        raise InputError(f"speaker kind must be one of: {', '.join(SPEAKER_KINDS)}")
    article = _article(session, claim)
    before = _snapshot(claim)
    if start is not None or end is not None:
        claim.speaker_start, claim.speaker_end, claim.speaker_text = _span(
            article.text, start, end, "the speaker span"
        )
    claim.speaker_id = get_or_create_speaker(session, name, kind, article.slug).id
    _finish(session, user, claim, "claim.correct_speaker", before, note)
    return claim


def correct_evidence(
    session: Session,
    citation_id: int,
    user: User,
    start: int | None,
    end: int | None,
    kind: str,
    note: str = "",
) -> Citation:
    """Change a citation's evidence span (None, None: not in the text) and its evidence kind."""
    require(user, "editor", "correcting evidence")
    citation, claim = _citation_of_claim(session, citation_id)
    _check_evidence_kind(kind)
    before = _citation_data(citation)
    if start is None and end is None:
        citation.evidence_start = citation.evidence_end = None
        citation.evidence_text = ""
    else:
        span = _span(_article(session, claim).text, start, end, "the evidence span")
        citation.evidence_start, citation.evidence_end, citation.evidence_text = span
    citation.kind = kind
    _finish_citation(session, user, claim, "claim.correct_evidence", before, citation, note)
    return citation


def _citation_of_claim(session: Session, citation_id: int) -> tuple[Citation, Claim]:
    citation = session.get(Citation, citation_id)
    if citation is None:
        raise NotFound(f"no citation {citation_id}")
    return citation, get_claim_or_404(session, citation.claim_id)


def _check_evidence_kind(kind: str) -> None:
    if kind not in EVIDENCE_KINDS:
        raise InputError(f"evidence kind must be one of: {', '.join(EVIDENCE_KINDS)}")


def _citation_data(citation: Citation) -> dict[str, Any]:
    return {
        "citation_id": citation.id,
        "source_id": citation.source_id,
        "kind": citation.kind,
        "relation": citation.relation,
        "evidence": [citation.evidence_text, citation.evidence_start, citation.evidence_end],
    }


def _finish_citation(
    session: Session,
    user: User,
    claim: Claim,
    action: str,
    before: dict | None,
    citation: Citation | None,
    note: str,
) -> None:
    """Mark the claim corrected and audit the citation ``before`` and after (None: removed)."""
    session.flush()
    claim.corrected = True
    data: dict[str, Any] = {"before": before}
    if citation is not None:
        data["after"] = _citation_data(citation)
    data["note"] = clean_text(note, "the note", 2000)
    audit(session, action, "claim", claim.id, data, actor=user.name, user_id=user.id)
    session.flush()


def add_citation(
    session: Session,
    claim_id: int,
    user: User,
    source_key: str,
    kind: str,
    start: int | None = None,
    end: int | None = None,
    relation: str = "cites",
    new_source: dict[str, str] | None = None,
    note: str = "",
) -> Citation:
    """Cite a source for the claim: an existing source by key, or a new one made from ``new_source``
    (``kind`` and ``title`` needed; ``url``, ``publisher``, ``date``, ``credibility`` optional)."""
    require(user, "editor", "adding a citation")
    claim = get_claim_or_404(session, claim_id)
    _check_evidence_kind(kind)
    if relation not in RELATIONS:
        raise InputError(f"relation must be one of: {', '.join(RELATIONS)}")
    source = _source_for(session, source_key, new_source)
    span: tuple[int | None, int | None, str] = (None, None, "")
    if start is not None or end is not None:
        span = _span(_article(session, claim).text, start, end, "the evidence span")
    exists = session.scalar(
        select(Citation).where(
            Citation.claim_id == claim.id,
            Citation.source_id == source.id,
            Citation.evidence_start.is_(None)
            if span[0] is None
            else Citation.evidence_start == span[0],
        )
    )
    if exists is not None:
        raise Conflict(f"claim {claim.id} already cites {source.key} at that evidence")
    citation = Citation(
        claim_id=claim.id,
        source_id=source.id,
        evidence_start=span[0],
        evidence_end=span[1],
        evidence_text=span[2],
        kind=kind,
        relation=relation,
    )
    session.add(citation)
    _finish_citation(session, user, claim, "claim.add_citation", None, citation, note)
    return citation


def _source_for(session: Session, key: str, new_source: dict[str, str] | None) -> Source:
    key = (key or "").strip().lower()
    if not key or len(key) > 200 or not set(key) <= SOURCE_KEY_CHARS:
        raise InputError("a source id is 1-200 characters: a-z, 0-9, '-', '_', '.'")
    source = session.scalar(select(Source).where(Source.key == key))
    if source is not None:
        return source
    if not new_source:
        raise NotFound(f"no source {key!r}; give its kind and title to create it")
    fields = {
        name: clean_text(str(new_source.get(name) or ""), f"the source {name}", 2000)
        for name in ("kind", "title", "publisher", "date", "url", "credibility")
    }
    if fields["kind"] not in EVIDENCE_KINDS or not fields["title"]:
        raise InputError(f"a new source needs a title and a kind ({', '.join(EVIDENCE_KINDS)})")
    if fields["url"]:
        fields["url"] = clean_urls([fields["url"]])[0]
    return get_or_create_source(session, key, **fields)


def remove_citation(session: Session, citation_id: int, user: User, note: str = "") -> None:
    """Drop a wrongly extracted citation (the audit event keeps what it was)."""
    require(user, "editor", "removing a citation")
    citation, claim = _citation_of_claim(session, citation_id)
    before = _citation_data(citation)
    session.delete(citation)
    _finish_citation(session, user, claim, "claim.remove_citation", before, None, note)


def reject_claim(session: Session, claim_id: int, user: User, reason: str = "") -> Claim:
    """Mark an extraction as not a claim; it leaves the queue and the lists, and stays rejected."""
    require(user, "editor", "rejecting a claim")
    claim = get_claim_or_404(session, claim_id)
    before = _snapshot(claim)
    claim.rejected = True
    _finish(session, user, claim, "claim.reject", before, reason)
    return claim


def restore_claim(session: Session, claim_id: int, user: User, note: str = "") -> Claim:
    """Undo a rejection: the claim is a claim again, back in the lists and the queue."""
    require(user, "editor", "restoring a claim")
    claim = get_claim_or_404(session, claim_id)
    if not claim.rejected:
        raise Conflict(f"claim {claim_id} is not rejected")
    before = _snapshot(claim)
    claim.rejected = False
    _finish(session, user, claim, "claim.restore", before, note)
    return claim


def source_choices(session: Session, limit: int = 500) -> list[str]:
    """Known source keys, in order, for a correction form's suggestions."""
    return list(session.scalars(select(Source.key).order_by(Source.key).limit(limit)))


def claim_citation(session: Session, claim_id: int, citation_id: int | None) -> Citation:
    """Citation ``citation_id`` of claim ``claim_id``; NotFound when the claim has no such citation."""
    citation = session.get(Citation, citation_id) if citation_id else None
    if citation is None or citation.claim_id != claim_id:
        raise NotFound(f"claim {claim_id} has no citation {citation_id}")
    return citation
