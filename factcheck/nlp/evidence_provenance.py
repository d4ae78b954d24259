"""Evidence from provenance: who speaks and how the article got the words.

Trigger words ("a statement", "told us", "a leaked memo") name evidence where the text spells it
out. Most attributed claims do not: "the ministry said", "It insisted:", "he explained" after an
interview, "the report shows". For a claim whose attribution names nothing it rests on, the
speaker's kind, the cue and the article's context decide (table ``factcheck.evidence.v2`` ->
``provenance``):

- a speaker the article interviewed (any of their claims cites an interview in its attribution,
  or the speaker is "our source") -> ``interview``; a person who writes ("she wrote in an essay")
  -> ``media_report``, for their other claims too ("Lee continues");
- a detainee, prisoner, witness, victim ... -> ``testimony`` (``evidence.py`` does this first);
- a document or report speaking -> by its head word: ``court_record``, ``dataset``,
  ``leaked_document``, ``media_report`` or ``video``;
- a publication -> ``media_report``; the article's own one -> ``self_citation``, as is a writer
  of the article's own publication ("The Ledger's Ann Lee wrote");
- a person, an organisation or its spokesperson, a described official, a specific group ("the
  Russians", "both candidates") -> ``statement``; an unspecific one ("analysts", "some
  observers", "people") rests on nothing identifiable, as does a state of mind the article tells
  ("the villagers believed", "she fears"; not a voiced "I think").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, Span
from spacy.util import registry

from factcheck.nlp.evidence_patterns import evidence_rules_v1
from factcheck.nlp.evidence_scene import scene_table
from factcheck.nlp.evidence_sources import PUBLISHER_KEY
from factcheck.slugs import slug

# kinds that say only where a claim's words were found, not whose they are or how they were got
CARRIER_KINDS = {"link", "foreign_language_source"}
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
# "a separate chain of emails", "a batch of memos": a collection named by what it holds
_COLLECTION_OF = re.compile(r"^[^,]*?\b([A-Za-z]+)\s+of\s+")
_NP_END = re.compile(r",|\b(?:by|of|from|in|on|for|at|that|which|who|obtained|published)\b")


@dataclass
class Speaker:
    """What the claim's attribution says about who speaks."""

    text: str  # the mention ("White House spokesman Josh Earnest", "he"); "" when not in the text
    name: str  # the resolved name
    kind: str  # person, organization, anonymous, group, document, publication, author
    cue: str  # the cue's text ("told", "wrote", "According to")


