"""factcheck_speakers: a canonical name and a kind for the speaker of every claim.

Pronouns ("he", "she", "it", "they"), relative pronouns ("who") and anaphoric descriptions ("our
source", "the detainee", "this official") resolve to an earlier mention; "he" and "she" to a
person of that gender as the article gives it, the main subject of the nearest sentence first,
never a name inside a quotation (``speaker_salience``); surnames and titled names
("Ms. Okafor") resolve to the fullest earlier form of the name ("Adaeze Okafor"). Kinds: person,
organization, anonymous, group, document, publication. Every mention of an unnamed source with the
same head word ("a source", "our source", "the source") is one anonymous speaker across the article.
A name followed by an acronym in brackets ("the Movement for a Democratic Society (TEV-DEM)") is
one organization; "The Courier's Ann Lee" is the person Ann Lee; a number is a group, never a
thing "it" can refer to; "it" never resolves to the article's own publication (a publication
named in the article's headings, bylines or boilerplate, or ``doc.user_data["fc_publisher"]``).
Sets ``Span._.fc_speaker_name`` and ``Span._.fc_speaker_kind`` of the spans in ``doc.spans["fc_claims"]``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from factcheck.nlp import patterns  # noqa: F401  (registers the lexicons)
from factcheck.nlp.attribution import CLAIMS_KEY
from factcheck.nlp.claim_context import span_extension
from factcheck.nlp.doc_index import doc_text
from factcheck.nlp.evidence_scene import is_question
from factcheck.nlp.speaker_names import (
    DOCUMENT_OWNERS,
    GROUP_OWNERS,
    HONORIFICS,
    HUMAN_ROLES,
    POST_NOMINALS,
    TITLES,
    acronym_named,
    appositive_name,
    companies_and_people,
    company_named,
    definite_thing,
    looks_human,
    of_whole,
    owner_of,
    repeated_surnames,
    run_on,
    whole_name,
)
from factcheck.nlp.speaker_salience import (
    MAIN,
    SUBJECT,
    Genders,
    PersonMention,
    QuoteIndex,
    antecedent,
    rank_of,
    sentence_start,
)
from factcheck.nlp.speaker_things import ThingMention, named_organizations, thing_antecedent
from factcheck.nlp.syntax import (
    children,
    doc_cache,
    is_expletive,
    is_quantity,
    rights,
    sentence_bounds,
    span_root,
)

_ORG_LABELS = {"ORG", "GPE", "FAC"}
_OUTLET_PRONOUNS = frozenset(("we", "us"))  # the writer's outlet, outside quotations
# the possessive pronouns that hold a view ("In his view", "in its estimate"), read as subjects
_POSSESSIVES = {"his": "he", "its": "it", "their": "they"}
_RECENT_THINGS = 8  # speakers an "it" with no named antecedent may still stand for
UNNAMED = "unnamed source"  # the name of a claim's speaker when neither text nor context names one
_FIRST_PLURAL = re.compile(r"\b(we|us|our)\b", re.IGNORECASE)
_ABSTRACT_SUFFIXES = ("ment", "ness", "ship", "ism")


@dataclass
class Resolved:
    name: str
    kind: str
    plural: bool = False


@dataclass
class SpeakerMemory:
    """What the article has mentioned so far, newest last."""

    people: list[str] = field(default_factory=list)
    things: list[Resolved] = field(default_factory=list)
    groups: list[Resolved] = field(default_factory=list)
    last: Resolved | None = None  # the previous claim's speaker
    last_person: Resolved | None = None  # the last single person, named or not ("he", "she")
    last_person_at: int = -1  # where that speaker was mentioned
    last_named: Resolved | None = None  # the last person the text named, speaker or not
    last_named_at: int = -1
    own: tuple[str, ...] = ()  # where the article's own publication names itself
    publisher: str = ""  # the article's own publication, when the caller gave it
    mentions: list[PersonMention] = field(default_factory=list)  # people named or speaking
    surnames: set[str] = field(default_factory=set)  # last words of the people named so far
    genders: Genders = field(default_factory=Genders)
    quotes: QuoteIndex | None = None
    named_things: list[ThingMention] = field(
        default_factory=list
    )  # organisations named or speaking
    content: tuple[int, int] = (0, 0)  # the claim being resolved
    cue: tuple[int, int] | None = None  # that claim's cue (character offsets)


class SpeakerResolver:
    """Resolves the speaker mention of each claim to a canonical speaker."""

    def __init__(self, lexicon: dict[str, Any]) -> None:
        self.anonymous = frozenset(lexicon["anonymous"])
        self.group = frozenset(lexicon["group"])
        self.document = frozenset(lexicon["document"])
        self.publication = frozenset(lexicon["publication"])
        self.organization = frozenset(lexicon.get("organization", ()))
        self.person_pronouns = frozenset(lexicon["person_pronouns"])
        self.thing_pronouns = frozenset(lexicon["thing_pronouns"])
        self.plural_pronouns = frozenset(lexicon["plural_pronouns"])
        self.relative = frozenset(lexicon["relative_pronouns"])
        self.anonymity = tuple(lexicon.get("anonymity_phrases", ()))
        self.sentient_verbs = frozenset(lexicon.get("sentient_verbs", ()))
        self.indefinite = frozenset(lexicon.get("indefinite_people", ()))
        self.common_people = self.group | self.anonymous
        self.organization_kinds = frozenset(lexicon.get("organization_kinds", ()))
        self.authoring = frozenset(lexicon.get("authoring_verbs", ()))

    def __call__(self, doc: Doc) -> Doc:
        claims = list(doc.spans[CLAIMS_KEY]) if CLAIMS_KEY in doc.spans else []
        memory = SpeakerMemory(own=own_publication_words(doc), publisher=_publisher(doc))
        people = _people(doc, memory) if claims else []
        things = self._organizations(doc, memory) if claims else []
        named = 0  # the organisations before the current claim are in memory
        for claim in sorted(claims, key=_mention_start):
            mention = _mention(doc, claim)
            self._remember_people(memory, people, _mention_start(claim))
            while named < len(things) and things[named].start < _mention_start(claim):
                memory.named_things.append(things[named])  # an index: no list shifted per claim
                named += 1
            memory.content = (claim.start_char, claim.end_char)
            cue = claim._.fc_cue
            memory.cue = (int(cue[0]), int(cue[1])) if cue is not None else None
            if mention is None:
                resolved = self._unmentioned(claim, memory)
            else:
                resolved = self.resolve(mention, memory)
            claim._.fc_speaker_name = resolved.name
            claim._.fc_speaker_kind = resolved.kind
            self._remember(memory, resolved, _mention_start(claim))
            if mention is not None and len(mention):
                _remember_speaker(memory, resolved, mention)
                _remember_thing(memory, resolved, mention)
        return doc

    def _organizations(self, doc: Doc, memory: SpeakerMemory) -> list[ThingMention]:
        """The organisations the text names, not the article's own publication."""
        assert memory.quotes is not None
        people = companies_and_people(doc)[1]
        found = named_organizations(doc, memory.quotes, people)
        return [t for t in found if not _is_own(Resolved(t.name, t.kind), memory)]

    def _unmentioned(self, claim: Span, memory: SpeakerMemory) -> Resolved:
        """No mention in the text: a continued quote (name given) or an unnamed source."""
        name = claim._.fc_speaker_name
        if name and memory.last is not None:
            return memory.last
        return Resolved(name or UNNAMED, "anonymous")

    def _remember_people(
        self, memory: SpeakerMemory, people: list[tuple[Span, str]], before: int
    ) -> None:
        while people and people[0][0].start_char < before:
            entity, name = people.pop(0)
            if memory.quotes is not None and memory.quotes.holds(entity.start_char):
                continue  # a name in someone's words: not a form of the name, no antecedent
            memory.people.append(_strip_titles(entity.text))
            memory.surnames.update(memory.people[-1].split()[-1:])
            memory.last_named, memory.last_named_at = Resolved(name, "person"), entity.start_char
            root = span_root(entity)
            rank = rank_of(root)
            at = PersonMention(name, entity.start_char, sentence_start(root), rank)
            memory.mentions.append(at)

    def _remember(self, memory: SpeakerMemory, resolved: Resolved, at: int) -> None:
        memory.last = resolved
        if resolved.kind in ("person", "anonymous") and not resolved.plural:
            memory.last_person, memory.last_person_at = resolved, at
        elif resolved.kind in ("organization", "publication", "document"):
            if not _is_own(resolved, memory):
                memory.things.append(resolved)
        else:
            memory.groups.append(resolved)

    def resolve(self, mention: Span, memory: SpeakerMemory) -> Resolved:
        """The canonical speaker of ``mention`` given what came before."""
        head = span_root(mention)
        lower = _POSSESSIVES.get(head.lower_, head.lower_)  # "In his view": as "he" would
        if len(mention) == 1 and lower in self.relative:
            return self._relative_antecedent(mention, memory)
        if len(mention) == 1 and lower in self.person_pronouns:
            found = antecedent(
                head, memory.mentions, memory.genders, looks_human, content=memory.content
            )
            if found is not None:
                return Resolved(found.name, found.kind)
            return _last_person(memory) or Resolved(mention.text, "person")
        if len(mention) == 1 and is_expletive(head):
            return Resolved(UNNAMED, "anonymous")  # "It is understood that ...": no one named
        if len(mention) == 1 and lower in self.thing_pronouns:
            return self._thing(head, memory) or Resolved(mention.text, "organization")
        outside = memory.quotes is None or not memory.quotes.holds(mention.start_char)
        if len(mention) == 1 and lower in _OUTLET_PRONOUNS and memory.publisher and outside:
            return Resolved(memory.publisher, "publication")  # "As we reported in March"
        if len(mention) == 1 and lower in self.plural_pronouns:
            return memory.groups[-1] if memory.groups else Resolved(mention.text, "group")
        return self.describe(mention, memory)

    def _typed_organization(self, head: Token, noun_phrase: Span) -> Span | None:
        """The name after a common noun that says it is an organisation, as a compound of it:
        "Save Greyfield" of "Campaign group Save Greyfield", "the charity Water Aid"."""
        if head.pos_ != "PROPN":
            return None
        doc = head.doc
        first = next((t for t in noun_phrase if t.pos_ == "PROPN"), head)
        kinds = self.organization | self.organization_kinds
        if first.i == noun_phrase.start or first.i > head.i:
            return None
        kind = doc[first.i - 1]  # right before the name: not "police officer John Lee"
        typed = kind.pos_ == "NOUN" and kind.lemma_.lower() in kinds
        return doc[first.i : noun_phrase.end] if typed else None

    def _thing(self, head: Token, memory: SpeakerMemory, word: str = "") -> Resolved | None:
        """The organisation (or document) "it" or a definite description ("the agency" with
        ``word`` "agency", "the company") stands for (``speaker_things``); a document or a
        publication only for "it" with a cue that is no verb of voice or mind."""
        pronoun = _POSSESSIVES.get(head.lower_, head.lower_) in self.thing_pronouns
        documents = bool(word) or (pronoun and not self._sentient(head, memory))
        found = thing_antecedent(
            head.idx, sentence_start(head), memory.named_things, word, documents, memory.content
        )
        if found is not None:
            return Resolved(found.name, found.kind)
        if not pronoun:
            return None
        recent = memory.things[-_RECENT_THINGS:]  # a bounded look-back, not the whole article
        return next((t for t in reversed(recent) if documents or t.kind == "organization"), None)

    def _relative_antecedent(self, mention: Span, memory: SpeakerMemory) -> Resolved:
        """ "X, who said ...": the relative clause hangs from X."""
        verb = span_root(mention).head
        antecedent = verb.head if verb.dep_ in ("relcl", "acl") else None
        if antecedent is None or antecedent.i == span_root(mention).i:
            return memory.last_person or Resolved(mention.text, "person")
        start = antecedent.left_edge.i
        found = self.describe(mention.doc[start : antecedent.i + 1], memory)
        if found.kind == "document" and span_root(mention).lower_ in ("who", "whom"):
            return _someone(found)  # "a campaign surrogate who said": "who" is a person
        return found

    def _unnamed_on_purpose(self, mention: Span) -> bool:
        """Whether the mention's sentence says the speaker is kept anonymous."""
        doc = mention.doc
        if not doc.has_annotation("SENT_START"):
            return False
        start, end = sentence_bounds(doc, mention.start)  # each sentence is read once per Doc
        found = doc_cache(doc).setdefault("anonymity_sentences", {})
        if start not in found:
            sentence = doc[start:end].text.lower()
            found[start] = any(phrase in sentence for phrase in self.anonymity)
        return bool(found[start])

    def describe(self, mention: Span, memory: SpeakerMemory) -> Resolved:
        """Name and kind of a full noun phrase (its appositives and clauses ignored)."""
        head = span_root(mention)
        named, is_person = appositive_name(head, mention)
        if named is not None and is_person:  # "One of them, Ann Lee,"
            return Resolved(_canonical_person(named, memory), "person")
        if named is not None:  # "One of them, UnitedHealth Group,", "the insurer, Acme Corp,"
            return Resolved(_plain(named), "organization")
        if is_quantity(head):  # "Six in 10 say", "43 said": people counted, not a thing
            return Resolved(_plain(mention), "group", plural=True)
        head, mention = _partitive(head, mention)
        organization = acronym_named(mention)
        if organization is not None:  # "the Movement for a Democratic Society (TEV-DEM)"
            return Resolved(_plain(organization), "organization")
        noun_phrase = _noun_phrase(mention)
        lemma = head.lemma_.lower()
        words = {t.lower_ for t in noun_phrase}
        label = _entity_label(mention)
        plural = head.tag_ in ("NNS", "NNPS")
        if head.lower_ in self.publication or (words & self.publication and label in _ORG_LABELS):
            return Resolved(_plain(noun_phrase), "publication")
        own = Resolved(_plain(noun_phrase), "publication")
        if head.pos_ == "PROPN" and _is_own(own, memory):
            return own  # "As The Courier has reported": the article's own publication
        typed = self._typed_organization(head, noun_phrase)
        if typed is not None:  # "Campaign group Save Greyfield said it ...", tagged PERSON
            return Resolved(typed.text, "organization")
        titled = _titled_name(head, noun_phrase) if label != "PERSON" else None
        if titled is not None:  # "Fire investigator Dr Amanda Fell", tagged an organisation
            return Resolved(_canonical_person(titled, memory), "person")
        if head.tag_ == "NNPS" and noun_phrase[0].lower_ == "the":
            return Resolved(_plain(noun_phrase), "group", plural=True)  # "the Yazidis"
        if (label == "PERSON" or head.pos_ == "PROPN" and not label) and company_named(noun_phrase):
            return Resolved(_plain(noun_phrase), "organization")  # "Rheinwerk said", tagged PERSON
        propn = head.pos_ == "PROPN" or label not in ("", "PERSON")
        if propn and len(noun_phrase) == 1 and head.lower_ in self.common_people:
            return self._common_people(head)  # "Residents say" opening a line: no name
        if (
            label == "PERSON"
            or (head.pos_ == "PROPN" and _looks_like_name(noun_phrase) and _is_known(head, memory))
            or _named_before(head, noun_phrase, memory)
        ):
            return Resolved(_canonical_person(noun_phrase, memory), "person")
        named = _appositive_person(mention, noun_phrase)
        if named is not None:  # "His lawyer, Dana Petrov," / "Its chair, Gwen Rhys,"
            return Resolved(_canonical_person(named, memory), "person")
        if definite_thing(head, mention, noun_phrase):
            found = self._thing(head, memory, head.lower_)  # "the agency": Environment Agency
            if found is None and lemma in self.organization_kinds:
                found = self._thing(head, memory)  # "the company": the company named last
            if found is not None:
                return found
        if head.pos_ != "PROPN" and not label and self._unnamed_on_purpose(mention):
            return Resolved(f"anonymous {lemma}", "anonymous", plural=plural)
        if label in _ORG_LABELS or lemma in self.organization:
            return Resolved(_plain(whole_name(head, noun_phrase, mention)), "organization")
        if label == "NORP" or lemma in self.group or head.lower_ in self.group:
            return Resolved(
                self._with_owner(head, noun_phrase, mention, GROUP_OWNERS), "group", True
            )
        if lemma in self.anonymous or head.lower_ in self.anonymous:
            return Resolved(f"anonymous {lemma}", "anonymous", plural=plural)
        if lemma in self.document or head.lower_ in self.document:
            name = self._with_owner(head, noun_phrase, mention, DOCUMENT_OWNERS)
            return Resolved(name, "document", plural=plural)
        whole = of_whole(head, mention)
        if whole is not None and whole.lemma_.lower() in self.document:
            return Resolved(_plain(run_on(noun_phrase, whole)), "document")  # "a chain of emails"
        if head.lower_ in self.indefinite or _part_of_people(head):
            if whole is not None:  # "nearly half of respondents"
                return Resolved(_plain(run_on(noun_phrase, whole)), "group", plural=True)
            return Resolved(_plain(noun_phrase), "group", plural=True)  # "those close to him"
        if lemma in self.publication:
            return Resolved(_plain(noun_phrase), "publication")
        if plural:
            return Resolved(
                self._with_owner(head, noun_phrase, mention, GROUP_OWNERS), "group", True
            )
        if head.text.islower() and _surely_human(lemma) and _definite_role(mention, noun_phrase):
            person = antecedent(
                head, memory.mentions, memory.genders, looks_human, True, memory.content
            )
            if person is not None and person.kind == "person" and _fits_role(person, head, memory):
                return Resolved(person.name, "person")  # "The Vermont senator emailed ..."
        if head.pos_ == "PROPN" or _names_someone(lemma) or self._sentient(head, memory):
            return Resolved(_plain(noun_phrase), "person")
        return Resolved(_plain(noun_phrase), "document")  # "the policy", "the failure"

    def _common_people(self, head: Token) -> Resolved:
        """A word of the group or anonymous lexicons alone, whatever the tagger made of its
        capital ("Residents", "Officials" opening a line)."""
        lemma = head.lemma_.lower()
        if head.lower_ in self.group:
            return Resolved(head.text, "group", plural=True)
        return Resolved(f"anonymous {lemma}", "anonymous", plural=head.tag_ in ("NNS", "NNPS"))

    def _with_owner(
        self, head: Token, noun_phrase: Span, mention: Span, prepositions: frozenset[str]
    ) -> str:
        """The name of a document or group with whose it is, when the mention says so with a
        name or an organisation: "figures compiled by the Hackney Renters Union", "data from
        Gas Infrastructure Europe", "Analysts at Citrine Capital" (not "documents obtained by
        the paper", "critics of the plan")."""
        owner = owner_of(head, mention, prepositions, self.authoring)
        if owner is None or not self._names_owner(owner):
            return _plain(noun_phrase)
        return _plain(run_on(noun_phrase, owner))

    def _names_owner(self, token: Token) -> bool:
        """A name, or a noun of an organisation ("the agency")."""
        if token.ent_type_ in ("ORG", "GPE", "PERSON", "NORP") or token.pos_ == "PROPN":
            return True
        return token.lemma_.lower() in self.organization

    def _sentient(self, head: Token, memory: SpeakerMemory) -> bool:
        """Whether what the sentence says of an unknown noun only a person can do: be asked a
        question ("When asked whether ..., the captain said"), or the cue is a verb of voice or
        mind ("the mogul boasted", "the novice believes"), not one a document does ("says")."""
        doc = head.doc
        cue = doc.char_span(*memory.cue, alignment_mode="expand") if memory.cue else None
        if cue is None or not len(cue):
            return False
        verb = span_root(cue)
        if any(c.dep_ in ("auxpass", "nsubjpass") for c in children(verb)):
            return False  # "the accord is expected to": the subject is what others expect
        if verb.lemma_.lower() in self.sentient_verbs:
            return True
        clause = [verb, *(c for c in children(verb) if c.dep_ in ("advcl", "conj"))]
        return any(is_question(t) for t in clause[1:])


