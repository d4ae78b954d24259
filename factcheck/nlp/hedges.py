"""``factcheck_hedges``: the hedges ("allegedly", "it appears", "may") that qualify each claim.

Reads ``doc.spans["fc_claims"]`` and, when declared, the claim extensions ``fc_cue`` and
``fc_speaker`` (character ranges). A hedge qualifies a claim when it stands in the claim's content
or in its attribution clause: the sentence of its cue or speaker, outside any other claim's content.
When several claims share that sentence, the hedge goes to the claim whose cue or speaker is nearest.

Writes ``Span._.fc_hedges`` on every claim (a sorted list of ``(start_char, end_char)``) and every
hedge found in the text to ``doc.spans["fc_hedges"]``. Rules are data: ``factcheck.hedges.v4``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from factcheck.nlp import hedge_patterns  # noqa: F401  (registers factcheck.hedges.v1, v2)
from factcheck.nlp.claim_context import (
    Range,
    SentenceIndex,
    assign_owners,
    claim_context,
    claims_of,
    has_tags,
    span_extension,
)
from factcheck.nlp.doc_index import doc_cache
from factcheck.nlp.speaker_names import looks_human
from factcheck.nlp.syntax import children
from factcheck.nlp.trigger_matcher import TriggerMatcher

HEDGES_KEY = "fc_hedges"

if not Span.has_extension("fc_hedges"):
    Span.set_extension("fc_hedges", default=None)


_AGENT_ENTITIES = frozenset(["PERSON", "ORG", "NORP", "GPE"])
_NEGATIONS = {"no", "not", "n't", "never", "nobody", "none", "nothing", "neither", "nor"}


def _is_question(token: Token) -> bool:
    """True when the clause holding ``token`` ends with a question mark ("Could it be ...?")."""
    for later in token.doc[token.i : token.i + 60]:
        if later.text in {".", "!", ";"} or "\n" in later.text:
            return False
        if "?" in later.text:
            return True
    return False


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


def is_epistemic_modal(token: Token, inability: frozenset[str] = frozenset({"not", "n't"})) -> bool:
    """May/might/could used to hedge: not a month, not a name, not a question, not "could not"."""
    if has_tags(token.doc) and token.tag_ != "MD":
        return False
    if _is_month_or_name(token) or _is_question(token):
        return False
    if token.lower_ != "could":
        return True
    # "could not", "no crew could be found" report inability, not doubt ("may not" still hedges)
    doc = token.doc
    nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
    if nxt is not None and nxt.lower_ in inability:
        return False
    before = doc[max(0, token.i - 4) : token.i]
    return not any(t.lower_ in _NEGATIONS for t in before)


_COMPLEMENTS = {"xcomp", "acomp", "ccomp", "attr", "oprd"}


def _raises(verb: Token) -> bool:
    """ "appeared rattled", "appears to", "it appears that": a complement, not a place or a show."""
    if verb.dep_ in {"aux", "auxpass"} or any(c.dep_ in _COMPLEMENTS for c in children(verb)):
        return True  # the parser makes "appeared" in "appeared rattled" an auxiliary
    nxt = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
    return nxt is not None and (nxt.lower_ in {"to", "that", "like"} or nxt.tag_ == "JJ")


def _hearsay_participle(token: Token) -> bool:
    """ "is believed to", "a year expected to", "was seen as": a passive participle, not "he said
    to reporters" or "we have seen as much"."""
    if has_tags(token.doc) and token.tag_ != "VBN":
        return False
    return not any(c.dep_ == "aux" and c.lemma_ == "have" for c in children(token))