class Provenance:
    """Decides a claim's evidence kind from its speaker, cue and article context."""

    def __init__(self, table: dict[str, Any]) -> None:
        self.document_kinds: dict[str, str] = {
            word: kind for kind, words in table["document_words"].items() for word in words
        }
        self.writing_cues = set(table["writing_cues"])
        self.unspecific = set(table["unspecific_words"])
        self.specific = set(table["specific_words"])
        self.court_cues = set(table["court_cues"])
        self.reporting_cues = set(table["reporting_cues"])
        self.respondents = re.compile(table["respondents"], re.IGNORECASE)
        self.unnamed_by_request = re.compile(table["unnamed_by_request"], re.IGNORECASE)
        # v3: what a document says when its head word is unknown; habitual cues
        self.finding_cues = set(table.get("finding_cues", []))
        self.habitual = set(table.get("habitual_words", []))
        self.document_default: str | None = table.get("document_default")
        self.bare_anonymous = str(table.get("bare_anonymous") or "")
        self.mind_cues = set(table.get("mind_cues", []))
        # v5: a cue said in private to the outlet; people whose role is to speak in court
        self.private = set(table.get("private_words", []))
        self.collections = set(table.get("collection_nouns", []))
        self.affiliated = bool(table.get("affiliated_groups", False))
        self.written_media = bool(table.get("written_media", False))
        self.court_speakers = set(table.get("court_speakers", []))
        self.court_bodies = set(table.get("court_bodies", []))
        suffixes = table.get("court_suffixes") or []
        self.court_suffixes = (
            re.compile(
                rf"((?:[A-Z][\w.'’-]*\s+){{0,3}}[A-Z][\w'’-]*),?\s+(?:{'|'.join(suffixes)})\b"
            )
            if suffixes
            else None
        )
        roles = table.get("court_roles") or []
        self.court_roles = (
            re.compile(rf"\b(?:{'|'.join(roles)})\s+((?:[A-Z][\w.'’-]*\s+){{0,3}}[A-Z][\w'’-]*)")
            if roles
            else None
        )

    def judges(self, text: str, names: list[str]) -> dict[str, str]:
        """ "court_record" for each speaker name the article gives a court role somewhere ("U.S.
        District Judge Ann Lee", "Judge Lee"): a judge's words are the court's."""
        if self.court_roles is None:
            return {}
        found = self.court_roles.findall(text)
        if self.court_suffixes is not None:  # "Simon Greaves KC"
            found += self.court_suffixes.findall(text)
        titled = {name.split()[-1].lower() for name in found}
        return {
            name: "court_record"
            for name in names
            if name.split()[-1:] and name.split()[-1] in titled
        }

    def kind(self, speaker: Speaker, remembered: str, own: OwnPublication) -> str | None:
        """The evidence kind the speaker and cue imply, or None when nothing is identifiable.

        ``remembered`` is how the article got this speaker's words elsewhere: "interview" (the
        article talked to them) or "media_report" (they write), else "".
        """
        if speaker.kind in {"author", ""} or not (speaker.text or speaker.name):
            return None
        words = _words(speaker.text)
        if self.respondents.match(speaker.text):
            return "dataset"  # "85% of Democrats said", "most voters say": a poll's answers
        if self._in_court(speaker.text):
            return "court_record"  # "the prosecutor said", "the jury found", "his barrister"
        if speaker.kind == "document":
            return self._document_kind(speaker) or self._unknown_document(speaker)
        if speaker.kind == "group" and self.document_default and self._head_is_document(speaker):
            return self._document_kind(speaker)  # "polling averages show"
        if any(w in self.court_cues for w in _words(speaker.cue)) or remembered == "court_record":
            return "court_record"  # "police charged", "prosecutors allege", "Judge Lee wrote"
        if remembered == "testimony":
            return remembered  # a witness who gave evidence, in their other claims
        reports = any(w in self.reporting_cues for w in _words(speaker.cue))
        publishes = speaker.kind == "publication" or (speaker.kind == "organization" and reports)
        if publishes and own.names(speaker.name):  # "As the Ledger has reported"
            return "self_citation"
        if speaker.kind == "publication":
            return "media_report"
        if words[:1] == ["our"] or self.unnamed_by_request.search(speaker.text):
            return "interview"  # "our source"; "an official who spoke on condition of anonymity"
        unnamed = speaker.kind in {"anonymous", "group"}
        if unnamed and any(w in self.private for w in _words(speaker.cue)):
            return "interview"  # "officials acknowledge privately": said to the outlet, unnamed
        writes_now = self.document_default is not None and self.writes(speaker.cue)
        if remembered == "interview" and not self._habitual(speaker.cue) and not writes_now:
            return remembered  # not "he often says" (a stance), not "she wrote" (published)
        if own.employs(speaker.text):
            return "self_citation"
        if speaker.kind == "anonymous" and self.bare_anonymous and self._bare(speaker):
            return self.bare_anonymous  # "officials said", "a source said": unnamed to us
        if speaker.kind == "person" and (self.writes(speaker.cue) or remembered == "media_report"):
            return "media_report"
        if self._of_mind(speaker.cue) and words[:1] not in (["i"], ["we"], ["you"]):
            return None  # "the villagers believed all was lost": a state of mind, not "I think"
        if speaker.kind in {"person", "organization"}:
            return "statement"
        return "statement" if self._specific(speaker, words) else None

    def _in_court(self, text: str) -> bool:
        """A speaker whose words are the court's: a role anywhere in the mention ("Helen Lee,
        prosecuting", "Tom Ray KC"), or a court body as the head of its noun phrase ("the
        jury", "the court heard"; not "a lawyer for the court clerk")."""
        if any(w in self.court_speakers for w in _words(text)):
            return True
        head = _words(_NP_END.split(text, maxsplit=1)[0])[-1:]
        return bool(head) and head[0] in self.court_bodies

    def medium(self, noun: str) -> str | None:
        """The kind of a document noun words were written in ("message" -> leaked_document)."""
        return self.document_kinds.get(noun) if self.written_media else None

    def _of_mind(self, cue: str) -> bool:
        """A cue of belief or feeling ("believed", "fears", "thinks"): the text reports what
        someone holds, not words they gave in public or to the article."""
        return any(word in self.mind_cues for word in _words(cue))

    def _document_kind(self, speaker: Speaker) -> str | None:
        """By the noun phrase's head ("a Post-ABC poll released Friday" -> poll), not by the words
        after it ("court records reviewed by this newspaper")."""
        phrase = _NP_END.split(speaker.text, maxsplit=1)[0] or speaker.name
        collected = _COLLECTION_OF.match(speaker.text)
        if self.collections and collected and collected.group(1).lower() in self.collections:
            phrase = _NP_END.split(speaker.text[collected.end() :], maxsplit=1)[0]
        for word in reversed(_words(phrase)):
            singular = (
                word[:-1] if word.endswith("s") and word[:-1] in self.document_kinds else word
            )
            if singular in self.document_kinds:
                return self.document_kinds[singular]
        return None

    def _unknown_document(self, speaker: Speaker) -> str | None:
        """A thing speaking whose head word is not in the table ("a slide shows", "the accord
        calls on", "the outcome showed"): findings are data, anything else a public text."""
        if not self.document_default:
            return None
        finds = any(w in self.finding_cues for w in _words(speaker.cue))
        return "dataset" if finds else self.document_default

    def _head_is_document(self, speaker: Speaker) -> bool:
        """Whether the last word of the mention's noun phrase is a document word."""
        head = _words(_NP_END.split(speaker.text, maxsplit=1)[0])[-1:]
        return any(w in self.document_kinds or w[:-1] in self.document_kinds for w in head)

    def _bare(self, speaker: Speaker) -> bool:
        """ "officials", "a senior source", "these people": no organisation or office named (not
        "Democratic Party officials", "a Homeland Security official", "police officials")."""
        head = [w.lower() for w in _head_words(speaker.text)]
        named = [w for w in head if w not in _BARE_MODIFIERS]
        return len(named) == 1 and named[0] not in self.unspecific  # not "people who ..."

    def _habitual(self, cue: str) -> bool:
        """ "often says", "has repeatedly said", "has railed against": a stance the speaker keeps
        stating in public (a frequency adverb, or a cue in the present perfect)."""
        words = _words(cue)
        return (
            words[:1] in (["has"], ["have"])
            and len(words) > 1
            or any(word in self.habitual for word in words)
        )

    def charges(self, cue: str) -> bool:
        """Whether the cue is one of charging, suing or ruling ("charged", "sued", "ruled")."""
        return any(word in self.court_cues for word in _words(cue))

    def writes(self, cue: str) -> bool:
        """Whether the cue is one of writing ("wrote", "writes")."""
        return any(word in self.writing_cues for word in _words(cue))

    def _specific(self, speaker: Speaker, words: list[str]) -> bool:
        """ "the Russians", "both candidates", "Democratic Party officials", "American officials"
        are someone; "analysts", "some observers", "people who ..." are not."""
        if self.affiliated and _AFFILIATED.search(" ".join(_head_words(speaker.text))):
            return True  # "Analysts at Citrine Capital", "economists from the Bank of Ireland"
        if not words or any(w in self.unspecific for w in words[:2]):
            return False
        if any(w in self.unspecific for w in _conjuncts_opening(_head_words(speaker.text))):
            return False  # "Politicians and even some technologists": vague as a whole
        if words[0] in self.specific:
            return True
        head = _head_words(speaker.text)
        return any(w[:1].isupper() for w in head[:-1]) or speaker.kind == "anonymous"


