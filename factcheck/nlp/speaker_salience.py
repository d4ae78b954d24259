"""Which earlier person a "he" or "she" speaker is: gender, salience and quotation.

The resolver of ``factcheck_speakers`` used to take the last person the text named or the last
speaker, whichever came later. That fails where the article moves between people: "Clinton says
Sanders can't name one. She says ..." (Sanders is later, but a man), "Family spokesman Bob Gunnell
says Ali was accompanied by his wife. He says ..." (the spokesman is the subject), "“... Sen.
Sanders ...,” he said" (a name inside someone's quote is no antecedent). Here:

- **Gender** is read from the article itself: a title (Mr., Mrs., Ms.) or a "he/his" or
  "she/her" that follows a person who is the subject of a sentence, before any other person in it
  ("Clinton beamed as she noted ..."). A person with no evidence either way fits both pronouns.
- **Salience**: the pronoun's own sentence first, then the sentences before it, newest first. In a
  sentence the subject of the main verb wins ("the Rev. Charles Elliott Jr., Elliott's father,
  knew Ali"), then another subject, then the latest mention; a sentence whose main subject is
  itself "he"/"she" or an unnamed person ("The radio host has filled his speeches for Cruz")
  continues an earlier chain and is passed over.
- **Quotation**: names inside quotation marks (``doc.spans["fc_quotes"]``) are not candidates.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from factcheck.nlp.syntax import children, doc_cache, sentence_bounds, span_root

MALE = frozenset({"he", "him", "his", "himself"})
FEMALE = frozenset({"she", "her", "hers", "herself"})
# "Lowe wants Vargas to come and explain herself": a reflexive is its own clause's subject's
_REFLEXIVES = frozenset({"himself", "herself"})
_MALE_TITLES = frozenset({"mr", "sir", "lord"})
_FEMALE_TITLES = frozenset({"mrs", "ms", "miss", "lady", "madam", "dame"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
_NOUN_PHRASE = frozenset({"appos", "compound", "flat", "poss"})
_TITLE_WEIGHT = 3  # a title outweighs a few pronouns read from the parse
MAIN, SUBJECT, OTHER = 0, 1, 2  # how salient a mention is in its sentence
LOOKBACK = 6  # sentences before the pronoun's own that may hold its antecedent


@dataclass
class PersonMention:
    """A person named or speaking at ``start`` (a character offset)."""

    name: str
    start: int
    sentence: int  # index of its sentence's first token
    rank: int  # MAIN, SUBJECT or OTHER
    kind: str = "person"  # or "anonymous" ("a senior aide")


class QuoteIndex:
    """Whether a character offset is inside a quoted passage."""

    def __init__(self, doc: Doc) -> None:
        spans = sorted(doc.spans["fc_quotes"]) if "fc_quotes" in doc.spans else []
        self.starts = [s.start_char for s in spans]
        self.ends = [s.end_char for s in spans]

    def holds(self, char: int) -> bool:
        at = bisect_right(self.starts, char) - 1
        return at >= 0 and self.starts[at] < char < self.ends[at]


def rank_of(token: Token) -> int:
    """MAIN for the subject of the sentence's main verb (through appositives and compounds:
    "Elliott's father, the Rev. Charles Elliott Jr., knew"), SUBJECT for another subject."""
    for _ in range(4):
        if token.dep_ not in _NOUN_PHRASE or token.head is token:
            break
        token = token.head
    if token.dep_ not in _SUBJECTS:
        return OTHER
    verb = token.head
    if verb.dep_ == "ROOT" or (verb.dep_ == "conj" and verb.head.dep_ == "ROOT"):
        return MAIN
    return SUBJECT


def sentence_start(token: Token) -> int:
    """The index of the first token of ``token``'s sentence (a bisection, not a walk)."""
    return sentence_bounds(token.doc, token.i)[0]


def main_subject(doc: Doc, sentence: int) -> Token | None:
    """The subject of the main verb of the sentence starting at token ``sentence``."""
    roots: dict[int, Token | None] = doc_cache(doc).setdefault("sentence_subjects", {})
    if sentence not in roots:
        start, end = sentence_bounds(doc, sentence)
        root = next((t for t in doc[start:end] if t.head.i == t.i), None)
        subjects = [c for c in children(root) if c.dep_ in _SUBJECTS] if root is not None else []
        roots[sentence] = subjects[0] if subjects else None
    return roots[sentence]


