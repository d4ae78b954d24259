"""Evidence from provenance (``factcheck.evidence.v2``): who speaks and how the article got the
words decide the kind when no trigger word names it. The full pipeline on short articles written
for these tests."""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from factcheck.nlp.evidence_provenance import (
    OwnPublication,
    Provenance,
    Speaker,
    evidence_rules_v2,
    evidence_rules_v3,
)
from tests.extracting import extract_text

pytestmark = pytest.mark.model

CASES = [
    # a person or organisation speaking in public, nothing else said: a statement
    ("The harbour authority said that dredging would start in June.", "dredging", ["statement"]),
    ("Mayor Lena Dahl said the bridge would reopen by Friday.", "the bridge", ["statement"]),
    # the article talked to the speaker: every later claim of that speaker is an interview
    (
        "Tove Berg, a ferry pilot, told reporters that the engines failed twice.\n\n"
        "Later she said the company had ignored her warnings.",
        "the company had ignored",
        ["interview"],
    ),
    (
        "Our source in the port said the cranes had stood idle for weeks.",
        "the cranes",
        ["interview"],
    ),
    (
        "An engineer, who spoke on condition of anonymity, said the welds were never inspected.",
        "the welds",
        ["interview"],
    ),
    # a detainee's account is testimony
    (
        "A detained smuggler told his guards that the boats left at night.",
        "the boats",
        ["testimony"],
    ),
    # documents speaking, by their head word
    (
        "A new survey of 900 parents found that most backed the later start.",
        "most backed",
        ["dataset"],
    ),
    ("The indictment says the firm paid bribes in 2019.", "the firm paid", ["court_record"]),
    # poll respondents
    ("About 62% of voters said the tax was unfair.", "the tax was unfair", ["dataset"]),
    # nobody identifiable
    ("Some analysts say the merger will fail.", "the merger will fail", []),
    # a writer's other claims come from the writing only when the writing reports words
    ("Ann Lee wrote in a column that the fund had failed.\n\nLee said the regulators were asleep.",
     "the regulators were asleep", ["media_report"]),
    ("Ann Lee, a former banker, wrote a novel about the crash.\n\nShe said the banks had hidden "
     "their losses.", "the banks had hidden", ["statement"]),
    # speaking on or to a broadcaster is an interview, and its report stays
    ("Senator Ann Lee said on CNN that the harbour plan would fail.", "the harbour plan",
     ["interview", "media_report"]),
    ("Speaking on CNN on Monday, Tom Reed said that the ferry fares were too high.",
     "the ferry fares", ["interview", "media_report"]),
    ("Ann Lee said in a statement to CNN that the ferry was late.", "the ferry was late",
     ["media_report", "statement"]),
    # v3: things that speak without a known head word; respondents counted "in 10"
    ("A slide from the port's briefing shows that cargo fell by a third.", "cargo fell",
     ["dataset"]),
    ("Seven in 10 parents say the school day is too long.", "the school day", ["dataset"]),
    # an unnamed official with no office named spoke to the outlet; a named office's did not
    ("A senior official said the talks with the union had stalled.", "the talks", ["interview"]),
    ("Port Authority officials said the fees would rise in May.", "the fees", ["statement"]),
    # interviews known only from the scene: a question, the speaker seen, a recollection, a show
    ("Asked whether the ferry would run, Mayor Lena Dahl said the boats were ready.",
     "the boats were ready", ["interview"]),
    ("\u201cThe budget is spent,\u201d Lena Dahl said, sitting in her office.", "budget is spent",
     ["interview"]),
    ("Lena Dahl smiled and said that the budget was spent.", "the budget", ["interview"]),
    ("Ann Lee recalled that the mill closed in 1998.", "the mill closed", ["interview"]),
    ("Tom Reed said on Friday's Harbour Hour that the fares were too high.", "the fares",
     ["interview"]),
    # a named show closing the sentence, hung by the parser inside the reported clause
    ("Ted Lund argued that the ferry would close if the mayor is elected on Wednesday's "
     "\u201cHarbour Hour Show.\u201d", "the ferry would close", ["interview"]),
    ("Ted Lund argued that the ferry was shown on a TV show.", "the ferry was shown",
     ["statement"]),
    # the medium of a conversation with the reporter; not an email to others or one obtained
    ("Ann Lee, the mayor, said by phone that the ferry would sail on time.", "the ferry would",
     ["interview"]),
    ("Ann Lee said in a telephone conversation that the quay was safe.", "the quay was safe",
     ["interview"]),
    ("Ann Lee, speaking by phone from her office, said the quay was safe.", "the quay was safe",
     ["interview"]),
    ("Lena Dahl said in an email that the budget was spent.", "the budget was spent",
     ["interview"]),
    ("Lena Dahl said in an email obtained by the Gazette that the budget was spent.",
     "the budget was spent", ["leaked_document"]),
    # a platform that speaks (the company, its staff) is no post on it; a post is
    ("In response, Twitter said it had suspended the accounts.", "it had suspended",
     ["statement"]),
    ("Jenna Golden, Twitter's director of political advertising, said the campaign was open "
     "to new ideas.", "the campaign was open", ["statement"]),
    ("Tom Reed said on Twitter that the ferry was late.", "the ferry was late",
     ["social_media"]),
    # the writer addressed in the first person, but not a "me" inside the quote
    ("Ann Lee, a professor of law, first pointed out the loophole to me in March.\n\n"
     "Ms. Lee suggested that the fund could be split.", "the fund could be split",
     ["interview"]),
    # ... also where the parse hangs "to me" inside the content
    ("Tom Reed, author of a new book critical of our ports, first pointed out Ms. Lee's "
     "interest to me.\n\nMr. Reed suggested that the fund could be split.",
     "the fund could be split", ["interview"]),
    ("\u201cThat suggests to me that the fund failed,\u201d Ann Lee said.", "the fund failed",
     ["statement"]),
    # a broadcaster's channel; the second verb of the clause shares the scene
    ("Speaking on the cable channel KTV on Monday, Tom Reed called the plan reckless and "
     "asserted that the fares were too high.", "the fares were too high", ["interview"]),
    # an interview told outside any claim: the subject's claims, a "he" in the next sentence
    ("Ed Lund spoke to reporters on Tuesday after the vote. He said the dam would be rebuilt.",
     "the dam would", ["interview"]),
    ("Mara Voss talked with journalists outside the court.\n\nLater, Voss said the appeal had "
     "been filed.", "the appeal", ["interview"]),
    # the same when the tagger reads the possessor of "comments" as a common noun (the curly
    # apostrophe)
    ("Lund’s comments came during a Harbour Radio interview on Sunday.\n\n\"The ferry fares "
     "are a disgrace,\" Lund said.", "The ferry fares", ["interview"]),
    # a writer's other claims rest on the writing, unless the writing is posts on social media
    ("Tom Reed said on Twitter that the ferry was late. He writes that the crew was tired.\n\n"
     "Reed said the company ignored the complaints.", "the company ignored", ["statement"]),
    # interviewed once, but what she wrote was published
    ("Ann Lee told reporters that the port was failing.\n\nIn May, Lee wrote that the fees "
     "had doubled.", "the fees had doubled", ["media_report"]),
    # a judge's words are the court's, wherever the article names the role
    ("U.S. District Judge Ann Lee blocked the toll on Friday.\n\nLee wrote that the toll "
     "broke the harbour charter.", "the toll broke", ["court_record"]),
    # ... but not a date after "on", a text written on a site, a posture of someone else
    ("Tom Reed said on Monday that the fares were too high.", "the fares", ["statement"]),
    ("Tom Reed wrote on Harbour Notes that the fares were too high.", "the fares",
     ["media_report"]),
    ("Ann Lee stands with the dockers, and Tom Reed said the strike was legal.",
     "the strike was legal", ["statement"]),
    # the parser hangs the official as an appositive of the team: the noun of the relative
    # clause right before "said" is its subject
    ("Although there is no such overlap with Lund's team, a city hall official who spoke "
     "anonymously to discuss internal strategy said Wednesday, \"Certainly there are talks "
     "between the port and the council.\"", "Certainly there are talks", ["interview"]),
    # an expert witness is a role in court, not a witness telling what happened
    ("\u201cThe score would change tomorrow,\u201d said Tom Reed, who writes about credit and "
     "serves as an expert witness for lenders.", "The score would change", ["statement"]),
    ("\u201cThe truck hit the crowd,\u201d said Tom Reed, a witness.", "The truck hit",
     ["testimony"]),
    # the outlet's own earlier piece; a quoted "our" is the speaker's
    ("In our last column, we mocked the ambitions of three hopefuls.", "the ambitions",
     ["self_citation"]),
    ("\u201cIn our last meeting, the board agreed,\u201d Lee said.", "the board agreed",
     ["statement"]),
    # interviewed once, but "often says" is a stance stated in public
    ("Tove Berg told reporters that the engines failed twice.\n\n"
     "Berg often says the ferry company cuts corners.", "cuts corners", ["statement"]),
]  # fmt: skip


