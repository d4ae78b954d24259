"""Queries and get-or-create helpers shared by ingest, the files importer and the web services.

Functions here only ``flush()``; the caller's unit of work commits.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.db.models import Article, Source, Speaker
from factcheck.errors import NotFound
from factcheck.slugs import slugify

Row = TypeVar("Row")

# Speakers of these kinds are only meaningful inside one article: "a resident", "critics".
ARTICLE_SCOPED_SPEAKER_KINDS = frozenset({"anonymous", "group", "author"})


def get_or_404(session: Session, model: type[Row], ident: int, message: str) -> Row:
    """The row of ``model`` with primary key ``ident``; NotFound with ``message`` when there is none."""
    row = session.get(model, ident)
    if row is None:
        raise NotFound(message)
    return row


def normalize_text(text: str) -> str:
    """Case-, accent-, quote- and space-insensitive form of a text, for matching claims."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"[\u2018\u2019\u201c\u201d\"'`]", "", text)
    return re.sub(r"\W+", " ", text).strip()


def claim_uid(text: str) -> str:
    """A stable id for a claim within its article: a short hash of its normalized text."""
    return hashlib.sha1(normalize_text(text).encode("utf-8")).hexdigest()[:12]


def speaker_key(name: str, kind: str, article_slug: str) -> str:
    """The canonical key of a speaker: global for named people and bodies, per article otherwise."""
    base = f"{kind}:{slugify(name, 120)}"
    return f"{base}@{article_slug}" if kind in ARTICLE_SCOPED_SPEAKER_KINDS else base


def get_or_create_speaker(session: Session, name: str, kind: str, article_slug: str) -> Speaker:
    key = speaker_key(name, kind, article_slug)
    speaker = session.scalar(select(Speaker).where(Speaker.key == key))
    if speaker is None:
        speaker = Speaker(key=key, name=name, kind=kind, aliases=[])
        session.add(speaker)
        session.flush()
    return speaker


def get_or_create_source(session: Session, key: str, **fields: Any) -> Source:
    """The source with this canonical key; created with ``fields`` if new, blanks filled if not."""
    source = session.scalar(select(Source).where(Source.key == key))
    if source is None:
        source = Source(key=key, **fields)
        session.add(source)
        session.flush()
        return source
    for name, value in fields.items():
        if value and not getattr(source, name):
            setattr(source, name, value)
    return source


def article_by_slug(session: Session, slug: str) -> Article | None:
    return session.scalar(select(Article).where(Article.slug == slug))


MAX_ROW_ID = 2**31 - 1  # the primary keys' range on PostgreSQL (integer); SQLite's is wider


def row_id(value: int | str) -> int | None:
    """``value`` as a primary key when it is one (ASCII digits, within the range of the keys on
    every backend), else None.

    Larger numbers cannot name a row; passing them to the database would raise OverflowError
    (SQLite, past 64 bits) or "integer out of range" (PostgreSQL, past 32 bits).
    """
    if isinstance(value, str):
        if not (value.isascii() and value.isdigit()):
            return None
        value = int(value)
    return value if 0 < value <= MAX_ROW_ID else None
