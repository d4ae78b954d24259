"""factcheck_attribution_merge: the trained tagger's attributions merged into the rules' claims.

Reads ``doc.spans["fc_tagged"]`` (``factcheck_attribution_tagger``) and the rules' claims in
``doc.spans["fc_claims"]`` (``factcheck_attribution``) and rewrites the claims:

- decoding keeps the attribution structure: a CONTENT span needs a CUE near it in its paragraph,
  the tagger's or else one of the rules' cues (``rule_cues``); pieces of one content around their
  cue ("The plan, she said, will fail") are one claim; a SOURCE attaches to the nearest cue in its
  paragraph, and a cue without one takes the subject of its verb;
- the rules keep what they do well: quotes and colon blocks (``direct``, ``block``) and
  "according to" claims stay as the rules found them;
- where a tagged attribution overlaps a rule claim and its cue overlaps the rule's cue (the same
  attribution), the tagger's content boundaries replace the rule's for kinds other than those
  (``correct_boundaries``), its source replaces the rule's speaker mention when they overlap
  (``correct_sources``) and its cue boundaries replace the rule's (``correct_cues``);
- a tagged attribution that no rule claim overlaps becomes a new claim (``indirect``, or ``direct``
  when its content opens with a quotation mark), unless it lies in a skipped or headline-like
  region, or it ends before a cue that introduces one of the rules' colon blocks ("When asked how
  X, she said:" followed by the block: the block is what she said, not "how X"), or its cue is a
  verb the rules found to say nothing (``fc_silent_cues``: "declined to comment on the closure",
  "asked whether ...") or an imperative addressed to the reader ("Think about what ..."), or its
  cue holds a hedge word of the hedge lexicon ("The company reportedly owes the council money":
  the article repeats what is said, the company said nothing; the rules make it an author claim
  with its hedge).

Speakers, hedges and evidence run after this step and see only the merged claims.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from spacy.attrs import IDX
from spacy.language import Language
from spacy.tokens import Doc, Span

from factcheck.nlp import hedge_patterns  # noqa: F401  (registers the hedge lexicons)
from factcheck.nlp.attribution import CLAIMS_KEY
from factcheck.nlp.candidates import doc_headlines
from factcheck.nlp.claim_context import span_extension
from factcheck.nlp.cues import CUES_KEY, SILENT_KEY, SUBJECT_DEPS
from factcheck.nlp.doc_index import token_column
from factcheck.nlp.quotes import doc_paragraphs
from factcheck.nlp.syntax import (
    is_expletive,
    mention_range,
    span_root,
    subject_of,
    without_dateline,
)
from factcheck.nlp.tagger import TAGGED_KEY

RULE_KINDS_KEPT = frozenset(("block", "direct", "according_to"))
QUOTE_MARKS = "\"'“”‘’«»„"
MAX_CUE_GAP = 20  # tokens between a content and its cue
MAX_SOURCE_GAP = 12  # tokens between a cue and its source
MIN_CONTENT_TOKENS = 2
T = TypeVar("T")


@dataclass
class Tagged:
    """One decoded attribution: token ranges [start, end) of content, cue and source."""

    content: tuple[int, int]
    cue: tuple[int, int]
    source: tuple[int, int] | None


def gap(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Tokens between two ranges (0 when they touch or overlap)."""
    return max(0, b[0] - a[1], a[0] - b[1])


class Ranges(Generic[T]):
    """Items with token ranges, indexed by start, so that the ones near a range are found without
    a scan of all of them (a scan per claim made long documents quadratic: issue 16)."""

    def __init__(self, items: Sequence[T], range_of: Callable[[T], tuple[int, int]]) -> None:
        keyed = sorted((range_of(item), i) for i, item in enumerate(items))
        self.items = items
        self.ranges = [r for r, _ in keyed]
        self.order = [i for _, i in keyed]
        self.starts = [r[0] for r in self.ranges]
        self.longest = max((r[1] - r[0] for r in self.ranges), default=0)

    def near(self, anchor: tuple[int, int], limit: int) -> list[T]:
        """The items within ``limit`` tokens of ``anchor``, in their original order."""
        lo = bisect_left(self.starts, anchor[0] - limit - self.longest)
        hi = bisect_right(self.starts, anchor[1] + limit)
        found = [self.order[k] for k in range(lo, hi) if gap(anchor, self.ranges[k]) <= limit]
        return [self.items[i] for i in sorted(found)]


