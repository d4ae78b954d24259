"""Speakers referred to again, named after their noun, or owning a document, and verbs that
report no claim, on the real model (sentences written for these tests)."""

from __future__ import annotations

import pytest
from spacy.language import Language

from factcheck.extract import extract_articles
from factcheck.nlp.doc_index import forget_doc
from factcheck.nlp.speaker_salience import QuoteIndex
from factcheck.nlp.speaker_things import named_organizations
from factcheck.records import Article, ExtractedArticle
from tests.extracting import extract_text

STORY = (
    "According to figures compiled by the Dockworkers Alliance, 300 jobs were lost at the port "
    "last year.\n\n"
    "Harbour Logistics Ltd rejected the figures. In a statement, it insisted that no permanent "
    "posts had been cut.\n\n"
    "The Maritime Safety Agency opened an inquiry in June after a crane collapsed. The agency "
    "confirmed that two inspectors had visited the site.\n\n"
    "Councillor Martin Osei chairs the harbour committee. Osei sees the matter differently. "
    "Speaking at a rally on Friday, he accused the operator of hiding the losses and promised to "
    "publish every contract the council signs.\n\n"
    "Economists at Fairhaven Bank wrote in a note that freight volumes would recover by the "
    "summer.\n\n"
    "Nearly a third of dockers surveyed by the union said they expected to leave within a year.\n\n"
    'A bundle of letters seen by this newspaper refers to the cranes as "the scrap fleet".\n\n'
    "The port's parent company, the Dutch conglomerate Van Houten Groep, told a trade magazine "
    "that it would invest in new cranes.\n\n"
    '"The crane fell in seconds, the second one shook for an hour," a crane driver who gave his '
    "name only as Piet Smalt told reporters.\n\n"
    "Supporters credit the mayor with saving the ferry; critics point out that the ferry was "
    "saved by a grant from the state.\n\n"
    "The minutes discuss whether to sell the old warehouse. The coastguard said it did not "
    "comment on ongoing inquiries. The harbour master declined an interview request.\n"
)


@pytest.fixture(scope="module")
def story(nlp: Language) -> ExtractedArticle:
    return extract_text(STORY, nlp)


def speaker_of(result: ExtractedArticle, words: str) -> tuple[str, str]:
    claim = next(c for c in result.claims if words in c.text and c.kind != "author")
    return claim.speaker.name, claim.speaker.kind


@pytest.mark.parametrize(
    ("words", "name", "kind"),
    [
        # "it" is the organisation named as a subject just before, not the figures that spoke
        # last: figures do not insist
        ("no permanent posts", "Harbour Logistics Ltd", "organization"),
        # a definite description takes the name that ends in its noun
        ("two inspectors", "Maritime Safety Agency", "organization"),
        # a surname standing alone is the person named in full before, whatever its entity tag
        ("hiding the losses", "Martin Osei", "person"),
        # the second of two joined speech verbs has its own claim
        ("publish every contract", "Martin Osei", "person"),
        # a document or group keeps whose it is
        ("300 jobs", "figures compiled by the Dockworkers Alliance", "document"),
        ("freight volumes", "Economists at Fairhaven Bank", "group"),
        # a share of people names the people; a collection of documents is a document
        ("expected to leave", "third of dockers", "group"),
        ("the scrap fleet", "bundle of letters", "document"),
        # a name in the appositive of an appositive
        ("invest in new cranes", "Van Houten Groep", "organization"),
        # "gave his name as X": X told
        ("shook for an hour", "Piet Smalt", "person"),
        # a clause across a semicolon belongs to its own speaker
        ("saving the ferry", "Supporters", "group"),
        ("grant from the state", "critics", "group"),
    ],
)
def test_speaker(story: ExtractedArticle, words: str, name: str, kind: str) -> None:
    found_name, found_kind = speaker_of(story, words)
    assert name in found_name
    assert found_kind == kind


@pytest.mark.parametrize(
    "words",
    ["whether to sell", "did not comment", "ongoing inquiries", "interview request"],
)
def test_topics_silences_and_refusals_are_no_claims(story: ExtractedArticle, words: str) -> None:
    assert not any(words in c.text for c in story.claims)


def test_an_estimate_is_a_claim_of_who_made_it(nlp: Language) -> None:
    text = (
        "The harbour authority put the number of missing sailors at 12 on Sunday.\n\n"
        "A survey published on Friday puts the mayor at 41 percent among likely voters.\n\n"
        "The storm put the harbour at risk.\n"
    )
    result = extract_text(text, nlp)
    assert speaker_of(result, "missing sailors at 12") == ("harbour authority", "organization")
    assert speaker_of(result, "mayor at 41 percent") == ("survey", "document")
    assert not any("harbour at risk" in c.text for c in result.claims if c.kind != "author")


def test_we_outside_quotes_is_the_articles_own_outlet(nlp: Language) -> None:
    text = (
        "Dock workers say the cranes were never inspected. As we reported in May, the operator "
        "skipped two safety audits last year.\n"
    )
    article = Article(text=text, publisher="The Harbour Ledger")
    result = next(extract_articles([article], nlp))
    assert speaker_of(result, "skipped two safety audits") == ("Harbour Ledger", "publication")


def test_a_dateline_glued_to_the_headline_keeps_its_speakers(nlp: Language) -> None:
    text = (
        "Families flee as floods reach the delta villages\n\n"
        "By Ann Lee\n\n"
        "DELTAPORT, Ruritania - Residents leaving the village of Low Marsh say the river rose "
        "two metres overnight, cutting the only road.\n"
    )
    assert speaker_of(extract_text(text, nlp), "river rose two metres") == ("Residents", "group")