def _remember_thing(memory: SpeakerMemory, resolved: Resolved, mention: Span) -> None:
    """An organisation, publication or document that speaks is a candidate for a later "it",
    "the company" (outside quotes, not the article's own publication)."""
    if resolved.kind not in ("organization", "publication", "document") or resolved.plural:
        return
    if memory.quotes is not None and memory.quotes.holds(mention.start_char):
        return
    if _is_own(resolved, memory):
        return
    head = span_root(mention)
    at = ThingMention(resolved.name, resolved.kind, mention.start_char, sentence_start(head), 0)
    at.rank = min(rank_of(head), SUBJECT)
    memory.named_things.append(at)


def _part_of_people(head: Token) -> bool:
    """ "a majority of Americans", "the vast majority of them": a share of people."""
    for prep in (c for c in children(head) if c.dep_ == "prep" and c.lower_ == "of"):
        for whole in (g for g in children(prep) if g.dep_ == "pobj"):
            if (
                whole.tag_ in ("NNS", "NNPS")
                or whole.lower_ in ("them", "us")
                or whole.ent_type_ == "NORP"
            ):
                return True
    return False


def _someone(found: Resolved) -> Resolved:
    """The person (or people) an unknown noun names when the text treats it as human."""
    return Resolved(found.name, "group" if found.plural else "person", plural=found.plural)


