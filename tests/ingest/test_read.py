"""factcheck.ingest.files: reading files into Articles, on the example inputs in tests/fixtures/ingest."""

from __future__ import annotations

from pathlib import Path

import pytest

from factcheck.errors import InputError
from factcheck.ingest.files import iter_input_files, read_articles
from factcheck.ingest.text import parse_date, parse_plain
from factcheck.records import Article

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest"
GOOD = FIXTURES / "good"
BAD = FIXTURES / "bad"
LIMIT = 1_000_000


def read_one(name: str) -> Article:
    (article,) = read_articles(GOOD / name, max_bytes=LIMIT)
    return article


def regions(article: Article, spans: tuple[tuple[int, int], ...]) -> list[str]:
    return [article.text[start:end] for start, end in spans]


def test_iter_input_files_walks_folders_sorted_and_keeps_named_files(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    for name in ("b/z.txt", "b/a.md", "c.html", "d.htm", "e.jsonl", "skip.pdf", ".hidden/x.txt"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    named = tmp_path / "skip.pdf"
    found = list(iter_input_files([tmp_path, named]))
    relative = [p.relative_to(tmp_path).as_posix() for p in found]
    assert relative == ["b/a.md", "b/z.txt", "c.html", "d.htm", "e.jsonl", "skip.pdf"]


def test_markdown_title_byline_date_headings_boilerplate_and_links() -> None:
    article = read_one("school-meals.md")
    raw = (GOOD / "school-meals.md").read_text(encoding="utf-8")
    assert article.text == raw
    assert article.title == "Town votes to extend free school meals"
    assert (article.byline, article.publisher, article.published) == (
        "Marta Ilves",
        "Northfield Courier",
        "2025-04-02",
    )
    headings = regions(article, article.headings)
    assert "## A close vote" in headings
    assert "By Marta Ilves | Northfield Courier | 2 April 2025" in headings
    boilerplate = regions(article, article.boilerplate)
    for expected in (
        "Home | News | Education | Sport",
        "Photo: Marta Ilves / Northfield Courier",
        "Read more: How other towns fund school kitchens",
        "Share this article: Facebook | Twitter | Email",
        "Comments are closed.",
    ):
        assert expected in boilerplate
    assert any(text.startswith("If you value local reporting") for text in boilerplate)
    assert not any("310,000 pounds" in text for text in boilerplate + headings)
    (link,) = article.links
    assert article.text[link.start : link.end] == "county health survey"
    assert link.href == "https://example.org/health-survey-2024"


def test_paragraphs_are_the_blank_line_separated_blocks() -> None:
    article = read_one("ferry-strike.txt")
    paragraphs = regions(article, article.paragraphs)
    assert paragraphs[0] == "Ferry crews walk out over rota changes"
    assert paragraphs[2].startswith("Ferry crews on the island route")
    assert paragraphs[3].endswith('put on the table".')
    assert len(paragraphs) == 5
    assert article.published == "2024-03-09"
    assert regions(article, article.boilerplate) == [paragraphs[4]]


def test_crlf_becomes_lf_and_a_utf8_bom_is_dropped() -> None:
    crlf = read_one("crlf.txt")
    assert "\r" not in crlf.text
    assert crlf.byline == "Ola Sund"
    start = crlf.text.index("mooring fees")
    assert crlf.text[start : start + 12] == "mooring fees"
    bom = read_one("bom.txt")
    assert not bom.text.startswith("\ufeff")
    assert "Ålvik" in bom.text
    assert bom.title == "Rain returns to the valley"


def test_html_is_cleaned_with_links_metadata_and_foreign_language_markers() -> None:
    article = read_one("bridge.html")
    assert article.title == "Inspectors find rust on old bridge"
    assert article.text.startswith("Inspectors find rust on old bridge\n\n")
    assert (article.byline, article.publisher, article.published) == (
        "Pavel Novak",
        "Riverside Gazette",
        "2025-06-21",
    )
    assert "<" not in article.text and "Home | Local" not in article.text
    assert "a Munich engineering firm [German]" in article.text
    hrefs = {link.href: article.text[link.start : link.end] for link in article.links}
    assert hrefs == {
        "https://example.org/inspection-2025": "the 2025 inspection report",
        "https://example.de/gutachten": "a Munich engineering firm",
    }
    assert "Repairs next year" in regions(article, article.headings)
    assert "Sign up for our newsletter" in regions(article, article.boilerplate)
    assert any("2.3 million euros" in p for p in regions(article, article.paragraphs))


def test_html_in_its_declared_charset_is_decoded() -> None:
    article = read_one("latin1.html")
    assert article.title == "Café owners protest parking rules"
    assert "six cafés" in article.text


def test_jsonl_gives_one_article_per_line_with_its_fields() -> None:
    first, second = read_articles(GOOD / "collection.jsonl", max_bytes=LIMIT)
    assert first.path.endswith("collection.jsonl:1") and second.path.endswith("collection.jsonl:3")
    assert first.url == "https://example.org/library-hours"
    assert (first.byline, first.published, first.publisher) == (
        "Noor Haddad",
        "2025-05-14",
        "City Herald",
    )
    assert first.text.startswith("Library opening hours cut\n\n")
    assert second.title == "Bus fares frozen" and second.published == ""
    (link,) = second.links
    assert second.text[link.start : link.end] == "an independent fares review"


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("empty.txt", "empty"),
        ("blank.md", "empty"),
        ("image.txt", "binary"),
        ("latin1-undeclared.txt", "not valid UTF-8"),
        ("undeclared.html", "not valid UTF-8"),
        ("nomarkup.html", "malformed HTML"),
        ("nobody.jsonl", "'text' or 'html'"),
        ("malformed.jsonl", "malformed JSON"),
    ],
)
def test_bad_files_raise_input_error_naming_the_file(name: str, reason: str) -> None:
    with pytest.raises(InputError) as info:
        read_articles(BAD / name, max_bytes=LIMIT)
    assert reason in info.value.reason
    assert info.value.path == str(BAD / name)
    assert name in info.value.message


