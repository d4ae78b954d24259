"""Files -> cleaned ``Article`` records: decode, clean, find title, byline, date, paragraphs,
headings, boilerplate regions and links. No spaCy, no database.

Offsets contract: ``Article.text`` is the decoded text of a ``.txt``/``.md`` file (a UTF-8 byte
order mark dropped, and line ends normalised to ``\\n`` as Python's own text mode does), so every
offset a later stage reports is an offset users can find in the file. For ``.html`` the text is the
article body that trafilatura keeps, title first; hyperlinks become ``Article.links``.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from factcheck.errors import InputError
from factcheck.ingest.text import is_boilerplate, parse_plain, parse_published
from factcheck.records import Article, Link

SUFFIXES = frozenset({".txt", ".md", ".html", ".htm", ".jsonl"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
JSON_TEXT_FIELDS = ("url", "title", "author", "published", "publisher")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""")
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_TEXT_CONTROLS = frozenset("\t\n\r\f\v")


def iter_input_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Each named file as given, and every input file under each named folder, recursively and sorted.

    A named file is yielded whatever its suffix, so ``read_articles`` can say why it is refused;
    inside folders only ``.txt .md .html .htm .jsonl`` files are taken (hidden files skipped).
    """
    for path in paths:
        path = Path(path)
        if path.is_dir():
            yield from sorted(
                p
                for p in path.rglob("*")
                if p.suffix.lower() in SUFFIXES
                and p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        else:
            yield path


def read_articles(path: Path, *, max_bytes: int) -> list[Article]:
    """All articles of one file: one for ``.txt .md .html .htm``, one per line for ``.jsonl``.

    Raises InputError naming the file (and the line, for JSONL) when the file is missing, empty,
    binary, undecodable, larger than ``max_bytes`` or malformed.
    """
    return list(iter_articles(path, max_bytes=max_bytes))


def read_inputs(
    paths: Iterable[Path], *, max_bytes: int, on_error: Callable[[InputError], None]
) -> Iterator[Article]:
    """Every article under ``paths``, streamed; a file that fails goes to ``on_error`` and the
    rest go on."""
    for path in iter_input_files(paths):
        try:
            yield from iter_articles(path, max_bytes=max_bytes)
        except InputError as exc:
            on_error(exc)


def iter_articles(path: Path, *, max_bytes: int) -> Iterator[Article]:
    """Like ``read_articles`` but streaming: a JSONL file is checked whole, then read line by line,
    so a bad line fails the file before any of its articles is handed on. For JSONL, ``max_bytes``
    limits each line (one article), not the collection.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(
            f"unsupported file type {path.suffix or '(none)'!r}: use .txt .md .html .htm .jsonl",
            path=str(path),
        )
    _check_readable(path)
    try:
        if suffix == ".jsonl":
            _validate_jsonl(path, max_bytes)
            yield from _jsonl_articles(path, max_bytes)
            return
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(_too_large(size, max_bytes), path=str(path))
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path=str(path)) from exc
    yield _read_document(path, raw, html=suffix in HTML_SUFFIXES)


def _check_readable(path: Path) -> None:
    if not path.exists():
        raise InputError("no such file", path=str(path))
    if not path.is_file():
        raise InputError("not a regular file", path=str(path))


def _too_large(size: int, limit: int) -> str:
    return f"too large: {size} bytes, over the limit of {limit} (FACTCHECK_MAX_FILE_BYTES)"


def _read_document(path: Path, raw: bytes, *, html: bool) -> Article:
    text = decode_bytes(raw, path=str(path), html=html)
    if html:
        return parse_html(text, path=str(path))
    return parse_plain(text, path=str(path))


# --- decoding -----------------------------------------------------------------------------------


def decode_bytes(raw: bytes, *, path: str, html: bool = False, line: int | None = None) -> str:
    """Decode file bytes strictly: UTF-8 (a BOM honoured), else a declared HTML charset.

    Never substitutes characters: bytes that do not decode raise InputError. Line ends are
    normalised to ``\\n``. Empty, whitespace-only and binary content raise too.
    """
    if not raw.strip():
        raise InputError("empty", path=path, line=line)
    codec = next((name for bom, name in _BOMS if raw.startswith(bom)), None)
    if codec is None and b"\x00" in raw:
        raise InputError("binary file (NUL bytes), not text", path=path, line=line)
    text = _decode(raw, codec, path=path, html=html, line=line)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError("empty", path=path, line=line)
    check_text(text, path=path, line=line)
    return text


def _decode(raw: bytes, codec: str | None, *, path: str, html: bool, line: int | None) -> str:
    try:
        return raw.decode(codec or "utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    if codec is None and _mostly_binary(raw):
        raise InputError("binary file, not text", path=path, line=line)
    declared = _declared_charset(raw) if html else None
    if declared is None or declared in ("utf-8", "utf_8"):
        where = f"byte 0x{raw[utf8_error.start]:02x} at offset {utf8_error.start}"
        hint = "" if html else "; save the file as UTF-8"
        raise InputError(f"undecodable: not valid UTF-8 ({where}){hint}", path=path, line=line)
    try:
        return raw.decode(declared)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"undecodable: neither UTF-8 nor its declared charset {declared} (offset {exc.start})",
            path=path,
            line=line,
        ) from exc