def _people(doc: Doc, memory: SpeakerMemory) -> list[tuple[Span, str]]:
    """Every PERSON entity with its canonical name, in text order; reads the genders the article
    gives them (``speaker_salience.Genders``) and indexes its quotations. A name inside a
    quotation ("Crooked Hillary Clinton") is no fuller form of a name outside it."""
    memory.quotes = QuoteIndex(doc)
    known = SpeakerMemory()
    found = []
    entities = [e for e in doc.ents if e.label_ == "PERSON"]
    repeated = repeated_surnames(doc, entities, memory.quotes)
    for entity in sorted(entities + repeated, key=lambda e: e.start):
        name = _canonical_person(entity, known)
        if not memory.quotes.holds(entity.start_char):
            known.people.append(_strip_titles(entity.text))
        memory.genders.read(entity, name, memory.quotes)
        found.append((entity, name))
    return found


def _remember_speaker(memory: SpeakerMemory, resolved: Resolved, mention: Span) -> None:
    """A single person who speaks is a candidate for a later "he"/"she" (outside quotes)."""
    if resolved.plural or resolved.kind not in ("person", "anonymous"):
        return
    if memory.quotes is not None and memory.quotes.holds(mention.start_char):
        return
    head = span_root(mention)
    rank = min(rank_of(head), SUBJECT)
    if head.lower_ in ("he", "she"):
        rank = MAIN
    at = PersonMention(resolved.name, mention.start_char, sentence_start(head), rank)
    at.kind = resolved.kind
    memory.mentions.append(at)


