"""The schema of DESIGN.md as typed SQLAlchemy 2.0 models.

Relationships are ``lazy="raise"``: a query says what it loads (``selectinload``), so no page or
export issues one query per row by accident.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from factcheck.db.base import Base, utcnow

CLAIM_STATUSES = ("unreviewed", "in_review", "disputed", "decided")
ROLES = ("viewer", "reviewer", "editor", "admin")
# Partial indexes of live claims (name: leading columns; id follows), see Claim.__table_args__
LIVE_INDEXES = {
    "checkworthiness": ("checkworthiness",),
    "normalized": ("rating_normalized",),
    "rating": ("rating_key",),
    "hedged": ("hedged",),
    "cited": ("cited",),
    "speaker": ("speaker_id",),
    "queue": ("status", "checkworthiness"),  # the review queue's order (migration 0007)
}


class Article(Base):
    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(200), unique=True)
    title: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str] = mapped_column(Text, default="")
    byline: Mapped[str] = mapped_column(Text, default="")
    publisher: Mapped[str] = mapped_column(String(200), default="", index=True)
    published: Mapped[str] = mapped_column(String(32), default="", index=True)
    language: Mapped[str] = mapped_column(String(16), default="en")
    text: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    source_path: Mapped[str] = mapped_column(Text, default="")
    meta: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    claims: Mapped[list[Claim]] = relationship(
        back_populates="article", lazy="raise", cascade="all, delete-orphan"
    )


class Speaker(Base):
    """A resolved speaker. ``key`` is canonical: a named person across articles is one row; an
    anonymous source is one row per article ("anonymous:<article-slug>:<name>")."""

    __tablename__ = "speakers"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(300), unique=True)
    name: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    claims: Mapped[list[Claim]] = relationship(back_populates="speaker", lazy="raise")


class Source(Base):
    """A canonical cited source (a cable, a report, an interview, a testimony), shared by articles."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    title: Mapped[str] = mapped_column(Text, default="")
    publisher: Mapped[str] = mapped_column(String(200), default="")
    date: Mapped[str] = mapped_column(String(32), default="")
    url: Mapped[str] = mapped_column(Text, default="")
    identifier: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(16), default="")
    credibility: Mapped[str] = mapped_column(String(32), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    citations: Mapped[list[Citation]] = relationship(back_populates="source", lazy="raise")


class Claim(Base):
    __tablename__ = "claims"
    __table_args__ = (
        UniqueConstraint("article_id", "uid"),
        Index("ix_claims_status_id", "status", "id"),
        # live claims only (what lists and facets read); see migration 0003
        Index(
            "ix_claims_live",
            "status",
            "orphaned",
            "rejected",
            "id",
            sqlite_where=text("orphaned IS 0 AND rejected IS 0"),
            postgresql_where=text("orphaned IS false AND rejected IS false"),
        ),
        # live claims by each filter and sort of the claim lists, id last for keyset pages
        # (migration 0004)
        *(
            Index(
                f"ix_claims_live_{name}",
                *columns,
                "id",
                sqlite_where=text("orphaned IS 0 AND rejected IS 0"),
                postgresql_where=text("orphaned IS false AND rejected IS false"),
            )
            for name, columns in LIVE_INDEXES.items()
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(
        String(64)
    )  # stable within the article: hash of normalized text
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    speaker_id: Mapped[int | None] = mapped_column(
        ForeignKey("speakers.id", ondelete="SET NULL"), index=True
    )
    text: Mapped[str] = mapped_column(Text)
    normalized_text: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(32))
    speaker_text: Mapped[str | None] = mapped_column(Text)
    speaker_start: Mapped[int | None] = mapped_column(Integer)
    speaker_end: Mapped[int | None] = mapped_column(Integer)
    cue_text: Mapped[str | None] = mapped_column(Text)
    cue_start: Mapped[int | None] = mapped_column(Integer)
    cue_end: Mapped[int | None] = mapped_column(Integer)
    hedges: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    hedged: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    checkworthiness: Mapped[float] = mapped_column(Float, default=0.0)
    # the hand signals behind the score (number, date, causal, ...), shown to reviewers
    checkworthiness_signals: Mapped[list[str]] = mapped_column(
        JSON, default=list, server_default="[]"
    )
    status: Mapped[str] = mapped_column(String(16), default="unreviewed")
    orphaned: Mapped[bool] = mapped_column(
        Boolean, default=False
    )  # gone from a re-ingested article
    rejected: Mapped[bool] = mapped_column(Boolean, default=False)  # an editor said: not a claim
    corrected: Mapped[bool] = mapped_column(
        Boolean, default=False
    )  # edited by hand; re-ingest keeps it
    # The decided rating (NULL unless decided), written with ``status`` by
    # factcheck.review.verdicts.apply_review; ``cited`` (any citation names the claim) is kept by
    # triggers on SQLite (factcheck/db/counts.py), in the writing transaction.
    rating_label: Mapped[str | None] = mapped_column(String(100))
    rating_value: Mapped[int | None] = mapped_column(Integer)
    rating_normalized: Mapped[str | None] = mapped_column(String(16))
    rating_key: Mapped[str | None] = mapped_column(String(100))  # lower(rating_label)
    cited: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    article: Mapped[Article] = relationship(back_populates="claims", lazy="raise")
    speaker: Mapped[Speaker | None] = relationship(back_populates="claims", lazy="raise")
    citations: Mapped[list[Citation]] = relationship(
        back_populates="claim", lazy="raise", cascade="all, delete-orphan"
    )
    verdicts: Mapped[list[Verdict]] = relationship(
        back_populates="claim", lazy="raise", order_by="Verdict.id"
    )


class Citation(Base):
    """A claim rests on a source: the evidence span in the article and how it relates."""

    __tablename__ = "citations"
    __table_args__ = (UniqueConstraint("claim_id", "source_id", "evidence_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"), index=True)
    evidence_text: Mapped[str] = mapped_column(Text, default="")
    evidence_start: Mapped[int | None] = mapped_column(Integer)
    evidence_end: Mapped[int | None] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(32))
    relation: Mapped[str] = mapped_column(String(32), default="cites")

    claim: Mapped[Claim] = relationship(back_populates="citations", lazy="raise")
    source: Mapped[Source] = relationship(back_populates="citations", lazy="raise")


class Verdict(Base):
    """Append-only: a reviewer's rating of a claim. Never updated or deleted."""

    __tablename__ = "verdicts"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reviewer: Mapped[str] = mapped_column(String(100))
    rating_label: Mapped[str] = mapped_column(String(100))
    rating_value: Mapped[int | None] = mapped_column(Integer)
    normalized: Mapped[str] = mapped_column(String(16), index=True)
    # the reviewer's role when recording it: an editor's verdict decides (factcheck.review.status)
    role: Mapped[str] = mapped_column(String(16), default="reviewer", server_default="reviewer")
    # a retraction (an undo): the stable key of the verdict it withdraws
    retracts: Mapped[str | None] = mapped_column(String(12))
    rationale: Mapped[str] = mapped_column(Text, default="")
    evidence_urls: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    claim: Mapped[Claim] = relationship(back_populates="verdicts", lazy="raise")


class ClaimCount(Base):
    """A maintained figure: live claims per property value, rows per table (factcheck/db/counts.py)."""

    __tablename__ = "claim_counts"
    __table_args__ = (Index("ix_claim_counts_name_n", "name", "n"),)  # largest first (facets)

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[str] = mapped_column(String(300), primary_key=True)
    n: Mapped[int] = mapped_column(Integer, default=0)


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ApiToken(Base):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100), default="")
    token_hash: Mapped[str] = mapped_column(String(128), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column()
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)


class AuditEvent(Base):
    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(64), index=True)
    entity_type: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
