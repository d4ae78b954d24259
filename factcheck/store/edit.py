"""Editors' service functions over canonical sources and speakers: merge and split, audited.

Each writes an ``AuditEvent`` (who, what, the keys and ids involved). A merge's event is also a
redirect: ``factcheck.store.articles`` follows ``drop_key -> keep_key`` on later ingests, so a merged-away
source or speaker is not created again. Functions only ``flush()``; the caller commits.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from factcheck.db.models import Citation, Claim, Source, Speaker
from factcheck.db.repository import get_or_404, speaker_key
from factcheck.errors import Conflict, InputError, NotFound
from factcheck.review.audit import audit

MERGE_ACTIONS = {"source": "source.merge", "speaker": "speaker.merge"}
SOURCE_FIELDS = ("kind", "title", "publisher", "date", "url", "identifier", "language")


def _get(session: Session, model: Any, ident: int, what: str) -> Any:
    return get_or_404(session, model, ident, f"{what} {ident} does not exist")


def merge_sources(
    session: Session,
    keep_id: int,
    drop_id: int,
    *,
    actor: str = "system",
    user_id: int | None = None,
) -> Source:
    """Fold source ``drop_id`` into ``keep_id``: its citations move, blank fields are filled,
    the dropped row goes, and later ingests citing the dropped key land on the kept source."""
    if keep_id == drop_id:
        raise Conflict("cannot merge a source into itself")
    keep = _get(session, Source, keep_id, "source")
    drop = _get(session, Source, drop_id, "source")
    moved = _move_citations(session, drop.id, keep.id)
    for name in SOURCE_FIELDS:
        if not getattr(keep, name) and getattr(drop, name):
            setattr(keep, name, getattr(drop, name))
    data = {"keep_key": keep.key, "drop_key": drop.key, "drop_id": drop.id, "citations": moved}
    session.delete(drop)
    audit(session, MERGE_ACTIONS["source"], "source", keep.id, data, actor=actor, user_id=user_id)
    session.flush()
    return keep


def _move_citations(session: Session, from_id: int, to_id: int) -> int:
    """Point citations at another source; a claim citing both at one span keeps one citation."""
    taken = set(
        session.execute(
            select(Citation.claim_id, Citation.evidence_start).where(Citation.source_id == to_id)
        ).all()
    )
    rows = session.scalars(select(Citation).where(Citation.source_id == from_id)).all()
    duplicates = [c.id for c in rows if (c.claim_id, c.evidence_start) in taken]
    if duplicates:
        session.execute(delete(Citation).where(Citation.id.in_(duplicates)))
    session.execute(
        update(Citation).where(Citation.source_id == from_id).values(source_id=to_id),
        execution_options={"synchronize_session": "fetch"},
    )
    return len(rows)


def split_source(
    session: Session,
    source_id: int,
    citation_ids: Sequence[int],
    new_key: str,
    *,
    actor: str = "system",
    user_id: int | None = None,
) -> Source:
    """Move some citations of a source to a new source ``new_key`` (a copy of its fields)."""
    source = _get(session, Source, source_id, "source")
    if session.scalar(select(Source.id).where(Source.key == new_key)) is not None:
        raise Conflict(f"a source with key {new_key!r} exists already")
    citations = _owned(session, Citation, Citation.source_id, source.id, citation_ids, "citation")
    fields = {name: getattr(source, name) for name in SOURCE_FIELDS}
    new = Source(key=new_key, credibility="", notes=f"split from {source.key}", **fields)
    session.add(new)
    session.flush()
    for citation in citations:
        citation.source_id = new.id
    data = {"from_key": source.key, "new_key": new_key, "citation_ids": sorted(citation_ids)}
    audit(session, "source.split", "source", new.id, data, actor=actor, user_id=user_id)
    session.flush()
    return new


def split_source_claims(
    session: Session,
    source_id: int,
    claim_ids: Sequence[int],
    new_key: str,
    *,
    actor: str = "system",
    user_id: int | None = None,
) -> Source:
    """``split_source`` by the claims whose citations of the source move (as the source's page
    lists its claims)."""
    query = select(Citation.id).where(
        Citation.source_id == source_id, Citation.claim_id.in_(claim_ids)
    )
    citation_ids = list(session.scalars(query))
    if claim_ids and len(citation_ids) < len(set(claim_ids)):
        raise NotFound(
            f"some of the claims {sorted(set(claim_ids))} do not cite source {source_id}"
        )
    return split_source(session, source_id, citation_ids, new_key, actor=actor, user_id=user_id)


def _owned(
    session: Session, model: Any, owner: Any, owner_id: int, ids: Sequence[int], what: str
) -> list[Any]:
    if not ids:
        raise InputError(f"name at least one {what} to split off")
    rows = session.scalars(select(model).where(model.id.in_(ids))).all()
    found = {row.id for row in rows if getattr(row, owner.key) == owner_id}
    missing = sorted(set(ids) - found)
    if missing:
        raise NotFound(f"{what}s {missing} do not belong to {owner.key} {owner_id}")
    return list(rows)


def merge_speakers(
    session: Session,
    keep_id: int,
    drop_id: int,
    *,
    actor: str = "system",
    user_id: int | None = None,
) -> Speaker:
    """Fold speaker ``drop_id`` into ``keep_id``: claims move, names become aliases, the dropped
    row goes, and later ingests resolving to the dropped key land on the kept speaker."""
    if keep_id == drop_id:
        raise Conflict("cannot merge a speaker into itself")
    keep = _get(session, Speaker, keep_id, "speaker")
    drop = _get(session, Speaker, drop_id, "speaker")
    result = session.execute(
        update(Claim).where(Claim.speaker_id == drop.id).values(speaker_id=keep.id),
        execution_options={"synchronize_session": "fetch"},
    )
    names = {drop.name, *(drop.aliases or []), *(keep.aliases or [])} - {keep.name}
    keep.aliases = sorted(names)
    moved = int(getattr(result, "rowcount", 0) or 0)
    data = {"keep_key": keep.key, "drop_key": drop.key, "drop_id": drop.id, "claims": moved}
    session.delete(drop)
    audit(session, MERGE_ACTIONS["speaker"], "speaker", keep.id, data, actor=actor, user_id=user_id)
    session.flush()
    return keep


def split_speaker(
    session: Session,
    speaker_id: int,
    claim_ids: Sequence[int],
    new_name: str,
    *,
    kind: str | None = None,
    actor: str = "system",
    user_id: int | None = None,
) -> Speaker:
    """Give some claims of a speaker to another speaker named ``new_name`` (created if new)."""
    speaker = _get(session, Speaker, speaker_id, "speaker")
    claims = _owned(session, Claim, Claim.speaker_id, speaker.id, claim_ids, "claim")
    new_kind = kind or speaker.kind
    slug = _article_slug(session, claims[0].article_id)
    key = speaker_key(new_name, new_kind, slug)
    if key == speaker.key:
        raise Conflict(f"{new_name!r} is the same speaker")
    target = session.scalar(select(Speaker).where(Speaker.key == key))
    if target is None:
        target = Speaker(key=key, name=new_name, kind=new_kind, aliases=[])
        session.add(target)
        session.flush()
    for claim in claims:
        claim.speaker_id = target.id
    data = {"from_key": speaker.key, "new_key": key, "claim_ids": sorted(claim_ids)}
    audit(session, "speaker.split", "speaker", target.id, data, actor=actor, user_id=user_id)
    session.flush()
    return target


def _article_slug(session: Session, article_id: int) -> str:
    from factcheck.db.models import Article

    return str(session.scalar(select(Article.slug).where(Article.id == article_id)))


def source_id_of(session: Session, value: str) -> int:
    """The id of the source named by ``value``: its id (digits) or its key."""
    value = value.strip()
    if value.isdigit() and len(value) <= 18:
        return int(value)
    source_id = session.scalar(select(Source.id).where(Source.key == value))
    if source_id is None:
        raise NotFound(f"no source {value!r}")
    return int(source_id)
