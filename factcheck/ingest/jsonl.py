"""JSONL -> ``Article`` records: one JSON object a line, with ``text`` or ``html`` and optional
fields; a bad line fails the whole file before any article is handed on."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from factcheck.errors import InputError
from factcheck.ingest.decode import check_text, check_unicode, decode_bytes
from factcheck.ingest.html import parse_html
from factcheck.ingest.text import parse_plain, parse_published
from factcheck.records import Article

JSON_TEXT_FIELDS = ("url", "title", "author", "published", "publisher")


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


def validate_jsonl(path: Path, max_bytes: int) -> None:
    count = 0
    for number, raw in _iter_lines(path, max_bytes):
        _jsonl_record(path, number, raw)
        count += 1
    if count == 0:
        raise InputError("empty", path=str(path))


def jsonl_articles(path: Path, max_bytes: int) -> Iterator[Article]:
    for number, raw in _iter_lines(path, max_bytes):
        yield _jsonl_article(path, number, _jsonl_record(path, number, raw))


def _jsonl_record(path: Path, number: int, raw: bytes) -> dict[str, Any]:
    where: dict[str, Any] = {"path": str(path), "line": number}
    text = decode_bytes(raw, path=str(path), line=number)
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"malformed JSON: {exc.msg} (column {exc.colno})", **where) from exc
    except RecursionError as exc:
        raise InputError("malformed JSONL: nested too deeply", **where) from exc
    except ValueError as exc:  # an integer of thousands of digits
        raise InputError(f"malformed JSONL: {str(exc).split(';')[0]}", **where) from exc
    if not isinstance(record, dict):
        raise InputError("malformed JSONL: each line must be a JSON object", **where)
    body = record.get("text", record.get("html"))
    if not isinstance(body, str) or not body.strip():
        raise InputError("each line needs a non-empty string 'text' or 'html'", **where)
    for name in JSON_TEXT_FIELDS:
        if record.get(name) is not None and not isinstance(record[name], str):
            raise InputError(f"field {name!r} must be a string", **where)
    for name in ("text", "html", *JSON_TEXT_FIELDS):
        if isinstance(record.get(name), str):
            check_unicode(record[name], what=f"field {name!r}", **where)
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
