"""Canonical speakers and sources for ``factcheck.store.articles``: one row per person, body or cited
source across articles, following the redirects that editors' merges leave behind."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import bindparam, insert, select
from sqlalchemy.orm import Session

from factcheck.db.models import Article, AuditEvent, Source, Speaker
from factcheck.db.repository import speaker_key
from factcheck.records import Article as ArticleRecord
from factcheck.records import Evidence, SpeakerRef
from factcheck.slugs import slugify
from factcheck.store.edit import MERGE_ACTIONS

# built once: the expanding IN lists make one cached statement for every article
_SPEAKERS_BY_KEY = select(Speaker).where(Speaker.key.in_(bindparam("keys", expanding=True)))
_SOURCES_BY_KEY_OR_URL = select(Source).where(
    Source.key.in_(bindparam("keys", expanding=True))
    | Source.url.in_(bindparam("urls", expanding=True))
)
_TITLE_WORDS = (
    "mr mrs ms miss dr prof professor sir dame lord lady councillor councilor senator sen rep "
    "representative president minister mayor governor judge justice general gen colonel col "
    "captain capt chief inspector sergeant sgt officer father rev reverend"
)
_TITLES = frozenset(_TITLE_WORDS.split())
_PRONOUN_WORDS = "he she they it him her them his hers their its we i you"
_PRONOUNS = frozenset(_PRONOUN_WORDS.split())


# --- redirects left by editors' merges -----------------------------------------------------------


def merge_redirects(session: Session, entity: str) -> dict[str, str]:
    """``{merged-away key: key it was merged into}`` from the audit trail, chains followed."""
    events = session.scalars(
        select(AuditEvent.data).where(AuditEvent.action == MERGE_ACTIONS[entity])
    ).all()
    pairs = {str(d.get("drop_key")): str(d.get("keep_key")) for d in events if d.get("drop_key")}
    resolved = {}
    for key in pairs:
        seen, target = {key}, pairs[key]
        while target in pairs and target not in seen:
            seen.add(target)
            target = pairs[target]
        resolved[key] = target
    return resolved


# --- speakers ---------------------------------------------------------------------------------------


def person_name(name: str) -> str:
    """A person's name without leading titles ("Councillor Priya Raman" -> "Priya Raman")."""
    words = name.split()
    while len(words) > 1 and words[0].lower().rstrip(".") in _TITLES:
        words = words[1:]
    return " ".join(words)


class SpeakerResolver:
    """Canonical speakers for one article: surname-only names folded into full names seen in
    the same article, titles dropped, merge redirects followed, rows loaded in one query."""

    def __init__(
        self,
        session: Session,
        article: Article,
        record: ArticleRecord,
        redirects: dict[str, str] | None = None,
    ) -> None:
        self.session = session
        self.redirects = redirects
        self.slug = article.slug
        # the stored byline: an editor's correction of it names the author's claims too
        self.author = article.byline or article.publisher or "the article"
        self.folded: dict[tuple[str, str], tuple[str, str]] = {}
        self.rows: dict[str, Speaker] = {}
        self.ids: dict[str, int] = {}

    def prepare(self, refs: list[SpeakerRef]) -> None:
        names = {(self._raw_name(r), r.kind) for r in refs}
        people = {person_name(n) for n, k in names if k == "person"}
        full = [p for p in people if len(p.split()) > 1]
        for name, kind in names:
            self.folded[(name, kind)] = _fold(name, kind, full)
        redirects = self.redirects
        if redirects is None:
            redirects = merge_redirects(self.session, "speaker")
        keys = {self._key(n, k) for n, k in self.folded.values()}
        wanted = keys | {redirects[k] for k in keys if k in redirects}
        rows = self.session.scalars(_SPEAKERS_BY_KEY, {"keys": sorted(wanted)}).all()
        by_key = {row.key: row for row in rows}
        new: dict[str, dict[str, Any]] = {}
        for name, kind in set(self.folded.values()):
            key = self._key(name, kind)
            row = by_key.get(redirects.get(key, key))
            if row is None:
                new[key] = {"key": key, "name": name, "kind": kind, "aliases": set()}
            else:
                self.rows[key] = row
        for ref in refs:
            key = self._key(*self.folded[(self._raw_name(ref), ref.kind)])
            spelled = (self._raw_name(ref), ref.text or "")
            if key in new:
                new[key]["aliases"].update(_alias_names(new[key]["name"], spelled))
            else:
                _add_aliases(self.rows[key], spelled)
        self.ids = {key: row.id for key, row in self.rows.items()}
        self.ids.update(self._insert(new))

    def _insert(self, new: dict[str, dict[str, Any]]) -> dict[str, int]:
        """New speakers in one multi-row INSERT; their ids by key."""
        if not new:
            return {}
        rows = [{**row, "aliases": sorted(row["aliases"])} for row in new.values()]
        statement = insert(Speaker).returning(Speaker.id, sort_by_parameter_order=True)
        return dict(zip(new, self.session.scalars(statement, rows).all(), strict=True))

    def speaker_id(self, ref: SpeakerRef) -> int:
        """The id of the canonical speaker of a reference given to ``prepare``."""
        name, kind = self.folded[(self._raw_name(ref), ref.kind)]
        return self.ids[self._key(name, kind)]

    def _raw_name(self, ref: SpeakerRef) -> str:
        name = " ".join(ref.name.split())
        return name or (self.author if ref.kind == "author" else ref.text or "unknown")

    def _key(self, name: str, kind: str) -> str:
        return speaker_key(name, kind, self.slug)


