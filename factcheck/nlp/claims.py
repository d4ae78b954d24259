"""factcheck_author_claims: the article's own check-worthy statements, and a score for every claim.

Every claim, attributed or not, gets ``Span._.fc_checkworthiness`` in [0, 1]: by default the
trained model of ``factcheck.nlp.checkworthiness`` (a calibrated probability that a fact-checker
would check the sentence), with ``scorer="rules"`` the hand weights of
``factcheck.checkworthiness.v1``. ``Span._.fc_checkworthiness_signals`` names the hand signals found
(number, date, named_entity, event, causal, comparative): the reviewer's explanation of the score.
A sentence that no attributed claim covers becomes an ``author`` claim when the decision of
``factcheck.nlp.author_decision`` says so: a small logistic model, fitted on the PolNeAR author-claim
annotations, over the trained score and the sentence's syntax (tense, mood, subject, evaluation,
likelihood words, length), so that scene-setting, analysis, predictions and the tail of a quote
("Mr. Lee said.") are told from reported events. With ``scorer="rules"`` the decision is the
rules' ``threshold`` (0.5) on the hand-weighted score (``keep_author_claim``). A sentence that
carries a hedge of its own (the lexicon of ``factcheck_hedges``: "which allegedly comes across the
border", "this was ostensibly to repair the pipes", "the stance may have helped him", "turnout
could be lower") is an author claim whatever its score: a fact-checker wants the article's hedged
statements flagged, its guesses and predictions included, though these are not check-worthy by
the annotation guidelines (the decision model alone keeps none of them). Questions, headlines (a paragraph without
final punctuation, or a sentence in title case), very short sentences, the article's first-person
voice ("We have published ...": the outlet about itself), a sentence that only says who spoke ("Ms.
Lee said in a statement.") and sentences in ``doc._.fc_skip`` regions never are claims.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from spacy.attrs import DEP, ENT_TYPE, HEAD, IS_ALPHA, LEMMA, LIKE_NUM, LOWER, ORTH, TAG
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span

from factcheck.nlp import patterns  # noqa: F401  (registers the lexicons)
from factcheck.nlp.attribution import CLAIMS_KEY
from factcheck.nlp.author_decision import AuthorDecision, author_features
from factcheck.nlp.checkworthiness import CheckworthinessModel
from factcheck.nlp.checkworthiness_encoder import HybridModel
from factcheck.nlp.claim_context import span_extension
from factcheck.nlp.cues import SILENT_KEY
from factcheck.nlp.doc_index import Words, doc_text, string_ids, token_column
from factcheck.nlp.hedge_patterns import hedge_lexicon_v4
from factcheck.nlp.hedges import HedgeFinder, tokenizer_words
from factcheck.nlp.patterns import cue_lexicon_v5
from factcheck.nlp.syntax import (
    child_ids,
    children,
    paragraph_breaks,
    sentence_starts,
    span_root,
    trim,
)
from factcheck.nlp.transcript import question_ranges

if not Span.has_extension("fc_checkworthiness_signals"):
    Span.set_extension("fc_checkworthiness_signals", default=None)
SCORERS = ("trained", "linear", "rules")

AUTHOR_NAME = "author"
_FIRST_PERSON = {"i", "we", "me", "us", "my", "our"}
_MODALS = {"may", "might", "could", "would", "should"}
_FINAL = set(".!?\"”’')")
_CLOSING_QUOTES = frozenset(['"', "”", "''", "’"])
# what an article calls itself: "this article", "this story", "this post"
_OWN_TEXT = Words(["article", "story", "piece", "post", "page", "column"])
# speech verbs that say nothing without their words ("X said in a statement." is a quote's tail)
_CONTENT_VERBS = frozenset(["say", "tell", "add"])
_THIS = get_string_id("this")
_COMPARATIVE_TAGS = string_ids(["JJR", "JJS", "RBR", "RBS"])
_SUBJECTS = string_ids(["nsubj", "nsubjpass"])
_ROOT = get_string_id("ROOT")


class CheckworthinessScorer:
    """Scores sentences for check-worthiness: the trained ``model`` when given, else hand weights
    over cheap lexical and entity signals. The signals are found either way (the explanation)."""

    def __init__(
        self,
        rules: dict[str, Any],
        model: CheckworthinessModel | None = None,
        hybrid: HybridModel | None = None,
    ) -> None:
        self.model = model
        self.hybrid = hybrid if model else None
        self.threshold = float(rules["threshold"])
        if model is not None:
            self.threshold = self.hybrid.stack.threshold if self.hybrid else model.threshold
        self.author_threshold = float(rules["threshold"])
        self.weights: dict[str, float] = rules["weights"]
        self.penalties: dict[str, float] = rules["penalties"]
        self.causal = frozenset(rules["causal_words"])
        self.events = frozenset(rules["event_labels"])
        self.entities = frozenset(rules["entity_labels"])
        self.numbers = frozenset(rules["number_labels"])
        self.dates = frozenset(rules["date_labels"])
        self.min_tokens = int(rules["min_tokens"])
        sets = {"numbers": self.numbers, "dates": self.dates, "entities": self.entities}
        sets |= {"events": self.events, "causal": self.causal}
        self._ids = {name: string_ids(words) for name, words in sets.items()}

    def signals(self, span: Span) -> set[str]:
        """Names of the positive signals present in ``span`` (read from the token columns)."""
        doc, start, end = span.doc, span.start, span.end
        labels = set(token_column(doc, ENT_TYPE)[start:end])
        labels.discard(0)
        found = set()
        if labels & self._ids["numbers"] or any(
            number and not alpha
            for number, alpha in zip(
                token_column(doc, LIKE_NUM)[start:end],
                token_column(doc, IS_ALPHA)[start:end],
                strict=True,
            )
        ):
            found.add("number")
        if labels & self._ids["dates"]:
            found.add("date")
        if labels & self._ids["entities"]:
            found.add("named_entity")
        if labels & self._ids["events"]:
            found.add("event")
        if not self._ids["causal"].isdisjoint(token_column(doc, LOWER)[start:end]):
            found.add("causal")
        if not _COMPARATIVE_TAGS.isdisjoint(token_column(doc, TAG)[start:end]):
            found.add("comparative")
        return found

    def assess(self, span: Span, attributed: bool) -> tuple[float, list[str]]:
        """(check-worthiness of ``span`` in [0, 1], the names of its signals)."""
        return self.assess_many([span], [attributed])[0]

    def assess_many(
        self, spans: Sequence[Span], attributed: Sequence[bool]
    ) -> list[tuple[float, list[str]]]:
        """``assess`` of each span; the encoder (if any) reads the unsure ones in one batch."""
        found = [self.signals(span) for span in spans]
        if self.model is None:
            return [
                (self.rule_score(span, signals, a), sorted(signals))
                for span, signals, a in zip(spans, found, attributed, strict=True)
            ]
        margins = self.model.margins(spans, found)
        scores = [self.model.probability(m) for m in margins]
        if self.hybrid is not None:  # the text only of the sentences the encoder reads
            band = self.hybrid.stack.in_band
            texts = [
                doc_text(s.doc)[s.start_char : s.end_char] if band(p) else ""
                for s, p in zip(spans, scores, strict=True)
            ]
            scores = self.hybrid.combine(margins, scores, texts)
        return [(round(p, 3), sorted(f)) for p, f in zip(scores, found, strict=True)]

    def score(self, span: Span, attributed: bool) -> float:
        """Check-worthiness of ``span`` in [0, 1]."""
        return self.assess(span, attributed)[0]

    def rule_score(self, span: Span, found: set[str], attributed: bool) -> float:
        """The hand-weighted score of ``span`` with signals ``found``."""
        value = sum(self.weights[s] for s in found)
        if attributed:
            value += self.weights["attributed"]
        words = [t for t in span if not (t.is_punct or t.is_space)]
        if span.text.rstrip("”\"’' ").endswith("?"):
            value -= self.penalties["question"]
        if any(t.lower_ in _FIRST_PERSON for t in words):
            value -= self.penalties["first_person"]
        if any(t.lower_ in _MODALS for t in words):
            value -= self.penalties["modal"]
        if len(words) < self.min_tokens:
            value -= self.penalties["short"]
        return round(min(1.0, max(0.0, value)), 3)


class AuthorClaimFinder:
    """Adds author claims and scores all claims."""

    def __init__(
        self,
        rules: dict[str, Any],
        model: CheckworthinessModel | None = None,
        decision: AuthorDecision | None = None,
        hedges: HedgeFinder | None = None,
        hybrid: HybridModel | None = None,
    ) -> None:
        self.scorer = CheckworthinessScorer(rules, model, hybrid)
        self.threshold = self.scorer.author_threshold
        self.decision = decision
        self.hedges = hedges or HedgeFinder(hedge_lexicon_v4(), str.split)
        self.speech_verbs = frozenset(cue_lexicon_v5()["speech"])

    def __call__(self, doc: Doc) -> Doc:
        claims = list(doc.spans[CLAIMS_KEY]) if CLAIMS_KEY in doc.spans else []
        candidates = self.unscored_candidates(doc, claims)
        # one batch per document: the encoder reads all the unsure sentences at once
        spans = claims + [c.span for c in candidates]
        assessed = self.scorer.assess_many(spans, [True] * len(claims) + [False] * len(candidates))
        for claim, (score, found) in zip(claims, assessed, strict=False):
            claim._.fc_checkworthiness = score
            claim._.fc_checkworthiness_signals = found
        for candidate, (score, found) in zip(candidates, assessed[len(claims) :], strict=True):
            candidate.score, candidate.signals = score, found
        for candidate in candidates:
            if self.keep(candidate):
                claims.append(_author_span(candidate))
        doc.spans[CLAIMS_KEY] = sorted(claims, key=lambda s: (s.start, s.end))
        return doc

    def candidates(self, doc: Doc, claims: list[Span]) -> list[Candidate]:
        """``unscored_candidates`` with their check-worthiness and signals."""
        found = self.unscored_candidates(doc, claims)
        assessed = self.scorer.assess_many([c.span for c in found], [False] * len(found))
        for candidate, (score, signals) in zip(found, assessed, strict=True):
            candidate.score, candidate.signals = score, signals
        return found

    def unscored_candidates(self, doc: Doc, claims: list[Span]) -> list[Candidate]:
        """The sentences of the article's own voice that could be author claims: outside every
        attributed claim and skip region, ending like a statement, not about the outlet itself."""
        covered = {i for c in claims for i in range(c.start, c.end)}
        covered.update(i for s, e in question_ranges(doc) for i in range(s, e))  # "Q: ..."
        skip = [tuple(r) for r in (doc._.fc_skip or [])]
        hedges = self.hedges.find(doc)  # sorted by start
        hedge_starts = [h.start for h in hedges]
        breaks = paragraph_breaks(doc)
        silent = (
            {span_root(c).i for c in doc.spans[SILENT_KEY]} if SILENT_KEY in doc.spans else set()
        )
        found: list[Candidate] = []
        about_itself = -1  # a line that opens on the article's own text runs to here
        cues = _CueChars(claims, doc.spans.get(SILENT_KEY, []))  # "declined to comment on ..."
        for start, end in sentence_ranges(doc):
            start, end = trim(doc, _after_covered_sentence(doc, start, end, covered), end)
            if end - start < 1 or start < about_itself:
                continue
            inside = covered.intersection(range(start, end))
            if inside and not _states_around(doc[start:end], covered, cues):
                continue
            span = doc[start:end]
            if _names_this_text(span):  # "Correction: An earlier version of this article ..."
                about_itself = _line_end(breaks, end, len(doc))
            if not _is_statement(span) or _overlaps(span, skip) or _speaks_of_itself(span):
                continue
            if _attributes_the_quote_before(span, self.speech_verbs):
                continue
            if span_root(span).i in silent and not _describes(span):
                continue  # "Equinor declined to comment.": says nothing
            own = hedges[bisect_left(hedge_starts, start) : bisect_left(hedge_starts, end)]
            own = [h for h in own if h.start not in inside]  # a speaker's hedge is theirs
            found.append(Candidate(span, 0.0, [], own))  # scored by the caller, in one batch
        return found

    def keep(self, candidate: Candidate) -> bool:
        """A hedge keeps the sentence; else the decision model (or, with the
        hand-weighted scorer, ``keep_author_claim``)."""
        if candidate.hedges:
            return True
        if self.decision is None or self.scorer.model is None:
            return keep_author_claim(candidate.score, self.threshold)
        features = author_features(candidate.span, candidate.score, candidate.signals)
        return self.decision.keep(features)


@dataclass
class Candidate:
    """A sentence of the article's own voice with its check-worthiness and hedges."""

    span: Span
    score: float
    signals: list[str]
    hedges: list[Span]