def _publisher(doc: Doc) -> str:
    """The article's own publication as the caller gave it, without a leading "The"."""
    words = str(doc.user_data.get("fc_publisher") or "").split()
    if len(words) > 1 and words[0].lower() == "the":
        words = words[1:]
    return " ".join(words)


def own_publication_words(doc: Doc) -> tuple[str, ...]:
    """Texts where the article's own publication speaks of itself.

    ``doc.user_data["fc_publisher"]`` when set, and every heading, byline or boilerplate region
    (``doc._.fc_skip``) that speaks in the first person plural: "Support The Courier so we can
    ...", "The Courier Support us". A name found in one of them is the article's own.
    """
    found = [str(doc.user_data.get("fc_publisher") or "")]
    regions = doc._.fc_skip or []
    text = doc_text(doc) if regions else ""
    for start, end in regions:
        lines = text[int(start) : int(end)].splitlines()
        found += [line for line in lines if _FIRST_PLURAL.search(line)]
    return tuple(f for f in found if f)


def _is_own(resolved: Resolved, memory: SpeakerMemory) -> bool:
    if not memory.own or resolved.kind not in ("publication", "organization"):
        return False
    if not resolved.name[:1].isupper():
        return False
    name = re.compile(rf"\b{re.escape(resolved.name)}\b")
    return any(name.search(text) for text in memory.own)


