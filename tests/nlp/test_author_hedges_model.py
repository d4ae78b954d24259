"""Author claims on the real model: the article's own hedged statements (hearsay, distance,
likelihood, a modal of possibility) are claims whatever their check-worthiness;
``keep_author_claim`` is the decision of the hand-weighted scorer (the trained one's is
``factcheck.nlp.author_decision``)."""

from __future__ import annotations

from spacy.language import Language

from factcheck.nlp.claims import keep_author_claim
from tests.extracting import extract_text

TEXT = (
    "The ferry captain is reportedly tired of the rain.\n\n"
    "The harbour looks calm and the boats are clean.\n\n"
    "It was said by the council that the pier had been sold for $3m. This was ostensibly "
    "to pay for the new school.\n\n"
    "The new pier may have cost the town its ferry. Turnout could be lower next year.\n\n"
    "Could the pier reopen?\n"
)


def test_hedged_statements_of_the_article_are_author_claims(nlp: Language) -> None:
    result = extract_text(TEXT, nlp)
    author = {c.text: c for c in result.claims if c.kind == "author"}
    hedged = author["The ferry captain is reportedly tired of the rain."]
    assert [TEXT[h.start : h.end] for h in hedged.hedges] == ["reportedly"]
    assert not keep_author_claim(hedged.checkworthiness, 0.5)  # kept for its hedge alone
    assert "The harbour looks calm and the boats are clean." not in author


def test_the_article_s_guesses_and_predictions_are_flagged(nlp: Language) -> None:
    """A modal of possibility or a word of likelihood hedges a statement of the article: a
    fact-checker wants it flagged even when, as a prediction, it is not check-worthy. A modal in
    a question hedges nothing."""
    author = {c.text: c for c in extract_text(TEXT, nlp).claims if c.kind == "author"}
    for sentence, hedge in [
        ("The new pier may have cost the town its ferry.", "may"),
        ("Turnout could be lower next year.", "could"),
    ]:
        assert [TEXT[h.start : h.end] for h in author[sentence].hedges] == [hedge]
    assert "Could the pier reopen?" not in author


def test_a_hedged_sentence_the_parser_ran_into_a_claim_is_its_own(nlp: Language) -> None:
    result = extract_text(TEXT, nlp)
    author = [c.text for c in result.claims if c.kind == "author"]
    assert "This was ostensibly to pay for the new school." in author


def test_keep_author_claim_is_a_threshold_on_the_score() -> None:
    assert keep_author_claim(0.5, 0.5) and not keep_author_claim(0.49, 0.5)
