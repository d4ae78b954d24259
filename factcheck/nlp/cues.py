"""factcheck_cues: find the reporting cues of a Doc (the words that introduce what someone said).

Output: ``doc.spans["fc_cues"]``, one span per cue, labelled with its family:
``speech`` ("said", "told", "pointed out"), ``stance`` ("believes", "polls show"), ``according``
("according to"), ``as_reported`` ("as the paper reported"), ``passive`` ("it was reported that",
"is said to", "has been accused of"), ``object`` (a verb of stance or public action with an
object: "the senator criticized the bill", "critics called for an inquiry"). The lexicon is the
versioned data ``factcheck.cues.v9`` (v6: "in" before a document of findings, "in a poll
released Sunday, Lee leads", is a cue of the ``according`` family; v7: the nouns of a request to
speak, whose refusal is no claim, and "put"/"place" ... "at" a number, an estimate; v8: "in" or
"by" before a view or an account held by someone, "In his view, ...", "by her own account", also
of the ``according`` family, the holder its speaker; v9: more documents, a part of one ("a table
in the audit"), verbs of setting out, "on" a number, and the verbs of telling more and of
disclosing, whose refusal is no claim).

A verb of content ("provides details of", "lists", "refers to") is a cue when its subject is a
document that reports ("a cable", "the audit"). A verb that introduces no claim is not a cue: a
question verb with an interrogative complement ("asked how ..."), a topic verb without a clause
("speaking about everyday life"), a refusal ("declined to comment"), a negated verb without a
clause ("did not respond to a request for comment"), a refusal to say more or to disclose ("it
would not comment further while ...", "he would not go into detail", "declined to identify
it", "did not explain why ..."), and a verb of stance in a relative clause
that describes its subject ("jihadis who oppose the administration"), or that says what its
subject acts for ("militias, who have organised to defend themselves"). Those verbs are kept in
``doc.spans["fc_silent_cues"]``, so that a later step (the trained tagger's merge) does not read
a claim where the rules have decided there is none.
"""

from __future__ import annotations

from typing import Any

from spacy.attrs import LEMMA, LOWER, ORTH, POS
from spacy.language import Language
from spacy.parts_of_speech import VERB
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from factcheck.nlp import patterns  # noqa: F401  (registers the lexicons)
from factcheck.nlp.doc_index import token_column
from factcheck.nlp.speaker_names import looks_human
from factcheck.nlp.syntax import (
    children,
    compound_subject,
    descends_from,
    rights,
    span_root,
    verb_above,
)

CUES_KEY = "fc_cues"
SILENT_KEY = "fc_silent_cues"
# a cue verb whose object is only its addressee ("told reporters"): its content needs a clause
if not Span.has_extension("fc_addressee"):
    Span.set_extension("fc_addressee", default=False)
