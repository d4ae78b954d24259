"""The boilerplate paragraph classifier and the tail rule, on articles written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from factcheck.extract import extract_articles
from factcheck.ingest.boilerplate import boilerplate_paragraphs, paragraph_signals
from factcheck.ingest.files import read_articles
from factcheck.ingest.text import parse_plain

BODY = (
    "Harbour Dredging Delayed Again\n\n"
    "The port authority said on Tuesday that dredging of the outer channel would not start "
    "before October, the third delay this year.\n\n"
    "Shipping agents say larger vessels have been turned away since the spring, and the "
    "authority's own figures show traffic fell by 14% in the first half of the year.\n\n"
    "“We can't plan a season around promises,” said Mira Kallas, who runs two tugboats from "
    "the north quay. “Will you tell me when the channel opens? Nobody can.”\n\n"
    "The authority blamed a dispute with its contractor over the price of disposing of silt, "
    "which it said had doubled since the contract was signed in 2022.\n\n"
    "Local councillors will question the authority's director at a hearing next month, when "
    "the revised timetable is expected to be published in full.\n\n"
)
TAIL = (
    "Take action!\n\n"
    "– Write to your councillor about the channel.\n\n"
    "– Read our earlier coverage of the port here.\n\n"
    "Help us keep reporting\n\n"
    "Independent local news costs money, and we rely on readers. Can you help us with a "
    "small monthly gift so we can keep asking the questions nobody else asks?\n\n"
    "Members receive:\n\n"
    "* A weekly briefing\n\n"
    "* Invitations to reader evenings\n\n"
    "Comments are closed\n"
)


def regions(text: str) -> list[str]:
    article = parse_plain(text)
    return [text[s:e] for s, e in article.boilerplate]


def test_the_tail_after_a_call_to_action_is_boilerplate_to_the_end() -> None:
    found = regions(BODY + TAIL)
    tail_paragraphs = [p for p in TAIL.split("\n\n") if p.strip()]
    assert all(p.strip() in found for p in tail_paragraphs)
    assert not any("dredging" in r or "councillors" in r for r in found)


def test_a_quoted_question_to_you_is_not_an_appeal() -> None:
    article = parse_plain(BODY)
    quote = next(p for p in article.paragraphs if "Kallas" in BODY[slice(*p)])
    assert not paragraph_signals(BODY, quote).appeal
    assert regions(BODY) == []


def test_an_appeal_mid_article_is_boilerplate_but_not_what_follows() -> None:
    appeal = "We need your support to keep this reporting free for everyone.\n\n"
    middle = BODY.index("The authority blamed")
    text = BODY[:middle] + appeal + BODY[middle:]
    assert regions(text) == [appeal.strip()]


def test_a_call_heading_before_prose_does_not_take_the_prose() -> None:
    """The tail rule needs the end of the article to be mostly boilerplate-like."""
    prose = "What happens next?\n\n" + BODY.split("\n\n", 2)[2] + "The vote is on 4 November.\n"
    text = BODY + prose.replace("What happens next?", "What happens next ...")
    found = regions(text)
    assert "What happens next ..." in found
    assert not any("authority" in r for r in found)


def test_link_dense_paragraphs_count_as_boilerplate_like() -> None:
    text = "Intro line here.\n\nSee our guides\n"
    start = text.index("See")
    links = [(start, start + len("See our guides"))]
    signals = paragraph_signals(text, (start, len(text) - 1), links)
    assert signals.link_density > 0.5 and signals.boilerplate_like
    assert boilerplate_paragraphs(text, [(0, 16)], links) == []


@pytest.fixture(scope="module")
def nlp() -> Language:
    from factcheck.config import Settings
    from factcheck.nlp import build_nlp

    return build_nlp(Settings().spacy_model)


SEEDS = Path(__file__).resolve().parents[3] / "shared" / "data" / "seeds"
# where the boilerplate tail of each example article starts (offsets only; no corpus text here)
SEED_TAILS = {"000_b7b925ce2489bfb0.txt": 4640, "002_d4c6d521b65f152d.txt": 2924}


@pytest.mark.model
@pytest.mark.parametrize(("name", "tail"), sorted(SEED_TAILS.items()))
def test_example_articles_yield_no_claim_from_boilerplate(
    nlp: Language, name: str, tail: int
) -> None:
    path = SEEDS / name
    if not path.exists():
        pytest.skip("the example articles (../shared/data/seeds) are not here")
    article = next(iter(read_articles(path, max_bytes=10_000_000)))
    regions = sorted(article.boilerplate)
    starts = [p[0] for p in article.paragraphs if p[0] >= tail]
    assert starts[0] == tail and all(p in regions for p in article.paragraphs if p[0] >= tail)
    extracted = next(extract_articles([article], nlp))
    assert extracted.claims
    for claim in extracted.claims:
        assert claim.end <= tail
        assert not any(s < claim.end and claim.start < e for s, e in regions)


def test_an_html_page_gets_the_same_tail_rule() -> None:
    from factcheck.ingest.html import parse_html

    paragraphs = [p for p in (BODY + TAIL).split("\n\n")[1:] if p.strip()]
    html = (
        "<html><head><title>Harbour Dredging Delayed Again</title></head><body><article>"
        + "".join(f"<p>{p.strip()}</p>" for p in paragraphs)
        + "</article></body></html>"
    )
    article = parse_html(html)
    found = [article.text[s:e] for s, e in article.boilerplate]
    assert any(r.startswith("Take action") for r in found)
    assert any(r.startswith("Independent local news") for r in found)
    assert not any("dredging" in r for r in found)


def test_skip_regions_are_what_a_paragraph_is_not_a_word_it_holds() -> None:
    from factcheck.extract import skip_regions
    from factcheck.records import Article

    paragraphs = [
        "By Ann Lee | Coastal Ledger",
        "By contrast, the ferry operator said its crossings ran on time all summer.",
        "A deckhand who was held by the smugglers for a week allegedly told his rescuers:",
        "They paid the guards to look away. The boss said the navy would not support us for "
        "long if we stopped moving cargo.",
        "The mayor asked the yacht club to donate the fees from its regatta to the lifeboat crew.",
        "Want more harbour news? Sign up for our weekly letter.",
        "Donate now",
    ]
    text = "\n\n".join(paragraphs) + "\n"
    skipped = {text[s:e] for s, e in skip_regions(Article(text=text))}
    kept = [p for p in paragraphs if not any(p in region for region in skipped)]
    # prose opening "By", a quoted block and a report of someone asked to donate are kept
    assert kept == paragraphs[1:5]


# Written for these tests: what a site puts after a rule line at the end of a story.
AFTER_RULE = (
    "---\n\n"
    "Reporting like this takes time. The Harbour Gazette is paid for by its readers, not by "
    "advertisers or owners.\n\n"
    "If you think this matters, can you help us with a gift of any size?\n\n"
    "Members get:\n\n"
    "- the morning briefing\n\n"
    "- tickets to our reader evenings\n"
)


def test_a_rule_line_before_an_appeal_opens_the_tail() -> None:
    found = regions(BODY + AFTER_RULE)
    assert any(r.startswith("Reporting like this takes time") for r in found)
    assert not any("dredging" in r or "councillors" in r for r in found)


def test_a_rule_line_between_sections_of_prose_is_no_tail() -> None:
    middle = BODY.index("The authority blamed")
    found = regions(BODY[:middle] + "* * *\n\n" + BODY[middle:] + BODY.split("\n\n", 1)[1])
    assert not any("authority" in r or "councillors" in r for r in found)


def test_the_tail_search_is_the_plain_definition_counted_once() -> None:
    """``_tail_start`` counts from the end once (linear); the plain definition recounts the rest of
    the article for every paragraph that could open a tail (quadratic). They agree."""
    import random

    from factcheck.ingest.boilerplate import Paragraph, _tail_start

    def plain(signals: list[Paragraph], late: list[bool]) -> int | None:
        for i in range(1, len(signals)):
            if late[i] and signals[i].opens_tail:
                rest = signals[i:]
                like = sum(s.boilerplate_like for s in rest)
                prose = sum(not s.boilerplate_like and s.words > 20 for s in rest)
                if like >= 0.6 * len(rest) and prose < 0.25 * len(rest):
                    return i
        return None

    rng = random.Random(7)
    for _ in range(300):
        count = rng.randrange(1, 30)
        signals = [
            Paragraph(
                words=rng.choice([0, 5, 15, 30, 80]),
                stop_density=rng.choice([0.1, 0.5]),
                link_density=0.0,
                bullet=rng.random() < 0.2,
                call_heading=rng.random() < 0.15,
                appeal=rng.random() < 0.15,
                imperative=False,
                addressed=False,
                thematic_break=rng.random() < 0.1,
            )
            for _ in range(count)
        ]
        late = [i >= count // 2 for i in range(count)]
        assert _tail_start(signals, late) == plain(signals, late)


def test_a_contracted_you_is_you_and_a_list_block_is_a_list() -> None:
    heading = "Join today and you'll get:"
    assert paragraph_signals(heading, (0, len(heading))).call_heading
    listing = "Members get:\n- the morning briefing\n- tickets to our reader evenings"
    assert paragraph_signals(listing, (0, len(listing))).bullet
    spoken = "“Next year you'll pay more,” the treasurer warned the committee."
    assert not paragraph_signals(spoken, (0, len(spoken))).second_person
