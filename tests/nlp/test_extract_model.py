"""extract on the real model: offsets, kinds and the Doc contract on our own sentences."""

from __future__ import annotations

import pytest
from spacy.language import Language

from factcheck.extract import extract_articles
from factcheck.records import Article, ExtractedArticle
from tests.extracting import extract_text

ARTICLE = (
    "Council Shuts River Bridge\n\n"
    "The council voted on Tuesday to shut the river bridge for repairs, a spokeswoman said.\n\n"
    "“We had no choice,” said Mayor Lena Ortiz. “The cracks get worse every month.”\n\n"
    "According to the transport agency, which inspected the bridge in March, repairs will "
    "cost $4.2 million.\n\n"
    "Critics argue that the closure will hurt small shops near the river.\n\n"
    "In a statement, the agency said:\n\n"
    "“The bridge will reopen in the spring. Traffic will use Mill Road.”\n\n"
    "Traffic on the bridge fell by 12% in 2023 because of the new tolls.\n"
)


def by_kind(result: ExtractedArticle, kind: str) -> list[str]:
    return [c.text for c in result.claims if c.kind == kind]


def assert_offsets(result: ExtractedArticle) -> None:
    text = result.article.text
    for claim in result.claims:
        assert text[claim.start : claim.end] == claim.text
        if claim.speaker.start is not None:
            assert text[claim.speaker.start : claim.speaker.end] == claim.speaker.text
        if claim.cue is not None:
            assert text[claim.cue.start : claim.cue.end] == claim.cue.text


def test_article_kinds(nlp: Language) -> None:
    result = extract_text(ARTICLE, nlp)
    assert_offsets(result)
    assert "“We had no choice,”" in by_kind(result, "direct")
    assert by_kind(result, "according_to") == ["repairs will cost $4.2 million."]
    assert (
        by_kind(result, "indirect")[-1] == "that the closure will hurt small shops near the river"
    )
    assert by_kind(result, "block") == [
        "“The bridge will reopen in the spring. Traffic will use Mill Road.”"
    ]
    assert by_kind(result, "author") == [
        "Traffic on the bridge fell by 12% in 2023 because of the new tolls."
    ]


def test_speakers_are_resolved(nlp: Language) -> None:
    result = extract_text(ARTICLE, nlp)
    speakers = {c.text: (c.speaker.text, c.speaker.name, c.speaker.kind) for c in result.claims}
    assert speakers["“We had no choice,”"] == ("Mayor Lena Ortiz", "Lena Ortiz", "person")
    same_paragraph = speakers["“The cracks get worse every month.”"]
    assert same_paragraph == ("Mayor Lena Ortiz", "Lena Ortiz", "person")
    assert speakers["that the closure will hurt small shops near the river"][2] == "group"


def test_odd_characters_keep_offsets(nlp: Language) -> None:
    text = (
        "The\u00a0minister said\u00a0that the tax\u2009rose – again… by 4%.\r\n\r\n"
        "“Unbalanced, she said. [The party] denied it.\r\n"
    )
    result = extract_text(text, nlp)
    assert result.claims
    assert_offsets(result)


def test_extract_articles_keeps_order(nlp: Language) -> None:
    articles = [
        Article(text=f"Officials said that {n} ships were lost at sea.", path=f"a{n}.txt")
        for n in range(5)
    ]
    paths = [r.article.path for r in extract_articles(articles, nlp, batch_size=2)]
    assert paths == [a.path for a in articles]


@pytest.mark.slow
def test_two_workers_give_the_same_records(nlp: Language) -> None:
    articles = [
        Article(text=f"{ARTICLE}\nA source said that {n} barges sank.", path=f"{n}.txt")
        for n in range(4)
    ]
    one = list(extract_articles(articles, nlp, n_process=1))
    two = list(extract_articles(articles, nlp, n_process=2, batch_size=1))
    assert [r.to_json() for r in two] == [r.to_json() for r in one]


def test_an_article_over_the_pipeline_limit_is_an_input_error(nlp: Language) -> None:
    from factcheck.errors import InputError
    from factcheck.extract import check_length

    article = Article(text="x" * (nlp.max_length + 1), path="huge.txt")
    with pytest.raises(InputError, match="huge.txt: too long"):
        check_length(article, nlp)
