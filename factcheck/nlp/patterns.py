"""Rules and lexicons of the attribution components, as versioned data.

Each family is one small function registered in spaCy's ``registry.misc`` under a versioned name
(``factcheck.cues.v1``...). A component names the version it uses in its ``default_config``; to change
behaviour, add a ``v2`` beside the ``v1`` rather than editing it, so results stay reproducible.
"""

from __future__ import annotations

from typing import Any

from spacy.util import registry


def _words(text: str) -> list[str]:
    return text.split()


# Reporting verbs, by lemma. "speech" verbs introduce what someone said or wrote; "stance" verbs
# introduce what someone believes, wants or finds, which news attribution treats the same way
# when a clause follows ("polls show that ...", "critics fear that ...").
_SPEECH_VERBS = _words("""
say tell add write ask note report announce suggest tweet describe argue declare explain
acknowledge accuse claim insist warn deny allege state reply respond recall conclude predict admit
confirm reveal assert contend maintain stress emphasize emphasise highlight indicate estimate
complain charge testify disclose concede observe remark comment promise vow pledge urge caution
advise demand propose recommend reiterate proclaim inform repeat swear post blog counter joke quip
muse boast brag lament tout signal hint mention agree retort announce predict speculate forecast
question wonder assure inform cite continue reason concur proclaim acknowledge declare snap scoff
sigh shout yell scream whisper mutter exclaim interject assert affirm echo suggest theorize
theorise opine posit allow object protest plead threaten assert instruct order direct
""")

_STANCE_VERBS = _words("""
think believe hope fear expect worry doubt suspect feel know understand learn hear show find
reckon figure guess bet imagine assume presume trust consider acknowledge recognize recognise
realize realise conclude determine discover indicate demonstrate prove confirm see
""")

# Verbs that are a cue only when a clause (not a plain object) follows: "show" or "see" with a
# noun ("the poll shows a lead") is not an attribution we extract.
_CLAUSE_ONLY = _words("""
show find see know understand learn hear feel think believe hope fear expect worry doubt suspect
figure guess bet imagine assume presume trust consider recognize recognise realize realise
determine discover demonstrate prove continue ask add reason allow order direct instruct
""")

# Phrasal cues: a verb lemma and its particle or preposition ("point out", "call for").
_PHRASAL = {"point": ("out",), "make": ("clear",), "go": ("on",)}


@registry.misc("factcheck.cues.v1")
def cue_lexicon_v1() -> dict[str, Any]:
    """Reporting verbs and phrases.

    Examples: "she said", "critics argue that", "polls show that", "according to the agency",
    "as the paper reported", "it was reported that", "he is said to", "she has been accused of".
    """
    return {
        "speech": sorted(set(_SPEECH_VERBS)),
        "stance": sorted(set(_STANCE_VERBS) - set(_SPEECH_VERBS)),
        "clause_only": sorted(set(_CLAUSE_ONLY)),
        "phrasal": {k: list(v) for k, v in _PHRASAL.items()},
        # "according to X": lemmas of the first word, with the preposition that must follow it
        "according": {"accord": "to", "per": ""},
        # passive or impersonal: "it was reported that", "she is said to", "he was accused of"
        "passive": ["say", "report", "allege", "accuse", "claim", "believe", "rumor", "rumour"],
    }


# Verbs of stance and public action whose object is what is attributed ("Lee criticized the plan",
# "the group endorsed Ortiz", "she called for a recount"): cues only with an object or clause.
_OBJECT_VERBS = _words("""
call criticize criticise accuse support endorse oppose defend describe dismiss praise blame attack
reject propose cite urge vow promise threaten want plan seek refuse decline offer demand deny admit
challenge condemn slam blast label dub welcome back applaud hail mock denounce push mention
discuss tout recommend expect consider view regard favor favour prefer like love hate rail
lambaste chide rebuke fault credit thank congratulate insult ridicule address release issue
unveil outline detail promote champion embrace pitch float refer point talk speak respond react
focus blast criticize applaud lament decry bemoan tout hit slam knock question dispute contest
ask tell predict pledge intend aim hope wish need prefer fear worry
""")