_VERB_POS = {"VERB", "AUX"}
_VIEW_OPENERS = frozenset(["in", "by"])
_FIRST_PERSON_POSSESSIVES = frozenset(["my", "our"])
CLAUSE_DEPS = {"ccomp", "parataxis"}
COMPLEMENT_DEPS = {"dobj", "ccomp", "xcomp", "oprd", "attr", "acomp"}
_OPENING_MARKS = "“\"'‘«„"
# verbs whose infinitive is the act itself: aspect ("began to criticize the plan") and semi-modals
# ("had to reject", "needed to", "used to")
_ASPECTUAL = frozenset(
    ("start", "begin", "keep", "continue", "resume", "stop", "cease", "go", "have", "need", "use",
     "ought", "be")
)  # fmt: skip
_CUE_ADVERBS = {
    "also",
    "repeatedly",
    "recently",
    "publicly",
    "privately",
    "later",
    "again",
    "often",
}


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
        self.colon_verbs = frozenset(lexicon.get("colon_verbs", ()))
        self.finding_verbs = frozenset(lexicon.get("finding_verbs", ()))
        self.findings = frozenset(lexicon.get("finding_subjects", ()))
        # v9: verbs of content only with their particle ("sets out"), "puts X on 47 percent"
        self.finding_particles = dict(lexicon.get("finding_particles", {}))
        self.estimate_preps = frozenset(lexicon.get("estimate_prepositions", ("at",)))
        # v9: verbs of telling more ("would not elaborate"), "go into detail", disclosing
        self.telling_more = frozenset(lexicon.get("telling_more_verbs", ()))
        self.details = frozenset(lexicon.get("detail_nouns", ()))
        self.disclosing = frozenset(lexicon.get("disclosure_verbs", ()))
        self.questions = frozenset(lexicon.get("question_verbs", ()))
        self.topics = frozenset(lexicon.get("topic_verbs", ()))
        self.refusals = frozenset(lexicon.get("refusal_verbs", ()))
        self.requests = frozenset(lexicon.get("request_nouns", ()))
        self.estimates = frozenset(lexicon.get("estimate_verbs", ()))
        self.addressee = frozenset(lexicon.get("addressee", ()))
        self.findings_in = frozenset(lexicon.get("findings_in", ()))  # v6: "in a poll"
        self.taking_part = frozenset(lexicon.get("findings_in_not_after", ()))
        self.views = frozenset(lexicon.get("view_nouns", ()))  # v8: "in his view"
        self.told = frozenset(lexicon.get("passive_addressee", ()))  # v8: "a jury was told"
        # every lemma ``_family`` looks up (lower case), for ``_possible``
        self._words = (
            self.speech
            | self.stance
            | self.object
            | self.colon_verbs
            | self.finding_verbs
            | self.estimates
        )
        openers = {"according", "per"} | ({"in"} if self.findings_in else set())
        openers |= {"in", "by"} if self.views else set()
        self._according_ids = frozenset(get_string_id(w) for w in openers)
        self._colon = get_string_id(":")
        self._known: dict[int, bool] = {}  # lemma id -> in ``_words``

    def __call__(self, doc: Doc) -> Doc:
        silent: list[Span] = []
        cues = self.find(doc, silent)
        for cue in cues:
            cue._.fc_addressee = span_root(cue).lemma_.lower() in self.addressee
        doc.spans[CUES_KEY] = cues
        doc.spans[SILENT_KEY] = silent
        return doc

    def find(self, doc: Doc, silent: list[Span] | None = None) -> list[Span]:
        """All cue spans of ``doc``, in text order; the verbs that say nothing (a question put
        to the subject, a topic, a refusal) are appended to ``silent``."""
        cues: list[Span] = []
        for i in self._possible(doc):
            token = doc[i]
            found = self._family(token)
            if found in ("speech", "stance", "object") and self._says_nothing(token, found):
                if silent is not None:
                    silent.append(self.cue_span(token, found))
                continue
            if found is not None:
                cues.append(self.cue_span(token, found))
        return cues

    def _possible(self, doc: Doc) -> list[int]:
        """The tokens that may be cues, from their ids alone: a word of the lexicon, "according"
        or "per", or a verb before a colon ('she resisted: "..."'). ``family`` is None for all
        others, and asking it costs their children; most words of an article are others."""
        if not len(doc):
            return []
        strings, known = doc.vocab.strings, self._known
        # columns, not a row per token: a list per token is what the garbage collector walks
        orths = token_column(doc, ORTH)
        found = []
        for i, (lemma, lower, pos) in enumerate(
            zip(
                token_column(doc, LEMMA),
                token_column(doc, LOWER),
                token_column(doc, POS),
                strict=True,
            )
        ):
            if lower in self._according_ids:
                found.append(i)
                continue
            word = known.get(lemma)
            if word is None:
                word = known[lemma] = strings[lemma].lower() in self._words
            if word or (pos == VERB and i + 1 < len(orths) and orths[i + 1] == self._colon):
                found.append(i)
        return found

    def _says_nothing(self, verb: Token, family: str) -> bool:
        """A verb whose complement is a question put to its subject, a topic, a refusal to speak
        or a denial of having answered: none of them is a claim of the subject."""
        lemma = verb.lemma_.lower()
        if _introduces_quote(verb) or _before_colon(verb):
            return False
        if lemma in self.questions:  # "when asked how ...": the subject was asked
            return _interrogative(verb) and _without_own_subject(verb)
        if lemma in self.topics and _open_question(verb):
            return True  # "the emails discuss whether to delay repairs": a topic
        if self.disclosing and self._withholds(verb):
            return True  # "the ministry did not explain why ...": a question left open
        if self._reports_silence(verb):
            return True  # "said it did not comment on individual applications"
        if _has_clause(verb):
            return False
        if lemma in self.topics and verb.dep_ == "advcl" and _only_topic(verb):
            return True  # "Speaking about everyday life, he ..."
        if lemma in self.refusals:  # "declined to comment (on the closure)"
            if any(c.dep_ == "dobj" and self._request(c) for c in children(verb)):
                return True  # "declined an interview request", "refused the invitation"
            return any(
                c.dep_ == "xcomp" and (self._bare_speech(c) or self._discloses(c))
                for c in children(verb)
            )
        if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in self.refusals:
            return self._bare_speech(verb)
        if any(c.dep_ == "neg" for c in children(verb)) and self._bare_speech(verb):
            return True  # "did not respond to a request for comment"
        if family == "object" and lemma not in self.topics and _controlled_by_object(verb):
            return True  # "manipulating its allies to attack ...": an action, not a stance
        if family == "object" and self._goal_of_an_act(verb):
            return True  # "who have organised to defend themselves": an aim, not a stance
        return family == "object" and _describes_its_subject(verb)

    def _reports_silence(self, verb: Token) -> bool:
        """A verb whose only clause says that its subject (a pronoun of the third person
        standing for it) did not speak ("said it did not comment", "said she would not discuss
        the case", "It would not comment further while ..., the company said", "said he would
        not go into detail"): no claim is reported. Not "said the agency has not commented",
        nor "“I won't talk like that,” he said" (the quote is what he said)."""
        clauses = [c for c in children(verb) if c.dep_ in CLAUSE_DEPS]
        if len(clauses) != 1:
            return False
        clause = clauses[0]
        subject = next((c for c in children(clause) if c.dep_ in SUBJECT_DEPS), None)
        if subject is None or subject.lower_ not in _SAME_SPEAKER:
            return False  # "said the ministry has not commented": a claim about the ministry
        if clause.i < verb.i and _quoted(clause):
            return False
        deps = [c.dep_ for c in children(clause)]
        if "neg" not in deps:
            return False
        # "would not", "did not": a refusal, which may say when or how far ("further")
        refusal = _BARE_REFUSAL | _REFUSAL_ADJUNCTS if _modal(clause) else _BARE_REFUSAL
        if any(d not in refusal for d in deps) or not _adjuncts_of_time(clause):
            return self._withholds(clause)  # "said he would not say whether ..."
        if deps.count("prep") > (2 if refusal is not _BARE_REFUSAL else 1):
            return False  # "said he was not speaking only about Ruiz", "... because ..."
        return self._bare_speech(clause) or self._tells_no_more(clause)

    def _tells_no_more(self, verb: Token) -> bool:
        """ "elaborate", "go into detail": a verb of saying more, with no clause or object."""
        lemma = verb.lemma_.lower()
        if _has_clause(verb) or any(c.dep_ == "dobj" for c in children(verb)):
            return False
        if lemma in self.telling_more:
            return True
        return lemma == "go" and any(
            p.dep_ == "prep" and p.lower_ == "into" and self._details(p) for p in children(verb)
        )

    def _details(self, prep: Token) -> bool:
        return any(c.dep_ == "pobj" and c.lemma_.lower() in self.details for c in children(prep))

    def _withholds(self, verb: Token) -> bool:
        """A verb of telling, refused ("did not", "would not", "will not"), whose complement is
        a question ("did not explain why the chief had written", "would not say whether ..."):
        what was not said is no claim. Not "could not explain why" (not knowing is a claim)."""
        if verb.lemma_.lower() not in self.disclosing or not _modal(verb, _WILL):
            return False
        return any(c.dep_ == "neg" for c in children(verb)) and _interrogative(verb)

    def _discloses(self, verb: Token) -> bool:
        """ "(declined) to identify it", "(refused) to name him": a verb of disclosing with at
        most a pronoun for object; refusing it says nothing. Not "refused to disclose his
        records" (what is withheld is named: a stance)."""
        if verb.lemma_.lower() not in self.disclosing or _has_clause(verb):
            return False
        deps = [c for c in children(verb) if c.dep_ not in ("aux", "advmod", "punct")]
        return all(c.dep_ == "dobj" and c.pos_ == "PRON" for c in deps)

    def _request(self, noun: Token) -> bool:
        """A noun of asking someone to speak, or one made of it: "an interview request", "a
        request for comment", "the invitation"."""
        words = [noun, *(c for c in children(noun) if c.dep_ == "compound")]
        return noun.pos_ == "NOUN" and any(w.lemma_.lower() in self.requests for w in words)

    def _goal_of_an_act(self, verb: Token) -> bool:
        """An infinitive of a relative clause's verb that is no cue, the clause's subject a
        relative pronoun ("militias, who have organised to defend themselves", "a fund that was
        set up to support veterans"): the clause describes its noun by what it acts for, as
        ``_describes_its_subject`` by its stance; nothing is attributed to it. Not "who vowed to
        oppose" (the vow is the cue), "who began to criticize", "who had to reject" (the criticism
        and the rejection are)."""
        head = verb.head
        if verb.dep_ != "xcomp" or head.dep_ != "relcl":
            return False
        lemma = head.lemma_.lower()
        if lemma in self._words or lemma in _ASPECTUAL:
            return False
        return any(c.dep_ in SUBJECT_DEPS and c.tag_ in _WH_TAGS for c in children(head))

    def _bare_speech(self, verb: Token) -> bool:
        """A verb of speaking with neither a clause nor an object: "comment", "respond to"."""
        lemma = verb.lemma_.lower()
        speaks = lemma in self.speech or lemma in self.topics
        return (
            speaks and not _has_clause(verb) and not any(c.dep_ == "dobj" for c in children(verb))
        )

    def _family(self, token: Token) -> str | None:
        if self._is_according(token):
            return "according"
        if token.pos_ not in _VERB_POS and not _acts_as_verb(token):
            return None
        lemma = token.lemma_.lower()
        if lemma in self.colon_verbs and _before_colon(token):
            return "speech"  # "The letter reads:", "Her note went:"
        if token.pos_ == "VERB" and _introduces_quote(token) and not _is_passive(token):
            known = lemma in self.speech or lemma in self.stance or lemma in self.object
            if known or _before_colon(token):
                return "speech"  # 'he asked, “...”', 'she resisted: “...”'
        if lemma in self.finding_verbs and self._finding(token) and not _is_passive(token):
            # "a cable provides details of ...", "the memo lists ...", "the poll shows X ahead"
            return "stance" if lemma in self.stance else "object"
        if (
            lemma in self.estimates
            and _puts_at_a_number(token, self.estimate_preps)
            and not _is_passive(token)
        ):
            return "object"  # "the health authority put the death toll at 17"
        if lemma in self.object:
            particles = self.phrasal.get(lemma, frozenset())
            has_object = complements(token, particles)
            return "object" if has_object and not _is_passive(token) else None
        if lemma not in self.speech and lemma not in self.stance:
            return None
        if _is_passive(token):
            if lemma in self.told:  # "..., a jury was told", "MPs were told that ..."
                return "passive" if _told_a_claim(token) else None  # not "was told to leave"
            return "passive" if lemma in self.passive else None
        mark = next((c for c in children(token) if c.dep_ == "mark" and c.lower_ == "as"), None)
        if mark is not None and not _predicate_of_object(mark, token):
            return "as_reported" if lemma in self.speech else None
        if lemma in self.clause_only and not _has_clause(token):
            return "stance" if self._finding(token) else None
        return "speech" if lemma in self.speech else "stance"

    def _finding(self, verb: Token) -> bool:
        """ "The poll shows Ortiz ahead", "the audit found errors", "the cable refers to a
        meeting", "a note attached to the emails sets out three options": a verb of content with
        a reporting document (or a part of one) as subject and an object."""
        lemma = verb.lemma_.lower()
        if lemma not in self.finding_verbs:
            return False
        subject = next((c for c in children(verb) if c.dep_ == "nsubj"), None)
        if subject is None:
            return False
        particle = self.finding_particles.get(lemma)
        if particle is not None:  # "sets out", not "set a record"
            has_object = any(c.dep_ == "prt" and c.lower_ == particle for c in children(verb))
        else:
            particles = self.phrasal.get(lemma, frozenset())
            has_object = any(c.dep_ == "dobj" or c.lower_ in particles for c in children(verb))
        return has_object and self._documentary(subject)

    def _documentary(self, noun: Token, depth: int = 0) -> bool:
        """A document that reports ("the poll", "an email"), or a part of one: a noun "in",
        "of" or "from" one, or attached to one ("a spreadsheet in the data", "a table of the
        report", "a note attached to one of the emails"); not a person in one ("researchers
        in the study")."""
        if noun.lemma_.lower() in self.findings or noun.lower_ in self.findings:
            return True
        if depth > 0 and noun.pos_ == "NUM":  # "one of the emails"
            return any(
                c.dep_ == "prep" and c.lower_ == "of" and self._within(c, depth)
                for c in children(noun)
            )
        if depth > 1 or noun.pos_ != "NOUN" or looks_human(noun.lemma_.lower()):
            return False
        for child in children(noun):
            if child.dep_ == "prep" and child.lower_ in _PART_OF:
                if self._within(child, depth):
                    return True
            elif child.dep_ == "acl" and child.tag_ == "VBN":  # "attached to", "enclosed with"
                preps = (c for c in children(child) if c.dep_ == "prep")
                if any(self._within(p, depth) for p in preps):
                    return True
        return False

    def _within(self, prep: Token, depth: int) -> bool:
        return any(c.dep_ == "pobj" and self._documentary(c, depth + 1) for c in children(prep))

    def _is_according(self, token: Token) -> bool:
        if token.lower_ in _VIEW_OPENERS and self.view_noun(token) is not None:
            return True
        if token.lower_ == "in":
            return self._in_findings(token)
        follow = self.according.get(token.lemma_.lower()) or self.according.get(token.lower_)
        if follow is None or token.lower_ not in ("according", "per"):
            return False
        nxt = token.nbor(1) if token.i + 1 < len(token.doc) else None
        if not follow:  # "per the report", "per Reuters", not "per capita" or "per cent"
            return token.dep_ == "prep" and nxt is not None and nxt.pos_ in ("DET", "PROPN")
        return nxt is not None and nxt.lower_ == follow

    def view_noun(self, token: Token) -> Token | None:
        """The noun of "In his view, ...", "by her own account", "Sensors, in her telling,
        cannot ...": "in" or "by" before a noun of a view or an account held by a possessive
        (not the first person's: the author's own view), the phrase set off by commas or before
        the verb it qualifies, the noun with nothing to it but its holder and "own". None for
        "rose in its tally" (where it was counted), "her account was suspended", "in his
        assessment of the market"."""
        if token.dep_ != "prep" or not self.views:
            return None
        noun = next((c for c in children(token) if c.dep_ == "pobj"), None)
        if noun is None or noun.lemma_.lower() not in self.views:
            return None
        kids = children(noun)
        holder = next((c for c in kids if c.dep_ == "poss"), None)
        if holder is None or holder.lower_ in _FIRST_PERSON_POSSESSIVES:
            return None
        if any(
            c.dep_ not in ("poss", "amod") or (c.dep_ == "amod" and c.lower_ != "own") for c in kids
        ):
            return None
        doc, end = token.doc, noun.i + 1
        set_off = token.i > 0 and doc[token.i - 1].is_punct and end < len(doc) and doc[end].is_punct
        head = verb_above(token) if set_off else token.head
        if head.pos_ not in _VERB_POS:
            return None
        return noun if token.i < head.i or set_off else None

    def _in_findings(self, token: Token) -> bool:
        """ "in a poll released Sunday", "in the new survey": "in" before a document of findings
        that qualifies a clause (its verb, or the verb's object or predicate: "took 6 percent of
        the vote in a poll"); not the polls in general ("rose in the polls"), a noun that speaks
        ("voters in the poll said"), a question put ("were asked in the survey"), taking part
        ("took part in the survey") or a verb that is a cue itself ("found in a study that")."""
        if token.dep_ != "prep" or not self.findings_in:
            return False
        noun = next((c for c in children(token) if c.dep_ == "pobj"), None)
        if noun is None or noun.lemma_.lower() not in self.findings_in or _generic(noun):
            return False
        head, steps = token.head, 0
        while head.pos_ not in _VERB_POS and head.dep_ in _UP_TO_VERB and steps < 4:
            head, steps = head.head, steps + 1  # "took 6 percent of the vote in a poll"
        if head.pos_ not in _VERB_POS or _is_passive(head) or _takes_part(head, self.taking_part):
            return False
        return head.lemma_.lower() not in self._words | self.questions  # not "found in a study"

    def cue_span(self, token: Token, family: str) -> Span:
        """The words of the cue: the verb with its auxiliaries, adverbs, particle and time, or
        "according to".

        "has also said", "openly called for", "did not mention", "said Tuesday that", "was
        reported"; a time that ends the clause is left out ("..., she said Tuesday."): PolNeAR
        leaves it out of the cue three times in four. ``cue_extent`` widens the cue of a claim.
        """
        doc = token.doc
        if family == "according":
            end = token.i + 2 if token.lower_ == "according" else token.i + 1
            view = self.view_noun(token) if token.lower_ in _VIEW_OPENERS else None
            end = view.i + 1 if view is not None else end  # "In his view"
            return Span(doc, token.i, min(end, len(doc)), label=family)
        start, end = token.i, token.i + 1
        particles = self.phrasal.get(token.lemma_.lower(), frozenset())
        while start > 0 and _cue_word_before(doc[start - 1], token):
            start -= 1
        while end < len(doc) and _cue_word_after(doc[end], token, particles):
            end += 1
        if end + 1 < len(doc) and _adverb_before_particle(doc[end], doc[end + 1], token, particles):
            end += 2  # "refers specifically to"
        return Span(doc, start, end, label=family)


