"""HTML -> ``Article``: trafilatura keeps the article body; its links become ``Article.links``."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from factcheck.errors import InputError
from factcheck.ingest.boilerplate import with_classified
from factcheck.ingest.text import is_boilerplate, parse_published
from factcheck.records import Article, Link

_BLOCK_CONTAINERS = frozenset({"list", "table", "row", "quote", "div", "main", "body"})
_HEADING_TAGS = frozenset({"head"})


def parse_html(html: str, *, path: str = "", url: str = "") -> Article:
    """Clean an HTML page with trafilatura: the article body, its links, title, author, date."""
    if "<" not in html or not re.search(r"<[A-Za-z!/]", html):
        raise InputError("malformed HTML: no markup found", path=path)
    document = _trafilatura_document(html, path=path, url=url)
    builder = _TextBuilder()
    title = (document.title or "").strip()
    if title:
        builder.block(title, heading=True)
    for element in document.body:
        _walk_block(element, builder, skip_title=title)
    if not builder.parts:
        raise InputError("no article text found in the HTML", path=path)
    text = "".join(builder.parts)
    return Article(
        text=text,
        path=path,
        title=title,
        byline=(document.author or "").strip(),
        published=parse_published(document.date or ""),
        publisher=(document.sitename or "").strip(),
        url=url or (document.url or ""),
        paragraphs=tuple(builder.paragraphs),
        headings=tuple(builder.headings),
        boilerplate=with_classified(
            text,
            builder.paragraphs,
            [span for span in builder.paragraphs if is_boilerplate(text[slice(*span)])],
            builder.links,
        ),
        links=tuple(builder.links),
    )


def _trafilatura_document(html: str, *, path: str, url: str) -> Any:
    import trafilatura  # imported here: a heavy import that plain-text ingest does not need

    try:
        document = trafilatura.bare_extraction(
            html,
            url=url or None,
            include_links=True,
            include_comments=False,
            include_tables=True,
            include_formatting=False,
            with_metadata=True,
            favor_recall=True,
            deduplicate=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except RecursionError as exc:
        raise InputError("malformed HTML: nested too deeply", path=path) from exc
    except Exception as exc:  # lxml and trafilatura fail on odd pages in many ways (SVG: assert)
        reason = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        raise InputError(f"malformed HTML: {reason}", path=path) from exc
    if document is None or getattr(document, "body", None) is None:
        raise InputError("no article text found in the HTML", path=path)
    return document


class _TextBuilder:
    """Accumulates blocks of cleaned text, separated by blank lines, with their offsets."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.paragraphs: list[tuple[int, int]] = []
        self.headings: list[tuple[int, int]] = []
        self.links: list[Link] = []

    def block(self, text: str, *, heading: bool = False, links: Iterable[Link] = ()) -> None:
        if not text.strip():
            return
        if self.parts:
            self._append("\n\n")
        start = self.length
        self._append(text)
        span = (start, self.length)
        self.paragraphs.append(span)
        if heading:
            self.headings.append(span)
        self.links.extend(
            Link(text=link.text, start=link.start + start, end=link.end + start, href=link.href)
            for link in links
        )

    def _append(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)


def _walk_block(element: Any, builder: _TextBuilder, *, skip_title: str) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in _BLOCK_CONTAINERS and len(element):
        if (element.text or "").strip():
            builder.block(element.text.strip())
        for child in element:
            _walk_block(child, builder, skip_title=skip_title)
        return
    text, links = _inline_text(element)
    text, links = _strip_block(text, links)
    if tag in _HEADING_TAGS and text == skip_title:
        return  # the page title, already first in the text
    builder.block(text, heading=tag in _HEADING_TAGS, links=links)


def _inline_text(element: Any) -> tuple[str, list[Link]]:
    """The text of one block element, with the offsets of its ``<ref target>`` anchors."""
    parts: list[str] = [element.text or ""]
    offset = len(parts[0])  # the length of the parts so far, kept as they grow: linear in the block
    links: list[Link] = []
    for child in element:
        if child.tag == "lb":
            inner = "\n"
        else:
            inner, inner_links = _inline_text(child)
            links.extend(_shift(inner_links, offset))
            href = child.get("target") if child.tag == "ref" else None
            if href and inner.strip():
                links.append(Link(text=inner, start=offset, end=offset + len(inner), href=href))
        tail = child.tail or ""
        parts += (inner, tail)
        offset += len(inner) + len(tail)
    return "".join(parts), links


def _shift(links: Iterable[Link], by: int) -> list[Link]:
    return [Link(text=k.text, start=k.start + by, end=k.end + by, href=k.href) for k in links]


def _strip_block(text: str, links: list[Link]) -> tuple[str, list[Link]]:
    lead = len(text) - len(text.lstrip())
    stripped = text.strip()
    kept = [k for k in _shift(links, -lead) if k.start >= 0 and k.end <= len(stripped)]
    return stripped, kept
