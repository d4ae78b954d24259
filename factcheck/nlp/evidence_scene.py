"""Interviews known only from the scene: how the cue verb is set, not a trigger word.

A claim's words were given to a journalist when the cue verb, or a verb of its clause, shows the
reporter there or a programme the speaker spoke on:

- a journalist's question: "Asked whether the plan would pass, Lee said ...", "When asked, ...";
- the speaker seen while speaking: "Lee said, sitting in her kitchen", "Lee smiled and said";
- a recollection: "Lee recalled", "he remembers";
- the writer addressed: a first-person object of the cue verb ("pointed out the plan to me",
  "explained to us", "wrote me");
- speech on a programme: "said on Wednesday's Morning Show", "Speaking on Channel Nine",
  "during a taping of a town hall" (a proper name or a programme noun after "on"/"during"; not a
  date, a place or a social network; not "wrote on a website").

The table (``scene`` of ``factcheck.evidence.v3``) holds the verb and noun classes.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from typing import Any

from spacy.tokens import Doc, Span, Token

from factcheck.nlp.evidence_sources import Mention, article_key, short_hash
from factcheck.nlp.speaker_salience import QuoteIndex
from factcheck.nlp.syntax import children, doc_cache, span_root, subtree_range

# entity types of a pobj after "on" that are no programme: "said on Monday", "on Capitol Hill"
_NOT_PROGRAMMES = {"DATE", "TIME", "GPE", "LOC", "FAC", "NORP", "CARDINAL", "ORDINAL", "PERCENT"}
_CLAUSE = {"advcl", "conj", "xcomp", "pcomp"}
_SUBJECTS = {"nsubj", "nsubjpass"}
_BARE_NOUN_DEPS = {"det", "amod", "compound", "punct"}
_PRONOUNS = {"he", "she", "they"}
Range = tuple[int, int]


class SceneReader:
    """Finds the token that shows a claim's words were given to a journalist."""

    def __init__(self, table: dict[str, Any]) -> None:
        self.posture = set(table["posture_verbs"])
        self.recall = set(table["recall_verbs"])
        self.programmes = set(table["programme_nouns"])
        self.platforms = {p.lower() for p in table.get("platforms", [])}
        self.on_air = set(table["on_air_prepositions"])
        self.writing = set(table["writing_verbs"])
        self.remember_questions = bool(table.get("remember_questions", False))
        self.media = set(table.get("media_nouns", []))
        self.messages = set(table.get("message_nouns", []))
        self.written = set(table.get("written_message_nouns", []))
        self.media_prepositions = set(table.get("media_prepositions", []))
        self.testimony_scene = bool(table.get("testimony_scene", False))
        self.pointing = set(table.get("pointing_verbs", []))

    def testimony(self, doc: Doc, cue: tuple[int, int]) -> Mention | None:
        """A testimony mention where the cue's clause shows the speaker giving evidence in court
        ("Giving evidence, Ms Pike said", "Testifying on Monday, he said"), or None."""
        cue_span = doc.char_span(*cue, alignment_mode="expand")
        if not self.testimony_scene or cue_span is None or len(cue_span) == 0:
            return None
        verb = span_root(cue_span)
        token = next((t for t in self._clause(verb) if t.i != verb.i and _gives_evidence(t)), None)
        if token is None:
            return None
        made = Mention(token.idx, token.idx + len(token), (token.i, token.i + 1), "testimony",
                       head=(token.i, token.i + 1))  # fmt: skip
        made.source = f"testimony-{short_hash(article_key(doc), made.kind, str(token.i))}"
        made.speaker_dependent = True
        made.of_attribution = True
        return made

    def mention(self, doc: Doc, cue: tuple[int, int]) -> Mention | None:
        """An interview mention at what the cue's clause shows, or None."""
        cue_span = doc.char_span(*cue, alignment_mode="expand")
        token = self.interview_token(cue_span) if cue_span is not None and len(cue_span) else None
        if token is None:
            return None
        start, end = scene_span(token)
        last = doc[end - 1]
        made = Mention(doc[start].idx, last.idx + len(last), (start, end), "interview",
                       head=(end - 1, end))  # fmt: skip
        made.source = f"interview-{short_hash(article_key(doc), made.kind, str(start))}"
        made.speaker_dependent = True  # named after the speaker
        made.of_attribution = True  # "pointed out X to me", a show closing the sentence
        return made

    def interview_token(self, cue: Span) -> Token | None:
        """The token of the cue's clause that shows an interview, or None."""
        verb = span_root(cue)
        if verb.lemma_.lower() in self.recall:
            return verb
        for token in self._clause(verb):
            lemma = token.lemma_.lower()
            if token.i != verb.i and lemma in self.posture and _seen_speaking(token, verb):
                return token  # "said, sitting at her table", "smiled and said"
            if token.i != verb.i and lemma in self.pointing and _points_at(token):
                return token  # "said, pointing at a blackened doorway" (not "pointing to")
            if token.i != verb.i and is_question(token):
                return token  # "Asked whether ..., she said"
            found = self._programme(token) if not self._writes(verb) else None
            if found is not None:
                return found
            found = self._medium(token)
            if found is not None:
                return found
        return _addressed_writer(verb) or self._closing_programme(verb)

    def _clause(self, verb: Token) -> list[Token]:
        """The cue verb, the verbs of its adverbial clauses and coordinated verbs."""
        clause = [verb]
        clause += [c for c in children(verb) if c.dep_ in _CLAUSE and c.pos_ in {"VERB", "AUX"}]
        for subject in (c for c in children(verb) if c.dep_ in _SUBJECTS):
            clause += [c for c in children(subject) if c.dep_ == "acl" and c.tag_ == "VBG"]
        if verb.dep_ == "conj" and verb.head.pos_ == "VERB":
            first = verb.head  # "smiled and said": the first verb heads the second
            clause.append(first)  # "Speaking on CNBC, X called ... and asserted ..."
            clause += [c for c in children(first) if c.dep_ == "advcl" and c.pos_ == "VERB"]
        return clause

    def _programme(self, verb: Token) -> Token | None:
        """ "on Wednesday's Morning Show", "during a taping of a town hall"."""
        return _prepositional_object(verb, self.on_air, self._is_programme)

    def _closing_programme(self, verb: Token) -> Token | None:
        """ "Lund argued that ... is elected on Wednesday's Harbour Hour Show.": a programme
        named by its noun ("show", "broadcast") in the phrase that ends the cue's sentence, which
        the parser hung inside the reported clause."""
        sentence = verb.sent
        last = sentence.end - 1
        while last > verb.i and (sentence.doc[last].is_punct or sentence.doc[last].is_space):
            last -= 1
        obj = sentence.doc[last]
        prep = obj.head
        if last <= verb.i or obj.dep_ != "pobj" or prep.lower_ not in self.on_air:
            return None
        return obj if obj.lemma_.lower() in self.programmes and obj.pos_ == "PROPN" else None

    def _medium(self, verb: Token) -> Token | None:
        """ "said by phone", "in a telephone conversation", "said in an email" (to no one
        named): a conversation with the reporter, not words given in public."""
        return _prepositional_object(verb, self.media_prepositions, self._is_medium)

    def _is_medium(self, obj: Token) -> bool:
        lemma = obj.lemma_.lower()
        if lemma in self.media:
            return True  # "by phone", "over the telephone"
        parts = children(obj)
        if lemma not in self.messages:
            return False
        if any(c.lower_ in self.media for c in parts if c.dep_ in ("compound", "amod", "nmod")):
            return True  # "in a phone call", "a telephone conversation"
        # "in an email": sent to the reporter, unless it is a document of its own ("an email
        # to supporters", "an email obtained by", "an email from 2009")
        if lemma not in self.written or not all(c.dep_ in _BARE_NOUN_DEPS for c in parts):
            return False
        verb = obj.head.head
        return not any(c.dep_ in ("prep", "dative") and c.lower_ == "to" for c in children(verb))

    def _is_programme(self, obj: Token) -> bool:
        if obj.lemma_.lower() in self.programmes:
            return True
        if obj.pos_ != "PROPN" or obj.ent_type_ in _NOT_PROGRAMMES:
            return False
        return obj.lower_ not in self.platforms and not obj.like_num

    def _writes(self, verb: Token) -> bool:
        """ "wrote on a website": a text published there, not an interview."""
        return verb.lemma_.lower() in self.writing


