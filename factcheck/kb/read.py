"""Reading and validating the knowledge-base files, with ``file:line`` for every problem.

One claims file or source file is read at a time (``read_article_file``, ``read_source_file``), so
the sourcing check can spread files over processes; ``read_kb`` reads a whole folder. Nothing here
touches the database: ``factcheck.kb.files`` imports what this module has validated, ``factcheck.kb.check``
applies the sourcing policies to it.
"""

from __future__ import annotations

import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from factcheck.db.models import CLAIM_STATUSES, Source
from factcheck.db.models import Article as DbArticle
from factcheck.kb.yaml_io import Mapping, Sequence, YamlError, load_yaml
from factcheck.records import (
    ARTICLE_FIELDS,
    CLAIM_KINDS,
    EVIDENCE_KINDS,
    SOURCE_FIELDS,
    SPEAKER_KINDS,
)
from factcheck.review.status import RETRACTED, RETRACTED_NORMALIZED, VerdictFacts, verdict_key

ARTICLE_KEYS = frozenset({"slug", "text", "meta", "source_path", *ARTICLE_FIELDS})
CLAIM_KEYS = frozenset(
    {
        "id",
        "text",
        "start",
        "end",
        "kind",
        "status",
        "checkworthiness",
        "checkworthiness_signals",
        "speaker",
        "cue",
        "hedges",
        "citations",
        "verdicts",
        "orphaned",
        "rejected",
        "corrected",
    }
)
SPAN_KEYS = frozenset({"text", "start", "end"})
SPEAKER_KEYS = frozenset({"text", "start", "end", "name", "kind"})
CITATION_KEYS = frozenset({"source", "kind", "relation", "evidence"})
VERDICT_KEYS = frozenset(
    {
        "key",
        "reviewer",
        "role",
        "rating",
        "value",
        "normalized",
        "rationale",
        "evidence_urls",
        "created_at",
        "retracts",
    }
)
ROLES = ("reviewer", "editor", "admin")
# Scalars a source field may hold; a hand-written unquoted date loads as a date and is kept as text.
_TEXTLIKE = (str, int, float, datetime, type(datetime.now().date()))


@dataclass(frozen=True)
class Problem:
    """Something wrong in a file. ``fatal``: the file cannot be used at all (unreadable, not YAML).

    ``path`` is relative to the knowledge-base folder (``claims/x.yaml``); ``line`` is 1-based.
    """

    code: str
    path: str
    line: int | None
    message: str
    severity: str = "error"  # "fatal", "error" or "warning"

    def where(self) -> str:
        return self.path if self.line is None else f"{self.path}:{self.line}"


@dataclass
class KnowledgeBase:
    """The parsed files of one folder: sources by id, articles in file order, and all problems."""

    root: Path
    sources: dict[str, Mapping] = field(default_factory=dict)
    source_paths: dict[str, str] = field(default_factory=dict)
    articles: list[tuple[str, Mapping]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity != "warning"]