def _partitive(head: Token, mention: Span) -> tuple[Token, Span]:
    """ "two of the officials": the officials are who speaks."""
    if head.pos_ != "NUM":
        return head, mention
    for prep in (c for c in children(head) if c.dep_ == "prep" and c.lower_ == "of"):
        for whole in (g for g in children(prep) if g.dep_ == "pobj"):
            start, end = whole.left_edge.i, whole.right_edge.i + 1
            return whole, mention.doc[start:end]
    return head, mention


def _last_person(memory: SpeakerMemory) -> Resolved | None:
    """ "he"/"she": the last person named in the text or the last single speaker, whichever
    came later ("Its engineer, Olaf Brandvik, left. He said ..." -> Olaf Brandvik)."""
    if memory.last_named is not None and memory.last_named_at > memory.last_person_at:
        return memory.last_named
    return memory.last_person


def _is_known(head: Token, memory: SpeakerMemory) -> bool:
    """A proper noun with no entity type, or one the article named as a person before."""
    if not head.ent_type_:
        return True
    return any(known.split()[-1] == head.text for known in memory.people if known)


def _definite_role(mention: Span, noun_phrase: Span) -> bool:
    """ "the senator", "The Vermont senator", "the former president": a role named with "the",
    no name anywhere in the mention (not "the other candidate, Hillary Clinton") and no
    possessor ("his lawyer" is someone else)."""
    named = any(
        t.ent_type_ == "PERSON" or (t.i >= noun_phrase.end and t.pos_ == "PROPN") for t in mention
    )
    possessed = any(t.dep_ == "poss" for t in noun_phrase)
    return noun_phrase[0].lower_ == "the" and not named and not possessed