def decode(doc: Doc, tagged: list[Span], rule_cues: Sequence[Span] = ()) -> list[Tagged]:
    """Attributions from tagged spans: each content with its nearest cue, each cue's source.

    A content with no tagged cue near it takes the nearest of ``rule_cues`` (the rules' cues), a
    cue with no tagged source near it the subject of its verb.
    """
    para = _paragraph_of(doc)
    by_label: dict[str, list[tuple[int, int]]] = {"SOURCE": [], "CUE": [], "CONTENT": []}
    for span in tagged:
        by_label.setdefault(span.label_, []).append((span.start, span.end))
    cues, sources = _indexed(by_label["CUE"]), _indexed(by_label["SOURCE"])
    fallback_cues = _indexed([(c.start, c.end) for c in rule_cues])
    found: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for content in by_label["CONTENT"]:
        cue = _nearest(content, cues, para, MAX_CUE_GAP)
        cue = cue or _nearest(content, fallback_cues, para, MAX_CUE_GAP)
        if cue is not None and not _inside(cue, content):
            found.setdefault(cue, []).append(content)
    result = []
    for cue, contents in found.items():
        source = _nearest(cue, sources, para, MAX_SOURCE_GAP) or _subject(doc, cue)
        if source is not None and source[1] - source[0] == 1 and is_expletive(doc[source[0]]):
            continue  # "it's clear that ...": the article's own words, no one is quoted
        if source is not None:
            source = without_dateline(doc, *source)  # "JACKSON, Miss. - Judge Ann Lee"
        for content in _joined(doc, sorted(contents), cue, source):
            result.append(Tagged(content, cue, source))
    return sorted(result, key=lambda t: t.content)


def _inside(cue: tuple[int, int], content: tuple[int, int]) -> bool:
    return content[0] <= cue[0] and cue[1] <= content[1]


def _subject(doc: Doc, cue: tuple[int, int]) -> tuple[int, int] | None:
    """The mention of the subject of the cue's verb ("Ann Lee" in "Ann Lee fears ...")."""
    verb = span_root(doc[cue[0] : cue[1]])
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    subject = subject_of(verb)
    if subject is None or subject.i >= cue[0] or subject.pos_ == "PRON" and subject.lower_ == "it":
        return None
    return mention_range(subject, verb)


def _paragraph_of(doc: Doc) -> list[int]:
    """The paragraph index of every token: the number of paragraphs that end at or before the
    token's first character, at most the last paragraph's index (read from the token column)."""
    ends = [end for _, end in doc_paragraphs(doc)]
    last = max(len(ends) - 1, 0)
    return [min(bisect_right(ends, idx), last) for idx in token_column(doc, IDX)]


def _indexed(ranges: list[tuple[int, int]]) -> Ranges[tuple[int, int]]:
    return Ranges(ranges, lambda r: r)


def _nearest(
    anchor: tuple[int, int], options: Ranges[tuple[int, int]], para: list[int], limit: int
) -> tuple[int, int] | None:
    near = [o for o in options.near(anchor, limit) if para[o[0]] == para[anchor[0]]]
    return min(near, key=lambda o: (gap(anchor, o), o[0] < anchor[0]), default=None)


def _joined(
    doc: Doc,
    contents: list[tuple[int, int]],
    cue: tuple[int, int],
    source: tuple[int, int] | None,
) -> list[tuple[int, int]]:
    """Pieces of one content separated only by their cue, source and punctuation, joined."""
    own = set(range(*cue)) | (set(range(*source)) if source else set())
    joined = [contents[0]]
    for start, end in contents[1:]:
        last = joined[-1]
        between = range(last[1], start)
        if all(i in own or doc[i].is_punct or doc[i].is_space for i in between):
            joined[-1] = (last[0], end)
        else:
            joined.append((start, end))
    return joined


