"""Values every backend can store, checked once before any backend sees them (issue 16, point 6).

SQLite stores a NUL character, a 500-character ``published`` in a ``VARCHAR(32)``, an integer past
PostgreSQL's 32-bit ``INTEGER`` and a date inside a JSON column (as text) without a word;
PostgreSQL refuses each with a database error. Checking every new or changed row before a flush
gives the same ``InputError`` on both, naming the table and the field.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import JSON, BigInteger, Integer, String, event, inspect
from sqlalchemy.orm import Session, sessionmaker

from factcheck.errors import InputError

INT32 = (-(2**31), 2**31 - 1)
INT64 = (-(2**63), 2**63 - 1)


def check_row(row: Any) -> None:
    """Raise InputError when a column value of ``row`` could not be stored on every backend."""
    mapper = inspect(row).mapper
    for attr in mapper.column_attrs:
        column = attr.columns[0]
        value = getattr(row, attr.key)
        if value is not None:
            _check_value(mapper.local_table.name, attr.key, column.type, value)


def _check_value(table: str, name: str, kind: Any, value: Any) -> None:
    where = f"{table}.{name}"
    if isinstance(value, str):
        if "\x00" in value:
            raise InputError(f"{where}: a NUL character cannot be stored")
        length = getattr(kind, "length", None)
        if isinstance(kind, String) and length is not None and len(value) > length:
            raise InputError(f"{where}: {len(value)} characters, at most {length} can be stored")
    elif isinstance(value, int) and not isinstance(value, bool):
        low, high = INT64 if isinstance(kind, BigInteger) else INT32
        if isinstance(kind, Integer) and not low <= value <= high:
            raise InputError(f"{where}: {value} is out of the range that can be stored")
    elif isinstance(kind, JSON) and isinstance(value, dict | list):
        try:
            encoded = json.dumps(value, allow_nan=False)
        except (TypeError, ValueError) as exc:
            raise InputError(f"{where}: not plain JSON ({exc})") from None
        if "\\u0000" in encoded:
            raise InputError(f"{where}: a NUL character cannot be stored")


def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    for row in (*session.new, *session.dirty):
        check_row(row)


def install(factory: sessionmaker[Session]) -> None:
    """Check every row the sessions of ``factory`` flush."""
    event.listen(factory, "before_flush", _before_flush)
