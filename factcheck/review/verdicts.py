"""Reviewing claims: verdicts (append-only), the claim's status from them, undo.

The status rule itself is ``factcheck.review.status.derive``; here it is applied to a claim's
verdict rows and its outcome stored on the claim (``status`` and the decided rating columns) by
``apply_review``, the only writer of those columns.

Undo never deletes: it appends a verdict with rating label ``retracted`` by the same reviewer whose
``retracts`` names the withdrawn verdict by its stable key. Because the retraction is an ordinary
row of the history, it survives ``factcheck export`` and ``import``. Every write also records an
AuditEvent. Functions here only ``flush()``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.accounts.users import require
from factcheck.db.base import utcnow
from factcheck.db.models import Claim, User, Verdict
from factcheck.db.repository import get_or_404
from factcheck.errors import Conflict, InputError, NotFound
from factcheck.review.audit import audit
from factcheck.review.scale import RatingScale
from factcheck.review.status import (
    RETRACTED,
    RETRACTED_NORMALIZED,
    Review,
    VerdictFacts,
    derive,
    live,
    verdict_key,
)
from factcheck.textrules import HTTP_URL, is_free_text, matches

UNDO_WINDOW = timedelta(minutes=30)  # a slip noticed in the queue, not a change of mind next week
MAX_RATIONALE_CHARS = 20_000
MAX_EVIDENCE_URLS = 20
MAX_URL_CHARS = 2_000
__all__ = ["RETRACTED", "RETRACTED_NORMALIZED", "Consensus", "consensus", "key_of"]


# --- the status rule, on database rows --------------------------------------------------------------


def key_of(verdict: Verdict) -> str:
    """The stable key of a verdict row (``factcheck.review.status.verdict_key``)."""
    return verdict_key(verdict.reviewer, verdict.created_at, verdict.rating_label)


def facts_of(verdict: Verdict) -> VerdictFacts:
    return VerdictFacts(
        key=key_of(verdict),
        reviewer=verdict.reviewer,
        role=verdict.role or "reviewer",
        label=verdict.rating_label,
        value=verdict.rating_value,
        normalized=verdict.normalized,
        retracts=verdict.retracts,
    )


@dataclass(frozen=True)
class Consensus:
    """A claim's ``Review`` in terms of its verdict rows."""

    review: Review
    latest: tuple[Verdict, ...]  # each reviewer's latest live verdict, oldest first
    deciding: Verdict | None
    retracted_ids: frozenset[int]

    @property
    def status(self) -> str:
        return self.review.status

    @property
    def label(self) -> str | None:
        return self.deciding.rating_label if self.deciding else None

    @property
    def normalized(self) -> str | None:
        return self.deciding.normalized if self.deciding else None

    @property
    def disagreement(self) -> bool:
        return self.review.disagreement


def consensus(verdicts: Iterable[Verdict]) -> Consensus:
    """Apply the status rule to a claim's verdict rows."""
    rows = sorted(verdicts, key=lambda v: v.id)
    facts = [facts_of(v) for v in rows]
    review = derive(facts)
    row_of = {id(f): v for f, v in zip(facts, rows, strict=True)}
    latest = tuple(row_of[id(f)] for f in review.latest)
    deciding = row_of[id(review.decided)] if review.decided is not None else None
    standing = {id(f) for f in live(facts)[0]}
    retracted = frozenset(
        v.id
        for f, v in zip(facts, rows, strict=True)
        if not f.is_retraction and id(f) not in standing
    )
    return Consensus(review, latest, deciding, retracted)


def live_verdicts(verdicts: Iterable[Verdict]) -> tuple[list[Verdict], frozenset[int]]:
    """The verdicts not retracted (in order, retractions left out) and the ids retracted."""
    rows = sorted(verdicts, key=lambda v: v.id)
    result = consensus(rows)
    live = [v for v in rows if v.rating_label != RETRACTED and v.id not in result.retracted_ids]
    return live, result.retracted_ids


def claim_consensus(session: Session, claim_id: int) -> Consensus:
    """The consensus of one claim, read from the database."""
    verdicts = session.scalars(
        select(Verdict).where(Verdict.claim_id == claim_id).order_by(Verdict.id)
    )
    return consensus(verdicts)


def apply_review(claim: Claim, result: Consensus) -> None:
    """Store the outcome of the status rule on the claim: status and decided rating (or NULLs)."""
    claim.status = result.status
    deciding = result.deciding
    claim.rating_label = deciding.rating_label if deciding else None
    claim.rating_value = deciding.rating_value if deciding else None
    claim.rating_normalized = deciding.normalized if deciding else None
    claim.rating_key = deciding.rating_label.lower() if deciding else None


def review_summary(session: Session, claim_id: int) -> dict[str, Any]:
    """Where the claim's review stands: status rule outcome and each reviewer's latest rating."""
    result = claim_consensus(session, claim_id)
    decided = {"label": result.label, "normalized": result.normalized} if result.label else None
    latest = [
        {
            "reviewer": v.reviewer,
            "rating": v.rating_label,
            "normalized": v.normalized,
            "created_at": v.created_at.isoformat(),
        }
        for v in result.latest
    ]
    return {
        "status": result.status,
        "decided": decided,
        "disagreement": result.disagreement,
        "latest": latest,
    }