class AttributionMerger:
    """Merges the tagger's decoded attributions into the rules' claims."""

    def __init__(
        self,
        correct_boundaries: bool,
        correct_sources: bool,
        add_new: bool,
        correct_cues: bool = True,
        rule_cues: bool = True,
        hedge_words: Sequence[str] = (),
    ) -> None:
        self.rule_cues = rule_cues
        self.hedge_words = frozenset(w.lower() for w in hedge_words)
        self.correct_boundaries = correct_boundaries
        self.correct_sources = correct_sources
        self.correct_cues = correct_cues
        self.add_new = add_new

    def __call__(self, doc: Doc) -> Doc:
        if TAGGED_KEY not in doc.spans:
            return doc
        claims = list(doc.spans[CLAIMS_KEY]) if CLAIMS_KEY in doc.spans else []
        rule_cues = list(doc.spans[CUES_KEY]) if self.rule_cues and CUES_KEY in doc.spans else []
        merged = self.merge(doc, claims, decode(doc, list(doc.spans[TAGGED_KEY]), rule_cues))
        doc.spans[CLAIMS_KEY] = sorted(merged, key=lambda s: (s.start, s.end))
        return doc

    def merge(self, doc: Doc, claims: list[Span], tagged: list[Tagged]) -> list[Span]:
        """The rules' claims, corrected by and completed with the tagged attributions."""
        skip = [tuple(r) for r in (doc._.fc_skip or [])] + doc_headlines(doc)
        result: list[Span] = []
        used: set[int] = set()
        by_content = Ranges(tagged, lambda t: t.content)
        for claim in claims:
            match = _best_overlap(claim, by_content.near((claim.start, claim.end), 0))
            if match is not None:
                used.add(id(match))
                claim = self._corrected(doc, claim, match)
            result.append(claim)
        taken = {i for c in result for i in range(c.start, c.end)}
        cues = [span_extension(c, "fc_cue") for c in result]
        block_cues = [
            cue
            for c, cue in zip(result, cues, strict=True)
            if cue and span_extension(c, "fc_kind") == "block"
        ]
        read = [
            r
            for c, cue in zip(result, cues, strict=True)
            for r in (cue, span_extension(c, "fc_speaker"))
            if r is not None
        ]
        silent = [(s.start_char, s.end_char) for s in doc.spans.get(SILENT_KEY, [])]
        for att in tagged if self.add_new else []:
            start, end = att.content
            if id(att) in used or any(i in taken for i in range(start, end)):
                continue
            cue = doc[att.cue[0] : att.cue[1]]
            if _read_by_rules(cue, doc[start:end], read):
                continue  # one of the rules' claims has this cue, or this content is its source
            if end <= cue.start and any(_chars_overlap(rng, cue) for rng in block_cues):
                continue  # the cue's content is the rules' colon block after it, not these words
            if end - start < MIN_CONTENT_TOKENS or _in_regions(doc[start:end], skip):
                continue
            if _in_regions(cue, silent) or (att.source is None and _imperative(cue)):
                continue  # "declined to comment on ...", "Think about what ..."
            if any(t.lower_ in self.hedge_words for t in cue):
                continue  # "reportedly owes": hearsay the article repeats
            result.append(new_claim(doc, att))
            taken.update(range(start, end))
        return result

    def _corrected(self, doc: Doc, claim: Span, att: Tagged) -> Span:
        if not _same_cue(doc, claim, att):
            return claim  # the tagger read another attribution here: the rules' stands
        fixed = claim
        if self.correct_boundaries and claim._.fc_kind not in RULE_KINDS_KEPT:
            fixed = _copy(claim, *att.content)
        if self.correct_cues:
            cue = doc[att.cue[0] : att.cue[1]]
            fixed._.fc_cue = (cue.start_char, cue.end_char)
        if self.correct_sources and att.source is not None:
            rule_speaker = claim._.fc_speaker
            source = doc[att.source[0] : att.source[1]]
            if rule_speaker is None or _chars_overlap(rule_speaker, source):
                fixed._.fc_speaker = (source.start_char, source.end_char)
                fixed._.fc_speaker_name = source.text
        return fixed


