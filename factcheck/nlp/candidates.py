"""Candidate claims of the attribution component and how overlapping candidates are resolved.

A candidate is a claim before resolution: token ranges for its content, speaker mention and cue.
Where candidates overlap by more than half, the preferred kind wins (block, direct, according_to,
indirect, reported; a last-resort quote loses to all), and claims in skipped or headline-like
regions are dropped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc

from factcheck.nlp.quotes import paragraph_bounds

QUOTING = ("block", "direct")
PRIORITY = {"block": 0, "direct": 1, "according_to": 2, "indirect": 3, "reported": 4}
_SENTENCE_END = set(".!?:;,\"”’')]…")


@dataclass
class Candidate:
    """A claim before overlap resolution; spans are token ranges [start, end)."""

    start: int
    end: int
    kind: str
    speaker: tuple[int, int] | None
    cue: tuple[int, int] | None
    speaker_name: str = ""
    fallback: bool = False  # a last resort: loses to every other candidate

    @property
    def size(self) -> int:
        return self.end - self.start

    @property
    def rank(self) -> int:
        return len(PRIORITY) if self.fallback else PRIORITY[self.kind]


def headline_like(text: str) -> list[tuple[int, int]]:
    """Paragraphs that do not end like a sentence: headings, captions, datelines, lists."""
    return [(s, e) for s, e in paragraph_bounds(text) if text[e - 1] not in _SENTENCE_END]


def resolve(
    doc: Doc, candidates: list[Candidate], extra_skip: Sequence[tuple[int, int]] = ()
) -> list[Candidate]:
    """Keep the preferred candidate where candidates overlap by more than half; drop skipped ones.

    A cue that introduces a block or direct quote introduces nothing else ("she described the
    scene:" is not also an indirect claim "the scene").
    """
    skip = [tuple(r) for r in (doc._.fc_skip or [])] + list(extra_skip)
    ordered = sorted(candidates, key=lambda c: (c.rank, c.start, -c.size))
    kept: list[Candidate] = []
    taken: set[int] = set()
    quoting_cues: set[tuple[int, int]] = set()
    for cand in ordered:
        if _in_skip(doc, cand, skip) or (cand.cue in quoting_cues and cand.kind not in QUOTING):
            continue
        overlap = sum(1 for i in range(cand.start, cand.end) if i in taken)
        if overlap * 2 > cand.size:
            continue
        kept.append(cand)
        taken.update(range(cand.start, cand.end))
        if cand.kind in QUOTING and cand.cue is not None:
            quoting_cues.add(cand.cue)
    unique = {(c.start, c.end): c for c in sorted(kept, key=lambda c: -c.rank)}
    return sorted(unique.values(), key=lambda c: c.start)


def _in_skip(doc: Doc, cand: Candidate, skip: list[tuple[int, ...]]) -> bool:
    if not skip:
        return False
    start_char = doc[cand.start].idx
    end_char = doc[cand.end - 1].idx + len(doc[cand.end - 1])
    return any(s < end_char and start_char < e for s, e in skip)
