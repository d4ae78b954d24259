"""Sourcing policies for CI: ``factcheck check`` over ``claims/`` and ``sources/``.

Default policies (always on unless a config file turns them off):
``claim-cites-source``, ``source-complete``, ``verdict-on-scale``, ``status-from-verdicts``. Optional ones, enabled in
``factcheck-check.yaml``: ``two-independent-sources``, ``anonymous-only``, ``self-citation``,
``hedged-needs-document``. Problems with the files themselves (``yaml-syntax``, ``unreadable``,
``kb-schema``, ``duplicate-id``, ``offsets``) are findings too. Claims files are checked one by one
and, on big knowledge bases, spread over processes.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from factcheck import policies
from factcheck.errors import ConfigError, InputError
from factcheck.kb.read import (
    Problem,
    iter_citations,
    iter_claims,
    kb_files,
    parse_file,
    read_article_file,
    read_source_file,
    verdict_facts,
)
from factcheck.kb.yaml_io import Mapping
from factcheck.review.scale import RatingScale
from factcheck.review.status import derive

SEVERITIES = ("error", "warning")


@dataclass(frozen=True)
class Policy:
    id: str
    severity: str
    default: bool
    description: str


POLICIES = {
    p.id: p
    for p in (
        Policy(
            "claim-cites-source",
            "error",
            True,
            "every claim that is not rejected cites at least one source that exists in sources/",
        ),
        Policy("source-complete", "error", True, "every source has a kind and a url or identifier"),
        Policy("verdict-on-scale", "error", True, "every verdict's rating is on the rating scale"),
        Policy(
            "status-from-verdicts",
            "error",
            True,
            "a claim's status is the one its verdicts give (the status rule)",
        ),
        Policy(
            "two-independent-sources",
            "error",
            False,
            "a decided claim cites sources from two publishers other than the article's own",
        ),
        Policy("anonymous-only", "warning", False, "a claim rests only on anonymous sources"),
        Policy("self-citation", "warning", False, "a claim cites its own publication as evidence"),
        Policy(
            "hedged-needs-document",
            "error",
            False,
            "a hedged claim cites a document, testimony or statement",
        ),
    )
}
# Evidence kinds that count as a document, a testimony or a statement for hedged claims.
SUBSTANTIVE_KINDS = {
    "document": "document",
    "leaked_document": "document",
    "court_record": "document",
    "dataset": "document",
    "testimony": "testimony",
    "statement": "statement",
}
CONFIG_NAME = "factcheck-check.yaml"


@dataclass(frozen=True)
class Finding:
    """One failed policy: where (``file`` relative to the knowledge base, 1-based ``line``) and why.

    ``severity`` is ``error`` (the check fails), ``warning`` (reported only) or ``fatal`` (the file
    is unusable; the check exits 2).
    """

    policy: str
    severity: str
    message: str
    file: str
    line: int | None
    article: str | None = None
    claim: str | None = None


@dataclass
class CheckResult:
    findings: list[Finding] = field(default_factory=list)
    articles: int = 0
    claims: int = 0
    sources: int = 0
    policies: dict[str, str] = field(default_factory=dict)

    @property
    def exit_status(self) -> int:
        """0 when every policy holds, 1 when any error was found, 2 when a file is unusable."""
        severities = {f.severity for f in self.findings}
        return 2 if "fatal" in severities else 1 if "error" in severities else 0

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)


# --- configuration ------------------------------------------------------------------------------


def default_policies() -> dict[str, str]:
    """Policy id -> severity of the policies that are on without a config file."""
    return {p.id: p.severity for p in POLICIES.values() if p.default}


def load_config(path: Path) -> dict[str, str]:
    """The policies a config file turns on (``policies: {id: true|false|error|warning}``)."""
    data, problems = parse_file(Path(path), str(path), symlink=True)
    if problems:
        raise ConfigError(f"check config {problems[0].where()}: {problems[0].message}")
    policies = default_policies()
    if data is None:
        return policies
    if not isinstance(data, Mapping) or set(data) - {"policies"}:
        raise ConfigError(f"check config {path}: expected a mapping with one key, 'policies'")
    settings = data.get("policies") or {}
    if not isinstance(settings, Mapping):
        raise ConfigError(
            f"check config {path}:{data.line_of('policies')}: 'policies' is not a mapping"
        )
    for policy_id, value in settings.items():
        _apply_setting(policies, path, settings.line_of(policy_id), policy_id, value)
    return policies


def _apply_setting(
    policies: dict[str, str], path: Path, line: int, policy_id: Any, value: Any
) -> None:
    if policy_id not in POLICIES:
        known = ", ".join(POLICIES)
        raise ConfigError(f"check config {path}:{line}: unknown policy {policy_id!r} ({known})")
    if value is True:
        policies[policy_id] = POLICIES[policy_id].severity
    elif value is False:
        policies.pop(policy_id, None)
    elif value in SEVERITIES:
        policies[policy_id] = value
    else:
        raise ConfigError(
            f"check config {path}:{line}: {policy_id}: use true, false, error or warning"
        )


def find_config(directory: Path, explicit: Path | None) -> dict[str, str]:
    """Policies from ``explicit``, else from ``DIR/factcheck-check.yaml``, else the defaults."""
    if explicit is not None:
        return load_config(explicit)
    candidate = Path(directory) / CONFIG_NAME
    return load_config(candidate) if candidate.is_file() else default_policies()


# --- the check ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SourceFacts:
    """What the policies need to know about a source."""

    kind: str
    publisher: str
    credibility: str


@dataclass(frozen=True)
class Context:
    """Everything a worker needs to check claims files on its own."""

    sources: dict[str, SourceFacts]
    scale: RatingScale
    policies: dict[str, str]


def check_kb(
    directory: Path, scale: RatingScale, policies: dict[str, str], jobs: int = 1
) -> CheckResult:
    """Apply ``policies`` to the knowledge base under ``directory``.

    InputError when ``claims/`` or ``sources/`` is missing. ``jobs`` > 1 reads files in that many
    processes (worth it from a few hundred files on).
    """
    directory = Path(directory)
    for folder in ("claims", "sources"):
        if not (directory / folder).is_dir():
            raise InputError(f"no {folder}/ folder: not a knowledge base", path=str(directory))
    result = CheckResult(policies=dict(policies))
    source_paths, claim_paths = kb_files(directory, "sources"), kb_files(directory, "claims")
    with _mapper(jobs, len(source_paths) + len(claim_paths)) as pool:
        sources = _check_sources(pool, source_paths, policies, result)
        context = Context(sources, scale, policies)
        size = max(1, len(claim_paths) // (4 * max(jobs, 1)))
        for findings, n_claims in pool.map(_check_article, claim_paths, context, size):
            result.findings.extend(findings)
            if n_claims is not None:  # None: the file could not be used at all
                result.claims += n_claims
                result.articles += 1
    result.findings.sort(key=lambda f: (f.file, f.line or 0, f.policy, f.message))
    return result


class _Serial:
    """The same interface as the process pool, in this process."""

    def __enter__(self) -> _Serial:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def map(self, func: Callable[..., Any], paths: list[Path], extra: Any, size: int) -> Any:
        return (func(path, extra) for path in paths)


class _Pool(_Serial):
    def __init__(self, jobs: int) -> None:
        self.executor = ProcessPoolExecutor(max_workers=jobs)

    def __exit__(self, *exc: object) -> None:
        self.executor.shutdown(cancel_futures=True)

    def map(self, func: Callable[..., Any], paths: list[Path], extra: Any, size: int) -> Any:
        return self.executor.map(func, paths, [extra] * len(paths), chunksize=size)


def _mapper(jobs: int, n_files: int) -> _Serial:
    return _Pool(jobs) if jobs > 1 and n_files >= 200 else _Serial()


def auto_jobs() -> int:
    """One process per available core."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _check_sources(
    pool: _Serial, paths: list[Path], policies: dict[str, str], result: CheckResult
) -> dict[str, SourceFacts]:
    sources: dict[str, SourceFacts] = {}
    size = max(1, len(paths) // 16)
    for findings, facts in pool.map(_check_source, paths, policies, size):
        result.findings.extend(findings)
        if facts is not None:
            sources[facts[0]] = facts[1]
            result.sources += 1
    return sources


def _check_source(
    path: Path, policies: dict[str, str]
) -> tuple[list[Finding], tuple[str, SourceFacts] | None]:
    rel = f"sources/{path.name}"
    data, problems = read_source_file(path, rel)
    findings = [_from_problem(p) for p in problems]
    if data is None or not isinstance(data.get("id"), str):
        return findings, None
    if "source-complete" in policies:
        findings.extend(_source_complete(rel, data, policies["source-complete"]))
    facts = SourceFacts(
        *(str(data.get(k) or "").strip() for k in ("kind", "publisher", "credibility"))
    )
    return findings, (data["id"], facts)


def _source_complete(rel: str, data: Mapping, severity: str) -> Iterator[Finding]:
    key = data["id"]
    if not str(data.get("kind") or "").strip():
        yield Finding(
            "source-complete", severity, f"source {key} has no kind", rel, data.line_of("kind")
        )
    if not str(data.get("url") or "").strip() and not str(data.get("identifier") or "").strip():
        message = f"source {key} has neither a url nor an identifier"
        yield Finding("source-complete", severity, message, rel, data.line_of("url"))


def _from_problem(problem: Problem, article: str | None = None) -> Finding:
    return Finding(
        problem.code, problem.severity, problem.message, problem.path, problem.line, article
    )


def _check_article(path: Path, context: Context) -> tuple[list[Finding], int | None]:
    rel = f"claims/{path.name}"
    data, problems = read_article_file(path, rel)
    slug = path.stem
    findings = [_from_problem(p, slug) for p in problems]
    if data is None:
        return findings, None
    publisher = str(data["article"].get("publisher") or "").strip()
    own = policies.own_outlet(publisher, str(data["article"].get("byline") or ""))
    n_claims = 0
    for claim in iter_claims(data):
        n_claims += 1
        view = ClaimView(rel, slug, publisher, claim, context, own)
        for policy_id, severity in context.policies.items():
            rule = RULES.get(policy_id)
            for line, message in rule(view) if rule else ():
                findings.append(
                    Finding(policy_id, severity, message, rel, line, slug, view.claim_id)
                )
    return findings, n_claims


# --- the policies on one claim ------------------------------------------------------------------


class ClaimView:
    """A claim with its cited sources resolved, as the policy rules see it."""

    def __init__(
        self,
        rel: str,
        slug: str,
        publisher: str,
        claim: Mapping,
        context: Context,
        own: set[str] | None = None,
    ) -> None:
        self.rel, self.slug, self.publisher, self.claim = rel, slug, publisher, claim
        self.context = context
        self.own = own if own is not None else policies.own_outlet(publisher)
        self.claim_id = str(claim.get("id") or "?")
        self.citations = list(iter_citations(claim))
        self.cited = [
            (c, context.sources[c["source"]])
            for c in self.citations
            if c["source"] in context.sources
        ]
        self.rejected = claim.get("rejected") is True

    @property
    def line(self) -> int:
        return self.claim.line


Rule = Callable[[ClaimView], Iterator[tuple[int, str]]]


def _cites_source(view: ClaimView) -> Iterator[tuple[int, str]]:
    for citation in view.citations:
        if citation["source"] not in view.context.sources:
            yield (
                citation.line_of("source"),
                f"claim {view.claim_id} cites unknown source {citation['source']!r} "
                "(no sources/<id>.yaml)",
            )
    if not view.citations and not view.rejected:
        yield view.line, f"claim {view.claim_id} cites no source"


def _verdicts(view: ClaimView) -> list[Mapping]:
    verdicts = view.claim.get("verdicts")
    return [v for v in verdicts if isinstance(v, Mapping)] if isinstance(verdicts, list) else []


def _verdict_on_scale(view: ClaimView) -> Iterator[tuple[int, str]]:
    scale = view.context.scale
    for verdict in _verdicts(view):
        facts = verdict_facts(verdict)
        if facts is None or facts.is_retraction:
            continue  # a retraction has no rating; malformed records are kb-schema findings
        rating = verdict.get("rating")
        if isinstance(rating, str) and scale.get(rating) is None:
            yield (
                verdict.line_of("rating"),
                f"claim {view.claim_id}: rating {rating!r} is not on the scale {scale.name} "
                f"({', '.join(scale.labels)})",
            )


def _status_from_verdicts(view: ClaimView) -> Iterator[tuple[int, str]]:
    facts = [verdict_facts(v) for v in _verdicts(view)]
    if any(f is None for f in facts):
        return  # reported as kb-schema
    derived = derive([f for f in facts if f is not None]).status
    written = view.claim.get("status") or "unreviewed"
    if written != derived:
        yield (
            view.claim.line_of("status") or view.line,
            f"claim {view.claim_id} has status {written!r} but its verdicts make it {derived!r} "
            "(an editor's verdict decides; otherwise two reviewers who agree)",
        )


def _two_independent(view: ClaimView) -> Iterator[tuple[int, str]]:
    if view.claim.get("status") != "decided" or view.rejected:
        return
    own = view.publisher.casefold()
    publishers = {s.publisher.casefold() for _, s in view.cited if s.publisher} - {own}
    if len(publishers) < 2:
        yield (
            view.line,
            f"claim {view.claim_id} is decided on {len(publishers)} independent source(s); "
            f"needs 2 from different publishers other than {view.publisher or 'the article'}",
        )


def _anonymous_only(view: ClaimView) -> Iterator[tuple[int, str]]:
    if view.rejected or (view.citations and not view.cited):
        return  # only unknown sources: claim-cites-source's finding
    speaker = view.claim.get("speaker")
    kind = str(speaker.get("kind") or "") if isinstance(speaker, Mapping) else None
    reason = policies.anonymous_only([s.credibility for _, s in view.cited], kind)
    if reason == "anonymous_sources":
        keys = ", ".join(sorted({c["source"] for c, _ in view.cited}))
        yield view.line, f"claim {view.claim_id} rests only on anonymous sources ({keys})"
    elif reason == "anonymous_speaker":
        yield view.line, f"claim {view.claim_id} cites no source and its speaker is anonymous"


def _self_citation(view: ClaimView) -> Iterator[tuple[int, str]]:
    for citation, source in view.cited:
        kinds = [str(citation.get("kind") or "")]
        if policies.self_citation(kinds, source.kind, source.publisher, view.own):
            yield (
                citation.line_of("source"),
                f"claim {view.claim_id} cites its own publication as evidence "
                f"(source {citation['source']!r})",
            )


def _hedged_needs_document(view: ClaimView) -> Iterator[tuple[int, str]]:
    if view.rejected or not view.claim.get("hedges"):
        return
    kinds = {
        SUBSTANTIVE_KINDS.get(s.kind) or SUBSTANTIVE_KINDS.get(str(c.get("kind")))
        for c, s in view.cited
    }
    if not kinds - {None}:
        hedges = view.claim.get("hedges") or []
        words = ", ".join(
            repr(h.get("text")) for h in hedges if isinstance(h, Mapping) and h.get("text")
        )
        yield (
            view.line,
            f"claim {view.claim_id} is hedged ({words or 'hedged'}) but cites no document, "
            "testimony or statement",
        )


RULES: dict[str, Rule] = {
    "claim-cites-source": _cites_source,
    "verdict-on-scale": _verdict_on_scale,
    "status-from-verdicts": _status_from_verdicts,
    "two-independent-sources": _two_independent,
    "anonymous-only": _anonymous_only,
    "self-citation": _self_citation,
    "hedged-needs-document": _hedged_needs_document,
}
