"""Reviewing claims: verdicts (append-only), the status rule, undo, and editors' corrections.

Status of a claim, from the latest live verdict of each reviewer (a verdict is live until its
reviewer retracts it):

- ``unreviewed``: no live verdict;
- ``decided``: an editor's (or admin's) latest verdict exists, or at least two reviewers' latest
  verdicts agree on the normalized rating (TRUE, MIXTURE, FALSE, OTHER) and none disagrees;
- ``disputed``: the latest verdicts of different reviewers disagree (and no editor has ruled);
- ``in_review``: one reviewer so far.

Undo never deletes: it appends a verdict with rating label ``retracted`` (normalized
``RETRACTED``) by the same reviewer, which cancels that reviewer's previous live verdict on the
claim. Because the retraction is an ordinary row of the history, it survives ``factcheck export`` and
``import``. Every write also records an AuditEvent. Functions here only ``flush()``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.accounts.users import require, role_at_least
from factcheck.db.base import utcnow
from factcheck.db.models import Claim, User, Verdict
from factcheck.db.repository import get_or_404
from factcheck.errors import Conflict, InputError, NotFound
from factcheck.review.audit import audit
from factcheck.review.scale import RatingScale

RETRACTED = "retracted"
RETRACTED_NORMALIZED = "RETRACTED"
UNDO_WINDOW = timedelta(minutes=30)  # a slip noticed in the queue, not a change of mind next week
MAX_RATIONALE_CHARS = 20_000
MAX_EVIDENCE_URLS = 20
MAX_URL_CHARS = 2_000


# --- the status rule ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Consensus:
    """Where a claim's review stands: its status, the agreed rating and who disagrees."""

    status: str
    normalized: str | None  # the decided normalized rating, when decided
    label: str | None  # the deciding verdict's label, when decided
    latest: tuple[Verdict, ...]  # each reviewer's latest live verdict, oldest first
    retracted_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def disagreement(self) -> bool:
        """True when reviewers' latest verdicts fall on different normalized ratings."""
        return len({v.normalized for v in self.latest}) > 1


def live_verdicts(verdicts: Iterable[Verdict]) -> tuple[list[Verdict], frozenset[int]]:
    """The verdicts not retracted (in order, retractions left out) and the ids retracted."""
    stacks: dict[str, list[Verdict]] = {}
    retracted: set[int] = set()
    for verdict in sorted(verdicts, key=lambda v: v.id):
        stack = stacks.setdefault(verdict.reviewer, [])
        if verdict.rating_label != RETRACTED:
            stack.append(verdict)
        elif stack:
            retracted.add(stack.pop().id)
    live = sorted((v for stack in stacks.values() for v in stack), key=lambda v: v.id)
    return live, frozenset(retracted)


def consensus(verdicts: Iterable[Verdict], roles: Mapping[int, str]) -> Consensus:
    """Apply the status rule; ``roles`` maps user ids to their role (editors decide alone)."""
    live, retracted = live_verdicts(verdicts)
    latest_by_reviewer = {v.reviewer: v for v in live}
    latest = tuple(sorted(latest_by_reviewer.values(), key=lambda v: v.id))
    if not latest:
        return Consensus("unreviewed", None, None, latest, retracted)
    editors = [v for v in latest if _is_editor(v, roles)]
    if editors:
        ruling = editors[-1]
        return Consensus("decided", ruling.normalized, ruling.rating_label, latest, retracted)
    if len(latest) == 1:
        return Consensus("in_review", None, None, latest, retracted)
    if len({v.normalized for v in latest}) > 1:
        return Consensus("disputed", None, None, latest, retracted)
    return Consensus("decided", latest[-1].normalized, latest[-1].rating_label, latest, retracted)


def _is_editor(verdict: Verdict, roles: Mapping[int, str]) -> bool:
    role = roles.get(verdict.user_id) if verdict.user_id is not None else None
    return role is not None and role_at_least(role, "editor")


def roles_of(session: Session, verdicts: Sequence[Verdict]) -> dict[int, str]:
    """The current role of every user who wrote one of ``verdicts``."""
    ids = {v.user_id for v in verdicts if v.user_id is not None}
    if not ids:
        return {}
    rows = session.execute(select(User.id, User.role).where(User.id.in_(ids)))
    return {int(uid): str(role) for uid, role in rows}


def claim_consensus(session: Session, claim_id: int) -> Consensus:
    """The consensus of one claim, read from the database."""
    verdicts = list(
        session.scalars(select(Verdict).where(Verdict.claim_id == claim_id).order_by(Verdict.id))
    )
    return consensus(verdicts, roles_of(session, verdicts))


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
    """Recompute and store ``claim.status`` (rejected claims keep their status)."""
    session.flush()
    result = claim_consensus(session, claim.id)
    claim.status = result.status
    return result


# --- validation -----------------------------------------------------------------------------------


def clean_text(value: str, what: str, max_chars: int) -> str:
    """Strip a free-text field and refuse control characters and overlong input."""
    value = (value or "").strip()
    if len(value) > max_chars:
        raise InputError(f"{what} is longer than {max_chars} characters")
    if any(not ch.isprintable() and ch not in "\n\r\t" for ch in value):
        raise InputError(f"{what} contains control characters")
    return value


def clean_urls(urls: Iterable[str]) -> list[str]:
    """Evidence links: absolute http(s) URLs with a host, no spaces, at most MAX_EVIDENCE_URLS."""
    cleaned: list[str] = []
    for raw in urls:
        url = (raw or "").strip()
        if not url:
            continue
        parts = urlsplit(url)
        bad = len(url) > MAX_URL_CHARS or any(ch.isspace() or not ch.isprintable() for ch in url)
        if bad or parts.scheme.lower() not in ("http", "https") or not parts.hostname:
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
        rationale=f"retracts verdict {target.id} ({target.rating_label})",
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
