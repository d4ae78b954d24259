"""The article's own outlet: found in the header of a plain-text article, and handed to the
pipeline, which uses it to tell the outlet's own reporting from other outlets'. The articles are
written for these tests."""

from __future__ import annotations

import pytest
from spacy.language import Language

from factcheck.extract import extract_articles, make_doc
from factcheck.ingest.text import parse_plain
from factcheck.nlp.evidence_sources import PUBLISHER_KEY

STORY = (
    "The ferry timetable will be cut from May, the operator said, after fuel costs rose by a "
    "third over the winter.\n"
)


@pytest.mark.parametrize(
    ("header", "byline", "publisher"),
    [
        (
            "By Ines Varga, transport correspondent\nThe Lakeshore Ledger",
            "Ines Varga",
            "The Lakeshore Ledger",
        ),
        ("By Ines Varga\nHarbour Weekly", "Ines Varga", "Harbour Weekly"),
        ("Posted by Ines Varga | Island Voice | 3 May 2025", "Ines Varga", "Island Voice"),
        ("Harbour Weekly | Transport reporter: Ines Varga", "Ines Varga", "Harbour Weekly"),
        ("By Ines Varga\nThe ferry company says its fares must rise.", "Ines Varga", ""),
    ],
)
def test_the_header_names_the_writer_and_the_outlet(
    header: str, byline: str, publisher: str
) -> None:
    article = parse_plain(f"Ferry timetable cut\n\n{header}\n\n{STORY}")
    assert (article.byline, article.publisher) == (byline, publisher)


@pytest.mark.parametrize(
    ("opening", "publisher"),
    [
        ("PORTREE (Island Wire) - The ferry", "Island Wire"),
        ("PORTREE, Scotland (AP) — The ferry", "AP"),
        ("OBAN, May 3 (Island Wire) – The ferry", "Island Wire"),
        ("The ferry (pictured) - the oldest in the fleet", ""),
        ("NATO (the alliance) - not the ferry", ""),
    ],
)
def test_a_wire_credit_opening_the_story_is_the_publisher(opening: str, publisher: str) -> None:
    body = STORY.replace("The ferry", opening, 1)
    assert parse_plain(f"Ferry timetable cut\n\n{body}").publisher == publisher


@pytest.mark.model
def test_the_pipeline_reads_the_outlet_and_its_short_name_is_its_own_reporting(
    nlp: Language,
) -> None:
    text = (
        "Ferry timetable cut\n\nBy Ines Varga\nThe Lakeshore Ledger\n\n"
        "As the Ledger reported in March, the operator lost two of its four captains to a rival "
        "company last year.\n\n"
        "As the Island Herald reported last week, the operator has asked the council for a loan "
        "of 2 million pounds.\n"
    )
    article = parse_plain(text)
    assert make_doc(article, nlp).user_data[PUBLISHER_KEY] == "The Lakeshore Ledger"
    claims = next(extract_articles([article], nlp)).claims
    own = next(c for c in claims if "captains" in c.text)
    other = next(c for c in claims if "loan" in c.text)
    # the outlet's own earlier reporting is the article's voice or a self-citation, never a
    # statement or a report of another outlet; the other outlet's is a media report
    assert own.kind == "author" or [e.kind for e in own.evidence] == ["self_citation"]
    assert (other.speaker.name, [e.kind for e in other.evidence]) == (
        "Island Herald",
        ["media_report"],
    )


def test_what_a_speaker_told_the_article_s_own_outlet_is_its_interview(nlp: Language) -> None:
    text = (
        "Ferry timetable cut\n\nBy Ines Varga\nMillbrook Echo\n\n"
        "Tomas Berg said passengers had fallen by half since the fares rose. He has skippered "
        "the morning crossing for 20 years.\n\n"
        "\u201cPeople just stay on the island now,\u201d Berg told the Echo.\n\n"
        "The council, which the Echo has also asked for its figures, says the subsidy costs "
        "1.2 million pounds a year.\n"
    )
    claims = next(extract_articles([parse_plain(text)], nlp)).claims
    told = next(c for c in claims if "stay on the island" in c.text)
    assert [e.kind for e in told.evidence] == ["interview"]
    earlier = next(c for c in claims if "fallen by half" in c.text)
    assert [e.kind for e in earlier.evidence] == ["interview"]  # the same interview
    council = next(c for c in claims if "subsidy" in c.text)
    assert "self_citation" not in [e.kind for e in council.evidence]  # asked, not cited
