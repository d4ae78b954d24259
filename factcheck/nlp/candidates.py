"""Candidate claims of the attribution component and how overlapping candidates are resolved.

A candidate is a claim before resolution: token ranges for its content, speaker mention and cue.
Where candidates overlap by more than half, the preferred kind wins (block, direct, according_to,
indirect, reported; a last-resort quote loses to all), and claims in skipped or headline-like
regions are dropped.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate

from spacy.tokens import Doc

from factcheck.nlp.doc_index import doc_cache, doc_text
from factcheck.nlp.quotes import doc_paragraphs, paragraph_bounds

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


def doc_headlines(doc: Doc) -> list[tuple[int, int]]:
    """``headline_like`` of the Doc's text, computed once per Doc."""
    cache = doc_cache(doc)
    found: list[tuple[int, int]] | None = cache.get("headlines")
    if found is None:
        text = doc_text(doc)
        found = [(s, e) for s, e in doc_paragraphs(doc) if text[e - 1] not in _SENTENCE_END]
        cache["headlines"] = found
    return list(found)


def resolve(
    doc: Doc, candidates: list[Candidate], extra_skip: Sequence[tuple[int, int]] = ()
) -> list[Candidate]:
    """Keep the preferred candidate where candidates overlap by more than half; drop skipped ones.

    A cue that introduces a block or direct quote introduces nothing else ("she described the
    scene:" is not also an indirect claim "the scene").
    """
    skip = Regions([(int(r[0]), int(r[1])) for r in (doc._.fc_skip or [])] + list(extra_skip))
    ordered = sorted(candidates, key=lambda c: (c.rank, c.start, -c.size))
    kept: list[Candidate] = []
    taken = _Taken(len(doc))
    quoting_cues: set[tuple[int, int]] = set()
    for cand in ordered:
        if _in_skip(doc, cand, skip) or (cand.cue in quoting_cues and cand.kind not in QUOTING):
            continue
        if taken.count(cand.start, cand.end) * 2 > cand.size:
            continue
        kept.append(cand)
        taken.take(cand.start, cand.end)
        if cand.kind in QUOTING and cand.cue is not None:
            quoting_cues.add(cand.cue)
    unique = {(c.start, c.end): c for c in sorted(kept, key=lambda c: -c.rank)}
    return sorted(unique.values(), key=lambda c: c.start)


def _in_skip(doc: Doc, cand: Candidate, skip: Regions) -> bool:
    if not skip:
        return False
    start_char = doc[cand.start].idx
    end_char = doc[cand.end - 1].idx + len(doc[cand.end - 1])
    return skip.overlaps(start_char, end_char)


class Regions:
    """Character regions, asked whether any overlaps [start, end) in logarithmic time."""

    def __init__(self, regions: Sequence[tuple[int, int]]) -> None:
        ordered = sorted(regions)
        self.starts = [s for s, _ in ordered]
        self.max_end: list[int] = list(accumulate((e for _, e in ordered), max))

    def __bool__(self) -> bool:
        return bool(self.starts)

    def overlaps(self, start: int, end: int) -> bool:
        k = bisect_left(self.starts, end)  # regions [0, k) start before ``end``
        return k > 0 and self.max_end[k - 1] > start


class _Taken:
    """Token positions taken by kept claims. Counting a range costs O(log n) and each position
    is taken once, so resolving many nested candidates stays O(n log n) overall."""

    def __init__(self, size: int) -> None:
        self.tree = [0] * (size + 1)  # Fenwick tree of taken positions
        self.next_free = list(range(size + 2))  # union-find: the first free position >= i

    def _prefix(self, i: int) -> int:
        total = 0
        while i > 0:
            total += self.tree[i]
            i -= i & -i
        return total

    def count(self, start: int, end: int) -> int:
        return self._prefix(end) - self._prefix(start)

    def _free(self, i: int) -> int:
        root = i
        while self.next_free[root] != root:
            root = self.next_free[root]
        while self.next_free[i] != root:
            self.next_free[i], i = root, self.next_free[i]
        return root

    def take(self, start: int, end: int) -> None:
        i = self._free(start)
        while i < end:
            j = i + 1
            while j < len(self.tree):
                self.tree[j] += 1
                j += j & -j
            self.next_free[i] = i + 1
            i = self._free(i + 1)