def _declared_charset(raw: bytes) -> str | None:
    head = raw[:4096]
    match = _CHARSET.search(head) or _XML_ENCODING.search(head)
    if match is None:
        return None
    try:
        return codecs.lookup(match.group(1).decode("ascii")).name
    except LookupError:
        return None


def _mostly_binary(raw: bytes) -> bool:
    sample = raw[:8192]
    odd = sum(1 for b in sample if (b < 32 and b not in (9, 10, 12, 13)) or b == 127)
    return odd > len(sample) * 0.05


def check_text(text: str, *, path: str, line: int | None = None) -> None:
    """Refuse decoded text that is mostly control characters (a binary file that decoded)."""
    sample = text[:20000]
    odd = sum(1 for ch in sample if ch < " " and ch not in _TEXT_CONTROLS)
    if odd > len(sample) * 0.05 or "\x00" in sample:
        raise InputError("binary content (control characters), not text", path=path, line=line)


# --- HTML ---------------------------------------------------------------------------------------

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
        boilerplate=tuple(
            span for span in builder.paragraphs if is_boilerplate(text[slice(*span)])
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
    except (ValueError, TypeError, AttributeError) as exc:
        raise InputError(f"malformed HTML: {exc}", path=path) from exc
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
    links: list[Link] = []
    for child in element:
        offset = sum(map(len, parts))
        if child.tag == "lb":
            parts.append("\n")
        else:
            inner, inner_links = _inline_text(child)
            parts.append(inner)
            links.extend(_shift(inner_links, offset))
            href = child.get("target") if child.tag == "ref" else None
            if href and inner.strip():
                links.append(Link(text=inner, start=offset, end=offset + len(inner), href=href))
        parts.append(child.tail or "")
    return "".join(parts), links


def _shift(links: Iterable[Link], by: int) -> list[Link]:
    return [Link(text=k.text, start=k.start + by, end=k.end + by, href=k.href) for k in links]


def _strip_block(text: str, links: list[Link]) -> tuple[str, list[Link]]:
    lead = len(text) - len(text.lstrip())
    stripped = text.strip()
    kept = [k for k in _shift(links, -lead) if k.start >= 0 and k.end <= len(stripped)]
    return stripped, kept


# --- JSONL --------------------------------------------------------------------------------------


def _iter_lines(path: Path, max_bytes: int) -> Iterator[tuple[int, bytes]]:
    """Non-blank lines with their numbers; a line is never read far past ``max_bytes``."""
    with path.open("rb") as handle:
        number = 0
        while raw := handle.readline(max_bytes + 2):
            number += 1
            if len(raw.rstrip(b"\r\n")) > max_bytes:
                raise InputError(
                    f"line too large: over the limit of {max_bytes} bytes "
                    "(FACTCHECK_MAX_FILE_BYTES)",
                    path=str(path),
                    line=number,
                )
            if raw.strip():
                yield number, raw


def _validate_jsonl(path: Path, max_bytes: int) -> None:
    count = 0
    for number, raw in _iter_lines(path, max_bytes):
        _jsonl_record(path, number, raw)
        count += 1
    if count == 0:
        raise InputError("empty", path=str(path))


def _jsonl_articles(path: Path, max_bytes: int) -> Iterator[Article]:
    for number, raw in _iter_lines(path, max_bytes):
        yield _jsonl_article(path, number, _jsonl_record(path, number, raw))


def _jsonl_record(path: Path, number: int, raw: bytes) -> dict[str, Any]:
    where: dict[str, Any] = {"path": str(path), "line": number}
    text = decode_bytes(raw, path=str(path), line=number)
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"malformed JSON: {exc.msg} (column {exc.colno})", **where) from exc
    if not isinstance(record, dict):
        raise InputError("malformed JSONL: each line must be a JSON object", **where)
    body = record.get("text", record.get("html"))
    if not isinstance(body, str) or not body.strip():
        raise InputError("each line needs a non-empty string 'text' or 'html'", **where)
    for name in JSON_TEXT_FIELDS:
        if record.get(name) is not None and not isinstance(record[name], str):
            raise InputError(f"field {name!r} must be a string", **where)
    return record


def _jsonl_article(path: Path, number: int, record: dict[str, Any]) -> Article:
    where = f"{path}:{number}"
    if isinstance(record.get("text"), str):
        body = record["text"].replace("\r\n", "\n").replace("\r", "\n")
        check_text(body, path=str(path), line=number)
        article = parse_plain(body, path=where)
    else:
        try:
            article = parse_html(record["html"], path=where, url=record.get("url") or "")
        except InputError as exc:
            raise InputError(exc.reason, path=str(path), line=number) from exc
    return _with_fields(article, record)


def _with_fields(article: Article, record: dict[str, Any]) -> Article:
    return replace(
        article,
        url=record.get("url") or article.url,
        title=record.get("title") or article.title,
        byline=record.get("author") or article.byline,
        publisher=record.get("publisher") or article.publisher,
        published=parse_published(record.get("published") or "") or article.published,
    )