class _Report:
    """Collects the problems of one file."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def add(self, line: int | None, message: str, code: str = "kb-schema", **kw: Any) -> None:
        self.problems.append(Problem(code, self.path, line, message, **kw))

    def keys(self, data: Mapping, allowed: frozenset[str], what: str) -> None:
        for key in data:
            if key not in allowed:
                self.add(data.line_of(key), f"{what}: unknown key {key!r}")

    def typed(self, data: Mapping, key: str, kinds: Any, what: str, required: bool = False) -> Any:
        """``data[key]`` when it has one of ``kinds`` (None allowed unless required), else report."""
        value = data.get(key)
        if value is None and not required:
            return None
        if isinstance(value, bool) and bool not in _as_tuple(kinds):
            value = _WRONG  # YAML 'yes'/'no' are booleans, never numbers or text here
        if value is _WRONG or not isinstance(value, kinds):
            shown = "missing" if key not in data else f"not {_kind_names(kinds)}"
            self.add(data.line_of(key), f"{what}: {key!r} is {shown}")
            return None
        if (
            isinstance(value, int)
            and not isinstance(value, bool)
            and not INT64[0] <= value <= INT64[1]
        ):
            self.add(data.line_of(key), f"{what}: {key!r} is out of range (a 64-bit integer)")
            return None
        return value


_WRONG = object()
INT64 = (-(2**63), 2**63 - 1)  # what every backend's integer column holds


def _as_tuple(kinds: Any) -> tuple[type, ...]:
    return kinds if isinstance(kinds, tuple) else (kinds,)


def _kind_names(kinds: Any) -> str:
    if str in _as_tuple(kinds):
        return "text"  # numbers and dates are accepted as text; saying so would only confuse
    names = {int: "a whole number", float: "a number", bool: "true or false"}
    return " or ".join(names.get(k, k.__name__) for k in _as_tuple(kinds) if k in names) or "valid"


# --- reading ------------------------------------------------------------------------------------


# A claims file holds one article and its claims; the largest example is under 100 KB.
MAX_FILE_BYTES = 16_000_000


def parse_file(path: Path, rel: str, *, symlink: bool = False) -> tuple[Any, list[Problem]]:
    """The data of one YAML file, or a fatal problem naming the file and line.

    Only a regular file is read, never through a symlink (which may lead out of the folder, to
    ``/dev/zero`` or to a FIFO that never ends) unless ``symlink`` (a file named on the command
    line), and only up to ``MAX_FILE_BYTES``.
    """
    try:
        text = _read_regular(path, symlink).decode("utf-8")
    except _Refused as exc:
        return None, [Problem("unreadable", rel, None, str(exc), "fatal")]
    except OSError as exc:
        return None, [Problem("unreadable", rel, None, f"cannot read: {exc.strerror}", "fatal")]
    except UnicodeDecodeError as exc:
        return None, [Problem("unreadable", rel, None, f"not UTF-8 text ({exc.reason})", "fatal")]
    try:
        return load_yaml(text), []
    except YamlError as exc:
        return None, [Problem("yaml-syntax", rel, exc.line, f"malformed YAML: {exc}", "fatal")]


class _Refused(Exception):
    """A file that is not read at all (the message says why)."""


def _read_regular(path: Path, symlink: bool) -> bytes:
    info = path.stat() if symlink else path.lstat()
    if stat.S_ISLNK(info.st_mode):
        raise _Refused("a symlink: not read (knowledge-base files must be regular files)")
    if not stat.S_ISREG(info.st_mode):
        raise _Refused("not a regular file (a device, FIFO or folder): not read")
    too_big = f"larger than {MAX_FILE_BYTES:,} bytes: not read"
    if info.st_size > MAX_FILE_BYTES:
        raise _Refused(too_big)
    with path.open("rb") as handle:
        data = handle.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:  # it grew while being read
        raise _Refused(too_big)
    return data


def read_source_file(path: Path, rel: str) -> tuple[Mapping | None, list[Problem]]:
    """One ``sources/<id>.yaml``: its data when usable, and its problems."""
    data, problems = parse_file(path, rel)
    if problems:
        return None, problems
    if not isinstance(data, Mapping):
        return None, [Problem("kb-schema", rel, 1, "a source file must be a mapping", "fatal")]
    report = _Report(rel)
    _validate_source(report, data, path.stem)
    return data, report.problems


def _validate_source(report: _Report, data: Mapping, stem: str) -> None:
    report.keys(data, frozenset({"id", *SOURCE_FIELDS}), "source")
    key = report.typed(data, "id", str, "source", required=True)
    if key is not None and key != stem:
        report.add(data.line_of("id"), f"source id {key!r} does not match the file name {stem!r}")
    for name in SOURCE_FIELDS:
        _fits(report, data, name, report.typed(data, name, _TEXTLIKE, "source"), Source, "source")


def read_article_file(path: Path, rel: str) -> tuple[Mapping | None, list[Problem]]:
    """One ``claims/<slug>.yaml``: its data when usable, and its problems."""
    data, problems = parse_file(path, rel)
    if problems:
        return None, problems
    if not isinstance(data, Mapping) or not isinstance(data.get("article"), Mapping):
        line = data.line if isinstance(data, Mapping) else 1
        message = "a claims file must be a mapping with 'article' and 'claims'"
        return None, [Problem("kb-schema", rel, line, message, "fatal")]
    report = _Report(rel)
    _validate_article(report, data, path.stem)
    return data, report.problems


def _validate_article(report: _Report, data: Mapping, stem: str) -> None:
    report.keys(data, frozenset({"article", "claims"}), "file")
    meta: Mapping = data["article"]
    report.keys(meta, ARTICLE_KEYS, "article")
    slug = report.typed(meta, "slug", str, "article", required=True)
    if slug is not None and slug != stem:
        report.add(meta.line_of("slug"), f"article slug {slug!r} does not match the file name")
    text = report.typed(meta, "text", str, "article", required=True)
    if text is not None and "\x00" in text:
        report.add(meta.line_of("text"), "article: 'text' holds a NUL character")
    for name in ARTICLE_FIELDS:
        value = report.typed(meta, name, _TEXTLIKE, "article")
        _fits(report, meta, name, value, DbArticle, "article")
    report.typed(meta, "source_path", str, "article")
    extra = report.typed(meta, "meta", Mapping, "article")
    if extra is not None and not _plain_json_at_all(extra):
        report.add(
            meta.line_of("meta"),
            "article: 'meta' holds a value JSON cannot (a date or time: quote it)",
        )
    claims = report.typed(data, "claims", Sequence, "file")
    seen: dict[str, int] = {}
    for item in claims or ():
        if not isinstance(item, Mapping):
            report.add(claims.line, "each claim must be a mapping")
            continue
        _validate_claim(report, item, text)
        uid = item.get("id")
        if isinstance(uid, str) and uid in seen:
            report.add(
                item.line, f"claim id {uid!r} is also used on line {seen[uid]}", "duplicate-id"
            )
        elif isinstance(uid, str):
            seen[uid] = item.line


def _fits(report: _Report, data: Mapping, key: str, value: Any, model: Any, what: str) -> None:
    """Report text longer than its database column holds, or with a NUL character (PostgreSQL
    refuses both; SQLite would store them)."""
    if value is None:
        return
    text = str(value)
    length = getattr(model.__table__.c[key].type, "length", None)
    if length is not None and len(text) > length:
        report.add(
            data.line_of(key), f"{what}: {key!r} is {len(text)} characters, at most {length}"
        )
    elif "\x00" in text:
        report.add(data.line_of(key), f"{what}: {key!r} holds a NUL character")


def _plain_json_at_all(value: Any) -> bool:
    try:
        return _plain_json(value)
    except RecursionError:
        return False


def _plain_json(value: Any) -> bool:
    """Whether ``value`` is made of JSON's types only (meta is stored as JSON)."""
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain_json(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_plain_json(v) for v in value)
    if isinstance(value, float):
        return value == value and value not in (float("inf"), float("-inf"))
    if isinstance(value, int) and not isinstance(value, bool):
        return INT64[0] <= value <= INT64[1]
    return value is None or isinstance(value, str | bool)


