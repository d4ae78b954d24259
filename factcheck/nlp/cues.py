"""factcheck_cues: find the reporting cues of a Doc (the words that introduce what someone said).

Output: ``doc.spans["fc_cues"]``, one span per cue, labelled with its family:
``speech`` ("said", "told", "pointed out"), ``stance`` ("believes", "polls show"), ``according``
("according to"), ``as_reported`` ("as the paper reported"), ``passive`` ("it was reported that",
"is said to", "has been accused of"). The lexicon is the versioned data ``factcheck.cues.v1``.
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from factcheck.nlp import patterns  # noqa: F401  (registers the lexicons)

CUES_KEY = "fc_cues"
_VERB_POS = {"VERB", "AUX"}
CLAUSE_DEPS = {"ccomp", "parataxis"}
COMPLEMENT_DEPS = {"dobj", "ccomp", "xcomp", "oprd", "attr", "acomp"}
_PHRASAL_PREPS = {"for", "on", "against", "to", "about", "of", "at", "with", "out"}


class CueFinder:
    """Labels reporting cues using a lexicon of verb lemmas and phrases."""

    def __init__(self, lexicon: dict[str, Any]) -> None:
        self.speech = frozenset(lexicon["speech"])
        self.stance = frozenset(lexicon["stance"])
        self.clause_only = frozenset(lexicon["clause_only"])
        self.phrasal = {k: frozenset(v) for k, v in lexicon["phrasal"].items()}
        self.according = dict(lexicon["according"])
        self.passive = frozenset(lexicon["passive"])
        self.object = frozenset(lexicon.get("object", ()))

    def __call__(self, doc: Doc) -> Doc:
        doc.spans[CUES_KEY] = list(self.find(doc))
        return doc

    def find(self, doc: Doc) -> list[Span]:
        """All cue spans of ``doc``, in text order."""
        cues: list[Span] = []
        for token in doc:
            family = self.family(token)
            if family is not None:
                cues.append(self.cue_span(token, family))
        return cues

    def family(self, token: Token) -> str | None:
        """The cue family of ``token`` or None when it is not a cue."""
        if self._is_according(token):
            return "according"
        if token.pos_ not in _VERB_POS:
            return None
        lemma = token.lemma_.lower()
        if lemma in self.object:
            return "object" if complements(token) and not _is_passive(token) else None
        if lemma not in self.speech and lemma not in self.stance:
            return None
        if _is_passive(token):
            return "passive" if lemma in self.passive else None
        if any(c.dep_ == "mark" and c.lower_ == "as" for c in token.children):
            return "as_reported" if lemma in self.speech else None
        if lemma in self.clause_only and not _has_clause(token):
            return None
        return "speech" if lemma in self.speech else "stance"

    def _is_according(self, token: Token) -> bool:
        follow = self.according.get(token.lemma_.lower()) or self.according.get(token.lower_)
        if follow is None or token.lower_ not in ("according", "per"):
            return False
        if not follow:
            return token.dep_ == "prep"
        nxt = token.nbor(1) if token.i + 1 < len(token.doc) else None
        return nxt is not None and nxt.lower_ == follow

    def cue_span(self, token: Token, family: str) -> Span:
        """The words of the cue: the verb with its particle, or the whole "according to"."""
        doc = token.doc
        if family == "according":
            end = token.i + 2 if token.lower_ == "according" else token.i + 1
            return Span(doc, token.i, min(end, len(doc)), label=family)
        start, end = token.i, token.i + 1
        particles = self.phrasal.get(token.lemma_.lower(), frozenset())
        for child in token.rights:
            if (child.dep_ == "prt" or child.lower_ in particles) and child.i == end:
                end += 1
            elif child.i > end:
                break
        if family == "passive":
            start = min([start] + [c.i for c in token.lefts if c.dep_ in ("auxpass", "aux")])
        return Span(doc, start, end, label=family)


def complements(verb: Token) -> list[Token]:
    """The children of ``verb`` that carry what is attributed: objects, clauses, predicates."""
    return [c for c in verb.rights if c.dep_ in COMPLEMENT_DEPS or _is_phrasal_prep(verb, c)]


def _is_phrasal_prep(verb: Token, child: Token) -> bool:
    return child.dep_ == "prep" and child.i == verb.i + 1 and child.lower_ in _PHRASAL_PREPS


def _is_passive(token: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in token.children)


def _has_clause(token: Token) -> bool:
    """Whether a clause hangs from ``token`` ("shows that ...", "..., he thinks")."""
    if any(c.dep_ in CLAUSE_DEPS for c in token.children):
        return True
    return token.dep_ in ("parataxis",) and token.head.i < token.i


@Language.factory(
    "factcheck_cues",
    default_config={"lexicon": {"@misc": "factcheck.cues.v2"}},
)
def make_cue_finder(nlp: Language, name: str, lexicon: dict[str, Any]) -> CueFinder:
    """Find reporting cues (see the module docstring)."""
    return CueFinder(lexicon)