def kinds_of(doc: Doc, words: str) -> list[str]:
    # the attributed claim (an author sentence may hold it: "Lee smiled and said that ...")
    claims = [c for c in doc.spans["fc_claims"] if words in c.text and c._.fc_kind != "author"]
    assert claims, f"no claim holds {words!r}: {[c.text for c in doc.spans['fc_claims']]}"
    return sorted({e["kind"] for e in claims[0]._.fc_evidence})


@pytest.mark.parametrize(("text", "words", "expected"), CASES)
def test_evidence_follows_from_speaker_and_cue(
    nlp: Language, text: str, words: str, expected: list[str]
) -> None:
    assert kinds_of(nlp(text), words) == expected


def test_interview_memory_needs_an_interview_in_the_attribution(nlp: Language) -> None:
    """An interview in what a speaker says (the topic) does not make the speaker interviewed."""
    text = (
        "Ina Holm said that her rival had lied in a radio interview.\n\n"
        "Holm also said the budget was balanced."
    )
    assert kinds_of(nlp(text), "the budget") == ["statement"]


def test_the_publication_named_in_the_boilerplate_is_the_articles_own(nlp: Language) -> None:
    text = (
        "As the Fjord Herald reported in May, the quay was sinking.\n\n"
        "Support the Fjord Herald: become a member today."
    )
    doc = nlp.make_doc(text)
    doc._.fc_skip = [(text.index("Support"), len(text))]
    for _, component in nlp.pipeline:
        doc = component(doc)
    assert kinds_of(doc, "the quay") == ["self_citation"]