# Prepositions that belong to the cue of a phrasal verb ("called for", "referred to").
_CUE_PREPOSITIONS = {
    "call": ("for", "on"), "rail": ("against",), "refer": ("to",), "point": ("to", "out"),
    "talk": ("about",), "speak": ("about", "of", "out"), "complain": ("about", "of"),
    "warn": ("against", "about", "of"), "push": ("for",), "argue": ("for", "against"),
    "respond": ("to",), "react": ("to",), "comment": ("on",), "focus": ("on",),
    "insist": ("on",), "object": ("to",), "appeal": ("to",), "fire": ("back",),
}  # fmt: skip

# Cue verbs whose object is only the addressee ("told reporters"): content needs a clause.
_ADDRESSEE_VERBS = ["tell", "ask", "inform", "assure", "remind", "notify", "thank", "urge"]


@registry.misc("factcheck.cues.v2")
def cue_lexicon_v2() -> dict[str, Any]:
    """v1 plus verbs of stance and public action with an object, and phrasal prepositions.

    Examples: "the senator criticized the bill", "critics called for an inquiry", "she referred
    to the report", "he told reporters that ..." (the addressee is not content).
    """
    lexicon = cue_lexicon_v1()
    known = set(lexicon["speech"]) | set(lexicon["stance"])
    lexicon["object"] = sorted(set(_OBJECT_VERBS) - known)
    lexicon["phrasal"] = {
        **lexicon["phrasal"],
        **{k: list(v) for k, v in _CUE_PREPOSITIONS.items()},
    }
    lexicon["addressee"] = list(_ADDRESSEE_VERBS)
    # documents whose findings are attributed: "the poll shows Ortiz ahead"
    lexicon["finding_verbs"] = ["show", "find", "reveal", "indicate", "suggest", "demonstrate"]
    lexicon["finding_subjects"] = _words("""
poll survey study report data analysis research email memo document record figure number tally
audit review investigation census estimate evidence count test result filing
""")
    return lexicon


# Verbs of v2 whose object is seldom what anyone claims ("released a statement", "addressed a
# rally", "needs a win"): v3 drops them from the object verbs.
_NOT_OBJECT_VERBS_V3 = _words("""
release issue address embrace unveil outline detail promote pitch float champion hit knock need
aim intend wish like love hate prefer focus thank congratulate
""")


@registry.misc("factcheck.cues.v3")
def cue_lexicon_v3() -> dict[str, Any]:
    """v2 without the object verbs that mostly name actions, not claims.

    Examples no longer cues: "the town released a statement", "she addressed a rally".
    """
    lexicon = cue_lexicon_v2()
    lexicon["object"] = sorted(set(lexicon["object"]) - set(_NOT_OBJECT_VERBS_V3))
    return lexicon


@registry.misc("factcheck.cues.v4")
def cue_lexicon_v4() -> dict[str, Any]:
    """v3 with verbs that are cues right before a colon.

    Example: "The letter reads:" (the quotation in the next paragraph).
    """
    lexicon = cue_lexicon_v3()
    lexicon["colon_verbs"] = ["read", "go", "run"]
    return lexicon


# Verbs of content: with a document as subject they attribute what follows to the document ("a
# 2010 cable provides details of ...", "the memo lists twelve sites", "the audit found errors").
_DOCUMENT_VERBS = _words("""
provide contain list detail describe document record outline show reveal indicate suggest find
note mention cite refer confirm demonstrate
""")