def _predicate_of_object(mark: Token, verb: Token) -> bool:
    """An "as" that the parser read as opening "as X said" but that follows the object of the
    verb governing the clause ("who gave his name only as Abu Karim told the paper"): it names
    what the object is, and ``verb`` is a clause of its own."""
    doc, i = verb.doc, mark.i - 1
    while i >= 0 and doc[i].pos_ == "ADV":
        i -= 1
    return i >= 0 and doc[i].dep_ == "dobj" and doc[i].head.i != verb.i


def _cue_word_before(word: Token, verb: Token) -> bool:
    """An auxiliary, negation or adverb of ``verb`` right before it ("has also said", "openly
    called for", "still supports"; not "when" or "where", which open a clause)."""
    if word.head.i != verb.i:
        return False
    return word.dep_ in ("aux", "auxpass", "neg") or (
        word.dep_ == "advmod" and word.pos_ == "ADV" and word.tag_ != "WRB"
    )


def _cue_word_after(word: Token, verb: Token, particles: frozenset[str]) -> bool:
    """A particle, phrasal preposition or time word of ``verb`` right after it."""
    if word.head.i != verb.i:
        return False
    if word.dep_ == "prt" or (word.dep_ == "prep" and word.lower_ in particles):
        return True
    if word.dep_ == "npadvmod" and word.ent_type_ == "DATE":
        return _more_of_verb_after(word, verb)  # "said Tuesday that", not "..., she said Tuesday."
    return word.dep_ == "advmod" and word.lower_ in _CUE_ADVERBS


