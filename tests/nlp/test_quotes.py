"""factcheck_quotes: pairing quotation marks, tolerant of odd punctuation."""

from __future__ import annotations

import pytest

from factcheck.nlp.quotes import find_quotes, paragraph_bounds


def quoted(text: str) -> list[str]:
    return [text[s:e] for s, e, _ in find_quotes(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("She said “it is over” and left.", ["“it is over”"]),
        ('He said "we won" twice.', ['"we won"']),
        ("“One,” he said, “two.”", ["“One,”", "“two.”"]),
        ("“Outer ‘inner’ words,” she said.", ["“Outer ‘inner’ words,”"]),
        ('"Outer "inner" words," she said.', ['"Outer "inner" words,"']),
        ("A stray ” closing mark.", []),
        ("No quotes at all.", []),
        ("", []),
        (
            "“Never closed in this paragraph.\n\nNext paragraph.",
            ["“Never closed in this paragraph."],
        ),
        (
            "“First part of the quote.\n\n“Second part ends here.”\n\nAfter.",
            ["“First part of the quote.\n\n“Second part ends here.”"],
        ),
        ("“", ["“"]),
        ('"', ['"']),
        ("Two “opening “marks” here.", ["“opening “marks” here."]),
        # a straight mark between spaces closes: a nested quote ends the passage
        (
            '"The fee tells \'us we are guests,\' " Lee wrote. "It must go."',
            ["\"The fee tells 'us we are guests,' \"", '"It must go."'],
        ),
        ("''The fee is 'a toll,' '' she said.", ["''The fee is 'a toll,' ''"]),
    ],
)
def test_find_quotes(text: str, expected: list[str]) -> None:
    assert quoted(text) == expected


def test_unclosed_quote_is_labelled_open() -> None:
    assert [closed for _, _, closed in find_quotes("“a” and “b")] == [True, False]


def test_paragraph_bounds_skip_blank_lines_and_edges() -> None:
    text = "  One.  \n\n\nTwo.\r\nThree."
    assert [text[s:e] for s, e in paragraph_bounds(text)] == ["One.", "Two.", "Three."]
