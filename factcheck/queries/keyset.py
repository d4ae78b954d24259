"""Keyset pagination shared by every list of the API and the pages.

A page ends at a row; the cursor records that row's sort key and id, and the next page asks for the
rows strictly after it in the same order: ``(key, id) > (last_key, last_id)`` (``<`` when descending).
Unlike OFFSET, this stays correct while rows are added or removed (no row is repeated or skipped)
and costs the same on page 1 and page 10,000. The id breaks ties, so the order is total.

Cursors are opaque to clients: base64url of a small JSON document, validated on the way back in.
A cursor with a character outside base64url is an ``InputError`` (HTTP 400: the API's schema says
the alphabet, ``CURSOR_PATTERN``); one written in it that names no page of this list (made up, cut
short, made for another ``_sort``) is ``NotFound`` (404), as an id that names no row is. Never a
server error.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Select, tuple_

from factcheck.errors import InputError, NotFound

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 1000
MAX_CURSOR_LENGTH = 2000
CURSOR_PATTERN = r"^[A-Za-z0-9_-]*$"  # base64url without padding
_CURSOR = re.compile(CURSOR_PATTERN)
_CURSOR_VERSION = 1


@dataclass
class Page:
    """One page of a list: JSON-safe rows and the cursor of the next page (None on the last)."""

    rows: list[dict[str, Any]]
    next: str | None = None
    facets: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


@dataclass(frozen=True)
class SortKey:
    """A sort a list offers: the column to order by and the Python type of its values."""

    column: Any
    type: type


@dataclass(frozen=True)
class Sort:
    """A parsed ``sort`` parameter such as ``-published``."""

    name: str
    key: SortKey
    descending: bool


def parse_sort(sort: str, keys: Mapping[str, SortKey]) -> Sort:
    """Parse ``name`` or ``-name``; unknown names are an InputError listing the allowed ones."""
    descending = sort.startswith("-")
    name = sort[1:] if descending else sort
    if name not in keys:
        allowed = ", ".join(f"{k}, -{k}" for k in keys)
        raise InputError(f"unknown sort {sort!r}; allowed: {allowed}")
    return Sort(sort, keys[name], descending)


def check_size(size: int) -> int:
    """A page size between 1 and MAX_PAGE_SIZE, else an InputError."""
    if not 1 <= size <= MAX_PAGE_SIZE:
        raise InputError(f"page size must be between 1 and {MAX_PAGE_SIZE}, not {size}")
    return size


def encode_cursor(sort: Sort, key_value: Any, row_id: int) -> str:
    """The opaque cursor pointing just after a row."""
    document = {"v": _CURSOR_VERSION, "s": sort.name, "k": [key_value, row_id]}
    raw = json.dumps(document, separators=(",", ":"), ensure_ascii=True).encode("ascii")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


class _SortMismatch(ValueError):
    """A cursor of this API, made for another sort order."""


def decode_cursor(cursor: str, sort: Sort) -> tuple[Any, int]:
    """The (sort key value, id) a cursor points after: an InputError when it is not written as a
    cursor, NotFound when it is but names no page of this list."""
    if len(cursor) > MAX_CURSOR_LENGTH or not _CURSOR.match(cursor):
        raise InputError(
            f"_next is not a cursor: at most {MAX_CURSOR_LENGTH} characters of A-Z, a-z, 0-9, "
            "'-' and '_'; pass the 'next' value of the previous page unchanged"
        )
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        document = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
        value, row_id = _validated(document, sort)
    except _SortMismatch as exc:
        raise NotFound(f"_next: this cursor {exc}; keep the _sort of the first page") from exc
    except (ValueError, TypeError, KeyError, UnicodeError, binascii.Error) as exc:
        raise NotFound(
            "_next names no page of this list: pass the 'next' value of the previous page "
            "unchanged (or leave _next out for the first page)"
        ) from exc
    return value, row_id


def _validated(document: Any, sort: Sort) -> tuple[Any, int]:
    if not isinstance(document, dict) or document.get("v") != _CURSOR_VERSION:
        raise ValueError("not a cursor of this API")
    if document.get("s") != sort.name:
        raise _SortMismatch(f"was made for _sort={document.get('s')}, not _sort={sort.name}")
    key = document["k"]
    if not isinstance(key, list) or len(key) != 2:
        raise ValueError("bad key")
    value, row_id = key
    if not _is_int(row_id) or not _is_type(value, sort.key.type):
        raise ValueError("bad key values")
    return (float(value) if sort.key.type is float else value), row_id


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_type(value: Any, wanted: type) -> bool:
    if wanted is float:
        return _is_int(value) or isinstance(value, float)
    if wanted is int:
        return _is_int(value)
    return isinstance(value, wanted)


def after(stmt: Select, sort: Sort, id_column: Any, cursor: str | None) -> Select:
    """Order ``stmt`` by the sort (id breaking ties) and, given a cursor, start after it."""
    column = sort.key.column
    # one ORDER BY term when the key is the id: FTS5 only reads in rowid order for exactly one
    columns = [column] if column is id_column else [column, id_column]
    stmt = stmt.order_by(*(c.desc() if sort.descending else c.asc() for c in columns))
    if cursor is None:
        return stmt
    value, row_id = decode_cursor(cursor, sort)
    return stmt.where(_beyond(column, id_column, value, row_id, sort.descending))


def _beyond(
    column: Any, id_column: Any, value: Any, row_id: int, descending: bool
) -> ColumnElement[bool]:
    if column is id_column:  # one-column key: a plain comparison uses the primary key
        return id_column < row_id if descending else id_column > row_id
    pair = tuple_(column, id_column)
    return pair < (value, row_id) if descending else pair > (value, row_id)


def finish(rows: Sequence[Any], size: int, sort: Sort, key_of: Any) -> tuple[list[Any], str | None]:
    """Cut the size+1 rows fetched to ``size`` and make the next cursor if there are more.

    ``key_of(row)`` returns (sort key value, id) of a fetched row.
    """
    if len(rows) <= size:
        return list(rows), None
    kept = list(rows[:size])
    value, row_id = key_of(kept[-1])
    return kept, encode_cursor(sort, value, row_id)
