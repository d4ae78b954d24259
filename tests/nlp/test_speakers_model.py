"""Speakers, document cues and non-claims on the real model, on sentences written for these tests."""

from __future__ import annotations

from spacy.language import Language

from factcheck.records import ExtractedArticle
from tests.extracting import extract_text


def claims_by_text(result: ExtractedArticle) -> dict[str, tuple[str, str]]:
    """Claim text -> (speaker name, speaker kind), attributed claims only."""
    return {c.text: (c.speaker.name, c.speaker.kind) for c in result.claims if c.kind != "author"}


def test_a_number_is_not_a_speaker_and_not_what_it_refers_to(nlp: Language) -> None:
    text = (
        "Describing how the flood reached the lower town, where 40 of whom were trapped in "
        "cellars, the harbour master said that the levee had failed twice.\n\n"
        "According to the Coastal Safety Board (CSB), the pumps were switched off. It insisted:\n\n"
        "The levee has not been inspected since the storm of 2019 and the pumps were too old.\n"
    )
    speakers = claims_by_text(extract_text(text, nlp))
    assert all(name != "40" and not name.startswith("40 ") for name, _ in speakers.values())
    block = next(k for k in speakers if k.startswith("The levee has not"))
    assert speakers[block] == ("Coastal Safety Board (CSB)", "organization")


def test_an_organisation_with_its_acronym_is_one_organisation(nlp: Language) -> None:
    text = (
        "According to the Union for Rural Transport (URT), the new timetable cuts two buses "
        "a day from every village.\n"
    )
    (name, kind) = next(iter(claims_by_text(extract_text(text, nlp)).values()))
    assert (name, kind) == ("Union for Rural Transport (URT)", "organization")


def test_a_person_named_after_their_publication_is_the_person(nlp: Language) -> None:
    text = (
        "As the Lakeside Courier's Miriam Okonkwo reported on Friday, the mill will close "
        "in the spring after 80 years.\n"
    )
    (name, kind) = next(iter(claims_by_text(extract_text(text, nlp)).values()))
    assert (name, kind) == ("Miriam Okonkwo", "person")


def test_documents_that_report_are_speakers(nlp: Language) -> None:
    text = (
        "A 2019 audit published by the ministry provides details of payments to three "
        "contractors who never delivered the boats.\n\n"
        "The memo lists twelve sites where the company dumped waste near the river.\n\n"
        "The plan provides funding for four new schools.\n"
    )
    speakers = claims_by_text(extract_text(text, nlp))
    kinds = {text.split()[0]: kind for text, (_, kind) in speakers.items()}
    assert kinds == {"details": "document", "twelve": "document"}


def test_questions_topics_and_refusals_are_not_claims(nlp: Language) -> None:
    text = (
        "When asked whether the ferry would run in winter, the captain said that the engine "
        "needed a new gearbox.\n\n"
        "Speaking about the harvest, the farmer said that half of the grapes had rotted.\n\n"
        "The harbour authority declined to comment on the closure.\n\n"
        "The mayor did not respond to a request for comment.\n\n"
        "Fishermen who oppose the quota blocked the port for three days.\n\n"
        "Dockers and their families, who have organised to defend themselves from the gangs, "
        "have guarded the quay since May.\n\n"
        "Think about what the port could become.\n"  # addressed to the reader
    )
    claims = set(claims_by_text(extract_text(text, nlp)))
    assert claims == {
        "that the engine needed a new gearbox",
        "that half of the grapes had rotted",
    }


def test_it_is_not_the_articles_own_publication(nlp: Language) -> None:
    text = (
        "As The Lantern has reported, the dam company is behind on its repairs. The regional "
        "council said that it would fine the company.\n\n"
        "The Lantern Support us\n"
    )
    result = extract_text(text, nlp)
    speakers = claims_by_text(result)
    assert speakers["the dam company is behind on its repairs."] == ("Lantern", "publication")