def _surely_human(lemma: str) -> bool:
    """A role word that can only name a person ("senator", "frontrunner", "businessman"), not
    one that merely ends like one ("judgment", "statement")."""
    return lemma in HUMAN_ROLES or lemma.endswith(("er", "or", "ist", "ian", "man", "woman"))


def _fits_role(found: PersonMention, head: Token, memory: SpeakerMemory) -> bool:
    """A role noun of one gender ("businessman", "spokeswoman") does not describe a person the
    article gives the other."""
    word = head.lower_
    gender = "f" if word.endswith("woman") else "m" if word.endswith("man") else ""
    return not gender or memory.genders.of(found.name) in ("", gender)


def _named_before(head: Token, noun_phrase: Span, memory: SpeakerMemory) -> bool:
    """ "Sanders often questions ...", "Fields later tweeted": the surname of a person named
    before, whatever tag the parser gave it (a plural noun for a name ending in "s")."""
    return head.text in memory.surnames and all(
        t.text[:1].isupper() or t.lower_.rstrip(".") in TITLES for t in noun_phrase
    )


def _appositive_person(mention: Span, noun_phrase: Span) -> Span | None:
    """A person's name in an appositive after a role noun."""
    names = [t.i for t in mention if t.i >= noun_phrase.end and t.ent_type_ == "PERSON"]
    if not names or names[0] - noun_phrase.end > 2:
        return None
    return mention.doc[names[0] : max(names) + 1]