def test_table_decisions_without_a_model() -> None:
    provenance = Provenance(evidence_rules_v2()["provenance"])
    own = OwnPublication("", "Support the Ledger today")
    decide = provenance.kind
    assert decide(Speaker("the Ledger", "Ledger", "publication", "reported"), "", own) == (
        "self_citation"
    )
    assert decide(Speaker("the Courier", "Courier", "publication", "reported"), "", own) == (
        "media_report"
    )
    assert decide(Speaker("The Ledger's Ann Lee", "Ann Lee", "person", "wrote"), "", own) == (
        "self_citation"
    )
    assert decide(Speaker("Ann Lee", "Ann Lee", "person", "wrote"), "", own) == "media_report"
    assert decide(Speaker("Ann Lee", "Ann Lee", "person", "said"), "interview", own) == "interview"
    assert decide(Speaker("police", "police", "organization", "charged"), "", own) == (
        "court_record"
    )
    assert decide(Speaker("both candidates", "both", "group", "said"), "", own) == "statement"
    assert decide(Speaker("critics", "critics", "group", "argue"), "", own) is None
    assert decide(Speaker("", "", "author", ""), "", own) is None


@pytest.mark.parametrize(
    ("speaker", "remembered", "expected"),
    [
        # a document whose head word is unknown: findings are data, other words a public text
        (Speaker("The experiment", "experiment", "document", "showed"), "", "dataset"),
        (Speaker("The new charter", "new charter", "document", "calls on"), "", "statement"),
        (Speaker("the final tally", "final tally", "document", "said"), "", "dataset"),
        (Speaker("text messages on his phone", "text messages", "document", "said"), "",
         "leaked_document"),
        # a group named by a document word; respondents counted "of 10"
        (Speaker("Polling averages", "Polling averages", "group", "show"), "", "dataset"),
        (Speaker("Nearly eight of 10 voters", "voters", "group", "say"), "", "dataset"),
        # unnamed to the outlet, unless an office or organisation is named
        (Speaker("officials", "anonymous official", "anonymous", "said"), "", "interview"),
        (Speaker("a senior source", "anonymous source", "anonymous", "said"), "", "interview"),
        (Speaker("Port Authority officials", "anonymous official", "anonymous", "said"), "",
         "statement"),
        (Speaker("people who know him", "anonymous people", "anonymous", "said"), "", None),
        # a group with a vague conjunct is vague, whatever capital its first word has
        (Speaker("Skippers and even some owners", "Skippers and even some owners", "group",
                 "say"), "", None),
        (Speaker("Skippers and Port Authority officials", "Skippers and Port Authority officials",
                 "group", "say"), "", "statement"),
        # interviewed elsewhere, but a habitual cue states a stance in public
        (Speaker("Ann Lee", "Ann Lee", "person", "often says"), "interview", "statement"),
        (Speaker("Ann Lee", "Ann Lee", "person", "has railed against"), "interview",
         "statement"),  # the present perfect: a stance stated over time
        (Speaker("Ann Lee", "Ann Lee", "person", "said"), "interview", "interview"),
        # a state of mind told by the article is no statement; voiced ("I think") it is, and an
        # interview or a poll that tells it stays what it is
        (Speaker("The villagers", "villagers", "group", "believed"), "", None),
        (Speaker("Ann Lee", "Ann Lee", "person", "fears"), "", None),
        (Speaker("The ministry", "ministry", "organization", "worries so much about"), "", None),
        (Speaker("I", "Ann Lee", "person", "think"), "", "statement"),
        (Speaker("Ann Lee", "Ann Lee", "person", "thinks"), "interview", "interview"),
        (Speaker("Most voters", "voters", "group", "believe"), "", "dataset"),
    ],
)  # fmt: skip
def test_v3_table_decisions_without_a_model(
    speaker: Speaker, remembered: str, expected: str
) -> None:
    provenance = Provenance(evidence_rules_v3()["provenance"])
    assert provenance.kind(speaker, remembered, OwnPublication("", "")) == expected