@dataclass
class OwnPublication:
    """The article's own publication: the caller's name for it, and the text of its boilerplate.

    A site's boilerplate names the site ("Support The Ledger", "The Ledger Support us"), so a
    publication or organisation named there is the article's own.
    """

    publisher: str  # slug of ``doc.user_data["fc_publisher"]``, "" when unset
    boilerplate: str
    first_person: str = ""  # the boilerplate's lines in the first person plural

    @classmethod
    def of(cls, doc: Doc, regions: list[tuple[int, int]], text: str) -> OwnPublication:
        publisher = slug(str(doc.user_data.get(PUBLISHER_KEY) or ""))
        boilerplate = "\n".join(text[s:e] for s, e in regions)
        lines = [line for line in boilerplate.splitlines() if _FIRST_PLURAL.search(line)]
        return cls(publisher, boilerplate, "\n".join(lines))

    def speaks_as(self, name: str) -> bool:
        """Whether an outlet named in the text is the article's own: the caller's publisher, or a
        name in a line where the site speaks of itself ("make The Ledger's content", "The Ledger
        Support us"); not any name in the boilerplate ("Read the rest at The Post")."""
        if self.publisher:
            return self.names(name)
        bare = re.sub(r"^the\s+", "", name.strip(), flags=re.IGNORECASE)
        return (
            bare[:1].isupper()
            and re.search(rf"\b{re.escape(bare)}\b", self.first_person) is not None
        )

    def names(self, name: str) -> bool:
        """Whether ``name`` ("The Ledger", "Ledger"; "the Courier" of "The Riverside Courier") is
        the article's own publication."""
        bare = re.sub(r"^the\s+", "", name.strip(), flags=re.IGNORECASE)
        if not bare[:1].isupper():
            return False  # a name, not "the operator"
        if self.publisher:  # the whole name, or its last words ("the Courier", "the Echo")
            own = self.publisher.removeprefix("the-")
            return own == slug(bare) or own.endswith("-" + slug(bare))
        return re.search(rf"\b{re.escape(bare)}\b", self.boilerplate) is not None

    def employs(self, mention: str) -> bool:
        """ "The Ledger's Ann Lee": a writer of the article's own publication."""
        found = _OWNER.match(mention)
        return found is not None and self.names(found.group(1))


