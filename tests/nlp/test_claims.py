"""factcheck_author_claims: the article's own check-worthy sentences, and scores for all claims."""

from __future__ import annotations

import pytest
from spacy.language import Language

from factcheck.nlp.claims import CheckworthinessScorer
from factcheck.nlp.patterns import checkworthiness_rules_v1
from tests.extracting import extract_text

TEXT = (
    "Ferry Fares Rise Again\n\n"
    "Ferry fares rose by 18% in 2024, the third rise in four years.\n\n"
    "It was a lovely morning on the quay.\n\n"
    "Why would anyone still take the ferry?\n\n"
    "The harbour board said that passenger numbers fell to 2.1 million last year.\n"
)


def test_author_claims_are_the_checkworthy_sentences(nlp: Language) -> None:
    result = extract_text(TEXT, nlp)
    authored = [c for c in result.claims if c.kind == "author"]
    assert [c.text for c in authored] == [
        "Ferry fares rose by 18% in 2024, the third rise in four years."
    ]
    claim = authored[0]
    assert (claim.speaker.kind, claim.speaker.start, claim.cue) == ("author", None, None)
    assert 0.5 <= claim.checkworthiness <= 1.0


def test_attributed_claims_are_scored_too(nlp: Language) -> None:
    result = extract_text(TEXT, nlp)
    attributed = [c for c in result.claims if c.kind != "author"]
    assert [c.text for c in attributed] == ["that passenger numbers fell to 2.1 million last year"]
    assert attributed[0].checkworthiness >= 0.5


@pytest.mark.parametrize(
    ("sentence", "low"),
    [
        ("The new tunnel cost $40 million and opened in March 2021.", False),
        ("We think the view from the hill is lovely.", True),
        ("Is the tunnel safe?", True),
    ],
)
def test_scores_order_sentences(nlp: Language, sentence: str, low: bool) -> None:
    scorer = CheckworthinessScorer(checkworthiness_rules_v1())
    doc = nlp(sentence)
    score = scorer.score(doc[:], attributed=False)
    assert 0.0 <= score <= 1.0
    assert (score < 0.5) is low


def test_skip_regions_never_yield_author_claims(nlp: Language) -> None:
    from factcheck.extract import extract_articles
    from factcheck.records import Article

    text = "Ferry fares rose by 18% in 2024, the third rise in four years.\n"
    article = Article(text=text, boilerplate=((0, len(text) - 1),))
    result = next(extract_articles([article], nlp))
    assert result.claims == ()
