"""Documents that speak through a verb of content, and refusals to say more, on the real model
(sentences written for these tests, issue 13)."""

from __future__ import annotations

import pytest
from spacy.language import Language

from factcheck.records import ExtractedArticle
from tests.extracting import extract_text

DOCUMENTS = (
    "A table in the audit lists 214 unpaid invoices from the past two years.\n\n"
    "A typed memo attached to one of the invoices apparently lays out two ways to hide the "
    "losses, including moving the debts to a subsidiary.\n\n"
    "A Harwick College survey published on Tuesday puts the mayor on 38 percent and her rival "
    "on 35 percent.\n\n"
    "A letter from the harbour master, shown to the inquiry, allegedly reveals that the crane "
    "had failed twice before.\n\n"
    "Three of the workers had lost their jobs before the collapse, the leaked memo discloses.\n\n"
    "The ferry company set a record for passengers in August. The council put a levy on 300 "
    "holiday flats. The inspectors found mould in the kitchens.\n"
)

REFUSALS = (
    "The operator said it would not comment further until the inquiry had reported.\n\n"
    "It would not comment on a case before the courts, the agency said.\n\n"
    "Asked about the contracts, the harbour master said he would not go into detail.\n\n"
    "The ministry did not explain why the report had been delayed.\n\n"
    "Fernandez declined to name them.\n\n"
    "Ortega said she could not comment on the letter because she had never seen it.\n\n"
    "The mayor has repeatedly refused to publish the consultants' report.\n"
)


@pytest.fixture(scope="module")
def documents(nlp: Language) -> ExtractedArticle:
    return extract_text(DOCUMENTS, nlp)


@pytest.fixture(scope="module")
def refusals(nlp: Language) -> ExtractedArticle:
    return extract_text(REFUSALS, nlp)


def attributed(result: ExtractedArticle, words: str) -> tuple[str, str, str]:
    claim = next(c for c in result.claims if words in c.text and c.kind != "author")
    return claim.speaker.name, claim.speaker.kind, claim.cue.text if claim.cue else ""


@pytest.mark.parametrize(
    ("words", "name", "cue"),
    [
        # a part of a document is a document ("a table in the audit")
        ("214 unpaid invoices", "table", "lists"),
        # a document attached to one; a verb of content with its particle; a hedge before it;
        # the examples of its object are part of what it says
        ("two ways to hide the losses", "memo", "apparently lays out"),
        ("moving the debts", "memo", "apparently lays out"),
        # an estimate "on" a number
        ("the mayor on 38 percent", "Harwick College survey", "puts"),
        # the subject of a participle set off by commas that the parser took for the main verb
        ("the crane had failed twice", "letter", "allegedly reveals"),
        # "..., the memo discloses." parsed as the object of the clause's verb
        ("lost their jobs before the collapse", "memo", "discloses"),
    ],
)
def test_a_document_speaks(documents: ExtractedArticle, words: str, name: str, cue: str) -> None:
    found_name, found_kind, found_cue = attributed(documents, words)
    assert name in found_name
    assert found_kind == "document"
    assert found_cue == cue


def test_a_document_speaks_in_no_author_claim(documents: ExtractedArticle) -> None:
    """The sentences whose document speaks are not the article's own claims as well."""
    authors = [c.text for c in documents.claims if c.kind == "author"]
    assert not any("reveals" in t or "lays out" in t or "discloses" in t for t in authors)


@pytest.mark.parametrize(
    "words",
    ["set a record", "levy on 300 holiday flats", "mould in the kitchens"],
)
def test_other_subjects_and_objects_are_no_findings(
    documents: ExtractedArticle, words: str
) -> None:
    assert not any(words in c.text for c in documents.claims if c.kind != "author")


@pytest.mark.parametrize(
    "words",
    [
        "would not comment further",  # a refusal that says until when
        "would not comment on a case",  # the refusal before its "said"
        "would not go into detail",
        "why the report had been delayed",  # a question left open
        "to name them",  # refusing to disclose, with a pronoun for object
    ],
)
def test_refusals_to_say_more_are_no_claims(refusals: ExtractedArticle, words: str) -> None:
    assert not any(words in c.text for c in refusals.claims)


@pytest.mark.parametrize(
    "words",
    [
        "because she had never seen it",  # a reason is a claim
        "to publish the consultants' report",  # what is withheld is named: a stance
    ],
)
def test_refusals_that_say_something_stay_claims(refusals: ExtractedArticle, words: str) -> None:
    assert any(words in c.text for c in refusals.claims if c.kind != "author")