def _validate_claim(report: _Report, claim: Mapping, article_text: str | None) -> None:
    what = f"claim {claim.get('id', '?')}"
    report.keys(claim, CLAIM_KEYS, what)
    report.typed(claim, "id", str, what)
    text = report.typed(claim, "text", str, what, required=True)
    _validate_span(report, claim, what, article_text, text, required=True)
    _validate_choice(report, claim, "kind", CLAIM_KINDS, what)
    _validate_choice(report, claim, "status", CLAIM_STATUSES, what)
    score = report.typed(claim, "checkworthiness", (int, float), what)
    if score is not None and not 0 <= score <= 1:
        report.add(claim.line_of("checkworthiness"), f"{what}: checkworthiness is not in 0..1")
    signals = report.typed(claim, "checkworthiness_signals", list, what)
    if signals is not None and not all(isinstance(s, str) for s in signals):
        report.add(claim.line_of("checkworthiness_signals"), f"{what}: signals must be names")
    for flag in ("orphaned", "rejected", "corrected"):
        report.typed(claim, flag, bool, what)
    _validate_speaker(report, claim, what, article_text)
    cue = report.typed(claim, "cue", Mapping, what)
    if cue is not None:
        report.keys(cue, SPAN_KEYS, f"{what} cue")
        _validate_span(report, cue, f"{what} cue", article_text, cue.get("text"))
    for hedge in _mappings(report, claim, "hedges", what):
        report.keys(hedge, SPAN_KEYS, f"{what} hedge")
        _validate_span(report, hedge, f"{what} hedge", article_text, hedge.get("text"))
    cited: set[tuple[Any, Any]] = set()
    for citation in _mappings(report, claim, "citations", what):
        _validate_citation(report, citation, what, article_text)
        evidence = citation.get("evidence")
        ident = (
            citation.get("source"),
            evidence.get("start") if isinstance(evidence, dict) else None,
        )
        if ident in cited:
            report.add(citation.line, f"{what}: cites {ident[0]!r} twice with the same evidence")
        cited.add(ident)
    keys: dict[str, str] = {}  # key -> reviewer, of the verdicts read so far
    for verdict in _mappings(report, claim, "verdicts", what):
        _validate_verdict(report, verdict, what)
        _validate_retraction(report, verdict, what, keys)


