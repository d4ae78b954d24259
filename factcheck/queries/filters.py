"""Claim filters: what a claims list, its facets and its exports are restricted to.

Every filter becomes a condition on ``Claim`` alone (subqueries, no joins), so that counts and
facets stay cheap and any select over claims can be restricted the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    exists,
    false,
    select,
)
from sqlalchemy.orm import Session, aliased

from factcheck.db.counts import maintained
from factcheck.db.fts import match_claims
from factcheck.db.models import CLAIM_STATUSES, Article, Citation, Claim, Source, Speaker
from factcheck.db.repository import row_id
from factcheck.errors import InputError
from factcheck.review.scale import NORMALIZED
from factcheck.textrules import DATE, matches

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def date_problem(value: str | None) -> str | None:
    """What is wrong with a date filter (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``), or None."""
    if value is None:
        return None
    if not _DATE.match(value):
        return "must be a date as YYYY, YYYY-MM or YYYY-MM-DD"
    if not matches(DATE, value):
        return "must be a real date: months run 01-12, days to the month's last"
    return None


@dataclass
class ClaimFilters:
    """What a claims list is restricted to; every field left None does not restrict.

    ``rating`` is a label and ``normalized`` a normalized rating, of the claim's decided rating;
    ``source`` and ``article`` take an id or a key/slug; dates compare with the article's published
    date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, inclusive); ``q`` is full text.
    """

    status: str | None = None
    rating: str | None = None
    normalized: str | None = None
    speaker: int | None = None
    speaker_kind: str | None = None
    source: int | str | None = None
    source_kind: str | None = None
    article: int | str | None = None
    publisher: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    hedged: bool | None = None
    unsourced: bool | None = None
    q: str | None = None
    include_orphaned: bool = False
    include_rejected: bool = False

    def __post_init__(self) -> None:
        if self.status is not None and self.status not in CLAIM_STATUSES:
            raise InputError(f"status must be one of {', '.join(CLAIM_STATUSES)}")
        if self.normalized is not None:
            self.normalized = self.normalized.upper()
            if self.normalized not in NORMALIZED:
                raise InputError(f"normalized must be one of {', '.join(NORMALIZED)}")
        for name in ("date_from", "date_to"):
            problem = date_problem(getattr(self, name))
            if problem:
                raise InputError(f"{name} {problem} (got {getattr(self, name)[:40]!r})")


def _by_id_or_key(value: int | str, id_column: Any, key_column: Any) -> ColumnElement[bool]:
    if isinstance(value, int) or (value.isascii() and value.isdigit()):
        pk = row_id(value)
        return id_column == pk if pk is not None else false()
    return key_column == value


def _conditions(f: ClaimFilters, dialect: str) -> list[ColumnElement[bool]]:
    """The filters as conditions on ``Claim`` alone (subqueries, no joins), so counts stay cheap.

    Subqueries use aliases: a facet query may join the same tables, and SQLAlchemy would
    otherwise correlate the subquery with them. Where the database maintains the claim's rating
    and citation flag (SQLite), those filters read the claim's own indexed columns.
    """
    conds: list[ColumnElement[bool]] = []
    if not f.include_orphaned:
        conds.append(Claim.orphaned.is_(False))
    if not f.include_rejected:
        conds.append(Claim.rejected.is_(False))
    if f.status is not None:
        conds.append(Claim.status == f.status)
    if f.hedged is not None:
        conds.append(Claim.hedged.is_(f.hedged))
    if f.speaker is not None:
        speaker_id = row_id(f.speaker)
        conds.append(Claim.speaker_id == speaker_id if speaker_id is not None else false())
    if f.speaker_kind is not None:
        # EXISTS, not IN: a page then reads claims in its own order and stops once full, where an
        # IN list of every speaker of the kind would collect all their claims first
        speaker = aliased(Speaker)
        conds.append(exists().where(speaker.id == Claim.speaker_id, speaker.kind == f.speaker_kind))
    conds.extend(_verdict_conditions(f))
    conds.extend(_source_conditions(f, maintained(dialect)))
    conds.extend(_article_conditions(f))
    return conds


def _verdict_conditions(f: ClaimFilters) -> list[ColumnElement[bool]]:
    """The decided rating, kept on the claim (``factcheck.review.verdicts.apply_review``)."""
    conds: list[ColumnElement[bool]] = []
    if f.normalized is not None:
        conds.append(Claim.rating_normalized == f.normalized)
    if f.rating is not None:
        conds.append(Claim.rating_key == f.rating.lower())
    return conds


def _source_conditions(f: ClaimFilters, kept: bool) -> list[ColumnElement[bool]]:
    if f.source is None and f.source_kind is None and f.unsourced is None:
        return []  # building the aliased subqueries costs more than running a page
    conds: list[ColumnElement[bool]] = []
    if kept and f.unsourced is not None:
        conds.append(Claim.cited.is_(not f.unsourced))
        f = replace(f, unsourced=None)
    citation, source = aliased(Citation), aliased(Source)
    cited = select(citation.claim_id).join(source, source.id == citation.source_id)
    if f.source is not None:
        conds.append(Claim.id.in_(cited.where(_by_id_or_key(f.source, source.id, source.key))))
    if f.source_kind is not None:  # EXISTS, as speaker_kind
        conds.append(
            exists().where(
                citation.claim_id == Claim.id,
                source.id == citation.source_id,
                source.kind == f.source_kind,
            )
        )
    if f.unsourced is not None:
        sourced = exists().where(citation.claim_id == Claim.id)
        conds.append(~sourced if f.unsourced else sourced)
    return conds


def _article_conditions(f: ClaimFilters) -> list[ColumnElement[bool]]:
    if f.article is None and f.publisher is None and f.date_from is None and f.date_to is None:
        return []
    article = aliased(Article)
    wanted: list[ColumnElement[bool]] = []
    if f.article is not None:
        wanted.append(_by_id_or_key(f.article, article.id, article.slug))
    if f.publisher is not None:
        wanted.append(article.publisher == f.publisher)
    if f.date_from is not None:
        wanted.append(article.published >= f.date_from)
    if f.date_to is not None:
        # "\x7f" sorts after every character of a date, so "2026-03" includes "2026-03-31"
        wanted.append(and_(article.published != "", article.published <= f.date_to + "\x7f"))
    if not wanted:
        return []
    return [Claim.article_id.in_(select(article.id).where(*wanted))]


def filtered(stmt: Select, f: ClaimFilters, dialect: str, *, full_text: bool = True) -> Select:
    """``stmt`` (a query over ``Claim``) restricted by the filters, full text included unless
    the caller applies it itself (``full_text=False``)."""
    stmt = stmt.where(*_conditions(f, dialect))
    if full_text and f.q is not None and f.q.strip():
        stmt = match_claims(stmt, f.q, dialect)
    return stmt


def dialect_of(session: Session) -> str:
    return session.get_bind().dialect.name