@pytest.mark.parametrize(
    ("boilerplate", "expected"),
    [
        # the site speaks of itself in the first person: the outlet is the article's own
        (
            "Nearly all our money pays the people who make The Guardian's reporting.",
            "self_citation",
        ),
        # a name in the boilerplate that is not the site speaking of itself
        ("Read the rest of the story at The Guardian.", "media_report"),
    ],
)
def test_a_known_outlet_is_the_articles_own_when_its_boilerplate_says_we(
    nlp: Language, boilerplate: str, expected: str
) -> None:
    """(Far enough from the top not to be read as a byline region.)"""
    body = "The harbour board met on Monday to discuss the repairs to the old stone pier. " * 9
    text = f"As The Guardian has reported, the quay was sinking.\n\n{body}\n\n{boilerplate}"
    doc = nlp.make_doc(text)
    doc._.fc_skip = [(text.index(boilerplate), len(text))]
    for _, component in nlp.pipeline:
        doc = component(doc)
    assert kinds_of(doc, "the quay") == [expected]


def test_judges_are_found_by_their_title_anywhere_in_the_article() -> None:
    provenance = Provenance(evidence_rules_v3()["provenance"])
    text = "The ruling angered the mayor. Judge Tom Reed was appointed in 2001."
    assert provenance.judges(text, ["tom reed", "reed", "ann lee"]) == {
        "tom reed": "court_record",
        "reed": "court_record",
    }
    assert provenance.judges("The Justice Department said so.", ["ann lee"]) == {}