_BARE_MODIFIERS = {"a", "an", "the", "these", "those", "another", "other", "some", "two",
                   "three", "several", "senior", "top", "one", "many"}  # fmt: skip
_FIRST_PLURAL = re.compile(r"\b(?:we|us|our)\b", re.IGNORECASE)
_OWNER = re.compile(r"(?:[Tt]he\s+)?([A-Z][\w-]*(?:\s+[A-Z][\w-]*)*)[’‘']s\s+[A-Z]")


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def _head_words(text: str) -> list[str]:
    """The words of a mention before its first comma or relative clause."""
    first = re.split(r",|\bwho\b|\bwhich\b|\bthat\b", text, maxsplit=1)[0]
    return _WORD.findall(first)


# a vague noun tied to a named body: "analysts at Citrine Capital", "experts from the IMF"
_AFFILIATED = re.compile(r"^(?:\w+\s+){0,3}?\w+\s+(?:at|from|with)\s+(?:the\s+)?[A-Z]")


def _conjuncts_opening(words: list[str]) -> list[str]:
    """The first two words of every conjunct after the first ("X and even some Y" -> even,
    some)."""
    found: list[str] = []
    lowered = [w.lower() for w in words]
    for i, word in enumerate(lowered):
        if word in ("and", "or"):
            found += lowered[i + 1 : i + 3]
    return found