# Documents that report: the subjects of those verbs (not laws, plans or budgets, which provide
# for things rather than report them).
_REPORTING_DOCUMENTS = _words("""
poll survey study report data analysis research email memo document record figure number tally
audit review investigation census estimate evidence count test result filing cable letter
transcript dossier leak paper statement testimony affidavit indictment complaint ruling footage
video minutes log diary article book file note communique communiqué assessment briefing inquiry
""")

# Verbs whose complement is a question, not a claim ("asked how the money was spent").
_QUESTION_VERBS = _words("ask wonder question inquire enquire query")

# Verbs whose object or "about" phrase is a topic, not a claim ("speaking about everyday life").
_TOPIC_VERBS = _words("speak talk comment discuss chat converse")

# Verbs of not speaking: "declined to comment", "refused to say" report no content.
_REFUSAL_VERBS = _words("decline refuse")


@registry.misc("factcheck.cues.v5")
def cue_lexicon_v5() -> dict[str, Any]:
    """v4 plus verbs of content whose subject is a document, and the verbs whose complement is
    never a claim (questions, topics, refusals).

    Examples of new cues: "a cable published by WikiLeaks provides details of ...", "the report
    refers specifically to ...". No longer cues: "asked how ...", "speaking about the budget",
    "declined to comment", "did not respond to a request for comment".
    """
    lexicon = cue_lexicon_v4()
    lexicon["finding_verbs"] = sorted(set(_DOCUMENT_VERBS))
    lexicon["finding_subjects"] = sorted(set(_REPORTING_DOCUMENTS))
    lexicon["question_verbs"] = sorted(set(_QUESTION_VERBS))
    lexicon["topic_verbs"] = sorted(set(_TOPIC_VERBS))
    lexicon["refusal_verbs"] = sorted(set(_REFUSAL_VERBS))
    return lexicon


# Documents of findings in which a claim is stated: "in a poll released Sunday, X leads", "X took
# 6 percent in the new survey", "Trump is ahead in the polls". PolNeAR marks "in" as the cue and
# the document as the source.
_FINDINGS_IN = _words("""
poll polling survey study census
""")

_TAKING_PART = _words("participate join respond answer include interview sample enrol enroll")


@registry.misc("factcheck.cues.v6")
def cue_lexicon_v6() -> dict[str, Any]:
    """v5 plus "in" before a document of findings, a cue of the "according" family.

    Examples of new cues: "In the new poll, Lee leads by 5 points", "Ortiz took 6 percent in a
    survey released Sunday" (the claim rests on the poll, as with "according to the poll").
    Not cues: "voters in the poll said" (the voters speak), "she took part in the survey".
    """
    lexicon = cue_lexicon_v5()
    lexicon["findings_in"] = sorted(set(_FINDINGS_IN))
    # verbs of taking part, whose "in a poll" says where, not on what the clause rests
    lexicon["findings_in_not_after"] = sorted(set(_TAKING_PART))
    return lexicon


# Nouns of asking someone to speak: refusing one reports nothing ("declined an interview
# request", "refused the invitation"; not "declined the assignment", an act).
_REQUEST_NOUNS = _words("request interview invitation question comment")


@registry.misc("factcheck.cues.v7")
def cue_lexicon_v7() -> dict[str, Any]:
    """v6 plus the nouns of a request to speak, whose refusal is no claim, and the verbs of an
    estimate with an object and "at" a number.

    Examples no longer cues: "declined an interview request", "refused our invitation". New
    cues: "the authority put the death toll at 17", "a poll puts Ortiz at 38 percent".
    """
    lexicon = cue_lexicon_v6()
    lexicon["request_nouns"] = sorted(set(_REQUEST_NOUNS))
    lexicon["estimate_verbs"] = ["place", "put"]
    return lexicon


# Nouns of a view or an account held by someone, which "in" or "by" and a possessive make a cue of
# the "according" family: "In his view, ...", "by her own account", "in their estimate".
_VIEW_NOUNS = _words("""
view opinion account telling word words estimate estimation judgment judgement assessment reckoning
count tally reading recollection version understanding calculation mind
""")