def _more_of_verb_after(word: Token, verb: Token) -> bool:
    """Whether a word of ``verb``'s clause other than punctuation follows ``word``'s phrase."""
    after = word.right_edge.i + 1
    return after <= verb.right_edge.i and not word.doc[after].is_punct


def _adverb_before_particle(
    word: Token, nxt: Token, verb: Token, particles: frozenset[str]
) -> bool:
    if word.head.i != verb.i or word.dep_ != "advmod":
        return False
    return nxt.head.i == verb.i and nxt.dep_ == "prep" and nxt.lower_ in particles


_WH_TAGS = {"WRB", "WP", "WDT", "WP$"}
# prepositions of a part of a document: "a spreadsheet in the data", "a page of the report"
_PART_OF = frozenset(("in", "of", "from", "within", "inside"))
# from a noun up to the verb whose object or predicate it is part of (not a subject: "voters in
# the poll said" is the voters speaking)
_UP_TO_VERB = {"dobj", "attr", "acomp", "pobj", "prep", "npadvmod", "oprd"}
_TOPIC_PREPOSITIONS = {"about", "on", "of", "regarding", "concerning"}
SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}


def _generic(noun: Token) -> bool:
    """ "rose in the polls", "overtook him in polling": standing in general, no poll named."""
    plural = noun.lower_ != noun.lemma_.lower() or noun.lower_ == "polling"  # "polls" -> poll
    return plural and all(c.dep_ == "det" and c.lower_ == "the" for c in children(noun))