def _validate_choice(
    report: _Report, data: Mapping, key: str, choices: tuple[str, ...], what: str
) -> None:
    value = report.typed(data, key, str, what)
    if value is not None and value not in choices:
        report.add(data.line_of(key), f"{what}: {key} {value!r} is not one of {', '.join(choices)}")


def _mappings(report: _Report, data: Mapping, key: str, what: str) -> Iterator[Mapping]:
    items = report.typed(data, key, Sequence, what)
    for item in items or ():
        if isinstance(item, Mapping):
            yield item
        else:
            report.add(items.line, f"{what}: each of {key!r} must be a mapping")


def _validate_speaker(report: _Report, claim: Mapping, what: str, article_text: str | None) -> None:
    speaker = report.typed(claim, "speaker", Mapping, what)
    if speaker is None:
        return
    report.keys(speaker, SPEAKER_KEYS, f"{what} speaker")
    report.typed(speaker, "name", str, f"{what} speaker")
    _validate_choice(report, speaker, "kind", SPEAKER_KINDS, f"{what} speaker")
    if speaker.get("text") is not None:
        _validate_span(report, speaker, f"{what} speaker", article_text, speaker.get("text"))


def _validate_citation(
    report: _Report, citation: Mapping, what: str, article_text: str | None
) -> None:
    report.keys(citation, CITATION_KEYS, f"{what} citation")
    report.typed(citation, "source", str, f"{what} citation", required=True)
    _validate_choice(report, citation, "kind", EVIDENCE_KINDS, f"{what} citation")
    report.typed(citation, "relation", str, f"{what} citation")
    evidence = report.typed(citation, "evidence", Mapping, f"{what} citation")
    if evidence is not None:
        report.keys(evidence, SPAN_KEYS, f"{what} evidence")
        _validate_span(report, evidence, f"{what} evidence", article_text, evidence.get("text"))


def _validate_verdict(report: _Report, verdict: Mapping, what: str) -> None:
    what = f"{what} verdict"
    report.keys(verdict, VERDICT_KEYS, what)
    report.typed(verdict, "reviewer", str, what, required=True)
    retraction = verdict.get("retracts") is not None
    report.typed(verdict, "rating", str, what, required=not retraction)
    if retraction and verdict.get("rating") not in (None, RETRACTED):
        report.add(verdict.line_of("rating"), f"{what}: a retraction has no rating")
    report.typed(verdict, "retracts", str, what)
    _validate_choice(report, verdict, "role", ROLES, what)
    report.typed(verdict, "value", int, what)
    report.typed(verdict, "normalized", str, what)
    report.typed(verdict, "rationale", str, what)
    urls = report.typed(verdict, "evidence_urls", Sequence, what)
    if urls is not None and not all(isinstance(u, str) for u in urls):
        report.add(verdict.line_of("evidence_urls"), f"{what}: evidence_urls must be text")
    created = report.typed(verdict, "created_at", (str, datetime), what, required=True)
    if isinstance(created, str):
        try:
            datetime.fromisoformat(created)
        except ValueError:
            report.add(verdict.line_of("created_at"), f"{what}: created_at is not an ISO time")


def _validate_retraction(
    report: _Report, verdict: Mapping, what: str, keys: dict[str, str]
) -> None:
    """The verdict's ``key`` is its own; a ``retracts`` names an earlier verdict of its reviewer."""
    facts = verdict_facts(verdict)
    if facts is None:
        return
    given = verdict.get("key")
    if isinstance(given, str) and given != facts.key:
        report.add(
            verdict.line_of("key"),
            f"{what} verdict: key {given!r} does not match its reviewer, time and rating "
            f"(expected {facts.key!r})",
        )
    if facts.retracts is not None and keys.get(facts.retracts) != facts.reviewer:
        report.add(
            verdict.line_of("retracts"),
            f"{what} verdict: retracts {facts.retracts!r}, which is no earlier verdict of "
            f"{facts.reviewer}",
        )
    keys[facts.key] = facts.reviewer