def refresh_status(session: Session, claim: Claim) -> Consensus:
    """Recompute the claim's status and decided rating from its verdicts and store them."""
    session.flush()
    result = claim_consensus(session, claim.id)
    apply_review(claim, result)
    return result


# --- validation -----------------------------------------------------------------------------------


def clean_text(value: str, what: str, max_chars: int) -> str:
    """Strip a free-text field and refuse control characters (``textrules.FREE_TEXT``), lone
    surrogates and overlong input."""
    value = (value or "").strip()
    if len(value) > max_chars:
        raise InputError(f"{what} is longer than {max_chars} characters")
    if not is_free_text(value):
        raise InputError(f"{what} contains control or invisible characters")
    return value


def clean_urls(urls: Iterable[str]) -> list[str]:
    """Evidence links: absolute http(s) URLs with a host, no spaces (``textrules.HTTP_URL``), at
    most MAX_EVIDENCE_URLS."""
    cleaned: list[str] = []
    for raw in urls:
        url = (raw or "").strip()
        if not url:
            continue
        if len(url) > MAX_URL_CHARS or not matches(HTTP_URL, url):
            raise InputError(f"evidence link {url[:80]!r} is not an http(s) URL")
        if url not in cleaned:
            cleaned.append(url)
    if len(cleaned) > MAX_EVIDENCE_URLS:
        raise InputError(f"at most {MAX_EVIDENCE_URLS} evidence links per verdict")
    return cleaned


def get_claim_or_404(session: Session, claim_id: int) -> Claim:
    return get_or_404(session, Claim, claim_id, f"no claim {claim_id}")


# --- verdicts -------------------------------------------------------------------------------------


def record_verdict(
    session: Session,
    claim_id: int,
    user: User,
    label: str,
    rationale: str,
    evidence_urls: Iterable[str],
    scale: RatingScale,
) -> Verdict:
    """Append ``user``'s verdict on a claim and update the claim's status.

    Raises PermissionDenied (not a reviewer), NotFound (no such claim), Conflict (the claim was
    rejected) and InputError (a label not on ``scale``, a bad link or rationale).
    """
    require(user, "reviewer", "recording a verdict")
    rating = scale.get(label or "")
    if rating is None or rating.label.casefold() == RETRACTED:
        raise InputError(f"rating must be one of: {', '.join(scale.labels)}")
    rationale = clean_text(rationale, "the rationale", MAX_RATIONALE_CHARS)
    urls = clean_urls(evidence_urls)
    verdict = Verdict(
        claim_id=claim_id,
        user_id=user.id,
        reviewer=user.name,
        rating_label=rating.label,
        rating_value=rating.value,
        normalized=rating.normalized,
        role=user.role,
        rationale=rationale,
        evidence_urls=urls,
        created_at=utcnow(),
    )
    claim = get_claim_or_404(session, claim_id)
    if claim.rejected:
        raise Conflict(f"claim {claim_id} was rejected as not a claim; it takes no verdicts")
    session.add(verdict)  # the first write: SQLite takes its write lock here, before the reads
    session.flush()
    result = refresh_status(session, claim)
    audit(
        session,
        "verdict.record",
        "claim",
        claim_id,
        _verdict_data(verdict, result),
        actor=user.name,
        user_id=user.id,
    )
    session.flush()
    return verdict


def _verdict_data(verdict: Verdict, result: Consensus) -> dict[str, Any]:
    return {"verdict_id": verdict.id, "rating": verdict.rating_label, "status": result.status}


def undo_verdict(
    session: Session, claim_id: int, user: User, now: datetime | None = None
) -> Verdict:
    """Retract ``user``'s latest live verdict on a claim (within UNDO_WINDOW); return the retraction.

    Nothing is deleted: a ``retracted`` verdict is appended and the claim's status recomputed.
    """
    require(user, "reviewer", "undoing a verdict")
    claim = get_claim_or_404(session, claim_id)
    verdicts = list(session.scalars(select(Verdict).where(Verdict.claim_id == claim_id)))
    live, _ = live_verdicts(verdicts)
    own = [v for v in live if v.reviewer == user.name]
    if not own:
        raise NotFound(f"you have no verdict on claim {claim_id} to undo")
    target = own[-1]
    if (now or utcnow()) - target.created_at > UNDO_WINDOW:
        minutes = int(UNDO_WINDOW.total_seconds() // 60)
        raise Conflict(f"verdicts can be undone for {minutes} minutes; record a new one instead")
    retraction = Verdict(
        claim_id=claim_id,
        user_id=user.id,
        reviewer=user.name,
        rating_label=RETRACTED,
        rating_value=None,
        normalized=RETRACTED_NORMALIZED,
        role=user.role,
        retracts=key_of(target),
        rationale=f"undoes the {target.rating_label} verdict of {target.created_at.isoformat()}",
        evidence_urls=[],
        created_at=utcnow(),
    )
    session.add(retraction)
    session.flush()
    result = refresh_status(session, claim)
    data = {"verdict_id": target.id, "retraction_id": retraction.id, "status": result.status}
    audit(session, "verdict.retract", "claim", claim_id, data, actor=user.name, user_id=user.id)
    session.flush()
    return retraction


# Editors' corrections (speaker, span, evidence, citations, rejection) live in corrections.py.