class InterviewFrames:
    """Interviews told outside any claim: "Ed Brookover spoke to reporters Thursday", "Trump's
    comments came during a Fox & Friends interview". The named subject is interviewed in all
    their claims; a "he"/"she" who speaks in the next sentence is too."""

    def __init__(self, doc: Doc, mentions: list[Mention], contents: list[Range]) -> None:
        self.surnames: set[str] = set()
        self.sentences: set[int] = set()  # start chars of the sentences holding a frame
        inside = _Containment(contents)
        for mention in mentions:
            if mention.kind != "interview" or inside.holds(mention.start, mention.end):
                continue
            subject = _frame_subject(doc[max(mention.head[1], mention.tokens[0] + 1) - 1])
            if subject is None:
                continue
            self.sentences.add(subject.sent.start_char)
            if _named(subject):
                self.surnames.add(subject.lower_)

    def remember(self, memory: dict[str, str], names: list[str]) -> None:
        """Mark as interviewed every speaker name that ends in a framed subject's name."""
        for name in names:
            words = name.split()
            if words and words[-1] in self.surnames:
                memory[name] = "interview"

    def after(self, doc: Doc, speaker: Range) -> str:
        """ "interview" for a pronoun speaker in the sentence after a frame, else ""."""
        span = doc.char_span(*speaker, alignment_mode="expand")
        if span is None or len(span) != 1 or span[0].lower_ not in _PRONOUNS:
            return ""
        sentence = span[0].sent
        before = doc[sentence.start - 1].sent if sentence.start > 0 else None
        return "interview" if before is not None and before.start_char in self.sentences else ""


