"""Names of speakers read from the noun phrase that mentions them, for ``factcheck_speakers``.

Whose a document or group is ("figures compiled by the Hackney Renters Union", "Analysts at
Citrine Capital"), the people a share names ("nearly half of respondents"), the name put beside a
noun ("the company's parent group, the Spanish utility Aguas del Norte"), a surname standing alone
where the entity recognizer did not tag it, an organisation's acronym and corporate suffix.
"""

from __future__ import annotations

from spacy.attrs import DEP, ENT_TYPE, ORTH, POS
from spacy.parts_of_speech import PROPN
from spacy.tokens import Doc, Span, Token

from factcheck.nlp.doc_index import doc_cache, token_column
from factcheck.nlp.speaker_salience import QuoteIndex
from factcheck.nlp.syntax import agent_of, children, rights

TITLES = {
    "mr", "mrs", "ms", "miss", "dr", "prof", "sen", "rep", "gov", "gen", "col", "lt", "sgt", "capt",
    "president", "senator", "governor", "minister", "secretary", "judge", "justice", "mayor",
    "chancellor", "prime", "sir", "lady", "lord", "rev", "father", "sister", "speaker",
}  # fmt: skip

# titles that only a person bears, before a name: what follows them is a person's name
HONORIFICS = frozenset(["mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame", "rev", "mx"])
# letters after a name that are no part of it: "Michael Grant KC" is Michael Grant
POST_NOMINALS = frozenset(["KC", "QC", "SC", "MP", "MSP", "MEP", "OBE", "MBE", "CBE", "FRS", "PhD"])

_HUMAN_SUFFIXES = ("er", "or", "ist", "ian", "man", "woman", "person", "ee", "ant", "ent", "ar")
HUMAN_ROLES = {
    "president", "senator", "governor", "candidate", "nominee", "chief", "head", "leader", "mayor",
    "chair", "chairman", "secretary", "judge", "attorney", "lawyer", "aide", "official", "minister",
    "expert", "analyst", "author", "host", "pastor", "priest", "colonel", "general", "sheriff",
    "doctor", "nurse", "victim", "witness", "mother", "father", "son", "daughter", "wife",
    "husband", "friend", "owner", "boss", "resident", "neighbor", "neighbour", "student", "rep",
}  # fmt: skip
DOCUMENT_OWNERS = frozenset(("from", "by", "of"))  # "data from X", "a report by X"
GROUP_OWNERS = frozenset(("at", "from"))  # "analysts at X", not "critics of X"


def looks_human(lemma: str) -> bool:
    """A role word for a person: "spokesman", "director", "economist", "candidate"."""
    return lemma in HUMAN_ROLES or lemma.endswith(_HUMAN_SUFFIXES)


_CORPORATE = {"inc", "corp", "corporation", "co", "ltd", "llc", "plc", "ag", "gmbh", "sa", "nv",
              "se", "spa", "bv", "kg", "holdings"}  # fmt: skip


def acronym_named(mention: Span) -> Span | None:
    """A proper name followed by its acronym in brackets, up to the closing bracket.

    "(TEV-DEM)", "(SDF)", also right after the mention when the parser hung it elsewhere; not a
    party and state ("(R-Texas)") and not inside an appositive or relative clause.
    """
    doc = mention.doc
    for i in range(mention.start + 1, min(mention.end + 1, len(doc) - 2)):
        if doc[i].text == ",":
            return None
        if doc[i].text != "(" or doc[i - 1].pos_ != "PROPN":
            continue
        close = next((j for j in range(i + 1, min(i + 6, len(doc))) if doc[j].text == ")"), None)
        person = doc[mention.start].ent_type_ == "PERSON" and doc[i - 1].ent_type_ == "PERSON"
        if close is not None and _is_acronym(doc[i + 1 : close].text) and not person:
            return doc[mention.start : close + 1]
    return None


def _is_acronym(text: str) -> bool:
    letters = text.replace("-", "").replace(".", "")
    return len(letters) >= 2 and letters.isalpha() and letters.isupper() and "-" not in text[:2]