class _CueChars:
    """The character ranges of the attributed claims' cues and of the verbs that say nothing
    ("declined to comment", "was asked to name"), for asking whether a token is in one (by
    bisection)."""

    def __init__(self, claims: list[Span], silent: Sequence[Span] = ()) -> None:
        cues = [span_extension(c, "fc_cue") for c in claims]
        self.ranges = sorted(tuple(cue) for cue in cues if cue)
        self.ranges = sorted(self.ranges + [(s.start_char, s.end_char) for s in silent])
        self.starts = [r[0] for r in self.ranges]

    def holds(self, char: int) -> bool:
        at = bisect_left(self.starts, char + 1) - 1
        return any(s <= char < e for s, e in self.ranges[max(0, at - 2) : at + 1])


def _states_around(span: Span, covered: set[int], cues: _CueChars) -> bool:
    """A sentence that holds an attributed claim but whose own main verb is the article's: the
    verb is outside every claim and is no cue ("Lee was booed when she said the plan failed",
    "The families have filed a lawsuit, alleging that ...", "The state has faced a backlash from
    groups who say ..."). Not "She said ..." or "“...,” he said." (the verb is the cue), nor "He
    declined to comment on whether ..." (a verb that says nothing)."""
    root = span_root(span)
    if root.i in covered or root.pos_ not in ("VERB", "AUX") or cues.holds(root.idx):
        return False
    if any(c.dep_ == "dep" and cues.holds(c.idx) for c in root.rights):
        return False  # "An email, read to the court, shows that ...": the cue is the main verb
    return 2 * len(covered.intersection(range(span.start, span.end))) < len(span)