def test_containment_by_bisection_agrees_with_the_scan() -> None:
    """Interview frames skip mentions inside claims; the bisection must equal the plain scan."""
    from random import Random

    from factcheck.nlp.evidence_scene import _Containment

    rng = Random(13)
    for _ in range(2000):
        ranges = [(a, a + rng.randint(1, 50)) for a in (rng.randint(0, 300) for _ in range(8))]
        ranges = ranges[: rng.randint(0, 8)]
        start = rng.randint(0, 350)
        end = start + rng.randint(1, 30)
        expected = any(a <= start and end <= b for a, b in ranges)
        assert _Containment(ranges).holds(start, end) == expected


def test_words_given_in_court_rest_on_the_court_record(nlp: Language) -> None:
    text = (
        "The harbour master was fined after a week-long trial.\n\n"
        "Prosecutors told the jury that he had signed off repairs that were never made.\n\n"
        "His lawyer argued in court that the logbooks had been filled in by a deputy.\n"
    )
    claims = extract_text(text, nlp).claims
    for words in ("signed off repairs", "logbooks"):
        claim = next(c for c in claims if words in c.text)
        assert "court_record" in [e.kind for e in claim.evidence]


def test_a_verb_the_tagger_read_as_a_noun_at_the_end_of_its_sentence_is_a_cue(
    nlp: Language,
) -> None:
    """ "..., police data show." is parsed as the noun phrase "police data show" with the clause
    before it as its ccomp: "show" is the cue, "police data" the document that speaks."""
    text = (
        "Burglaries in the old town fell by a fifth last year, police data show.\n\n"
        "The harbour reopened in May after a two-year closure, port records show.\n"
    )
    claims = extract_text(text, nlp).claims
    doc = nlp(text)
    parsed_as_noun = [t for t in doc if t.lower_ == "show" and t.pos_ == "NOUN"]
    if not parsed_as_noun:
        pytest.skip("this model tags 'show' as a verb here: nothing to repair")
    for words, speaker in (("Burglaries", "police data"), ("harbour reopened", "port records")):
        claim = next(c for c in claims if words in c.text)
        assert claim.kind != "author" and claim.speaker.name == speaker
        assert claim.cue is not None and claim.cue.text == "show"
        assert [e.kind for e in claim.evidence] == ["dataset"]