def speaker_of(claim: Span, speaker_text: str, cue_text: str) -> Speaker:
    """The speaker of a claim as the attribution and speaker components set it."""
    name = str(getattr(claim._, "fc_speaker_name", "") or "")
    kind = str(getattr(claim._, "fc_speaker_kind", "") or "")
    return Speaker(speaker_text, name, kind, cue_text)


# --- rules as data -------------------------------------------------------------------------------


def _provenance_table() -> dict[str, Any]:
    """Head words of a document speaker per evidence kind ("the poll shows" -> dataset), cue
    words of writing ("wrote"), and the first words of unspecific and specific groups."""
    return {
        "document_words": {
            "court_record": ["ruling", "filing", "indictment", "lawsuit", "complaint", "affidavit",
                             "judgment", "judgement", "verdict", "order", "opinion", "suit"],
            "dataset": ["poll", "survey", "study", "data", "figures", "statistics",
                        "census", "analysis", "estimate", "research", "index", "audit", "review"],
            "leaked_document": ["cable", "memo", "memorandum", "email", "e-mail", "letter",
                                "document", "files", "papers", "transcript", "dossier", "leak"],
            "media_report": ["article", "story", "editorial", "column", "account", "op-ed",
                             "newspaper", "paper", "broadcast", "coverage"],
            "video": ["ad", "advert", "video", "footage", "clip", "film", "documentary"],
        },
        "writing_cues": ["wrote", "writes", "write", "writing", "written", "blogged", "penned"],
        "unspecific_words": ["some", "many", "most", "several", "few", "others", "other",
                             "people", "someone", "somebody", "critics", "analysts", "experts",
                             "observers", "scholars", "scientists", "economists", "one"],
        "reporting_cues": ["reported", "reports", "revealed", "reveals", "wrote", "writes",
                           "published", "highlighted", "exposed", "covered", "disclosed"],
        "court_cues": ["charged", "charges", "charging", "indicted", "sued", "alleges", "alleged",
                       "ruled", "convicted", "sentenced", "testified", "filed"],
        # "85% of Democrats", "just over a quarter", "most Republican voters", "a majority"
        "respondents": r"^\W*(?:(?:just|only|a mere|nearly|almost|about|some|over|under|fewer than|more than)\s+)*"
        r"(?:\d[\d.,]*\s*(?:%|percent|per cent)|(?:a\s+)?(?:majority|plurality|quarter|third|fifth|half)\b|most\b|two-thirds|three-quarters)",
        "unnamed_by_request": r"anonymity|anonymously|not to be named|not be named|familiar with|not authori[sz]ed",
        "specific_words": ["the", "both", "these", "those", "all", "its", "his", "her", "their"],
    }  # fmt: skip


@registry.misc("factcheck.evidence.v2")
def evidence_rules_v2() -> dict[str, Any]:
    """v1 plus the provenance table and "told reporters"/"told journalists" as interviews."""
    rules = evidence_rules_v1()
    press = {"LOWER": {"IN": ["reporters", "journalists", "reporter", "journalist", "press"]}}
    told = {"LOWER": {"IN": ["told", "tells", "tell", "telling"]}}
    rules["rules"] = [
        *rules["rules"],
        # "told CNN", "told the Des Moines Register": words given to an outlet
        {
            "kind": "interview",
            "pattern": [told, {"ENT_TYPE": "ORG", "OP": "+"}],
            "expand": False,
            "speaker_dependent": True,
        },
        {
            "kind": "court_record",
            "pattern": [{"LOWER": "court"}, {"LOWER": {"IN": ["document", "record", "filing"]}}],
        },
        {"kind": "interview", "pattern": [told, press], "expand": False, "speaker_dependent": True},
        {
            "kind": "interview",
            "pattern": [told, {"LOWER": {"IN": ["a", "the"]}}, press],
            "expand": False,
            "speaker_dependent": True,
        },
    ]
    return {**rules, "version": 2, "provenance": _provenance_table()}


