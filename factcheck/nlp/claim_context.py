"""Where a claim lives, for the qualifier components (hedges, evidence).

A claim (a span of ``doc.spans["fc_claims"]``) has its content, and, when the attribution
components set them, a cue and a speaker (``Span._.fc_cue``/``fc_speaker``: character ranges).
Its *attribution clause* is the sentence of its cue or speaker, cut at paragraph breaks (a parser's
sentence may run from a byline into the lead). A word outside every claim's content belongs to the
claims whose attribution clause holds it, the nearest cue or speaker winning.

Everything here avoids ``Doc.text`` and ``Doc.has_annotation``: both walk the whole document on
each call, and calling them per claim made the components cost as much as the parse.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from spacy.attrs import IDX
from spacy.tokens import Doc, Span
from spacy.tokens.underscore import Underscore

from factcheck.nlp.doc_index import doc_cache, doc_text, token_column

CLAIMS_KEY = "fc_claims"
Range = tuple[int, int]


@dataclass
class ClaimContext:
    """A claim's content, its cue/speaker anchors and its attribution clauses (all char ranges)."""

    content: Range
    anchors: list[Range] = field(default_factory=list)
    attribution: list[Range] = field(default_factory=list)
    introduction: list[Range] = field(default_factory=list)  # owned whole, whatever the distance


_MISSING = object()


def span_extension(span: Span, name: str) -> Any:
    """The value of ``span._.name``, or None when no component declared that extension.

    A value set on the span (or an immutable default) is read straight from ``Doc.user_data``
    under the key spaCy's ``Underscore`` files it by: ``span._`` makes an ``Underscore`` object
    on every access, which cost more than the evidence step's own work on each claim. Getters,
    methods and mutable defaults (which spaCy stores on first read) go through ``span._``."""
    extension = Underscore.span_extensions.get(name)
    if extension is None:
        return None
    default, method, getter, _ = extension
    if getter is None and method is None:
        key = ("._.", name, span.start_char, span.end_char)
        user_data: dict[Any, Any] = span.doc.user_data
        found = user_data.get(key, _MISSING)
        if found is not _MISSING:
            return found
        if not isinstance(default, Underscore.mutable_types):
            return default
    return getattr(span._, name)


def char_range(value: Any) -> Range | None:
    """Read an extension value meant as ``(start_char, end_char)``; None for anything else."""
    if (
        isinstance(value, list | tuple)
        and len(value) == 2
        and all(isinstance(v, int) for v in value)
    ):
        return (value[0], value[1]) if value[0] < value[1] else None
    return None


def has_sentences(doc: Doc) -> bool:
    """Whether sentence boundaries are set, in constant time."""
    if len(doc) > 1:
        return doc[1].is_sent_start is not None
    return doc.has_annotation("SENT_START")


def has_tags(doc: Doc) -> bool:
    """Whether part-of-speech tags are set, in constant time."""
    return len(doc) > 0 and doc[0].tag != 0


def doc_length(doc: Doc) -> int:
    """``len(doc.text)``, from the text built once per Doc (``doc_text``)."""
    return len(doc_text(doc))


def char_text(doc: Doc, start: int, end: int) -> str:
    """``doc.text[start:end]`` where the range holds a token (else ""), sliced out of the text of
    the tokens around it."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return ""
    last = doc[span.end - 1]
    around = doc_text(doc)[span.start_char : last.idx + len(last.text_with_ws)]
    return around[start - span.start_char : end - span.start_char]


def _sentence_pieces(doc: Doc) -> list[Range]:
    """The sentences of ``doc`` cut at the tokens whose text with its space holds a blank line
    (found in the text, not token by token); made once per Doc."""
    cache = doc_cache(doc)
    found: tuple[int, list[Range]] | None = cache.get("sentence pieces")
    if found is not None and found[0] == len(doc):
        return found[1]
    text, starts = doc_text(doc), token_column(doc, IDX)
    breaks: list[int] = []
    at = text.find("\n\n")
    while at >= 0:
        i = bisect_right(starts, at) - 1
        end = starts[i + 1] if i + 1 < len(starts) else len(text)
        if at + 2 <= end and (not breaks or breaks[-1] != i):
            breaks.append(i)
        at = text.find("\n\n", at + 1)
    ranges: list[Range] = []
    for sent in doc.sents:
        begin = sent.start_char
        for i in breaks[bisect_left(breaks, sent.start) : bisect_left(breaks, sent.end)]:
            token = doc[i]
            stop = token.idx if token.text.isspace() else token.idx + len(token.text)
            if stop > begin:
                ranges.append((begin, stop))
            begin = token.idx + len(token.text_with_ws)
        if sent.end_char > begin:
            ranges.append((begin, sent.end_char))
    cache["sentence pieces"] = (len(doc), ranges)
    return ranges


class SentenceIndex:
    """The document's sentences, cut at paragraph breaks, as sorted character ranges."""

    def __init__(self, doc: Doc) -> None:
        self.ranges: list[Range] = list(_sentence_pieces(doc)) if has_sentences(doc) else []
        self.starts = [r[0] for r in self.ranges]

    def _index(self, char: int) -> int:
        return bisect_right(self.starts, char) - 1

    def covering(self, start: int, end: int) -> Range | None:
        """The sentence piece(s) covering ``[start, end)``; None without sentences."""
        first, last = self._index(start), self._index(max(start, end - 1))
        if first < 0 or last < 0:
            return None
        return (self.ranges[first][0], max(self.ranges[first][0], self.ranges[last][1]))

    def previous(self, char: int) -> Range | None:
        """The sentence piece before the one holding ``char``; None at the start."""
        index = self._index(char)
        return self.ranges[index - 1] if index >= 1 else None


