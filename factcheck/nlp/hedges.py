"""``factcheck_hedges``: the hedges ("allegedly", "it appears", "may") that qualify each claim.

Reads ``doc.spans["fc_claims"]`` and, when declared, the claim extensions ``fc_cue`` and
``fc_speaker`` (character ranges). A hedge qualifies a claim when it stands in the claim's content
or in its attribution clause: the sentence of its cue or speaker, outside any other claim's content.
When several claims share that sentence, the hedge goes to the claim whose cue or speaker is nearest.

Writes ``Span._.fc_hedges`` on every claim (a sorted list of ``(start_char, end_char)``) and every
hedge found in the text to ``doc.spans["fc_hedges"]``. Rules are data: ``factcheck.hedges.v1``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from factcheck.nlp import hedge_patterns  # noqa: F401  (registers factcheck.hedges.v1)

CLAIMS_KEY = "fc_claims"
HEDGES_KEY = "fc_hedges"
Range = tuple[int, int]

if not Span.has_extension("fc_hedges"):
    Span.set_extension("fc_hedges", default=None)


# --- claim context, shared with the evidence component ------------------------------------


@dataclass
class ClaimContext:
    """Where a claim lives: its content, its cue/speaker anchors and its attribution sentences."""

    content: Range
    anchors: list[Range] = field(default_factory=list)
    attribution: list[Range] = field(default_factory=list)


def span_extension(span: Span, name: str) -> Any:
    """The value of ``span._.name``, or None when no component declared that extension."""
    return getattr(span._, name) if Span.has_extension(name) else None


def char_range(value: Any) -> Range | None:
    """Read an extension value meant as ``(start_char, end_char)``; None for anything else."""
    if (
        isinstance(value, list | tuple)
        and len(value) == 2
        and all(isinstance(v, int) for v in value)
    ):
        return (value[0], value[1]) if value[0] < value[1] else None
    return None


def sentence_range(doc: Doc, start: int, end: int) -> Range | None:
    """Character range of the sentence(s) covering ``[start, end)``; None without sentences."""
    if not doc.has_annotation("SENT_START") and not doc.has_annotation("DEP"):
        return None
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    first, last = span[0].sent.start_char, span[-1].sent.end_char
    # a parser's sentence may run over a paragraph break (a byline into the lead): clip it
    before = doc.text.rfind("\n\n", first, start)
    after = doc.text.find("\n\n", end, last)
    return (before + 2 if before >= 0 else first, after if after >= 0 else last)


def claim_context(claim: Span) -> ClaimContext:
    """The content, cue/speaker anchors and attribution sentences of one claim."""
    context = ClaimContext(content=(claim.start_char, claim.end_char))
    for name in ("fc_cue", "fc_speaker"):
        anchor = char_range(span_extension(claim, name))
        if anchor is None or anchor[1] > len(claim.doc.text):
            continue
        context.anchors.append(anchor)
        sentence = sentence_range(claim.doc, *anchor)
        context.attribution.append(sentence or anchor)
    return context


def _contains(outer: Range, inner: Range) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1]


def _distance(a: Range, b: Range) -> int:
    return max(0, b[0] - a[1], a[0] - b[1])


def owners(target: Range, contexts: Sequence[ClaimContext]) -> list[int]:
    """Indexes of the claims a hedge or evidence mention at ``target`` qualifies.

    Content wins; otherwise the attribution sentences, with ties broken by the nearest anchor, so
    that "X said A, but Y allegedly claimed B" gives "allegedly" to B only.
    """
    inside = [i for i, c in enumerate(contexts) if _contains(c.content, target)]
    if inside:
        return inside
    distances: dict[int, int] = {}
    for i, c in enumerate(contexts):
        if c.anchors and any(_contains(r, target) for r in c.attribution):
            distances[i] = min(_distance(a, target) for a in c.anchors)
    if not distances:
        return []
    best = min(distances.values())
    return [i for i, d in distances.items() if d == best]


# --- the hedge finder ----------------------------------------------------------------------


def _is_question(token: Token) -> bool:
    """True when the clause holding ``token`` ends with a question mark ("Could it be ...?")."""
    for later in token.doc[token.i : token.sent.end if _has_sents(token.doc) else len(token.doc)]:
        if later.text in {".", "!", ";"} or "\n" in later.text:
            return False
        if "?" in later.text:
            return True
    return False


def _has_sents(doc: Doc) -> bool:
    return doc.has_annotation("SENT_START") or doc.has_annotation("DEP")


def _is_month_or_name(token: Token) -> bool:
    """ "May" the month ("in May 2019", "on 3 May") or a name ("Theresa May")."""
    if token.lower_ != "may" or token.text == "may":
        return False
    doc = token.doc
    after = doc[token.i + 1] if token.i + 1 < len(doc) else None
    before = doc[token.i - 1] if token.i > 0 else None
    if (after is not None and (after.like_num or after.is_punct)) or (before and before.like_num):
        return True
    starts_sentence = token.i == 0 or (before is not None and before.is_sent_end)
    return not starts_sentence or (after is not None and after.pos_ == "PROPN")


def is_epistemic_modal(token: Token) -> bool:
    """May/might/could used to hedge: not a month, not a name, not a question, not "could not"."""
    if token.doc.has_annotation("TAG") and token.tag_ != "MD":
        return False
    if _is_month_or_name(token) or _is_question(token):
        return False
    nxt = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    # "could not" reports inability, not doubt; "may not"/"might not" still hedge.
    return not (token.lower_ == "could" and nxt is not None and nxt.lower_ in {"not", "n't"})


class HedgeFinder:
    """Finds hedges with one Matcher pass and hands each to the claims it qualifies."""

    def __init__(self, nlp: Language, lexicon: dict[str, Any]) -> None:
        self.matcher = Matcher(nlp.vocab)
        self.exclusions: dict[str, list[str]] = dict(lexicon.get("exclusions", {}))
        self.modals = set(lexicon.get("modals", []))
        for word in lexicon.get("words", []):
            self.matcher.add("WORD", [[{"LOWER": word}]])
        for phrase in lexicon.get("phrases", []):
            pattern = [{"LOWER": t.lower_} for t in nlp.make_doc(phrase)]
            self.matcher.add("PHRASE", [pattern])
        for modal in self.modals:
            self.matcher.add("MODAL", [[{"LOWER": modal}]])

    def __call__(self, doc: Doc) -> Doc:
        hedges = self.find(doc)
        doc.spans[HEDGES_KEY] = hedges
        self.attach(doc, hedges)
        return doc

    def find(self, doc: Doc) -> list[Span]:
        """Every hedge in the document, longest match first, false modals removed."""
        found = []
        for match_id, start, end in self.matcher(doc):
            label = doc.vocab.strings[match_id]
            span = Span(doc, start, end, label="HEDGE")
            if label == "MODAL" and not is_epistemic_modal(span[0]):
                continue
            if label == "WORD" and self._excluded(span[0]):
                continue
            found.append(span)
        return sorted(filter_spans(found), key=lambda s: s.start)

    def _excluded(self, token: Token) -> bool:
        blocked = self.exclusions.get(token.lower_)
        if not blocked:
            return False
        following = token.doc[token.i + 1 : token.i + 3]
        return any(t.lower_ in blocked for t in following)

    def attach(self, doc: Doc, hedges: Iterable[Span]) -> None:
        """Set ``fc_hedges`` on every claim from the hedges they own."""
        claims = list(doc.spans[CLAIMS_KEY]) if CLAIMS_KEY in doc.spans else []
        contexts = [claim_context(c) for c in claims]
        owned: list[list[Range]] = [[] for _ in claims]
        for hedge in hedges:
            target = (hedge.start_char, hedge.end_char)
            for i in owners(target, contexts):
                owned[i].append(target)
        for claim, ranges in zip(claims, owned, strict=True):
            claim._.fc_hedges = sorted(set(ranges))


@Language.factory(
    "factcheck_hedges",
    assigns=["span._.fc_hedges"],
    default_config={"lexicon": {"@misc": "factcheck.hedges.v1"}},
)
def make_hedge_finder(nlp: Language, name: str, lexicon: dict[str, Any]) -> HedgeFinder:
    """Build the hedge component from a versioned lexicon (``factcheck.hedges.v1``)."""
    return HedgeFinder(nlp, lexicon)