# passive verbs whose subject heard the claim: "..., a jury was told", "MPs were told that"; the
# attribution step reads the clause before them (a table of v8, not to be changed in place)
PASSIVE_ADDRESSEE = frozenset(["tell", "inform"])


@registry.misc("factcheck.cues.v8")
def cue_lexicon_v8() -> dict[str, Any]:
    """v7 plus the nouns of a view or an account, held by a possessive, after "in" or "by", and
    the passive of telling, whose subject is who heard the claim.

    Examples of new cues: "In his view, the drugs are safe", "Sensors, in her telling, cannot
    see smoke", "By her own account she was the second woman in the post", "which in his view
    has gained strength". Not cues: "in my view" (the author's), "in its tally" after the verb
    without commas (where it was counted), "her account was suspended", "in his assessment of
    the market" (a noun with more to it than its holder).
    """
    lexicon = cue_lexicon_v7()
    lexicon["view_nouns"] = sorted(set(_VIEW_NOUNS))
    lexicon["passive_addressee"] = sorted(PASSIVE_ADDRESSEE)
    return lexicon


# Documents of v9 beyond v5's: more nouns of a record that reports ("a spreadsheet in the data
# shows", "the chart shows"), and the speaker lexicon's documents that report (not its laws,
# plans, budgets or orders, which provide for things rather than report them).
_MORE_REPORTING_DOCUMENTS = _words("""
spreadsheet table chart graph database dataset ledger invoice receipt presentation slide page
entry excerpt passage draft manuscript attachment appendix annex footnote printout screenshot
photo photograph recording map tweet post message text submission summary
""")

# Verbs of content that are so only with their particle: "the note sets out three options", "the
# letter lays out the case", not "the report set a record".
_DOCUMENT_PARTICLE_VERBS = {"set": "out", "lay": "out", "spell": "out"}

# Verbs of content of v9 beyond v5's: "the audit identified 40 errors", "the indictment names
# five officials", "the report flags ...".
_MORE_DOCUMENT_VERBS = _words("identify name flag")


# Verbs of saying more, and the nouns of "go into detail": refusing them says nothing.
_TELLING_MORE = _words("elaborate expand")
_DETAILS = _words("detail specific specifics particular particulars")

# Verbs of telling what one knows: "did not explain why", "declined to identify it".
_DISCLOSING = _words("""
explain say disclose reveal identify name specify confirm detail tell
""")


@registry.misc("factcheck.cues.v9")
def cue_lexicon_v9() -> dict[str, Any]:
    """v8 plus more documents that speak and verbs of setting out, and "on" a number in an
    estimate.

    New cues: "a spreadsheet in the data shows 600 warrants" (a part of a document is a
    document), "a note attached to the emails sets out three options", "the audit identified 40
    errors", "a poll puts Lee on 47 percent".
    """
    lexicon = cue_lexicon_v8()
    speaker_documents = set(speaker_lexicon_v1()["document"]) - set(
        _words("bill law decree plan budget proposal order lawsuit release leaks leak")
    )
    lexicon["finding_subjects"] = sorted(
        set(lexicon["finding_subjects"])
        | set(_MORE_REPORTING_DOCUMENTS)
        | {w for w in speaker_documents if not w.endswith("s") or w in ("news", "minutes")}
    )
    lexicon["finding_particles"] = dict(_DOCUMENT_PARTICLE_VERBS)
    lexicon["finding_verbs"] = sorted(
        set(lexicon["finding_verbs"]) | set(_MORE_DOCUMENT_VERBS) | set(_DOCUMENT_PARTICLE_VERBS)
    )
    lexicon["estimate_prepositions"] = ["at", "on"]
    # refusing to say more or to disclose is no claim: "would not elaborate", "would not go into
    # detail", "declined to identify it", "did not explain why ..."
    lexicon["telling_more_verbs"] = sorted(set(_TELLING_MORE))
    lexicon["detail_nouns"] = sorted(set(_DETAILS))
    lexicon["disclosure_verbs"] = sorted(set(_DISCLOSING))
    return lexicon