def claim_context(claim: Span, sentences: SentenceIndex) -> ClaimContext:
    """The content, cue/speaker anchors and attribution clauses of one claim."""
    context = ClaimContext(content=(claim.start_char, claim.end_char))
    length = doc_length(claim.doc)
    for name in ("fc_cue", "fc_speaker"):
        anchor = char_range(span_extension(claim, name))
        if anchor is None or anchor[1] > length:
            continue
        context.anchors.append(anchor)
        context.attribution.append(sentences.covering(*anchor) or anchor)
    return context


def claims_of(doc: Doc) -> list[Span]:
    """The claims the attribution components found (none if they did not run)."""
    return list(doc.spans[CLAIMS_KEY]) if CLAIMS_KEY in doc.spans else []


def _contains(outer: Range, inner: Range) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1]


def _distance(a: Range, b: Range) -> int:
    return max(0, b[0] - a[1], a[0] - b[1])


def owners(
    target: Range,
    contexts: Sequence[ClaimContext],
    max_gap: int | None = None,
    among: Iterable[int] | None = None,
) -> list[int]:
    """Indexes of the claims a hedge or evidence mention at ``target`` qualifies.

    Content wins; otherwise the attribution clauses, with ties broken by the nearest anchor, so
    that "X said A, but Y allegedly claimed B" gives "allegedly" to B only. With ``max_gap``, a
    target in the attribution clause must also lie within that many characters of the claim's
    content, cue or speaker ("It appears that A, he said"; not a word at the far end of a long
    sentence). ``among`` limits the claims looked at (``assign_owners`` passes the few whose
    ranges hold the target).
    """
    indexes = sorted(set(among)) if among is not None else range(len(contexts))
    inside = [i for i in indexes if _contains(contexts[i].content, target)]
    if inside:
        return inside
    distances: dict[int, int] = {}
    for i in indexes:
        c = contexts[i]
        if not c.anchors or not any(_contains(r, target) for r in c.attribution + c.introduction):
            continue
        nearest = min(_distance(a, target) for a in c.anchors)
        close = max_gap is None or min(nearest, _distance(c.content, target)) <= max_gap
        if close or any(_contains(r, target) for r in c.introduction):
            distances[i] = nearest
    if not distances:
        return []
    best = min(distances.values())
    return [i for i, d in distances.items() if d == best]


def assign_owners(
    targets: Sequence[Range], contexts: Sequence[ClaimContext], max_gap: int | None = None
) -> list[list[int]]:
    """``owners`` for many targets at once, in O((targets + ranges) log n).

    A sweep over the claims' ranges sorted by start keeps only the ranges that reach the current
    target, so a long document with thousands of claims and mentions stays linear in practice.
    """
    ranges = sorted(
        (r[0], r[1], i)
        for i, c in enumerate(contexts)
        for r in (c.content, *c.attribution, *c.introduction)
    )
    result: list[list[int]] = [[] for _ in targets]
    active: list[tuple[int, int, int]] = []  # heap of (end, start, context index)
    next_range = 0
    for t in sorted(range(len(targets)), key=lambda k: targets[k][0]):
        target = targets[t]
        while next_range < len(ranges) and ranges[next_range][0] <= target[0]:
            start, end, i = ranges[next_range]
            heapq.heappush(active, (end, start, i))
            next_range += 1
        while active and active[0][0] < target[0]:
            heapq.heappop(active)  # ends before this target, so before every later one
        holding = {i for end, start, i in active if start <= target[0] and target[1] <= end}
        if holding:
            result[t] = owners(target, contexts, max_gap, holding)
    return result