def _provenance_table_v3() -> dict[str, Any]:
    """v2's table, plus: head nouns of findings and of messages; the kind of a document speaker
    whose head word is unknown (``dataset`` when its cue reports findings, else ``statement``);
    respondents counted as "eight of 10"; frequency adverbs that make a cue habitual."""
    table = _provenance_table()
    words = {kind: list(heads) for kind, heads in table["document_words"].items()}
    words["dataset"] += ["report", "findings", "results", "outcome", "tally", "count",
                         "slide", "chart", "graph", "table", "presentation", "investigation",
                         "inquiry", "average", "projection", "forecast", "model", "polling"]  # fmt: skip
    words["leaked_document"] += ["message", "text", "recording", "notes"]
    return {
        **table,
        "document_words": words,
        "respondents": table["respondents"] + r"|^\W*(?:(?:just|only|nearly|almost|about|some|over|under)\s+)*"
        r"(?:\d+|one|two|three|four|five|six|seven|eight|nine)\s+(?:of|in|out\s+of)\s+(?:10|ten)\b",
        "finding_cues": ["show", "shows", "showed", "shown", "showing", "reveal", "reveals",
                         "revealed", "found", "finds", "find", "indicate", "indicates",
                         "indicated", "suggest", "suggests", "suggested", "demonstrate",
                         "demonstrates", "demonstrated", "estimate", "estimates", "estimated"],
        "habitual_words": ["often", "repeatedly", "frequently", "routinely", "regularly",
                           "always", "long", "usually", "consistently"],
        "document_default": "statement",
        "court_roles": ["Judge", "Justice", "Magistrate", "judge", "justice", "magistrate"],
        "bare_anonymous": "interview",  # "officials said": no office named, unnamed to the outlet
        # cues of belief and feeling: a state of mind is no statement (an interview, a poll, a
        # court or a publication that tells it still is what it is)
        "mind_cues": ["believe", "believes", "believed", "believing", "think", "thinks",
                      "thought", "thinking", "fear", "fears", "feared", "fearing", "hope",
                      "hopes", "hoped", "hoping", "worry", "worries", "worried", "worrying",
                      "doubt", "doubts", "doubted", "suspect", "suspects", "suspected", "feel",
                      "feels", "felt", "wish", "wishes", "wished", "imagine", "imagines",
                      "imagined", "assume", "assumes", "assumed"],
    }  # fmt: skip


@registry.misc("factcheck.evidence.v3")
def evidence_rules_v3() -> dict[str, Any]:
    """v2 with the provenance table of v3 (``_provenance_table_v3``), the scene's verb and noun
    classes (``factcheck.nlp.evidence_scene``), "spoke to reporters" as an interview and "our
    last column" as a self-citation."""
    rules = evidence_rules_v2()
    scene = {**scene_table(), "platforms": rules["platforms"]}
    speak = {"LOWER": {"IN": ["spoke", "speaking", "speak", "speaks", "talked", "talking", "talk"]}}
    press = {"LOWER": {"IN": ["reporters", "journalists", "reporter", "journalist", "press"]}}
    # "spoke to reporters", "talking with the press": words given to journalists
    spoke = [speak, {"LOWER": {"IN": ["to", "with"]}}, {"LOWER": "the", "OP": "?"}, press]
    interview = {"kind": "interview", "expand": False, "speaker_dependent": True}
    # "In our last epistle, we mocked ...", "our previous piece": the outlet's own earlier work
    # (a quoted "our" is the speaker's, see ``evidence_mentions``)
    earlier = {"LOWER": {"IN": ["last", "previous", "earlier", "latest", "recent", "prior"]}}
    own_work = [{"LOWER": "our"}, earlier, {"POS": "NOUN"}]
    rules["rules"] = [
        *rules["rules"],
        {**interview, "pattern": spoke},
        {"kind": "self_citation", "pattern": own_work, "expand": False},
    ]
    return {**rules, "version": 3, "provenance": _provenance_table_v3(), "scene": scene}