class HedgeFinder:
    """Finds hedges with one pass over the tokens and hands each to the claims it qualifies."""

    def __init__(self, lexicon: dict[str, Any], words_of: Callable[[str], list[str]]) -> None:
        """``words_of`` splits a phrase of the lexicon into the words the tokenizer makes."""
        self.matcher = TriggerMatcher(window=8)
        phrases = [*lexicon.get("phrases", []), *lexicon.get("epistemic_phrases", [])]
        # finders of the same lexicon split alike find the same hedges: the author-claim
        # component's finder and factcheck_hedges' share what they found in a Doc
        self._cache_key = "hedges " + json.dumps(
            [lexicon, [words_of(p) for p in phrases]], sort_keys=True, default=str
        )
        self.exclusions: dict[str, list[str]] = dict(lexicon.get("exclusions", {}))
        self.modals = set(lexicon.get("modals", []))
        self.max_gap: int | None = lexicon.get("max_gap")
        self.inability = frozenset(lexicon.get("inability", ["not", "n't"]))
        self.question_words = set(lexicon.get("question_words", []))
        self.attributive = set(lexicon.get("attributive", []))
        self.comparatives = set(lexicon.get("comparatives", []))
        self.causatives = set(lexicon.get("causatives", []))
        for word in lexicon.get("words", []):
            self.matcher.add("WORD", [{"LOWER": word}])
        for phrase in lexicon.get("phrases", []):
            self.matcher.add("PHRASE", [{"LOWER": w.lower()} for w in words_of(phrase)])
        for modal in self.modals:
            self.matcher.add("MODAL", [{"LOWER": modal}])
        for word in lexicon.get("epistemic", []):
            self.matcher.add("WORD", [{"LOWER": word}])
        for phrase in lexicon.get("epistemic_phrases", []):
            self.matcher.add("PHRASE", [{"LOWER": w.lower()} for w in words_of(phrase)])
        raising = lexicon.get("raising", {})
        for word in raising.get("always", []):
            self.matcher.add("WORD", [{"LOWER": word}])
        for word in raising.get("with_complement", []):
            self.matcher.add("RAISING", [{"LOWER": word}])
        for word in lexicon.get("evidence_verbs", []):
            self.matcher.add("EVIDENCE", [{"LOWER": word}])
        self.thing_pronouns = set(lexicon.get("thing_pronouns", []))
        self.finding_subjects = set(lexicon.get("finding_subjects", []))
        participles = lexicon.get("participles", [])
        if participles:
            self.matcher.add(
                "PARTICIPLE", [{"LOWER": {"IN": participles}}, {"LOWER": {"IN": ["to", "as"]}}]
            )

    def __call__(self, doc: Doc) -> Doc:
        hedges = self.find(doc)
        doc.spans[HEDGES_KEY] = hedges
        self.attach(doc, hedges)
        return doc

    def find(self, doc: Doc) -> list[Span]:
        """Every hedge in the document, longest match first, false modals removed (found once per
        Doc by the finders of one lexicon)."""
        cache = doc_cache(doc)
        known: tuple[int, list[Span]] | None = cache.get(self._cache_key)
        if known is None or known[0] != len(doc):
            known = cache[self._cache_key] = (len(doc), self._find(doc))
        return list(known[1])

    def _find(self, doc: Doc) -> list[Span]:
        found = []
        for label, start, end in self.matcher(doc):
            span = Span(doc, start, end, label="HEDGE")
            if label == "MODAL" and not is_epistemic_modal(span[0], self.inability):
                continue
            if self._not_doubt(span[0]):
                continue
            if label == "WORD" and self._excluded(span[0]):
                continue
            if label == "RAISING" and not _raises(span[0]):
                continue
            if label == "PARTICIPLE" and not _hearsay_participle(span[0]):
                continue
            if label == "EVIDENCE" and not self._thing_subject(span[0]):
                continue
            found.append(span)
        return sorted(filter_spans(found), key=lambda s: s.start)

    def _not_doubt(self, token: Token) -> bool:
        """ "how she could win" (asked about), "likely voters", "more likely to vote" (a group,
        a rate), "makes him seem kinder" (a perception); needs the parse (v3 word classes)."""
        if not has_tags(token.doc):
            return False
        head = token.head
        if token.tag_ == "MD" and self.question_words:
            return any(c.lower_ in self.question_words for c in children(head))
        if token.lower_ in self.attributive:
            return (token.dep_ == "amod" and head.tag_ == "NNS") or self._compared(token)
        causative = head.lemma_ in self.causatives and token.dep_ in {"ccomp", "xcomp"}
        return token.lemma_ == "seem" and causative

    def _thing_subject(self, verb: Token) -> bool:
        """ "the study suggests", "messages suggested that", "that suggests": evidence, not a
        person proposing ("the senator suggested", "aides suggested", "she suggested")."""
        subject = next((c for c in children(verb) if c.dep_ == "nsubj"), None)
        if subject is None:
            return False
        lemma = subject.lemma_.lower()
        if subject.lower_ in self.thing_pronouns or lemma in self.finding_subjects:
            return True
        return (
            subject.pos_ == "NOUN"
            and subject.ent_type_ not in _AGENT_ENTITIES
            and not looks_human(lemma)
        )

    def _compared(self, token: Token) -> bool:
        """ "more likely to vote", "less likely than men": a rate, not doubt."""
        doc = token.doc
        before = doc[token.i - 1] if token.i > 0 else None
        after = doc[token.i + 1] if token.i + 1 < len(doc) else None
        compared = before is not None and before.lower_ in self.comparatives
        return compared and after is not None and after.lower_ in {"to", "than"}

    def _excluded(self, token: Token) -> bool:
        """ "claimed responsibility", "claimed compensation": a verb with an object states a fact."""
        blocked = self.exclusions.get(token.lower_)
        if not blocked:
            return False
        if any(child.dep_ == "dobj" for child in children(token)):
            return True
        following = token.doc[token.i + 1 : token.i + 3]
        return any(t.lower_ in blocked for t in following)

    def attach(self, doc: Doc, hedges: Iterable[Span]) -> None:
        """Set ``fc_hedges`` on every claim from the hedges they own."""
        claims = claims_of(doc)
        sentences = SentenceIndex(doc) if claims else None
        contexts = [claim_context(c, sentences) for c in claims if sentences is not None]
        owned: list[list[Range]] = [[] for _ in claims]
        targets = [(hedge.start_char, hedge.end_char) for hedge in hedges]
        authored = [span_extension(c, "fc_kind") == "author" for c in claims]
        for target, indexes in zip(
            targets, assign_owners(targets, contexts, self.max_gap), strict=True
        ):
            # an author sentence that holds an attributed claim: the speaker's hedge is theirs
            if not all(authored[i] for i in indexes):
                indexes = [i for i in indexes if not authored[i]]
            for i in indexes:
                owned[i].append(target)
        for claim, ranges in zip(claims, owned, strict=True):
            claim._.fc_hedges = sorted(set(ranges))


@Language.factory(
    "factcheck_hedges",
    assigns=["span._.fc_hedges"],
    default_config={"lexicon": {"@misc": "factcheck.hedges.v4"}},
)
def make_hedge_finder(nlp: Language, name: str, lexicon: dict[str, Any]) -> HedgeFinder:
    """Build the hedge component from a versioned lexicon (``factcheck.hedges.v4``)."""
    return HedgeFinder(lexicon, tokenizer_words(nlp))


def tokenizer_words(nlp: Language) -> Callable[[str], list[str]]:
    """The words ``nlp``'s tokenizer makes of a phrase."""
    return lambda phrase: [t.text for t in nlp.make_doc(phrase)]