def _takes_part(verb: Token, verbs: frozenset[str]) -> bool:
    """ "took part in the survey", "participated in the poll": the phrase says where."""
    lemma = verb.lemma_.lower()
    return lemma in verbs or (
        lemma == "take" and any(c.dep_ == "dobj" and c.lower_ == "part" for c in children(verb))
    )


def _interrogative(verb: Token) -> bool:
    """A complement that is a question: "asked how ...", "wondered whether ..."."""
    for child in rights(verb):
        if child.dep_ not in ("ccomp", "xcomp", "dobj"):
            continue
        if child.left_edge.tag_ in _WH_TAGS or child.tag_ in _WH_TAGS:
            return True
        if any(m.dep_ == "mark" and m.lower_ in ("whether", "if") for m in children(child)):
            return True
    return False


_SAME_SPEAKER = frozenset(("it", "he", "she", "they"))
_NUMBERS = frozenset(("CARDINAL", "QUANTITY", "PERCENT", "MONEY"))


def _puts_at_a_number(verb: Token, prepositions: frozenset[str] = frozenset(("at",))) -> bool:
    """An estimate: an object and "at" a number ("put the death toll at 17", "puts Ortiz at 38
    percent", "places the cost at $2 million"), not "put the plan at risk"; v9: or "on" a number
    ("puts Ferrante on 47 percent"), the number itself the object of "on" (not "put a levy on
    500 products")."""
    if not any(c.dep_ == "dobj" for c in children(verb)):
        return False
    for prep in (c for c in rights(verb) if c.dep_ == "prep" and c.lower_ in prepositions):
        for number in (g for g in children(prep) if g.dep_ == "pobj"):
            words = [number, *children(number)] if prep.lower_ == "at" else [number]
            if any(w.ent_type_ in _NUMBERS or w.like_num for w in words):
                return True
    return False