def _noun_phrase(mention: Span) -> Span:
    """The mention up to its head word, and its conjuncts ("China and Russia"), without an
    appositive or relative clause."""
    head = span_root(mention)
    end = head.i + 1
    for child in rights(head):
        if child.dep_ in ("cc", "conj") and child.right_edge.i < mention.end:
            end = child.right_edge.i + 1
    return mention.doc[mention.start : end]


def _names_someone(lemma: str) -> bool:
    """``looks_human`` for typing a speaker, but not a noun of an act or a state ("the
    judgment", "a settlement", "the weakness"), which ends like a role word."""
    return looks_human(lemma) and not lemma.endswith(_ABSTRACT_SUFFIXES)


def _mention(doc: Doc, claim: Span) -> Span | None:
    rng = span_extension(claim, "fc_speaker")
    if rng is None:
        return None
    return doc.char_span(rng[0], rng[1], alignment_mode="expand")


def _mention_start(claim: Span) -> int:
    rng = span_extension(claim, "fc_speaker")
    return int(rng[0]) if rng is not None else claim.start_char


def _entity_label(mention: Span) -> str:
    """The entity type of the mention's head word ("" when it is not in an entity)."""
    return str(span_root(mention).ent_type_)


def _looks_like_name(mention: Span) -> bool:
    return all(t.pos_ in ("PROPN", "PUNCT") or t.lower_ in TITLES for t in mention)


