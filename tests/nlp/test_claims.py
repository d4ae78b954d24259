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


NEWS = (
    "Valley Clinic Closes Its Night Ward\n\n"
    "The Valley Clinic closed its night ward on 1 March after losing three of its five nurses in "
    "a year.\n\n"
    "Patients now travel 40 miles to the nearest night service in Dunmore.\n\n"
)
# boilerplate in several styles, written for this test; none of it may yield a claim
BOILERPLATE = [
    "Photo: Jan Novak / Valley Courier\n\n"
    "Correction: An earlier version of this article gave the wrong date for the closure. It "
    "closed on 1 March, not 8 March.\n\n"
    "Sign up for our morning newsletter and get the top stories delivered to your inbox every "
    "day.\n\n"
    "Related articles\nFerry fares rise for the third year running\nCouncil elections set for "
    "October\n\n"
    "We use cookies to improve your experience on our site. By continuing to browse, you agree "
    "to our use of cookies.\n",
    "Independent journalism costs money. Our reporters spent six weeks on this story. If you "
    "value what we do, chip in from just £3 a month and help keep our reporting free for "
    "everyone.\n\n"
    "Become a member today and enjoy an ad-free site, early access to investigations and a "
    "monthly call with our editors.\n\n"
    "Image credit: Getty Images. Follow us on Twitter and Facebook for more updates.\n\n"
    "This article was amended on 4 March 2025 to correct the name of the trust.\n",
    "Share this story: Facebook, Twitter, Email\n\n"
    "Do you have a tip about this story? Email our newsroom at tips@example.org or call "
    "555-0100.\n\n"
    "Want more stories like this? Subscribe now for just $1 a week and never miss an update.\n\n"
    "Copyright 2025 Example Media Group. All rights reserved. This material may not be "
    "published, broadcast, rewritten or redistributed.\n",
]


@pytest.mark.parametrize("tail", BOILERPLATE)
def test_no_claim_from_boilerplate(nlp: Language, tail: str) -> None:
    result = extract_text(NEWS + tail, nlp)
    assert [c for c in result.claims if c.end > len(NEWS)] == []
    assert any(c.start >= NEWS.index("The Valley") for c in result.claims)  # the news is read


@pytest.mark.parametrize(
    ("sentence", "kept"),
    [
        ("This article was amended on 4 March 2025 to correct the spelling of a name.", False),
        ("An earlier version of this story gave the vote as 7-2 on 3 May 2024.", False),
        ("The council amended the 2024 harbour budget on 4 March 2025 by $2 million.", True),
        # a verb that needs its words says nothing without them, wherever it stands
        ("Harbour director Ana Ruiz said in a statement on Monday.", False),
        (
            "Ana Ruiz, the harbour director, told a crowd of 300 in the square on 4 March 2025.",
            False,
        ),
        # title case: a headline with a full stop
        ("Harbour Council Approves $4 Million Pier In 2025 Budget.", False),
        ("The harbour council approved a $4 million pier on 4 March 2025.", True),
    ],
)
def test_what_states_nothing_is_no_claim(nlp: Language, sentence: str, kept: bool) -> None:
    """The article about itself, who spoke without what was said, a headline."""
    text = NEWS + sentence + "\n"
    authored = [c.text for c in extract_text(text, nlp).claims if c.kind == "author"]
    assert (sentence in authored) is kept


def test_the_sentence_that_only_says_who_spoke_a_quote_is_no_claim(nlp: Language) -> None:
    text = (
        "The pier opened in 2019.\n\n"
        "“We will finish the second pier by June 2026 for $4 million, and the ferry terminal will "
        "follow in 2027.” Harbour director Ana Ruiz told the council on Monday.\n\n"
        "Ferry fares rose by 18% in 2024.\n"
    )
    authored = [c.text for c in extract_text(text, nlp).claims if c.kind == "author"]
    assert authored == ["The pier opened in 2019.", "Ferry fares rose by 18% in 2024."]


@pytest.mark.parametrize(
    ("sentence", "kept"),
    [
        # the main verb is the article's, the claim hangs from it
        (
            "Forty ferry workers filed a lawsuit against the harbour board on 4 March 2025, "
            "alleging that the board ignored the safety rules.",
            True,
        ),
        (
            "Harbour director Ana Ruiz, who said the pier would open in 2026, was booed at the "
            "council meeting on 4 March 2025.",
            True,
        ),
        # the main verb is the cue: the sentence only reports what was said
        ("The harbour board said on 4 March 2025 that fares would rise by 18% in 2026.", False),
        # the main verb says nothing
        (
            "A spokesman for the ferry company declined to comment on whether the company, which "
            "said in March that the pier was safe, had paid the fine of 40,000 pounds.",
            False,
        ),
    ],
)
def test_a_sentence_of_the_article_may_hold_an_attributed_claim(
    nlp: Language, sentence: str, kept: bool
) -> None:
    authored = [
        c.text for c in extract_text(NEWS + sentence + "\n", nlp).claims if c.kind == "author"
    ]
    assert (sentence in authored) is kept


def test_the_hedge_of_an_attributed_claim_inside_an_author_sentence_is_the_speakers(
    nlp: Language,
) -> None:
    sentence = (
        "Harbour director Ana Ruiz, who said the pier may open in 2026, was booed at the council "
        "meeting on 4 March 2025."
    )
    claims = extract_text(NEWS + sentence + "\n", nlp).claims
    authored = [c for c in claims if c.kind == "author" and c.text == sentence]
    attributed = [c for c in claims if c.kind != "author" and "may open" in c.text]
    assert authored and attributed
    assert not authored[0].hedges and [h.text for h in attributed[0].hedges] == ["may"]