def whole_name(head: Token, noun_phrase: Span, mention: Span) -> Span:
    """The noun phrase, or the name its head begins when the name runs on inside the mention
    ("the Center for Responsive Politics", not "Center")."""
    doc = mention.doc
    end = head.i + 1
    while end < mention.end and doc[end].ent_iob_ == "I" and doc[end].ent_type_ == head.ent_type_:
        end += 1
    return doc[noun_phrase.start : end] if end > noun_phrase.end else noun_phrase


def company_named(noun_phrase: Span) -> bool:
    """A name read as a person's (a PERSON entity, or proper nouns of no entity) that the article
    shows is a company's: with "Inc.", "AG", "GmbH" after it somewhere; and never given a title or
    a first name ("Mr. Lee", "Ann Lee" keep a person). Not any name tagged ORG somewhere: the
    tagger reads people's names so too ("Trump" in PolNeAR train)."""
    names = [t for t in noun_phrase if t.ent_type_ == "PERSON"] or [
        t for t in noun_phrase if t.pos_ == "PROPN"
    ]
    if not names or len(names) > 2 or any(t.lower_.rstrip(".") in TITLES for t in noun_phrase):
        return False
    companies, people = companies_and_people(noun_phrase.doc)
    key = " ".join(t.lower_ for t in names)
    return key in companies and not (len(names) == 1 and key in people)


def companies_and_people(doc: Doc) -> tuple[set[str], set[str]]:
    """Names before a corporate suffix ("Rheinwerk AG", "Acme Inc.") and the surnames of people
    named in full or with a title, once per Doc."""
    cache = doc_cache(doc)
    if "companies_and_people" not in cache:
        companies: set[str] = set()
        people: set[str] = set()
        for entity in doc.ents:
            words = [t.lower_ for t in entity if t.lower_ not in ("the", "'s", "’s")]
            after = doc[entity.end].lower_.rstrip(".") if entity.end < len(doc) else ""
            suffixed = len(words) > 1 and words[-1].rstrip(".") in _CORPORATE  # "Rheinwerk AG"
            if suffixed:
                words = words[:-1]
            if after in _CORPORATE or suffixed:  # not any ORG: names of people are tagged so
                companies.add(" ".join(words))
                continue
            before = doc[entity.start - 1].lower_.rstrip(".") if entity.start else ""
            if entity.label_ == "PERSON" and (len(entity) > 1 or before in TITLES):
                people.add(entity[-1].lower_)
        cache["companies_and_people"] = (companies, people)
    found: tuple[set[str], set[str]] = cache["companies_and_people"]
    return found


def definite_thing(head: Token, mention: Span, noun_phrase: Span) -> bool:
    """ "the agency", "The company", "the brigade": "the" and one common noun in the singular,
    nothing else in the mention (not "the company's parent group", "the agency's own data")."""
    return (
        len(noun_phrase) == 2
        and noun_phrase[0].lower_ == "the"
        and head.tag_ == "NN"
        and head.i == noun_phrase.end - 1
        and not head.ent_type_
        and len(mention) == 2
    )


def owner_of(
    head: Token, mention: Span, prepositions: frozenset[str], authoring: frozenset[str]
) -> Token | None:
    """Who a document or group belongs to, inside the mention after its head: the object of
    one of ``prepositions`` ("data from X"), or the agent of a participle of making ("figures
    compiled by X", "a report published by X")."""
    for child in rights(head):
        if child.right_edge.i >= mention.end:
            break
        if child.dep_ == "prep" and child.lower_ in prepositions:
            return next((g for g in children(child) if g.dep_ == "pobj"), None)
        if child.dep_ == "acl" and child.tag_ == "VBN" and child.lemma_.lower() in authoring:
            return agent_of(child)
    return None


def of_whole(head: Token, mention: Span) -> Token | None:
    """The noun after "of" in "a chain of emails", "half of respondents" (inside the mention)."""
    for prep in (c for c in children(head) if c.dep_ == "prep" and c.lower_ == "of"):
        for whole in (g for g in children(prep) if g.dep_ == "pobj" and g.i < mention.end):
            return whole
    return None


def run_on(noun_phrase: Span, last: Token) -> Span:
    """The noun phrase run on to ``last`` (a head word after it)."""
    return noun_phrase.doc[noun_phrase.start : max(noun_phrase.end, last.i + 1)]