def test_jsonl_errors_name_the_line() -> None:
    with pytest.raises(InputError) as info:
        read_articles(BAD / "malformed.jsonl", max_bytes=LIMIT)
    assert info.value.line == 2
    assert "malformed.jsonl:2:" in info.value.message


def test_files_over_the_limit_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text("Word " * 100, encoding="utf-8")
    with pytest.raises(InputError, match="too large: 500 bytes, over the limit of 100"):
        read_articles(path, max_bytes=100)
    assert read_articles(path, max_bytes=500)[0].text == "Word " * 100


def test_binary_without_nul_bytes_and_declared_but_wrong_charset(tmp_path: Path) -> None:
    noise = tmp_path / "noise.md"
    noise.write_bytes(bytes(range(1, 32)) * 20 + b"\xff\xfe\x80")
    with pytest.raises(InputError, match="binary"):
        read_articles(noise, max_bytes=LIMIT)
    wrong = tmp_path / "wrong.html"
    wrong.write_bytes(b'<meta charset="shift_jis"><p>\x82\xa0\xff\xff</p>')
    with pytest.raises(InputError, match="declared charset shift_jis"):
        read_articles(wrong, max_bytes=LIMIT)


def test_missing_and_unsupported_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_articles(tmp_path / "gone.txt", max_bytes=LIMIT)
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    with pytest.raises(InputError, match="unsupported file type '.pdf'"):
        read_articles(pdf, max_bytes=LIMIT)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("14 March 2026", "2026-03-14"),
        ("Published on March 9, 2024 at noon", "2024-03-09"),
        ("Sept. 3rd, 2023", "2023-09-03"),
        ("2025-11-03T08:00:00Z", "2025-11-03"),
        ("31 February 2024", ""),
        ("in 2021 the memo", ""),
    ],
)
def test_dates_become_iso(text: str, expected: str) -> None:
    assert parse_date(text) == expected


def test_a_sentence_mentioning_a_date_is_not_a_dateline_nor_a_heading() -> None:
    text = (
        "Dam report delayed\n\n"
        "The engineers said on 4 May 2022 that the spillway needed work, and the report was due.\n"
    )
    article = parse_plain(text)
    assert article.published == ""
    assert regions(article, article.headings) == ["Dam report delayed"]
    assert article.boilerplate == ()