# v5: who speaks in court, words said in private, witnesses as a group, habits of saying
V5_CASES = [
    # an unnamed speaker who says something "privately" said it to the outlet, even a worry
    ("Several harbour officials privately concede that the dredging will run late.",
     "the dredging will run late", ["interview"]),
    ("Some councillors privately fear that the ferry levy will be scrapped.",
     "the ferry levy", ["interview"]),
    ("Privately, two aides said the budget was already spent.", "the budget was already spent",
     ["interview"]),
    # insiders unnamed by request
    ("The mayor will resign in May, according to people close to her office.",
     "The mayor will resign", ["interview"]),
    ("The tender was cancelled, according to a person briefed on the talks.",
     "The tender was cancelled", ["interview"]),
    # people whose words are the court's: prosecutors, barristers, the jury
    ("Prosecutor Mia Holt said the ferry owner had forged the safety logs.\n\n"
     "\u201cThis was greed,\u201d Holt told jurors.", "This was greed", ["court_record"]),
    ("His barrister, Owen Pryce KC, argued that the logs were merely untidy.",
     "the logs were merely untidy", ["court_record"]),
    ("The jury found that the pilot had ignored the storm warnings.",
     "the pilot had ignored", ["court_record"]),
    ("The court heard that the pilot had slept for three hours.", "the pilot had slept",
     ["court_record"]),
    ("Mia Holt, prosecuting, said the logs had been forged.", "the logs had been forged",
     ["court_record"]),
    # a witness giving evidence, and her other claims in the same article
    ("Giving evidence on Tuesday, Nora Quinn said she had seen the crane fall.\n\n"
     "Quinn said the site manager had shouted at the driver.",
     "the site manager had shouted", ["testimony"]),
    # residents telling what happened where they live
    ("Residents say the water turned brown on Sunday night.", "the water turned brown",
     ["testimony"]),
    # an organisation's words after its spokesperson spoke to the outlet, same paragraph
    ("The ferry company rejected the claims. \u201cOur boats are safe,\u201d a spokesman told "
     "the Gazette. The company added that the engines were replaced in May.",
     "the engines were replaced", ["interview"]),
    ("\u201cOur boats are safe,\u201d a spokesman told the Gazette.\n\nThe company said "
     "on Friday that the engines were replaced in May.", "the engines were replaced",
     ["statement"]),
    # a collection of documents is the documents it holds
    ("A thread of memos between two engineers, seen by the Gazette, calls the leak \u201ca "
     "nuisance\u201d.", "a nuisance", ["leaked_document"]),
    # a vague noun tied to a named body is that body's staff speaking in public
    ("Economists at Harbour Bank wrote that rents would fall in the spring.",
     "rents would fall", ["statement"]),
    # the document words were written in, not the writer, decides
    ("In one memo, a planner writes that the culvert was never inspected.",
     "the culvert was never inspected", ["leaked_document"]),
    # a gesture the reporter saw ("pointing at"), not an argument ("pointing to")
    ("\u201cThe roof came down in an hour,\u201d said Lena Dahl, pointing at the barn.",
     "The roof came down", ["interview"]),
    ("Lena Dahl said the roof was unsafe, pointing to her years as a builder.",
     "the roof was unsafe", ["statement"]),
    # "likes to say" is a habit of saying in public, even of someone the outlet interviewed
    ("Tove Berg told reporters that the engines failed twice.\n\n"
     "Berg likes to say the ferry company cuts corners.", "cuts corners", ["statement"]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "words", "expected"), V5_CASES)
def test_v5_evidence_follows_from_who_speaks_in_what_setting(
    nlp: Language, text: str, words: str, expected: list[str]
) -> None:
    assert kinds_of(nlp(text), words) == expected


def test_v5_court_titles_mark_a_speaker_anywhere_in_the_article() -> None:
    from factcheck.nlp.evidence_provenance import evidence_rules_v5

    provenance = Provenance(evidence_rules_v5()["provenance"])
    text = "Opening the case, prosecutor Mia Holt spoke for an hour. Owen Pryce KC replied."
    assert provenance.judges(text, ["mia holt", "owen pryce", "ann lee"]) == {
        "mia holt": "court_record",
        "owen pryce": "court_record",
    }


def test_a_speakerless_cue_takes_the_named_subject_of_the_verb_it_hangs_from(
    nlp: Language,
) -> None:
    from factcheck.nlp.evidence import _clause_subject, _recall

    doc = nlp("Ann Marlow delivered a long defense of the port, saying the city was brave.")
    at = doc.text.index("saying")
    subject = _clause_subject(doc, (at, at + len("saying")))
    assert subject is not None and subject.text == "Ann Marlow"
    doc = nlp("The city was brave, the report said.")
    at = doc.text.index("said")
    assert _clause_subject(doc, (at, at + 4)) is None  # a cue with its own subject
    assert _recall({"ann marlow": "interview"}, "Marlow") == "interview"
    assert _recall({"ann marlow": "interview", "tom marlow": "statement"}, "Marlow") == ""