def _line_end(breaks: list[int], after: int, length: int) -> int:
    """The first line break at or after token ``after`` (the Doc's end when none)."""
    k = bisect_left(breaks, after)
    return breaks[k] if k < len(breaks) else length


def _author_span(candidate: Candidate) -> Span:
    span = candidate.span
    span = Span(span.doc, span.start, span.end, label="author")
    span._.fc_kind = "author"
    span._.fc_speaker = None
    span._.fc_cue = None
    span._.fc_speaker_name = AUTHOR_NAME
    span._.fc_speaker_kind = "author"
    span._.fc_checkworthiness = candidate.score
    span._.fc_checkworthiness_signals = candidate.signals
    return span


def _after_covered_sentence(doc: Doc, start: int, end: int, covered: set[int]) -> int:
    """Where the article's own words begin when the parser ran an attributed claim and the next
    sentence together ("... with $200m. This was ostensibly ..."): after the claim, if the claim
    ends a sentence and a capitalised word follows. Else ``start``."""
    inside = [i for i in range(start, end) if i in covered]
    if not inside or inside[-1] + 1 >= end:
        return start
    last, nxt = doc[inside[-1]], doc[inside[-1] + 1]
    ends = last.text[-1:] in ".!?" or last.text in ("”", '"')
    return nxt.i if ends and nxt.is_title else start