def _titled_name(head: Token, noun_phrase: Span) -> Span | None:
    """A personal title and the name after it that ends the noun phrase at its head: "Dr Amanda
    Fell" of "Fire investigator Dr Amanda Fell", "Mrs Okafor" (what such a title precedes is a
    person, whatever the entity recognizer made of it). None when no title is part of it."""
    doc = head.doc
    if not head.is_title and not head.is_upper:
        return None
    for token in noun_phrase:
        if token.i >= head.i:
            return None
        if token.lower_.rstrip(".") in HONORIFICS and doc[token.i + 1].is_title:
            return doc[token.i : head.i + 1]
    return None


def _strip_titles(text: str) -> str:
    words = text.replace("’s", "").replace("'s", "").split()
    while len(words) > 1 and words[0].lower().rstrip(".") in TITLES:
        words.pop(0)
    while len(words) > 2 and words[-1].rstrip(".,") in POST_NOMINALS:
        words.pop()  # "Michael Grant KC", "Jo Swinson MP": not a third name
    return " ".join(words)


def _plain(mention: Span) -> str:
    """The mention without a leading article: "the Interior Ministry" -> "Interior Ministry"."""
    words = mention.text.split()
    if len(words) > 1 and words[0].lower() in ("the", "a", "an"):
        words = words[1:]
    return " ".join(words)


def _person_words(mention: Span) -> str:
    """The name inside a mention: its PERSON entity, else its proper nouns, titles dropped."""
    names = [t.i for t in mention if t.ent_type_ == "PERSON" and t.pos_ != "PART"]
    if not names:
        names = [t.i for t in mention if t.pos_ == "PROPN"]
    if not names:
        return _strip_titles(mention.text)
    start, end = min(names), max(names) + 1
    doc = mention.doc
    while end < len(doc) and doc[end].ent_iob_ == "I" and doc[end].ent_type_ == "PERSON":
        end += 1  # the rest of the name the parser hung elsewhere ("Nafeez" + appos "Ahmed")
    return _strip_titles(doc[start:end].text)


def _canonical_person(mention: Span, memory: SpeakerMemory) -> str:
    """The fullest earlier form of a person's name with the same surname.

    A titled single name ("Mr. Ban") may also match a name that starts with it ("Ban Ki-moon").
    """
    name = _person_words(mention)
    surname = name.split()[-1] if name else ""
    titled = mention[0].lower_.rstrip(".") in TITLES and len(name.split()) == 1
    best = name
    for known in memory.people:
        parts = known.split()
        same = bool(parts) and (parts[-1] == surname or (titled and parts[0] == surname))
        if same and len(known) > len(best):
            best = known
    return best


@Language.factory(
    "factcheck_speakers",
    default_config={"lexicon": {"@misc": "factcheck.speakers.v5"}},
)
def make_speaker_resolver(nlp: Language, name: str, lexicon: dict[str, Any]) -> SpeakerResolver:
    """Resolve and type the speakers of claims (see the module docstring)."""
    return SpeakerResolver(lexicon)