# all a clause of not speaking has: "it did not comment on individual applications"
_BARE_REFUSAL = frozenset(("nsubj", "aux", "neg", "prep", "punct"))
# what else a refusal with "would not" or "did not" may have: "further", "while ... ongoing"
_REFUSAL_ADJUNCTS = frozenset(("advmod", "advcl"))
# the modals of a refusal (not of inability: "could not explain why" is a claim of not knowing)
_WILL = frozenset(("will", "would", "wo", "do", "shall"))
# the adverbial clauses a refusal may have: when it holds ("while proceedings were ongoing"), not
# why ("because he has not seen it": a claim)
_TIME_MARKS = frozenset(("while", "until", "till", "before", "after", "when", "pending"))


def _modal(verb: Token, modals: frozenset[str] | None = None) -> bool:
    """ "would not", "will not", "did not": the verb's negation rides on a modal or on "do"
    (one of ``modals`` when given)."""
    return any(
        c.dep_ == "aux"
        and (c.tag_ == "MD" or c.lemma_.lower() == "do")
        and (modals is None or c.lemma_.lower() in modals or c.lower_ in modals)
        for c in children(verb)
    )


def _adjuncts_of_time(verb: Token) -> bool:
    """Every adverbial clause of ``verb`` says when ("while ...", "until ...")."""
    return all(
        any(m.dep_ == "mark" and m.lower_ in _TIME_MARKS for m in children(c))
        for c in children(verb)
        if c.dep_ == "advcl"
    )