def _read_by_rules(cue: Span, content: Span, read: list[tuple[int, int]]) -> bool:
    """Whether a rule claim's cue or speaker (character ranges ``read``) overlaps the tagged cue,
    or a rule claim's speaker or cue lies in the tagged content."""
    return any(_chars_overlap(rng, cue) or _chars_overlap(rng, content) for rng in read)


def _imperative(cue: Span) -> bool:
    """A cue verb in the imperative: the base form heading its sentence, with no subject and no
    auxiliary ("Think about what the port could become", "Tell us ...")."""
    verb = span_root(cue)
    return (
        verb.tag_ == "VB"
        and verb.dep_ == "ROOT"
        and not any(c.dep_ in SUBJECT_DEPS or c.dep_ in ("aux", "expl") for c in verb.children)
    )


def _best_overlap(claim: Span, tagged: list[Tagged]) -> Tagged | None:
    """The tagged attribution whose content shares most tokens with the claim (over half of one)."""
    best, best_shared = None, 0
    for att in tagged:
        shared = min(claim.end, att.content[1]) - max(claim.start, att.content[0])
        smaller = min(len(claim), att.content[1] - att.content[0])
        if shared * 2 > smaller and shared > best_shared:
            best, best_shared = att, shared
    return best


def _same_cue(doc: Doc, claim: Span, att: Tagged) -> bool:
    cue = claim._.fc_cue
    return cue is not None and _chars_overlap(cue, doc[att.cue[0] : att.cue[1]])


def _chars_overlap(rng: tuple[int, int], span: Span) -> bool:
    return rng[0] < span.end_char and span.start_char < rng[1]


def _in_regions(span: Span, regions: Sequence[tuple[int, ...]]) -> bool:
    return any(s < span.end_char and span.start_char < e for s, e in regions)


def _copy(claim: Span, start: int, end: int) -> Span:
    """The claim with new content boundaries and the same speaker, cue and kind."""
    span = Span(claim.doc, start, end, label=claim.label_)
    for name in ("fc_kind", "fc_speaker", "fc_speaker_name", "fc_cue"):
        setattr(span._, name, getattr(claim._, name))
    return span


def new_claim(doc: Doc, att: Tagged) -> Span:
    """A claim for a tagged attribution the rules did not find."""
    content = doc[att.content[0] : att.content[1]]
    kind = "direct" if content.text[:1] in QUOTE_MARKS else "indirect"
    span = Span(doc, content.start, content.end, label=kind)
    span._.fc_kind = kind
    cue = doc[att.cue[0] : att.cue[1]]
    span._.fc_cue = (cue.start_char, cue.end_char)
    if att.source is not None:
        source = doc[att.source[0] : att.source[1]]
        span._.fc_speaker = (source.start_char, source.end_char)
        span._.fc_speaker_name = source.text
    return span


@Language.factory(
    "factcheck_attribution_merge",
    default_config={
        # measured on 60 held-out train articles: with the shipped tagger only the additions
        # help; its boundaries, sources and cues are less exact than the rules' (README)
        "correct_boundaries": False,
        "correct_sources": False,
        "correct_cues": False,
        "add_new": True,
        "rule_cues": True,
        "hedges": {"@misc": "factcheck.hedges.v4"},
    },
)
def make_attribution_merger(
    nlp: Language,
    name: str,
    correct_boundaries: bool,
    correct_sources: bool,
    correct_cues: bool,
    add_new: bool,
    rule_cues: bool,
    hedges: dict[str, Any],
) -> AttributionMerger:
    """Merge the trained tagger's attributions into the rules' claims (see the module docstring).

    ``hedges``: the hedge lexicon (that of ``factcheck_hedges``) whose single words in a tagged
    cue keep the tagged attribution out."""
    return AttributionMerger(
        correct_boundaries, correct_sources, add_new, correct_cues, rule_cues, hedges["words"]
    )
