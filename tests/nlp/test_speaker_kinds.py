"""Speaker kinds of nouns the lexicons do not know (``factcheck.speakers.v4``): what the sentence
says of the noun decides between a person and a document. The full pipeline on sentences written
for these tests."""

from __future__ import annotations

import pytest
from spacy.language import Language

pytestmark = pytest.mark.model

CASES = [
    # a question put to the speaker: someone was asked, so someone answers (and to the writer)
    (
        "When asked whether the ferry would run in winter, the captain said that the crossing "
        "would stay open.",
        "the crossing",
        ("captain", "person"),
    ),
    # a verb of voice or mind: "boasted", "believes"
    (
        "The old skipper boasted that the crossing had never closed.",
        "the crossing",
        ("skipper", "person"),
    ),
    # "who" stands for a person
    (
        "Ortiz hired a deckhand who said that the engines were failing.",
        "the engines",
        ("deckhand", "person"),
    ),
    # people the text does not name
    ("Those close to the mayor say that she will run again.", "she will run", ("Those", "group")),
    # a company name the tagger reads as a person's: "AG", "Inc." after it somewhere
    (
        "Rheinwerk, a maker of ferry engines, said the parts would arrive in May. Rheinwerk AG "
        "employs 900 people.",
        "the parts",
        ("Rheinwerk", "organization"),
    ),
    # a surname shared with a company stays a person once the article names the person
    (
        "Henry Ford founded a company. Ford said the parts would arrive. Ford Motor Company "
        "builds engines.",
        "the parts",
        ("Ford", "person"),
    ),
    # an unknown noun that only says something stays a thing
    (
        "The timetable said that the crossing would stay open.",
        "the crossing",
        ("timetable", "document"),
    ),
]


@pytest.mark.parametrize(("text", "content", "expected"), CASES)
def test_an_unknown_noun_is_typed_by_what_the_sentence_says_of_it(
    nlp: Language, text: str, content: str, expected: tuple[str, str]
) -> None:
    doc = nlp(text)
    claims = [c for c in doc.spans["fc_claims"] if content in c.text and c._.fc_kind != "author"]
    assert claims, [c.text for c in doc.spans["fc_claims"]]
    name, kind = expected
    assert (claims[0]._.fc_speaker_kind, name in claims[0]._.fc_speaker_name) == (kind, True)


def test_an_asked_speaker_of_an_unknown_noun_gets_the_interview(nlp: Language) -> None:
    doc = nlp(CASES[0][0])
    claim = next(c for c in doc.spans["fc_claims"] if "the crossing" in c.text)
    assert [e["kind"] for e in claim._.fc_evidence] == ["interview"]


SPEAKERS = [
    # a quote right after the previous quote's long attribution continues its speaker
    (
        '"The cranes have stood idle for weeks," said Ann Lee, a lawyer for the port workers '
        'union in the northern harbour district. "Nobody has paid the crews since March."',
        "Nobody has paid",
        "Ann Lee",
        ["statement"],
    ),
    # a quote continued in the next paragraph rests on the evidence of the previous one
    (
        "Ann Lee told reporters on Monday that the port was losing money. "
        '"The cranes have stood idle for weeks," she said.'
        '\n\n"Nobody has paid the crews since March, and nobody answers our letters."',
        "Nobody has paid",
        "Ann Lee",
        ["interview"],
    ),
    # "saying" hung on the object: who emailed speaks, not who was emailed; an ad shows a speaker
    (
        "The senator emailed supporters saying that the struggle continues.",
        "the struggle",
        "senator",
        ["statement"],
    ),
    (
        "An ad features a nurse saying that the clinic will close.",
        "the clinic",
        "nurse",
        ["statement"],
    ),
    # a name put beside a number or a role noun is who speaks
    (
        "One of them, Calder Shipping Group, has said that losses were too high.",
        "losses",
        "Calder Shipping Group",
        ["statement"],
    ),
    ("One of them, Ann Lee, said that losses were too high.", "losses", "Ann Lee", ["statement"]),
    # an organisation's whole name, not its head word ("Center")
    (
        "The fund broke the law, according to the Center for Public Records.",
        "broke the law",
        "Center for Public Records",
        ["statement"],
    ),
    # a charge rests on the court record, also where it cites a video
    (
        "Police charged the driver after determining that a video recording showed him at the "
        "wheel.",
        "the driver",
        "Police",
        ["court_record", "video"],
    ),
    # a time stamp on the line above is not the speaker (the parser made it the subject)
    (
        "The council met at the end of the war.\n\n___.\n\n2:40 p.m.\n\n"
        "Ann Lee’s campaign manager says she is “pleased” by a city prosecutor’s decision to "
        "drop the case.",
        "pleased",
        "Ann Lee’s campaign manager",
        ["statement"],
    ),
]


@pytest.mark.parametrize(("text", "content", "name", "evidence"), SPEAKERS)
def test_the_speaker_and_evidence_of_a_claim(
    nlp: Language, text: str, content: str, name: str, evidence: list[str]
) -> None:
    doc = nlp(text)
    claim = next(c for c in doc.spans["fc_claims"] if content in c.text)
    assert claim._.fc_speaker_name == name
    assert sorted(e["kind"] for e in claim._.fc_evidence) == evidence