def iso_time(value: Any) -> str:
    """A verdict's ``created_at`` (text or a YAML timestamp) as the database writes it."""
    return (
        value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    ).isoformat()


def verdict_facts(verdict: Mapping) -> VerdictFacts | None:
    """What the status rule needs of a verdict record of a file (None when it is malformed)."""
    reviewer, rating = verdict.get("reviewer"), verdict.get("rating")
    retracts = verdict.get("retracts")
    if not isinstance(reviewer, str) or not isinstance(rating, str | type(None)):
        return None
    try:
        created = iso_time(verdict.get("created_at"))
    except (TypeError, ValueError):
        return None
    retraction = retracts is not None or rating == RETRACTED
    label = RETRACTED if retraction else rating
    if label is None:
        return None
    value = verdict.get("value")
    return VerdictFacts(
        key=verdict_key(reviewer, created, label),
        reviewer=reviewer,
        role=str(verdict.get("role") or "reviewer"),
        label=label,
        value=value if isinstance(value, int) and not isinstance(value, bool) else None,
        normalized=RETRACTED_NORMALIZED
        if retraction
        else str(verdict.get("normalized") or "OTHER"),
        retracts=retracts if isinstance(retracts, str) else None,
    )


def _validate_span(
    report: _Report,
    data: Mapping,
    what: str,
    article_text: str | None,
    text: Any,
    required: bool = False,
) -> None:
    start = report.typed(data, "start", int, what, required=required)
    end = report.typed(data, "end", int, what, required=required)
    if start is None or end is None or article_text is None:
        return
    if not 0 <= start <= end <= len(article_text):
        bad = "end" if 0 <= start <= len(article_text) < end else "start"
        report.add(
            data.line_of(bad),
            f"{what}: offsets {start}..{end} are not a span of the article text "
            f"(0..{len(article_text)})",
            "offsets",
        )
        return
    if isinstance(text, str) and article_text[start:end] != text:
        report.add(
            data.line_of("start"),
            f"{what}: text is not the article text at {start}..{end}",
            "offsets",
            severity="warning",
        )


# --- the whole folder ---------------------------------------------------------------------------


def kb_files(directory: Path, folder: str) -> list[Path]:
    """The YAML files of ``directory/folder`` in a stable order."""
    return sorted((Path(directory) / folder).glob("*.yaml"))


def read_kb(directory: Path) -> KnowledgeBase:
    """Read and validate every source and claims file under ``directory``; never raises on content.

    Dangling citations (a source id with no ``sources/<id>.yaml``) are problems too.
    """
    kb = KnowledgeBase(Path(directory))
    for path in kb_files(directory, "sources"):
        rel = f"sources/{path.name}"
        data, problems = read_source_file(path, rel)
        kb.problems.extend(problems)
        if data is not None and isinstance(data.get("id"), str):
            kb.sources[data["id"]] = data
            kb.source_paths[data["id"]] = rel
    for path in kb_files(directory, "claims"):
        rel = f"claims/{path.name}"
        article, problems = read_article_file(path, rel)
        kb.problems.extend(problems)
        if article is not None:
            kb.articles.append((rel, article))
            kb.problems.extend(dangling_citations(rel, article, kb.sources))
    return kb


def iter_claims(article: Mapping) -> Iterator[Mapping]:
    """The claims of a parsed claims file that are mappings (others were reported)."""
    claims = article.get("claims")
    if isinstance(claims, list):
        yield from (c for c in claims if isinstance(c, Mapping))


def iter_citations(claim: Mapping) -> Iterator[Mapping]:
    """The citations of a claim that name a source (others were reported)."""
    citations = claim.get("citations")
    if isinstance(citations, list):
        for c in citations:
            if isinstance(c, Mapping) and isinstance(c.get("source"), str):
                yield c


def dangling_citations(rel: str, article: Mapping, sources: Any) -> list[Problem]:
    """Citations of a claims file whose source id has no file in ``sources/``."""
    problems = []
    for claim in iter_claims(article):
        for citation in iter_citations(claim):
            if citation["source"] not in sources:
                message = (
                    f"claim {claim.get('id', '?')} cites unknown source {citation['source']!r} "
                    "(no sources/<id>.yaml)"
                )
                problems.append(
                    Problem("claim-cites-source", rel, citation.line_of("source"), message)
                )
    return problems
