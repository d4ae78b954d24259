"""Which organisation or document an "it" or a definite description speaker stands for.

``factcheck_speakers`` resolved "it" to the last organisation or document that had spoken and
left "the company", "the agency", "the group" as they were. Both fail where the article names an
organisation as the subject of a sentence without a claim ("Greystone Living rejects this. In a
statement, it insisted: ..."), or where a document spoke last ("according to figures compiled by
..."; figures do not insist). Here, as ``speaker_salience`` does for people:

- **Candidates**: every organisation the entity recognizer names outside quotations (not the
  article's own publication, not a name the article gives a person), and every organisation,
  publication or document that spoke before, in text order.
- **Agreement**: a definite description ("the agency", "the airport", "the brigade") takes the
  latest candidate whose name ends in its head word ("Environment Agency"); a noun of a kind of
  organisation ("the company", "the group") or "it" takes any organisation; "it" takes a
  document or publication only when its cue is not a verb of voice or mind ("it insisted").
- **Salience**: for "it" and a noun of a kind, a subject of the mention's own sentence or of
  the ``NEAR`` sentences before it that name one, newest first (in a sentence the subject of
  the main verb first), and nothing else: an organisation named only in passing ("party
  frontrunner Ann Lee") is not what "it" stands for. A description that ends like a name takes that name
  wherever it stood in the last ``LOOKBACK`` sentences ("a whistleblower contacted it. The
  agency confirmed").

Only the last ``LOOKBACK`` sentences are read, so the cost per mention does not grow with the
article.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.attrs import ENT_TYPE, ORTH, POS
from spacy.parts_of_speech import PROPN
from spacy.tokens import Doc, Span

from factcheck.nlp.candidates import Regions
from factcheck.nlp.doc_index import token_column
from factcheck.nlp.speaker_salience import MAIN, OTHER, SUBJECT, QuoteIndex, rank_of
from factcheck.nlp.syntax import sentence_bounds, span_root

LOOKBACK = 4  # sentences before the mention's own that may hold its antecedent
NEAR = 2  # of them, those that may hold the antecedent of "it" or "the company"
ORGANIZATION = "organization"
_ENTITY_LABELS = ("ORG", "FAC")
_MODIFIERS = frozenset(("compound", "poss", "amod", "nmod"))  # a name that modifies a noun


@dataclass
class ThingMention:
    """An organisation or document named or speaking at ``start`` (a character offset)."""

    name: str
    kind: str  # organization, publication or document
    start: int
    sentence: int  # index of its sentence's first token
    rank: int  # MAIN, SUBJECT or OTHER

    @property
    def head(self) -> str:
        """The last word of the name, lower case: "agency" of "Environment Agency"."""
        words = self.name.lower().split()
        return words[-1] if words else ""


def named_organizations(doc: Doc, quotes: QuoteIndex, people: set[str]) -> list[ThingMention]:
    """The organisations the entity recognizer names outside quotations, in text order; not a
    name that is also the surname of a person in ``people`` (the tagger reads names so too)."""
    found = []
    skip = Regions([(int(a), int(b)) for a, b in (doc._.fc_skip or [])])
    for entity in doc.ents:
        if entity.label_ not in _ENTITY_LABELS or quotes.holds(entity.start_char):
            continue
        if any(t.is_space for t in entity) or skip.overlaps(entity.start_char, entity.end_char):
            continue  # over a paragraph break, or in a heading, byline or boilerplate
        name = _plain(entity)
        if not name or name.split()[-1].lower() in people or not name[:1].isupper():
            continue
        root = span_root(entity)
        start = sentence_bounds(doc, root.i)[0]
        rank = OTHER if root.dep_ in _MODIFIERS else rank_of(root)  # "party frontrunner Ann Lee"
        found.append(ThingMention(name, ORGANIZATION, entity.start_char, start, rank))
    untagged = _untagged_forms(doc, {m.name.split()[0] for m in found}, quotes, skip)
    return sorted(found + untagged, key=lambda m: m.start) if untagged else found


def _untagged_forms(
    doc: Doc, first_words: set[str], quotes: QuoteIndex, skip: Regions
) -> list[ThingMention]:
    """Proper names the recognizer left untagged that begin with the first word of an
    organisation it tagged elsewhere in the article ("Brightmere Energy fitted ...", then
    "Brightmere said"): one name, one organisation, through the article."""
    if not first_words:
        return []
    found = []
    ids = {doc.vocab.strings[w] for w in first_words if w in doc.vocab.strings}
    orths, pos, ents = (token_column(doc, c) for c in (ORTH, POS, ENT_TYPE))
    i, n = 0, len(doc)
    while i < n:
        if orths[i] not in ids or pos[i] != PROPN or ents[i] or (i and pos[i - 1] == PROPN):
            i += 1
            continue
        end = i + 1
        while end < n and pos[end] == PROPN and not ents[end]:
            end += 1
        span = doc[i:end]
        if not quotes.holds(span.start_char) and not skip.overlaps(span.start_char, span.end_char):
            root = span_root(span)
            rank = OTHER if root.dep_ in _MODIFIERS else rank_of(root)
            start = sentence_bounds(doc, root.i)[0]
            found.append(ThingMention(span.text, ORGANIZATION, span.start_char, start, rank))
        i = end
    return found


def thing_antecedent(
    at: int,
    sentence: int,
    mentions: list[ThingMention],
    head: str = "",
    documents: bool = True,
    content: tuple[int, int] = (0, 0),
) -> ThingMention | None:
    """The organisation (or document) a mention at character ``at`` in the sentence starting at
    token ``sentence`` refers to; ``head``: the head word of a definite description ("agency"),
    which the name must end in; ``documents``: whether a document or publication may be meant.
    Nothing named inside ``content`` (the claim's own words) is who speaks them.

    ``mentions`` are in text order; only those of the last ``LOOKBACK`` sentences are read.
    """
    groups: list[tuple[int, list[ThingMention]]] = []  # newest sentence first
    for mention in reversed(mentions):
        if mention.start >= at:
            continue
        if not groups or groups[-1][0] != mention.sentence:
            if len(groups) > LOOKBACK:
                break
            groups.append((mention.sentence, []))
        if content[0] <= mention.start < content[1]:
            continue  # the claim's own words
        fits = mention.head == head if head else True
        if fits and (documents or mention.kind == ORGANIZATION):
            groups[-1][1].insert(0, mention)
    if head:
        return next((m for _, group in groups for m in reversed(group)), None)
    for _, group in groups[: NEAR + 1]:
        subjects = [m for m in group if m.rank in (MAIN, SUBJECT)]
        if subjects:
            return min(subjects, key=lambda m: (m.rank, -m.start))
    return None


def _plain(entity: Span) -> str:
    words = [t.text for t in entity if t.lower_ not in ("the", "'s", "’s")]
    return " ".join(words)