def repeated_surnames(doc: Doc, entities: list[Span], quotes: QuoteIndex) -> list[Span]:
    """The surname of a person named in full before, standing alone where the entity recognizer
    did not tag it as a person ("state Senator Paul Okoro ... Okoro sees it differently", read
    as a place): one walk over the token columns."""
    first: dict[int, int] = {}  # surname id -> the token after the full name
    for entity in entities:
        if len(entity) > 1 and entity[-1].pos_ == "PROPN" and not quotes.holds(entity.start_char):
            first.setdefault(entity[-1].orth, entity.end)
    if not first:
        return []
    orth, pos, kind, dep = (token_column(doc, a) for a in (ORTH, POS, ENT_TYPE, DEP))
    possessor = doc.vocab.strings["poss"]
    person = doc.vocab.strings["PERSON"]
    found = []
    for i, word in enumerate(orth):
        if word not in first or first[word] > i or kind[i] == person or pos[i] != PROPN:
            continue
        if dep[i] == possessor:
            continue  # "Lee dismissed Ruiz's claim. “...,” he said": not who speaks next
        if (i and pos[i - 1] == PROPN) or (i + 1 < len(orth) and pos[i + 1] == PROPN):
            continue  # part of another name ("Port Allen")
        if not quotes.holds(doc[i].idx):
            found.append(doc[i : i + 1])
    return found


def appositive_name(head: Token, mention: Span) -> tuple[Span | None, bool]:
    """The organization or person a common noun, number or pronoun is put beside: its appositive
    after a comma when that is a name ("One of them, UnitedHealth Group,", "One of them, Ann
    Lee,"), also a proper name the entity recognizer left untagged after a noun of no person,
    or after such a noun's own appositive ("the company's parent group, the Spanish utility
    Aguas del Norte,": an organisation whatever the recognizer tagged it). With whether it
    names a person."""
    if head.pos_ not in ("NOUN", "NUM", "PRON") or head.ent_type_ == "PERSON":
        return None, False
    doc = mention.doc
    for child in children(head):
        if child.dep_ != "appos" or child.i >= mention.end:
            continue
        name = child if child.ent_type_ in ("ORG", "PERSON") else _untagged_name(head, child)
        if (
            name is None
            and child.pos_ == "PROPN"
            and _role_holder(head, doc[child.i : child.i + 1])
        ):
            name = child  # "Its spokeswoman, Helen Price," tagged a facility
        if name is None:
            continue
        start = name.i
        while start > child.left_edge.i and (
            doc[start].ent_iob_ == "I"
            or (
                not (name.ent_type_ and doc[start - 1].ent_type_)
                and doc[start - 1].dep_ == "compound"
                and doc[start - 1].pos_ == "PROPN"
            )
        ):
            start -= 1
        opens = child.left_edge.i  # "the other candidate, former Secretary Ann Lee"
        inside = any(t.text in "()" or t.ent_type_ == "PERSON" for t in doc[opens:start])
        if opens > 0 and doc[opens - 1].text == "," and not inside:
            named = doc[start : name.i + 1]
            person = name is child and name.ent_type_ == "PERSON" or _role_holder(head, named)
            return named, person  # not "candidates Lee and Ruiz", "(D-Va.)"
    return None, False


def _role_holder(role: Token, name: Span) -> bool:
    """A name beside someone's role ("Its planning director, Nadia Kurt,", "the firm's
    spokeswoman, Helen Price,"): a person, whatever the recognizer tagged the name, unless it
    carries a corporate suffix."""
    owned = any(c.dep_ == "poss" for c in children(role))
    corporate = any(t.lower_.rstrip(".") in _CORPORATE for t in name)
    return owned and looks_human(role.lemma_.lower()) and not corporate


def _untagged_name(head: Token, child: Token) -> Token | None:
    """A proper noun with no entity type beside a noun that names no person ("the group,
    Quieter Skies,"), directly or as the appositive of the appositive ("the Spanish utility
    Aguas del Norte")."""
    if looks_human(head.lemma_.lower()):
        return None  # "the shopkeeper, Karim": a person the recognizer missed
    if child.pos_ == "PROPN" and not child.ent_type_:
        return child
    if child.pos_ != "NOUN" or looks_human(child.lemma_.lower()):
        return None
    for grandchild in children(child):
        if grandchild.dep_ == "appos" and grandchild.pos_ == "PROPN":
            return grandchild
    return None