class _Containment:
    """Whether some range of a set holds ``[start, end)``, by bisection (thousands of claims)."""

    def __init__(self, ranges: list[Range]) -> None:
        ordered = sorted(ranges)
        self.starts = [r[0] for r in ordered]
        self.reach: list[int] = []  # the furthest end among the ranges starting up to here
        for _, end in ordered:
            self.reach.append(max(end, self.reach[-1]) if self.reach else end)

    def holds(self, start: int, end: int) -> bool:
        at = bisect_right(self.starts, start) - 1
        return at >= 0 and self.reach[at] >= end


def _prepositional_object(
    verb: Token, prepositions: set[str], fits: Callable[[Token], bool]
) -> Token | None:
    """The first object of one of ``prepositions`` on ``verb`` that ``fits``."""
    for prep in children(verb):
        if prep.dep_ != "prep" or prep.lower_ not in prepositions:
            continue
        for obj in children(prep):
            if obj.dep_ == "pobj" and fits(obj):
                return obj
    return None


def _frame_subject(token: Token) -> Token | None:
    """The subject of the verb a frame hangs from ("Ed Brookover spoke to reporters" ->
    Brookover), or the possessor of a subject noun ("Trump's comments came during ...")."""
    for _ in range(6):
        if token.pos_ in {"VERB", "AUX"} or token.head.i == token.i:
            break
        token = token.head
    subject = next((c for c in children(token) if c.dep_ in _SUBJECTS), None)
    if subject is not None and subject.pos_ == "NOUN":
        subject = next((c for c in children(subject) if c.dep_ == "poss"), subject)
    if subject is None or not (subject.pos_ == "PRON" or _named(subject)):
        return None
    return subject


def _named(token: Token) -> bool:
    """A name, also one the tagger read as a common noun (a curly apostrophe often makes it one:
    "Lund’s comments"): the entity recognizer reads a name, or a capitalised singular
    possessor."""
    if token.pos_ == "PROPN" or token.ent_type_ in _NAME_ENTITIES:
        return True
    return token.dep_ == "poss" and token.is_title and token.tag_ == "NN"


