"""Editors' fixes of what extraction got wrong about an article or a cited source, audited.

An article's title, byline, publisher, date and url are read from its file, and often wrongly (a
byline missed, a site name for a title). An editor's value is kept across re-ingest: the names of
the edited fields are listed in ``article.meta["edited"]`` and ``factcheck.store.articles`` leaves
those fields alone when the article's text changes (the list travels with the knowledge-base
files, since ``meta`` does). A source's fields are never overwritten by an ingest (it only fills a
blank url), so an edited source stays as the editor left it.

Each edit writes an AuditEvent with every changed field as ``[before, after]``. Functions only
``flush()``; the caller commits.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.accounts.users import require
from factcheck.db.models import Article, Claim, Source, Speaker, User
from factcheck.db.repository import get_or_404, get_or_create_speaker
from factcheck.errors import InputError
from factcheck.records import EVIDENCE_KINDS, SOURCE_FIELDS
from factcheck.review.audit import audit
from factcheck.review.verdicts import clean_text, clean_urls

ARTICLE_EDIT_FIELDS = ("title", "byline", "publisher", "published", "url")
SOURCE_EDIT_FIELDS = SOURCE_FIELDS
# the longest value of each field (the column's size where it has one)
_LIMITS = {"publisher": 200, "published": 32, "date": 32, "language": 16, "credibility": 32}
_LONG_FIELDS = {"notes": 20000}
_PARTIAL_DATE = re.compile(r"\d{4}(-(0[1-9]|1[0-2]))?")
EDITED_KEY = "edited"  # factcheck.store.articles reads the same key (it may not import review)


def valid_date(value: str, what: str) -> str:
    """An ISO date or date-time, or a year or year-month (``2026``, ``2026-03``); empty is fine."""
    if not value or _PARTIAL_DATE.fullmatch(value):
        return value
    try:
        if len(value) == 10:
            date.fromisoformat(value)
        else:
            datetime.fromisoformat(value)
    except ValueError:
        raise InputError(
            f"{what} {value!r} is not a date: write it as 2026-03-14 (or 2026-03, or 2026)"
        ) from None
    return value


def _clean(name: str, raw: Any, what: str) -> str:
    limit = _LIMITS.get(name) or _LONG_FIELDS.get(name) or 2000
    value = clean_text(str(raw or ""), f"the {what} {name}", limit)
    if name != "notes":
        value = " ".join(value.split())  # one line: titles and names never hold line breaks
    if name == "url" and value:
        try:
            value = clean_urls([value])[0]
        except InputError:
            raise InputError(f"the {what} url {value[:80]!r} is not an http(s) URL") from None
    if name in ("published", "date"):
        value = valid_date(value, f"the {what} date")
    return value


def _apply(row: Any, fields: tuple[str, ...], values: Mapping[str, Any], what: str) -> dict:
    """Set the given fields on ``row``; return ``{field: [before, after]}`` of those that changed."""
    changes: dict[str, list[str]] = {}
    for name in fields:
        if name not in values:
            continue
        value = _clean(name, values[name], what)
        before = getattr(row, name) or ""
        if value != before:
            changes[name] = [before, value]
            setattr(row, name, value)
    return changes


def edit_article(
    session: Session, article_id: int, user: User, values: Mapping[str, Any], note: str = ""
) -> dict[str, list[str]]:
    """Set an article's title, byline, publisher, date (``published``) and url from ``values``
    (fields absent from it are left as they are); return the changes, ``{}`` when none."""
    require(user, "editor", "editing an article")
    article = get_or_404(session, Article, article_id, f"no article {article_id}")
    if "title" in values and not str(values["title"] or "").strip():
        raise InputError("an article needs a title")
    changes = _apply(article, ARTICLE_EDIT_FIELDS, values, "article")
    if not changes:
        return changes
    meta = dict(article.meta or {})
    meta[EDITED_KEY] = sorted({*meta.get(EDITED_KEY, []), *changes})
    article.meta = meta
    data: dict[str, Any] = {"changes": changes, "note": clean_text(note, "the note", 2000)}
    if {"byline", "publisher"} & set(changes):
        data["author_claims"] = _rename_author(session, article)
    audit(session, "article.edit", "article", article.id, data, actor=user.name, user_id=user.id)
    session.flush()
    return changes


def _rename_author(session: Session, article: Article) -> int:
    """Give the article's own claims (speaker kind ``author``) to the corrected byline, or the
    publisher when there is none; claims whose speaker an editor set are left alone."""
    name = article.byline or article.publisher or "the article"
    author = get_or_create_speaker(session, name, "author", article.slug)
    claims = session.scalars(
        select(Claim)
        .join(Speaker, Speaker.id == Claim.speaker_id)
        .where(
            Claim.article_id == article.id,
            Speaker.kind == "author",
            Claim.corrected.is_(False),
            Claim.speaker_id != author.id,
        )
    ).all()
    for claim in claims:
        claim.speaker_id = author.id
    return len(claims)


def edit_source(
    session: Session, source_id: int, user: User, values: Mapping[str, Any], note: str = ""
) -> dict[str, list[str]]:
    """Set a source's title, kind, publisher, date, url, identifier, language, credibility and
    notes from ``values`` (absent fields are left alone); return the changes."""
    require(user, "editor", "editing a source")
    source = get_or_404(session, Source, source_id, f"no source {source_id}")
    if "kind" in values and values["kind"] not in EVIDENCE_KINDS:
        raise InputError(f"a source's kind is one of: {', '.join(EVIDENCE_KINDS)}")
    if "title" in values and not str(values["title"] or "").strip():
        raise InputError("a source needs a title")
    changes = _apply(source, SOURCE_EDIT_FIELDS, values, "source")
    if changes:
        data = {"key": source.key, "changes": changes, "note": clean_text(note, "the note", 2000)}
        audit(session, "source.edit", "source", source.id, data, actor=user.name, user_id=user.id)
        session.flush()
    return changes
