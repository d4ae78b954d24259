"""Whether a sentence of the article, in its own voice, is an author claim.

The trained check-worthiness score (``factcheck.nlp.checkworthiness``) was learned on debate
sentences; on news it rates scene-setting, analysis and predictions as highly as reported events.
The decision therefore combines the score with what the sentence's syntax says about it, in a small
logistic model (``AuthorDecision``): its log-odds, the hand signals (number, date, entity, event,
cause, comparison), tense and mood of the main verb (past, modal, imperative, negated), what kind
of subject it has (a name, a noun, a pronoun, none), an evaluation ("is X" with an adjective),
words of likelihood (predictions), quotation marks, a title-case line,
the second person and the length. Its weights (``models/author_claims.json``) are fitted on the
author claims of the PolNeAR train annotations (``make train-author-claims``,
``factcheck.nlp.author_decision_train``) and measured on dev, never fitted there.

A sentence with a hedge of its own ("allegedly", "it appears", "may", "likely") is a claim whatever
the model says (``factcheck.nlp.claims``: the article's hedged statements are flagged); modals and
words of likelihood are also features here, for the sentences no hedge keeps ("the bill will
pass", "would", "should").
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from spacy.attrs import IS_ALPHA, LIKE_NUM, LOWER, ORTH
from spacy.tokens import Span, Token

from factcheck.nlp.doc_index import doc_text, string_ids, token_column
from factcheck.nlp.syntax import children, span_root

MODEL_PATH = Path(__file__).resolve().parent / "models" / "author_claims.json"
_LIKELIHOOD = frozenset(["likely", "unlikely", "expected", "probably", "perhaps", "possibly"])
_SUBJECTS = ("nsubj", "nsubjpass", "expl")
_QUOTES = frozenset(['"', "“", "”", "''", "``"])
_SECOND_PERSON = frozenset(["you", "your", "yours", "yourself"])
_THING_PRONOUNS = frozenset(["it", "this", "that", "these", "those"])
_LIKELIHOOD_IDS = string_ids(_LIKELIHOOD)
_QUOTE_IDS = string_ids(_QUOTES)
_SECOND_PERSON_IDS = string_ids(_SECOND_PERSON)


def author_features(span: Span, score: float, signals: Iterable[str]) -> dict[str, float]:
    """The named features of a candidate sentence: ``score`` as log-odds, the rest 0/1."""
    clipped = min(max(score, 1e-3), 1 - 1e-3)
    found: dict[str, float] = {"score": math.log(clipped / (1 - clipped))}
    names = {f"signal_{s}" for s in signals}
    names |= _verb_features(span_root(span))
    names |= _surface_features(span)
    found.update(dict.fromkeys(names, 1.0))
    return found


def _verb_features(root: Token) -> set[str]:
    """Tense, mood and subject of the sentence's main verb."""
    kids = children(root)
    deps = {c.dep_ for c in kids}
    found = set()
    if any(c.dep_ == "aux" and c.tag_ == "MD" for c in kids):
        found.add("modal")
    if root.tag_ == "VBD" or any(c.dep_ in ("aux", "auxpass") and c.tag_ == "VBD" for c in kids):
        found.add("past")
    if "neg" in deps:
        found.add("negated")
    if root.lemma_ == "be" and "acomp" in deps:
        found.add("evaluation")  # "the plan is unfair", "he was strangely subdued"
    subject = next((c for c in kids if c.dep_ in _SUBJECTS), None)
    if subject is None:
        found.add("imperative" if root.tag_ == "VB" else "no_subject")
    elif subject.pos_ == "PROPN" or subject.ent_type_:
        found.add("subject_name")
    elif subject.lower_ in _THING_PRONOUNS or subject.dep_ == "expl":
        found.add("subject_it")
    elif subject.pos_ == "PRON":
        found.add("subject_pronoun")
    else:
        found.add("subject_noun")
    return found


def _surface_features(span: Span) -> set[str]:
    """Words of likelihood, quotation marks, the second person, a title-case line, a number
    first, an exclamation, the length in words (read from the token columns)."""
    doc, start, end = span.doc, span.start, span.end
    strings = doc.vocab.strings
    lowers = token_column(doc, LOWER)[start:end]
    words = [i for i, alpha in enumerate(token_column(doc, IS_ALPHA)[start:end], start) if alpha]
    word_lowers = {lowers[i - start] for i in words}
    found = set()
    if not _LIKELIHOOD_IDS.isdisjoint(word_lowers):
        found.add("likelihood")
    if not _QUOTE_IDS.isdisjoint(token_column(doc, ORTH)[start:end]):
        found.add("quotation")
    if not _SECOND_PERSON_IDS.isdisjoint(word_lowers):
        found.add("second_person")
    orths = token_column(doc, ORTH)
    long_words = [w for w in (strings[orths[i]] for i in words) if len(w) > 3]
    if len(long_words) >= 4 and sum(w[0].isupper() for w in long_words) >= 0.8 * len(long_words):
        found.add("title_case")
    if token_column(doc, LIKE_NUM)[start]:
        found.add("numbered")  # "2. Democrats face a gap."
    if doc_text(doc)[span.start_char : span.end_char].rstrip().endswith("!"):
        found.add("exclamation")
    n = len(words)
    found.add(
        "words<8" if n < 8 else "words<15" if n < 15 else "words<30" if n < 30 else "words30+"
    )
    return found


@dataclass(frozen=True)
class AuthorDecision:
    """A logistic model over ``author_features``; ``threshold`` on its probability."""

    weights: dict[str, float]
    bias: float
    threshold: float
    meta: dict[str, object] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> AuthorDecision:
        """Read the weights written by ``save``."""
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(data["weights"], data["bias"], data["threshold"], data.get("meta", {}))

    def save(self, path: Path = MODEL_PATH) -> None:
        """Write the weights as sorted JSON (a diff shows what changed)."""
        data = {"weights": self.weights, "bias": self.bias, "threshold": self.threshold}
        data["meta"] = self.meta
        path.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")

    def probability(self, features: dict[str, float]) -> float:
        """Estimated probability that the sentence is an author claim."""
        value = self.bias + sum(self.weights.get(k, 0.0) * v for k, v in features.items())
        return 1.0 / (1.0 + math.exp(-value))

    def keep(self, features: dict[str, float]) -> bool:
        """Whether the sentence with ``features`` is an author claim."""
        return self.probability(features) >= self.threshold