class Genders:
    """The gender the article gives each person, by canonical name ("" when unknown)."""

    def __init__(self) -> None:
        self.votes: dict[str, list[int]] = {}  # name -> [male, female]

    def add(self, name: str, gender: str, weight: int = 1) -> None:
        votes = self.votes.setdefault(name, [0, 0])
        votes[0 if gender == "m" else 1] += weight

    def of(self, name: str) -> str:
        male, female = self.votes.get(name, (0, 0))
        if male > female:
            return "m"
        return "f" if female > male else ""

    def read(self, entity: Span, name: str, quotes: QuoteIndex) -> None:
        """Votes from a title before or in the name, and from the first pronoun after a
        subject in its sentence, before any other person."""
        doc = entity.doc
        before = doc[entity.start - 1].lower_.rstrip(".") if entity.start > 0 else ""
        for word in {before, entity[0].lower_.rstrip(".")}:
            if word in _MALE_TITLES:
                self.add(name, "m", _TITLE_WEIGHT)
            elif word in _FEMALE_TITLES:
                self.add(name, "f", _TITLE_WEIGHT)
        if rank_of(span_root(entity)) == OTHER:
            return
        end = sentence_bounds(doc, entity.start)[1]
        for token in doc[entity.end : end]:
            if token.ent_type_ == "PERSON":
                return
            if token.lower_ in MALE or token.lower_ in FEMALE:
                if not quotes.holds(token.idx) and token.lower_ not in _REFLEXIVES:
                    self.add(name, "m" if token.lower_ in MALE else "f")
                return


def pronoun_gender(word: str) -> str:
    if word in MALE:
        return "m"
    return "f" if word in FEMALE else ""


def antecedent(
    pronoun: Token,
    mentions: list[PersonMention],
    genders: Genders,
    human: Callable[[str], bool],
    described: bool = False,
    content: tuple[int, int] = (0, 0),
) -> PersonMention | None:
    """The person a "he"/"she" at ``pronoun`` stands for (``described``: the person a definite
    role description such as "the Vermont senator" stands for, of either gender), or None to
    leave it to the caller.

    ``mentions`` are in text order; only those of the last few sentences are read, so the cost
    per pronoun does not grow with the article. ``human`` tells a role noun ("spokesman").
    Nobody named inside ``content`` (the claim's own words) is who speaks them.
    """
    gender = "" if described else pronoun_gender(pronoun.lower_)
    if not gender and not described:
        return None
    own = sentence_start(pronoun)
    groups: list[tuple[int, list[PersonMention]]] = []  # newest sentence first
    for mention in reversed(mentions):
        if mention.start >= pronoun.idx or content[0] <= mention.start < content[1]:
            continue  # after the pronoun, or inside the words it speaks
        if not groups or groups[-1][0] != mention.sentence:
            if len(groups) > LOOKBACK:
                break
            groups.append((mention.sentence, []))
        if described or genders.of(mention.name) in ("", gender):
            groups[-1][1].insert(0, mention)
    for start, group in groups:
        if not group:
            continue
        main = [m for m in group if m.rank == MAIN]
        if main:
            return main[-1]
        subjects = [m for m in group if m.rank == SUBJECT]
        if subjects:  # "Lee thanked Ruiz and Ortiz. “...,” he said": not an object
            return subjects[-1]
        if start == own:
            return group[-1]
        if not _continues_chain(pronoun.doc, start, human):
            return group[-1]
    return None


def _continues_chain(doc: Doc, sentence: int, human: Callable[[str], bool]) -> bool:
    """Whether the sentence's main subject is a "he"/"she" or an unnamed person, so that its
    other people are not what a later pronoun refers to."""
    subject = main_subject(doc, sentence)
    if subject is None:
        return False
    if subject.lower_ in MALE or subject.lower_ in FEMALE:
        return True
    return subject.pos_ == "NOUN" and subject.ent_type_ == "" and human(subject.lemma_.lower())