# Nouns that mark a speaker the article does not name.
_ANONYMOUS = _words("""
source sources official officials aide aides insider insiders person people spokesman spokeswoman
spokesperson adviser advisers advisor advisors staffer staffers diplomat diplomats detainee
detainees prisoner prisoners witness witnesses eyewitness eyewitnesses resident residents survivor
survivors someone somebody individual individuals member members employee employees operative
operatives associate associates confidant confidants ally allies friend friends lawmaker lawmakers
strategist strategists donor donors officer officers soldier soldiers
""")

# Nouns and pronouns for collective or unspecified groups.
_GROUP = _words("""
critics supporters opponents others many some experts analysts observers voters democrats
republicans conservatives liberals activists protesters protestors economists scientists
researchers historians lawyers doctors leaders residents americans citizens skeptics sceptics
proponents advocates detractors pundits commentators both few most several all
""")

# Nouns for documents and findings that "say" or "show" something.
_DOCUMENT = _words("""
report reports memo memos cable cables document documents letter letters email emails study
studies survey surveys poll polls data statement statements filing filings lawsuit complaint
indictment ruling order analysis audit review investigation record records transcript transcripts
file files leak leaks tweet tweets post posts release bill law decree plan budget proposal
estimate estimates figures numbers census research paper papers note notes dossier testimony
affidavit chart map video footage photo photos
""")

# Nouns and names of news publications.
_PUBLICATION = _words("""
newspaper paper magazine outlet outlets network channel broadcaster tabloid website site blog wire
daily weekly journal times post guardian reuters ap afp bloomberg cnn nbc abc cbs fox msnbc
politico axios bbc npr pbs telegraph economist herald tribune gazette chronicle radio television
tv broadcast press
""")


@registry.misc("factcheck.speakers.v1")
def speaker_lexicon_v1() -> dict[str, Any]:
    """Words that type a speaker: anonymous sources, groups, documents and publications.

    Examples: "a senior official" (anonymous), "critics" (group), "the memo" (document),
    "the newspaper" / "Reuters" (publication), "our source" (anonymous, one speaker per article).
    """
    return {
        "anonymous": sorted(set(_ANONYMOUS)),
        "group": sorted(set(_GROUP)),
        "document": sorted(set(_DOCUMENT)),
        "publication": sorted(set(_PUBLICATION)),
        # determiners that make a mention refer back ("this official", "the detainee")
        "anaphoric_det": ["the", "this", "that", "these", "those", "our", "my", "said"],
        "person_pronouns": ["he", "she", "him", "her", "i", "me", "you"],
        "thing_pronouns": ["it"],
        "plural_pronouns": ["they", "them", "we", "us"],
        "relative_pronouns": ["who", "which", "that", "whom"],
    }


# Common nouns naming organizations ("the ministry said", "the company denied").
_ORGANIZATION = _words("""
ministry council authority agency company commission committee department government firm office
police army military navy party campaign union board bank institute university school hospital
foundation association operator administration parliament senate congress court coalition
municipality corporation charity ngo organisation organization group regulator watchdog
prosecutor's prosecutors embassy consulate cabinet presidency secretariat inquiry tribunal
""")


@registry.misc("factcheck.speakers.v2")
def speaker_lexicon_v2() -> dict[str, Any]:
    """v1 plus common nouns of organizations ("the ministry", "the operator", "the council")."""
    lexicon = speaker_lexicon_v1()
    lexicon["organization"] = sorted(set(_ORGANIZATION))
    return lexicon


