"""factcheck_quotes: pair quotation marks into quoted passages, never raising on odd punctuation.

Straight and curly double quotation marks are paired paragraph by paragraph. A passage left open at
the end of a paragraph continues when the next paragraph opens with a quotation mark (the news
convention for quotes over several paragraphs); otherwise it ends with its paragraph. Stray closing
marks are ignored and nested opening marks count as nesting, so unbalanced text still yields
sensible passages. Output: ``doc.spans["fc_quotes"]`` (each span includes its marks; label
``closed`` or ``open`` for a passage whose closing mark is missing).
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span

from factcheck.nlp.doc_index import doc_cache, doc_text

QUOTES_KEY = "fc_quotes"
OPENING = "“„«‟"
CLOSING = "”»"
STRAIGHT = '"'
ALL_MARKS = OPENING + CLOSING + STRAIGHT
# a straight mark after one of these (or at the start) opens a passage; otherwise it closes one
_OPEN_CONTEXT = " \t\n\r\u00a0([{—–-/:"


def paragraph_bounds(text: str) -> list[tuple[int, int]]:
    """(start, end) of every non-blank line of ``text``; a line is a paragraph in news text."""
    bounds: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        stripped = line.strip()
        if stripped:
            start = pos + (len(line) - len(line.lstrip()))
            bounds.append((start, start + len(stripped)))
        pos = end + 1
    return bounds


def doc_paragraphs(doc: Doc) -> list[tuple[int, int]]:
    """``paragraph_bounds`` of the Doc's text, computed once per Doc (do not change the list)."""
    cache = doc_cache(doc)
    bounds: list[tuple[int, int]] | None = cache.get("paragraphs")
    if bounds is None:
        bounds = cache["paragraphs"] = paragraph_bounds(doc_text(doc))
    return bounds


def _mark_role(text: str, i: int, width: int = 1) -> str:
    """'open' or 'close' for the quotation mark at ``text[i]`` (``width`` characters long).

    A straight mark opens after a space or an opening bracket, unless it stands between spaces:
    "... outsiders,' " Lee wrote" closes a quote that ends in a nested one.
    """
    ch = text[i]
    if ch in OPENING:
        return "open"
    if ch in CLOSING:
        return "close"
    prev = text[i - 1] if i > 0 else " "
    spaced = i > 0 and prev.isspace() and text[i + width : i + width + 1].isspace()
    return "open" if prev in _OPEN_CONTEXT and not spaced else "close"


def _marks(text: str, start: int, end: int) -> Iterator[tuple[int, int, str]]:
    """(position, width, role) of the quotation marks in ``text[start:end]``.

    Two apostrophes ('') count as one double mark, as some newspapers print them.
    """
    i = start
    while i < end:
        ch = text[i]
        if ch in ALL_MARKS:
            yield i, 1, _mark_role(text, i)
        elif ch == "'" and i + 1 < end and text[i + 1] == "'":
            if i + 2 < end and text[i + 2] == "'":  # three: a nested single quote ends first
                i += 1
            yield i, 2, _mark_role(text, i, 2)
            i += 1
        i += 1


def _starts_with_open_mark(text: str, bounds: tuple[int, int]) -> int:
    """Width of the opening mark that starts the paragraph ``bounds`` (0 when none)."""
    for pos, width, role in _marks(text, bounds[0], min(bounds[1], bounds[0] + 2)):
        return width if pos == bounds[0] and role == "open" else 0
    return 0


def find_quotes(
    text: str, paragraphs: list[tuple[int, int]] | None = None
) -> Iterator[tuple[int, int, bool]]:
    """Yield (start, end, closed) character spans of quoted passages, marks included.

    ``paragraphs``: ``paragraph_bounds(text)`` when the caller has it already.
    """
    if paragraphs is None:
        paragraphs = paragraph_bounds(text)
    open_at: int | None = None
    depth = 0
    for index, (start, end) in enumerate(paragraphs):
        first = start
        if open_at is not None:
            first = start + _starts_with_open_mark(text, (start, end))  # a continuation mark
        for pos, width, role in _marks(text, first, end):
            if role == "open":
                if open_at is None:
                    open_at = pos
                depth += 1
            elif open_at is not None:
                depth -= 1
                if depth == 0:
                    yield open_at, pos + width, True
                    open_at = None
        if open_at is not None:
            following = paragraphs[index + 1] if index + 1 < len(paragraphs) else None
            if following is None or not _starts_with_open_mark(text, following):
                yield open_at, end, False
                open_at, depth = None, 0
            else:
                depth = 1


def quote_spans(doc: Doc) -> list[Span]:
    """The quoted passages of ``doc`` as token spans (expanded to whole tokens)."""
    spans: list[Span] = []
    for start, end, closed in find_quotes(doc_text(doc), doc_paragraphs(doc)):
        span = doc.char_span(
            start, end, label="closed" if closed else "open", alignment_mode="expand"
        )
        if span is not None and len(span) > 0:
            spans.append(span)
    return spans


class QuoteFinder:
    """Sets ``doc.spans["fc_quotes"]``."""

    def __call__(self, doc: Doc) -> Doc:
        doc.spans[QUOTES_KEY] = quote_spans(doc)
        return doc


@Language.factory("factcheck_quotes")
def make_quote_finder(nlp: Language, name: str) -> QuoteFinder:
    """Pair quotation marks into quoted passages (see the module docstring)."""
    return QuoteFinder()