_NAME_ENTITIES = {"PERSON", "ORG"}
_FIRST_PERSON_OBJECTS = {"me", "us"}


def _addressed_writer(verb: Token) -> Token | None:
    """ "pointed out his interest to me", "told me", "explained to us": the cue verb's object
    or "to"/"with" object is the writer in the first person (lower case: not "US"); not inside
    a quotation, where "me" is the one quoted ("''That suggests to me ...''")."""
    if quotes_of(verb.doc).holds(verb.idx):
        return None
    for child in children(verb):
        if child.dep_ in {"dative", "dobj", "iobj"} and child.text in _FIRST_PERSON_OBJECTS:
            return child
        if child.dep_ in {"prep", "dative"} and child.lower_ in {"to", "with"}:
            for obj in children(child):
                if obj.dep_ == "pobj" and obj.text in _FIRST_PERSON_OBJECTS:
                    return obj
    return None


def quotes_of(doc: Doc) -> QuoteIndex:
    """The Doc's quoted passages, indexed once per Doc."""
    cache = doc_cache(doc)
    if "quote_index" not in cache:
        cache["quote_index"] = QuoteIndex(doc)
    return cache["quote_index"]  # type: ignore[no-any-return]


def _points_at(token: Token) -> bool:
    """ "pointing at the doorway": a gesture the reporter saw, a participle with "at" (not
    "pointing to his record", an argument)."""
    return token.tag_ == "VBG" and any(
        c.dep_ == "prep" and c.lower_ == "at" for c in children(token)
    )


def _gives_evidence(token: Token) -> bool:
    """ "giving evidence", "testifying": a participle of a witness speaking in court."""
    if token.tag_ != "VBG":
        return False
    lemma = token.lemma_.lower()
    if lemma == "testify":
        return True
    return lemma == "give" and any(
        c.dep_ == "dobj" and c.lemma_.lower() == "evidence" for c in children(token)
    )


def is_question(token: Token) -> bool:
    """ "Asked whether ...", "When asked": a participle of asking."""
    return token.lemma_.lower() == "ask" and token.tag_ == "VBN"


def _seen_speaking(token: Token, verb: Token) -> bool:
    """ "said, sitting at her table" (a participle), "smiled and said" (the cue shares the first
    verb's subject); not "Lee stands with the union" next to "Ray said"."""
    if token.tag_ == "VBG":
        return True
    return token.i == verb.head.i and not any(c.dep_ in _SUBJECTS for c in children(verb))


def scene_span(token: Token) -> tuple[int, int]:
    """The token range a scene mention covers: a programme's whole phrase, else the token."""
    if token.dep_ == "pobj":
        return subtree_range(token)
    return (token.i, token.i + 1)


def scene_table() -> dict[str, Any]:
    """Verb and noun classes of the scene: posture and manner of a speaker seen by the reporter,
    recollection, programme nouns, prepositions of speaking on air."""
    return {
        "posture_verbs": ["sit", "stand", "smile", "laugh", "pause", "shrug", "nod", "lean",
                          "sigh", "gesture", "chuckle", "grin", "walk", "stroll", "sip"],
        "recall_verbs": ["recall", "remember", "reminisce"],
        "programme_nouns": ["show", "program", "programme", "broadcast", "taping", "podcast",
                            "segment", "appearance", "interview", "channel", "network",
                            "station"],
        "on_air_prepositions": ["on", "during"],
        "writing_verbs": ["write", "post", "blog", "tweet", "publish", "pen"],
        # the medium of a conversation with the reporter: "by phone", "in a phone call", "in an
        # email" (nothing else said of the email)
        "media_nouns": ["phone", "telephone", "cellphone"],
        "message_nouns": ["call", "conversation", "chat", "interview", "email", "e-mail",
                          "message"],
        "written_message_nouns": ["email", "e-mail"],
        "media_prepositions": ["by", "over", "on", "in", "via", "during"],
    }  # fmt: skip
