"""The status rule: a claim's status and decided rating, derived from its verdicts alone.

This is the one implementation. The database (``factcheck.review.verdicts``), the knowledge-base
import and the CI check (``factcheck.kb``), the pages, the API and the ClaimReview export all read a
claim's review through ``derive``; each adapts its verdicts (database rows or file records) to
``VerdictFacts`` first.

- ``unreviewed``: no live verdict;
- ``decided``: an editor's (or admin's) latest verdict exists, or at least two reviewers' latest
  verdicts agree on the normalized rating (TRUE, MIXTURE, FALSE, OTHER) and none disagrees;
- ``disputed``: the latest verdicts of different reviewers disagree (and no editor has ruled);
- ``in_review``: one reviewer so far.

Whether a verdict is an editor's is the role its reviewer held when recording it (kept on the
verdict), so the rule gives the same answer after an export and import into a database without
the users. A retraction (an undo) is a verdict that ``retracts`` another one of the same reviewer,
named by its stable key (``verdict_key``); a retraction without a key (older data) withdraws the
reviewer's latest live verdict.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

RETRACTED = "retracted"  # the rating label of a retraction
RETRACTED_NORMALIZED = "RETRACTED"
EDITOR_ROLES = frozenset({"editor", "admin"})


def verdict_key(reviewer: str, created_at: datetime | str, label: str) -> str:
    """The stable key of a verdict within its claim: who rated what, and when."""
    when = created_at if isinstance(created_at, str) else created_at.isoformat()
    return hashlib.sha256(f"{reviewer}\n{when}\n{label}".encode()).hexdigest()[:12]


@dataclass(frozen=True)
class VerdictFacts:
    """What the status rule needs of one verdict, in history order."""

    key: str
    reviewer: str
    role: str  # the reviewer's role when the verdict was recorded
    label: str  # the rating label; ``retracted`` for a retraction
    value: int | None
    normalized: str
    retracts: str | None = None  # the key of the verdict a retraction withdraws

    @property
    def is_retraction(self) -> bool:
        return self.label == RETRACTED


@dataclass(frozen=True)
class Review:
    """Where a claim's review stands."""

    status: str
    decided: VerdictFacts | None  # the deciding verdict, when decided
    latest: tuple[VerdictFacts, ...]  # each reviewer's latest live verdict, oldest first
    retracted: frozenset[str]  # keys of withdrawn verdicts

    @property
    def disagreement(self) -> bool:
        """True when reviewers' latest verdicts fall on different normalized ratings."""
        return len({v.normalized for v in self.latest}) > 1

    @property
    def rating(self) -> dict[str, object] | None:
        """The decided rating as plain data (label, value, normalized), or None."""
        if self.decided is None:
            return None
        d = self.decided
        return {"label": d.label, "value": d.value, "normalized": d.normalized}


def live(history: Sequence[VerdictFacts]) -> tuple[list[VerdictFacts], frozenset[str]]:
    """The verdicts not withdrawn, in order (retractions left out), and the keys withdrawn."""
    stacks: dict[str, list[VerdictFacts]] = {}
    withdrawn: set[str] = set()
    for verdict in history:
        stack = stacks.setdefault(verdict.reviewer, [])
        if not verdict.is_retraction:
            stack.append(verdict)
            continue
        target = _target(stack, verdict.retracts)
        if target is not None:
            stack.remove(target)
            withdrawn.add(target.key)
    standing = {id(v) for stack in stacks.values() for v in stack}
    return [v for v in history if id(v) in standing], frozenset(withdrawn)


def _target(stack: list[VerdictFacts], key: str | None) -> VerdictFacts | None:
    if key is None:
        return stack[-1] if stack else None
    return next((v for v in stack if v.key == key), None)


def derive(history: Iterable[VerdictFacts]) -> Review:
    """Apply the status rule to a claim's verdicts, oldest first."""
    kept, withdrawn = live(list(history))
    by_reviewer = {v.reviewer: v for v in kept}
    latest = tuple(v for v in kept if by_reviewer[v.reviewer] is v)
    if not latest:
        return Review("unreviewed", None, latest, withdrawn)
    editors = [v for v in latest if v.role in EDITOR_ROLES]
    if editors:
        return Review("decided", editors[-1], latest, withdrawn)
    if len(latest) == 1:
        return Review("in_review", None, latest, withdrawn)
    if len({v.normalized for v in latest}) > 1:
        return Review("disputed", None, latest, withdrawn)
    return Review("decided", latest[-1], latest, withdrawn)