# Clauses that say a speaker is unnamed on purpose ("a worker, who spoke on condition of anonymity").
_ANONYMITY = [
    "on condition of anonymity",
    "on the condition of anonymity",
    "on condition that they not be named",
    "on condition that he not be named",
    "on condition that she not be named",
    "requested anonymity",
    "asked not to be named",
    "asked not to be identified",
    "declined to be named",
    "declined to be identified",
    "did not want to be named",
    "not authorized to speak",
    "not authorised to speak",
    "speaking anonymously",
    "who asked for anonymity",
    "granted anonymity",
]


@registry.misc("factcheck.speakers.v3")
def speaker_lexicon_v3() -> dict[str, Any]:
    """v2 plus phrases that make an unnamed speaker anonymous whatever its noun: "a worker at the
    site, who spoke on condition of anonymity", "a nurse who asked not to be named"."""
    lexicon = speaker_lexicon_v2()
    lexicon["anonymity_phrases"] = list(_ANONYMITY)
    return lexicon


# Cue verbs of voice and mind: their subject is someone, never a document ("the report says",
# "the poll shows", "the memo claims" are; "the report boasted", "the memo believes" are not).
_SENTIENT_VERBS = _words("""
tell reply respond recall remember shout yell scream whisper mutter exclaim sigh joke quip laugh
smile boast brag complain lament admit concede confess apologize apologise insist vow promise
swear plead pledge announce tweet blog explain acknowledge reiterate retort snap scoff tout
believe think hope fear worry doubt suspect feel know want wish wonder expect imagine assume
realize realise understand learn hear agree
""")

# Pronouns and determiners standing for people the text does not name ("those close to him",
# "anyone who has watched", "each of the candidates").
_INDEFINITE_PEOPLE = _words("""
those anyone anybody everyone everybody each whoever nobody
""")


@registry.misc("factcheck.speakers.v4")
def speaker_lexicon_v4() -> dict[str, Any]:
    """v3 plus what makes an unknown noun a person rather than a document: a cue of voice or
    mind ("the mogul boasted"), and the pronouns of unnamed people ("those close to him")."""
    lexicon = speaker_lexicon_v3()
    lexicon["sentient_verbs"] = sorted(set(_SENTIENT_VERBS))
    lexicon["indefinite_people"] = sorted(set(_INDEFINITE_PEOPLE))
    return lexicon


# Nouns of a kind of organisation: "the company", "the group" stand for the organisation the
# article named last as a subject, whatever its name ends in.
_ORGANIZATION_KINDS = _words("""
company firm group organisation organization corporation business charity operator association
foundation coalition agency body utility conglomerate
""")


# Participles of making a document: its agent is whose it is ("figures compiled by X", "a
# report published by X"; not "documents obtained by the paper", "emails seen by this paper").
_AUTHORING_VERBS = _words("""
compile publish release produce issue collect gather prepare write draft commission conduct
carry author sign file submit
""")


@registry.misc("factcheck.speakers.v5")
def speaker_lexicon_v5() -> dict[str, Any]:
    """v4 plus the nouns of a kind of organisation, which refer back to the organisation named
    last ("Westvale Water ... The company added"); other definite descriptions refer back to a
    name that ends in their noun ("the Environment Agency ... The agency confirmed"); and the
    participles of making a document, whose agent names it ("figures compiled by X")."""
    lexicon = speaker_lexicon_v4()
    lexicon["organization_kinds"] = sorted(set(_ORGANIZATION_KINDS))
    lexicon["authoring_verbs"] = sorted(set(_AUTHORING_VERBS))
    return lexicon