def _quoted(clause: Token) -> bool:
    """A clause that opens with a quotation mark ("“I won't talk like that,” he said")."""
    doc, start = clause.doc, clause.left_edge.i
    return doc[start].text[:1] in _OPENING_MARKS or (
        start > 0 and doc[start - 1].text[:1] in _OPENING_MARKS
    )


def _open_question(verb: Token) -> bool:
    """A complement that asks "whether" or "if" ("discusses whether to delay repairs"), not one
    that tells how or why something happened ("discussed how the note was lost")."""
    for child in rights(verb):
        if child.dep_ in ("ccomp", "xcomp") and any(
            m.dep_ == "mark" and m.lower_ in ("whether", "if") for m in children(child)
        ):
            return True
    return False


def _describes_its_subject(verb: Token) -> bool:
    """A present-tense relative clause of stance that describes its noun ("jihadis who oppose
    the administration"), not an act ("Ann Lee, who criticized the plan")."""
    if verb.dep_ != "relcl" or verb.tag_ not in ("VBP", "VBZ"):
        return False
    deps = {c.dep_: c for c in children(verb)}
    return "dobj" in deps and "nsubj" in deps and deps["nsubj"].tag_ in _WH_TAGS


def _controlled_by_object(verb: Token) -> bool:
    """An infinitive whose doer is its governing verb's object ("pushed them to attack")."""
    infinitive = verb.dep_ == "xcomp" or (
        verb.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in children(verb))
    )
    return infinitive and any(c.dep_ == "dobj" for c in children(verb.head))


def _without_own_subject(verb: Token) -> bool:
    """An adjunct clause with no subject of its own ("when asked", "speaking about")."""
    adjunct = verb.dep_ in ("advcl", "acl", "pcomp") or verb.tag_ in ("VBN", "VBG")
    return adjunct and not any(c.dep_ in SUBJECT_DEPS for c in children(verb))


def _only_topic(verb: Token) -> bool:
    """The verb's only complement is a topic phrase ("about everyday life", "on the budget")."""
    preps = [c for c in rights(verb) if c.dep_ == "prep"]
    others = [c for c in rights(verb) if c.dep_ in COMPLEMENT_DEPS]
    return bool(preps) and not others and preps[0].lower_ in _TOPIC_PREPOSITIONS


def complements(verb: Token, particles: frozenset[str] | set[str] = frozenset()) -> list[Token]:
    """The children of ``verb`` that carry what is attributed: objects, clauses, predicates,
    and the preposition of a phrasal cue ("called for", "referred to") when it is in ``particles``.
    """
    return [
        c
        for c in rights(verb)
        if c.dep_ in COMPLEMENT_DEPS or (c.dep_ == "prep" and c.lower_ in particles)
    ]


def _introduces_quote(token: Token) -> bool:
    """The verb is followed by at most a comma or colon and then an opening quotation mark."""
    doc = token.doc
    i = token.i + 1
    if i < len(doc) and doc[i].text in (",", ":"):
        i += 1
    while i < len(doc) and doc[i].is_space and "\n" not in doc[i].text:
        i += 1
    return i < len(doc) and doc[i].text[:1] in _OPENING_MARKS and doc[i].is_punct