def _fold(name: str, kind: str, full_names: list[str]) -> tuple[str, str]:
    if kind != "person":
        return name, kind
    plain = person_name(name)
    if len(plain.split()) == 1:
        matches = [f for f in full_names if f.split()[-1].lower() == plain.lower()]
        if len(matches) == 1:
            return matches[0], kind
    return plain, kind


def _alias_names(name: str, names: tuple[str, ...]) -> set[str]:
    """The names worth keeping as aliases: not the name itself, pronouns or descriptions."""
    found = set()
    for alias in (" ".join(n.split()) for n in names):
        if alias and alias != name and alias.lower() not in _PRONOUNS and alias[0].isupper():
            found.add(alias)
    return found


def _add_aliases(row: Speaker, names: tuple[str, ...]) -> None:
    current = set(row.aliases or [])
    added = _alias_names(row.name, names) - current
    if added:
        row.aliases = sorted(current | added)


# --- sources ----------------------------------------------------------------------------------------


class SourceResolver:
    """Canonical sources: by the evidence's source id (after merge redirects), then by url."""

    def __init__(self, session: Session, redirects: dict[str, str] | None = None) -> None:
        self.session = session
        self.given = redirects
        self.redirects: dict[str, str] = {}
        self.by_key: dict[str, Source] = {}
        self.by_url: dict[str, Source] = {}

    def prepare(self, evidence: list[Evidence]) -> None:
        if not evidence:
            return
        self.redirects = (
            self.given if self.given is not None else merge_redirects(self.session, "source")
        )
        keys = {self._key(e) for e in evidence}
        urls = {e.url for e in evidence if e.url}
        query = {"keys": sorted(keys), "urls": sorted(urls)}
        for row in self.session.scalars(_SOURCES_BY_KEY_OR_URL, query):
            self._remember(row)

        created = [self._resolve(e) for e in evidence]
        if any(created):
            self.session.flush()  # one flush gives every new source its id

    def _resolve(self, item: Evidence) -> bool:
        """Find or create (unflushed) the source of one evidence item; True if created."""
        key = self._key(item)
        row = self.by_key.get(key) or (self.by_url.get(item.url) if item.url else None)
        if row is None:
            row = Source(key=key, kind=item.kind, title=item.text[:300], url=item.url)
            self.session.add(row)
            self._remember(row)
            return True
        self.by_key.setdefault(key, row)
        if item.url and not row.url:
            row.url = item.url
            self.by_url[item.url] = row
        return False

    def source_id(self, item: Evidence) -> int:
        """The id of the source of an evidence item given to ``prepare``."""
        return self.by_key[self._key(item)].id

    def _key(self, item: Evidence) -> str:
        key = source_key(item)
        return self.redirects.get(key, key)

    def _remember(self, row: Source) -> None:
        self.by_key[row.key] = row
        if row.url:
            self.by_url.setdefault(row.url, row)


def source_key(item: Evidence) -> str:
    """The canonical key of the source an evidence item cites (its id from the NLP stage)."""
    raw = item.source.strip()
    if raw and re.fullmatch(r"[a-z0-9][a-z0-9._-]{0,199}", raw):
        return raw
    return slugify(raw or item.url or f"{item.kind} {item.text}", 120)
