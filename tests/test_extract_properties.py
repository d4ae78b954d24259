"""Property: for any text, extraction never raises and every offset it reports is valid.

Texts are drawn from news-like fragments (cues, quotes, hedges, evidence phrases, colons and
paragraph breaks) mixed with hostile material: unbalanced and curly quotation marks, odd spaces,
control characters, very long tokens and arbitrary unicode.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language

from factcheck.config import Settings
from factcheck.extract import extract_articles
from factcheck.nlp import build_nlp
from factcheck.records import Article, ExtractedArticle, Link
from tests.extracting import extract_text

pytestmark = [pytest.mark.model, pytest.mark.slow]

FRAGMENTS = [
    "The minister said",
    " that the army allegedly shelled the town.",
    ' "We may never know," she told us.',
    " According to a 2009 memo from the interior ministry, ",
    "he added:",
    "\n\n",
    "\n",
    " It appears ",
    " reportedly ",
    " [German] ",
    " (in Russian) ",
    " cable 09KABUL1234 ",
    " Reuters reported. ",
    " a detained militant told this newspaper ",
    " as we reported last week ",
    "“",
    "”",
    '"',
    "'",
    "‘",
    "’",
    "«",
    "»",
    "…",
    "...",
    " – ",
    " — ",
    "[the party]",
    "\u00a0",
    "\u202f",
    "\u200b",
    "\ufeff",
    "\t",
    "\r\n",
    "\x00",
    "\x07",
    "\x1b[31m",
    ":",
    ",",
    "?",
    "May",
    " could ",
    "Critics argue that ",
    "x" * 300,
    "https://example.org/a/very/long/path?with=query&and=more",
    "😀",
    "١٢٣",
    "Ω≈ç√",
]

texts = st.one_of(
    st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=30).map("".join),
    st.text(min_size=1, max_size=400),
    st.lists(
        st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=40)), min_size=1, max_size=20
    ).map("".join),
)


@pytest.fixture(scope="module")
def pipeline() -> Iterator[Language]:
    yield build_nlp(Settings().spacy_model)


def assert_offsets_valid(result: ExtractedArticle) -> None:
    """Every start/end pair cuts exactly its text out of the article."""
    text = result.article.text
    for claim in result.claims:
        assert 0 <= claim.start < claim.end <= len(text)
        assert text[claim.start : claim.end] == claim.text
        for part in (claim.speaker, claim.cue, *claim.hedges, *claim.evidence):
            if part is None or part.start is None or part.end is None:
                continue
            assert 0 <= part.start <= part.end <= len(text)
            assert text[part.start : part.end] == part.text


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=texts)
def test_extraction_never_raises_and_offsets_are_valid(pipeline: Language, text: str) -> None:
    assert_offsets_valid(extract_text(text, pipeline))


@st.composite
def articles_with_links(draw: st.DrawFn) -> Article:
    """An article whose hyperlinks may start or end anywhere, even outside the text."""
    text = draw(texts)
    bound = st.integers(min_value=-5, max_value=len(text) + 5)
    links = []
    for _ in range(draw(st.integers(min_value=0, max_value=4))):
        start, end = draw(bound), draw(bound)
        href = draw(
            st.sampled_from(
                ["https://example.org/a?b=1#c", "", "mailto:x@y", "/relative", "ftp://"]
            )
        )
        links.append(Link(text=text[max(start, 0) : max(end, 0)], start=start, end=end, href=href))
    return Article(text=text, path="x.html", links=tuple(links))


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(article=articles_with_links())
def test_links_anywhere_never_break_extraction(pipeline: Language, article: Article) -> None:
    for result in extract_articles([article], pipeline):
        assert_offsets_valid(result)


@pytest.mark.parametrize(
    "text",
    [
        '"',
        "“He said",
        "She said: “",
        "According to\n\n",
        "\x00\x00\x00",
        "x" * 5000,
        "May may May. Could it? " * 20,
        "[German]",
        "he said:\n\n\n\n",
    ],
)
def test_awkward_texts(pipeline: Language, text: str) -> None:
    assert_offsets_valid(extract_text(text, pipeline))