@registry.misc("factcheck.evidence.v4")
def evidence_rules_v4() -> dict[str, Any]:
    """v3 plus the court as the place where the words were given: "argued in court", "told the
    jury", "said before the judge", "say in the complaint", "In a filing on Monday, ... said"
    rest on the court record, as "said in a statement" rests on a statement."""
    rules = evidence_rules_v3()
    court = {"kind": "court_record", "expand": False, "speaker_dependent": True}
    told = {"LOWER": {"IN": ["told", "tells", "tell", "telling"]}}
    bench = {"LOWER": {"IN": ["court", "jury", "jurors", "judge", "justices", "magistrate"]}}
    papers = {"LOWER": {"IN": ["complaint", "filing", "motion", "brief", "suit", "petition"]}}
    determiner = {"POS": {"IN": ["DET", "PRON"]}}
    rules["rules"] = [
        *rules["rules"],
        {**court, "pattern": [{"LOWER": "in"}, {"LOWER": "court"}]},
        {**court, "pattern": [told, {"LOWER": "the"}, bench]},
        {**court, "pattern": [{"LOWER": "before"}, {"LOWER": "the"}, bench]},
        {**court, "pattern": [{"LOWER": "in"}, determiner, {"POS": "ADJ", "OP": "*"}, papers]},
    ]
    return {**rules, "version": 4}


def _provenance_table_v5() -> dict[str, Any]:
    """v3's table, plus: words said in private (to the outlet, by an unnamed speaker); people
    and bodies whose words are the court's (prosecutors, barristers, a jury) and the titles that
    mark them ("prosecutor Ann Lee", "Tom Ray KC"); habits of saying ("likes to say"); insiders
    unnamed by request ("people close to", "a person briefed on")."""
    table = _provenance_table_v3()
    return {
        **table,
        "private_words": ["privately", "confidentially"],
        "collection_nouns": ["chain", "series", "set", "batch", "cache", "trove", "bundle",
                             "stack", "pile", "collection", "thread", "string", "exchange",
                             "sheaf", "tranche", "handful", "number", "pair"],
        "affiliated_groups": True,
        "written_media": True,
        "court_speakers": ["prosecutor", "prosecutors", "prosecuting", "barrister", "barristers",
                           "kc", "qc"],
        "court_bodies": ["court", "jury", "jurors", "juror", "tribunal", "magistrates"],
        "court_roles": [*table["court_roles"], "prosecutor", "Prosecutor", "barrister"],
        "court_suffixes": ["KC", "QC"],
        "habitual_words": [*table["habitual_words"], "likes", "like", "loves", "love", "tends",
                           "tend"],
        "unnamed_by_request": table["unnamed_by_request"] + r"|\bclose to\b|\bbriefed\b",
    }  # fmt: skip


@registry.misc("factcheck.evidence.v5")
def evidence_rules_v5() -> dict[str, Any]:
    """v4 with the provenance table of v5 (``_provenance_table_v5``) and the court scene:
    a speaker giving evidence ("Giving evidence, Ms Pike said", "Testifying, he said") gives
    testimony, and "told jurors" rests on the court record as "told the jury" does."""
    rules = evidence_rules_v4()
    court = {"kind": "court_record", "expand": False, "speaker_dependent": True}
    told = {"LOWER": {"IN": ["told", "tells", "tell", "telling"]}}
    rules["rules"] = [
        *rules["rules"],
        {**court, "pattern": [told, {"LOWER": {"IN": ["jurors", "magistrates", "justices"]}}]},
    ]
    scene = {**rules["scene"], "testimony_scene": True, "pointing_verbs": ["point", "wave"]}
    return {**rules, "version": 5, "provenance": _provenance_table_v5(), "scene": scene}