def keep_author_claim(score: float, threshold: float) -> bool:
    """Whether an unhedged sentence of the article with check-worthiness ``score`` is a claim."""
    return score >= threshold


def sentence_ranges(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges of the sentences, also cut at line breaks (the parser may run over them)."""
    ranges = []
    starts, breaks = sentence_starts(doc), paragraph_breaks(doc)
    k = 0
    ends = [*starts[1:], len(doc)] if starts else []  # an empty Doc has no sentence
    for first, end in zip(starts, ends, strict=True):
        start = first
        k = bisect_left(breaks, first, k)
        while k < len(breaks) and breaks[k] < end:  # the tokens with a line break
            if breaks[k] > start:
                ranges.append((start, breaks[k]))
            start = breaks[k] + 1
            k += 1
        if end > start:
            ranges.append((start, end))
    return ranges


def _is_statement(span: Span) -> bool:
    """A sentence that ends like one, is not inside a heading-like line and is not set in title
    case (a headline with a full stop: "Ferry Fares Rise 18 Percent In 2024 Budget.")."""
    text = doc_text(span.doc)[span.start_char : span.end_char].rstrip()  # span.text, not rebuilt
    if not text or text[-1] not in _FINAL or "\n" in text:
        return False
    return text[0] not in "“\"‘'" and not _title_case(span)


def _title_case(span: Span) -> bool:
    """Four words or more, and no word of four letters or more in lower case."""
    doc, start, end = span.doc, span.start, span.end  # token columns: no Token per word
    alpha, strings = token_column(doc, IS_ALPHA), doc.vocab.strings
    words = [
        strings[o] for i, o in enumerate(token_column(doc, ORTH)[start:end], start) if alpha[i]
    ]
    return len(words) >= 4 and not any(len(w) >= 4 and w[0].islower() for w in words)


def _speaks_of_itself(span: Span) -> bool:
    """The article's own voice in the first person ("We have published ...", "I wrote"), or
    the article about its own text ("This article was amended on ...", "Our reporters spent six
    weeks on this story"): the outlet speaking of itself (appeals, disclosures, corrections), not
    a claim about the world."""
    if _names_this_text(span):
        return True
    doc = span.doc
    deps, heads = token_column(doc, DEP), token_column(doc, HEAD)
    return any(
        deps[i] in _SUBJECTS
        and deps[i + heads[i]] == _ROOT
        and "1" in doc[i].morph.get("Person", [])
        for i in range(span.start, span.end)
    )


def _attributes_the_quote_before(span: Span, speech_verbs: frozenset[str]) -> bool:
    """A sentence that only says who spoke: a speech verb with an active subject and no clause
    or object of its own in the sentence (an object of "tell" is the listener; the parser may
    hang the quote before on the verb). "Ms. Lee said in a statement.", "he told the crowd.":
    the tail of a quote the parser cut off, which states nothing. A speech verb that may stand
    alone ("she tweeted on Monday", "he testified in 2015") counts only right after a closing
    quotation mark; one that needs its words (say, tell, add) counts wherever it stands."""
    root = span_root(span)
    lemma = root.lemma_.lower()
    if lemma not in speech_verbs or not (lemma in _CONTENT_VERBS or _after_closing_quote(span)):
        return False
    deps = {c.dep_ for c in children(root) if span.start <= c.i < span.end}
    if "dobj" in deps and lemma != "tell":
        return False
    return "nsubj" in deps and not deps & {"ccomp", "xcomp", "parataxis", "csubj", "nsubjpass"}


def _describes(span: Span) -> bool:
    """Whether the sentence says something of someone besides its verb: a relative clause or
    an appositive ("Mr Lee, who was paid £1m last year, declined to comment")."""
    return any(t.dep_ in ("relcl", "appos") for t in span)


def _after_closing_quote(span: Span) -> bool:
    doc, i = span.doc, span.start - 1
    while i >= 0 and doc[i].is_space:
        i -= 1
    return i >= 0 and doc[i].text in _CLOSING_QUOTES


def _names_this_text(span: Span) -> bool:
    """ "this article", "this story": a genre of text under "this"."""
    doc = span.doc
    lemmas, lowers = token_column(doc, LEMMA), token_column(doc, LOWER)
    return any(
        _OWN_TEXT.has(doc, lemmas[i]) and any(lowers[c] == _THIS for c in child_ids(doc, i))
        for i in range(span.start, span.end)
    )


def _overlaps(span: Span, skip: list[tuple[int, ...]]) -> bool:
    return any(s < span.end_char and span.start_char < e for s, e in skip)


@Language.factory(
    "factcheck_author_claims",
    default_config={
        "rules": {"@misc": "factcheck.checkworthiness.v1"},
        "scorer": "trained",
        "hedges": {"@misc": "factcheck.hedges.v4"},
    },
)
def make_author_claim_finder(
    nlp: Language, name: str, rules: dict[str, Any], scorer: str, hedges: dict[str, Any]
) -> AuthorClaimFinder:
    """Add the article's own check-worthy and hedged claims and score every claim.

    ``scorer``: ``trained`` (the models shipped in the package: linear, and the encoder for the
    sentences it is unsure of), ``linear`` (the linear model alone) or ``rules`` (the hand weights).
    ``hedges``: the hedge lexicon whose hedges make a sentence of the article a claim (the one
    of ``factcheck_hedges``).
    """
    if scorer not in SCORERS:
        raise ValueError(
            f"factcheck_author_claims: scorer must be one of {SCORERS}, not {scorer!r}"
        )
    finder = HedgeFinder(hedges, tokenizer_words(nlp))
    if scorer == "rules":
        return AuthorClaimFinder(rules, hedges=finder)
    model, decision = CheckworthinessModel.load(), AuthorDecision.load()
    hybrid = HybridModel.load() if scorer == "trained" else None
    return AuthorClaimFinder(rules, model, decision, hedges=finder, hybrid=hybrid)