def _before_colon(token: Token) -> bool:
    nxt = token.i + 1
    return nxt < len(token.doc) and token.doc[nxt].text == ":"


def _acts_as_verb(token: Token) -> bool:
    """A word tagged as a noun that has a subject and a clause ("Filings show that ..."), or that
    ends a sentence after its clause with the noun before it as a compound (the tagger reads
    "..., police data show." as the noun phrase "police data show")."""
    deps = {c.dep_ for c in children(token)}
    if "ccomp" not in deps:
        return False
    return "nsubj" in deps or compound_subject(token) is not None


def _told_a_claim(verb: Token) -> bool:
    """A passive verb of telling whose subject is who heard it and that reports a claim: with a
    clause ("MPs were told that the plant was safe") or after the clause it reports, set off by
    a comma ("The manager set the fire, a jury was told"). Not an order ("was told to leave")."""
    if any(c.dep_ == "ccomp" for c in children(verb)):
        return True
    doc, start = verb.doc, verb.left_edge.i
    after = verb.dep_ in ("advcl", "parataxis", "conj") and verb.head.i < verb.i
    return after and start > 0 and doc[start - 1].text == ","


def _is_passive(token: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in children(token))


def _has_clause(token: Token) -> bool:
    """Whether a clause hangs from ``token`` ("shows that ...", "..., he thinks")."""
    if any(c.dep_ in CLAUSE_DEPS for c in children(token)):
        return True
    return token.dep_ in ("parataxis",) and token.head.i < token.i


@Language.factory(
    "factcheck_cues",
    default_config={"lexicon": {"@misc": "factcheck.cues.v9"}},
)
def make_cue_finder(nlp: Language, name: str, lexicon: dict[str, Any]) -> CueFinder:
    """Find reporting cues (see the module docstring)."""
    return CueFinder(lexicon)


# ----------------------------------------------------------------------------- the cue's extent

_CHAIN_DEPS = {"xcomp", "acl", "dobj", "pcomp", "prep", "advcl"}
_GAP_DEPS = {"xcomp", "aux", "neg", "advmod", "prt", "acomp"}


def cue_extent(
    doc: Doc, cue: tuple[int, int], speaker: tuple[int, int] | None, content: tuple[int, int]
) -> tuple[int, int]:
    """The cue as news attribution marks it: all the words between speaker and content that
    make up the act of saying, not only the verb.

    Before the verb, the verbs it depends on back to its speaker ("tended to support", "issued a
    statement saying", "were more likely to say"); after it, when the content follows, the rest
    of the verb phrase up to the content ("said in a statement", "has sought to distinguish",
    "said with a laugh"), but not an addressee ("told reporters"), a time ("said Tuesday"),
    "that" or another clause. The cue's own span (its root verb) is unchanged.
    """
    start, end = cue
    verb = span_root(doc[start:end])
    if speaker is not None and speaker[1] <= start:
        start = _back_to_speaker(doc, verb, start, speaker[1])
    if end <= content[0] and (speaker is None or not end <= speaker[0] < content[0]):
        end = _on_to_content(doc, verb, end, content[0])
    return start, end


def _back_to_speaker(doc: Doc, verb: Token, start: int, speaker_end: int) -> int:
    """The cue's start moved back over the verbs that govern it, up to the speaker."""
    if start - speaker_end > 8 or start == speaker_end:
        return start
    gap = range(speaker_end, start)
    if any(doc[i].is_punct or doc[i].is_space or doc[i].dep_ in SUBJECT_DEPS for i in gap):
        return start
    top, token = None, verb
    while token.dep_ in _CHAIN_DEPS and token.head.i != token.i:
        token = token.head
        if not speaker_end <= token.i < start:
            break
        top = token
    if top is None:
        return start
    if all(descends_from(doc[i], top) or i == top.i for i in gap):
        return speaker_end
    return start


def _on_to_content(doc: Doc, verb: Token, end: int, content_start: int) -> int:
    """The cue's end moved on over the rest of its verb phrase, up to the content."""
    stop = content_start
    while stop > end and (doc[stop - 1].is_punct or doc[stop - 1].is_space):
        stop -= 1
    while stop > end and doc[stop - 1].dep_ == "mark":  # "that" opens the content
        stop -= 1
    if stop <= end or stop - end > 8:
        return end
    for i in range(end, stop):
        word = doc[i]
        if word.is_punct or word.ent_type_ in ("DATE", "TIME") or "\n" in word.text:
            return end
        if word.dep_ not in _GAP_DEPS or not descends_from(word, verb):
            return end
    return stop