def test_a_single_paragraph_has_no_title() -> None:
    article = parse_plain("The mayor said the road would reopen on Monday.")
    assert article.title == "" and article.headings == ()
    assert article.paragraphs == ((0, len(article.text)),)


@pytest.mark.parametrize(
    "line",
    [
        "By the end of the year, fares had risen by 9 percent.",
        "The memo — dated 9 June 2021 — named three engineers.",
        "It happened on 4 May 2022, officials said.",
    ],
)
def test_sentences_near_the_top_are_not_bylines_or_datelines(line: str) -> None:
    article = parse_plain(f"Fares rise again\n\n{line}\n\nThe operator said more was to come.\n")
    assert (article.byline, article.published) == ("", "")
    assert line not in regions(article, article.headings)


def test_a_jsonl_line_over_the_limit_fails_the_file_naming_the_line(tmp_path: Path) -> None:
    path = tmp_path / "many.jsonl"
    short = '{"text": "Short one.\\n\\nThe mayor said so."}\n'
    path.write_text(short + '{"text": "' + "word " * 200 + '"}\n' + short, encoding="utf-8")
    with pytest.raises(InputError, match="line too large") as info:
        read_articles(path, max_bytes=200)
    assert info.value.line == 2
    assert len(read_articles(path, max_bytes=2000)) == 3


@pytest.mark.parametrize(
    ("second", "byline"),
    [
        ("Dana Whitcombe", "Dana Whitcombe"),
        ("Ana de la Cruz", "Ana de la Cruz"),
        ("The Harbour Question", ""),
        ("Ferries cancelled", ""),
        ("Dana Whitcombe reports.", ""),
    ],
)
def test_a_name_alone_under_the_title_is_the_byline(second: str, byline: str) -> None:
    article = parse_plain(f"Fares rise again\n\n{second}\n\nThe operator said more was to come.\n")
    assert article.byline == byline
    if byline:
        assert second in regions(article, article.headings)


def test_every_link_of_a_link_dense_page_points_at_its_words() -> None:
    """Thousands of anchors in one paragraph, some inside emphasis, some with line breaks between:
    each link's offsets cover exactly its words (the offsets are kept as the block grows, which is
    what keeps a page of links linear to read; benchmarks/linearity.py html_links measures that)."""
    from factcheck.ingest.html import parse_html

    anchors = []
    for i in range(3000):
        anchor = f'<a href="https://example.org/p{i}">page {i}</a>'
        anchors.append(
            f"<em>see {anchor}</em>" if i % 3 == 0 else anchor + ("<br>" if i % 7 == 0 else " and")
        )
    page = (
        "<html><head><title>Index of pages</title></head><body><article>"
        "<p>The council published its minutes on Monday, and the clerk listed every page.</p>"
        f"<p>Pages: {' '.join(anchors)}.</p></article></body></html>"
    )
    article = parse_html(page, path="index.html")
    by_href = {link.href: article.text[link.start : link.end] for link in article.links}
    assert len(by_href) == 3000
    assert all(words == f"page {href.rsplit('/p', 1)[1]}" for href, words in by_href.items())


def test_the_standfirst_between_the_title_and_the_byline_is_part_of_the_head() -> None:
    text = (
        "Reservoir levels fall to a ten-year low\n\n"
        "Engineers warned the board in May that the dam needed repairs\n\n"
        "By Ines Carvalho, Environment Reporter\n\n"
        "The water company said on Monday that supplies were safe.\n"
    )
    article = parse_plain(text)
    assert article.byline.startswith("Ines Carvalho")
    head = regions(article, article.headings)
    assert "Engineers warned the board in May that the dam needed repairs" in head
    assert not any("supplies were safe" in h for h in head)
    # no byline under the title: the second paragraph is the story's
    plain = parse_plain("Reservoir levels fall\n\nEngineers warned the board in May.\n\nMore.\n")
    assert "Engineers warned the board in May." not in regions(plain, plain.headings)