def test_a_view_held_by_someone_is_a_claim_of_its_holder(nlp: Language) -> None:
    text = (
        "Priya Natarajan, who ran the county's flood office for a decade, does not blame the "
        "weather. In her view, the levee failed because two inspections were skipped.\n\n"
        "Tomas Lindqvist kept the lighthouse until 2019. By his own account he was the last keeper "
        "on the island. Cameras, in his telling, cannot hear a foghorn.\n\n"
        "The ferry operator blamed the harbour board, which in its view had ignored three "
        "warnings about the pier.\n\n"
        "Judge Ama Osei summed up the case. It was, in her words, a fraud planned for years.\n\n"
        "In my view, the pier should close. Her account was suspended on Monday after the "
        "posts. The party counted 40 seats in its tally.\n"
    )
    result = extract_text(text, nlp)
    assert speaker_of(result, "the levee failed because two") == ("Priya Natarajan", "person")
    assert speaker_of(result, "last keeper on the island") == ("Tomas Lindqvist", "person")
    assert speaker_of(result, "cannot hear a foghorn") == ("Tomas Lindqvist", "person")
    assert speaker_of(result, "had ignored three warnings") == ("ferry operator", "organization")
    assert speaker_of(result, "a fraud planned for years")[1] == "person"
    cues = {c.cue.text for c in result.claims if c.cue is not None}
    assert {"In her view", "By his own account", "in his telling", "in its view"} <= cues
    attributed = [c for c in result.claims if c.kind != "author"]
    for words in ("the pier should close", "was suspended on Monday", "40 seats"):
        assert not any(words in c.text for c in attributed), words


def test_titles_roles_and_pronouns_name_people_the_recognizer_missed(nlp: Language) -> None:
    text = (
        "Rafael Mendes, 52, walked to the shelter with his brother. Soldiers had reached his "
        "hamlet of Ourico before dawn, he recalled, and burned the barns.\n\n"
        "Structural engineer Dr Ines Halvorsen said the beam had cracked in two places. Water "
        "had pooled under both supports, she told the hearing.\n\n"
        "The defence barrister, Oliver Strand KC, said the logs were incomplete. Later Mr "
        "Strand told the jury that his client had been abroad.\n\n"
        "Builder Larchfield Homes says the estate will have 80 affordable homes. Its sales "
        'director, Carys Bellweather, told councillors the plans had changed twice. "We have '
        'heard the objections," she said.\n'
    )
    result = extract_text(text, nlp)
    assert speaker_of(result, "Soldiers had reached")[0] == "Rafael Mendes"
    assert speaker_of(result, "the beam had cracked") == ("Ines Halvorsen", "person")
    assert speaker_of(result, "Water had pooled") == ("Ines Halvorsen", "person")
    assert speaker_of(result, "logs were incomplete")[0] == "Oliver Strand"
    assert speaker_of(result, "had been abroad")[0] == "Oliver Strand"
    for words in ("the plans had changed", "heard the objections"):  # she, not the builder
        name, kind = speaker_of(result, words)
        assert kind == "person" and name.endswith("Bellweather"), words


def test_a_noun_of_organisation_before_a_name_makes_it_an_organisation(nlp: Language) -> None:
    text = (
        "The appeal was lodged on Friday. Pressure group Marlow Vale Watch said it had gathered "
        "3,000 signatures. Police officer John Mercer said the road had been closed.\n"
    )
    result = extract_text(text, nlp)
    assert speaker_of(result, "gathered 3,000 signatures") == ("Marlow Vale Watch", "organization")
    assert speaker_of(result, "the road had been closed") == ("John Mercer", "person")


def test_an_untagged_form_of_an_organisation_tagged_elsewhere_is_that_organisation(
    nlp: Language,
) -> None:
    doc = nlp(
        "Figures show Tarnmoor Energy cut 400 masts. In March, the company told regulators it "
        "had kept them. Tarnmoor said the figures were old."
    )
    first = doc.text.index("Tarnmoor")
    doc.ents = [e for e in doc.ents if e.start_char != first]  # as if the recognizer missed it
    forget_doc(doc)  # the token columns read before
    assert not any(e.text.startswith("Tarnmoor") for e in doc.ents if e.start_char == first)
    found = named_organizations(doc, QuoteIndex(doc), set())
    assert [(m.name, m.start) for m in found if "Tarnmoor" in m.name][0] == (
        "Tarnmoor Energy",
        first,
    )


def test_a_reflexive_says_nothing_of_the_gender_of_the_sentences_subject(nlp: Language) -> None:
    text = (
        "The inspector's chair, Anjali Varma, wrote that the audit raised serious questions.\n\n"
        "Tobias Rennick, the opposition's transport spokesman, wants Hollis to appear before the "
        'committee and explain herself. "If the minister signed it, she broke the rules," he '
        "said.\n"
    )
    result = extract_text(text, nlp)
    assert speaker_of(result, "she broke the rules") == ("Tobias Rennick", "person")


def test_a_passive_of_telling_reports_the_claim_its_subject_heard(nlp: Language) -> None:
    text = (
        "A former depot manager set fire to his employer's warehouse in Halden to hide a theft "
        "of laptops, a jury at Norbridge Crown Court was told on Tuesday.\n\n"
        "Residents were told to leave their homes by noon. Councillors were informed that the "
        "bridge would stay shut until March.\n"
    )
    result = extract_text(text, nlp)
    told = {c.cue.text: c.text for c in result.claims if c.cue is not None}
    assert "set fire to his employer's warehouse" in told["was told"]
    assert "the bridge would stay shut" in told["were informed"]
    assert not any("leave their homes" in c.text for c in result.claims if c.kind != "author")