@registry.misc("factcheck.checkworthiness.v1")
def checkworthiness_rules_v1() -> dict[str, Any]:
    """Signals of a check-worthy factual sentence and their weights (a score in [0, 1]).

    Examples: "Unemployment fell to 4.1% in 2019" (number, date), "The strike killed 12 people"
    (number, causal), "The summit in Geneva ended without a deal" (named event).
    """
    return {
        "weights": {
            "number": 0.35,
            "date": 0.2,
            "named_entity": 0.15,
            "event": 0.2,
            "causal": 0.2,
            "comparative": 0.1,
            "attributed": 0.15,
        },
        "penalties": {"question": 0.4, "first_person": 0.15, "short": 0.3, "modal": 0.1},
        "causal_words": [
            "because",
            "cause",
            "caused",
            "causes",
            "led",
            "lead",
            "leads",
            "result",
            "resulted",
            "due",
            "thanks",
            "blame",
            "blamed",
            "killed",
            "raised",
            "cut",
            "increased",
            "reduced",
            "rose",
            "fell",
            "doubled",
            "tripled",
            "halved",
        ],
        "event_labels": ["EVENT", "LAW", "FAC"],
        "entity_labels": ["PERSON", "ORG", "GPE", "NORP", "LOC", "EVENT", "LAW", "FAC", "PRODUCT"],
        "number_labels": ["CARDINAL", "MONEY", "PERCENT", "QUANTITY"],
        "date_labels": ["DATE", "TIME"],
        "threshold": 0.5,  # author claims below this are not kept
        "min_tokens": 6,
    }


@registry.misc("factcheck.boilerplate.v1")
def boilerplate_patterns_v1() -> list[str]:
    """Regular expressions (case-insensitive) of paragraphs that never yield claims.

    Examples: "Read on...", "Comments are closed.", "Photo: Jane Doe / Agency", "Donate now".
    """
    return [
        r"^\s*read (on|more|the rest)\b",
        r"^\s*comments? (are|is) closed",
        r"^\s*(photo|image|picture|illustration|video)( credit)?s?\s*[:(/-]",
        r"\b(donate|subscribe|sign up|support us|support our|become a member|newsletter)\b",
        r"^\s*(share|follow us|click here|related:|advertisement|tags?:)",
        r"^\s*(by|written by|reporting by|editing by)\s+[A-Z]",
        r"^\s*(copyright|©|all rights reserved)",
        r"^\s*\(?(getty|ap|reuters|afp)( images| photo)?\)?\s*$",
    ]


@registry.misc("factcheck.boilerplate.v2")
def boilerplate_patterns_v2() -> list[str]:
    """v1 where a pattern says what the paragraph is, not a word it contains.

    v1 skipped every paragraph holding "donate", "support us" or "newsletter" ("Trump asked the
    network to donate ...", a quoted "he wouldn't support us") and, being case-insensitive, every
    paragraph opening "By contrast" or "By then". Here a call to the reader opens a sentence
    ("Donate now", "Want more? Sign up for her newsletter", "For more, subscribe here") and a byline
    is a whole short paragraph of capitalised names ("By Ann Lee | Coastal Ledger").
    """
    return [
        r"^\s*read (on|more|the rest)\b",
        r"^\s*comments? (are|is) closed",
        r"^\s*(photo|image|picture|illustration|video)( credit)?s?\s*[:(/-]",
        r"(?:^\s*|[.!?…][\"”’]?\s+|^[^.!?,\n]{0,25},\s*)(?:please\s+)?"
        r"(?:donate|subscribe|sign up|support us|support our|become a member)\b",
        # a masthead line ending in a button: "The Ledger Support us", "Ledger | Donate"
        r"^\s*(?:\S+\s+){0,4}(?:donate|subscribe|sign up|support us)\s*!?\s*$",
        r"^\s*(share|follow us|click here|related:|advertisement|tags?:)(?!\w)",
        r"^\s*(?-i:(?:By|BY|Written by|Reporting by|Editing by)\s+[A-Z][\w.'’-]*"
        r"(?:,?\s+(?:and\s+)?[A-Z][\w.'’-]*){0,5})\s*(?:[|,–—-][^.!?]{0,60})?$",
        r"^\s*(copyright|©|all rights reserved)",
        r"^\s*\(?(getty|ap|reuters|afp)( images| photo)?\)?\s*$",
    ]
