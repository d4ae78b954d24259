"""Every analysis at once, as JSON-safe data or as text for a terminal."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import networkx as nx

from factcheck.graph.analyses import (
    anonymous_only,
    corroborated,
    most_cited,
    self_citation,
    single_source,
    summary,
)
from factcheck.graph.model import gc_paused
from factcheck.graph.similarity import similar_claims

# name -> (function, one-line definition). The web API, the CLI and the README use these names.
ANALYSES: dict[str, tuple[Callable[[nx.MultiDiGraph], Any], str]] = {
    "single_source": (single_source, "claims that cite exactly one distinct source"),
    "anonymous_only": (
        anonymous_only,
        "claims whose every cited source is anonymous, or that cite none and have an anonymous speaker",
    ),
    "self_citation": (
        self_citation,
        "claims citing their own outlet (publisher, byline, self-citation) directly or in a circle",
    ),
    "corroborated": (
        corroborated,
        "claims with independent sources from at least two publishers other than the article's",
    ),
    "most_cited": (most_cited, "the sources cited by most claims and the speakers of most claims"),
    "similar_claims": (similar_claims, "the same claim reported by several articles"),
}


def run_analysis(graph: nx.MultiDiGraph, name: str) -> Any:
    """The result of one analysis by name (a key of ANALYSES)."""
    with gc_paused():
        return ANALYSES[name][0](graph)


def full_report(graph: nx.MultiDiGraph) -> dict[str, Any]:
    """The summary and every analysis."""
    with gc_paused():
        report: dict[str, Any] = {"summary": summary(graph)}
        for name in ANALYSES:
            report[name] = run_analysis(graph, name)
    return report


def _claim_line(ref: dict[str, Any]) -> str:
    where = ref.get("article") or f"article {ref.get('article_id')}"
    return f"claim {ref['id']} ({where}): {ref['text']}"


def render_text(report: dict[str, Any]) -> str:
    """The report as plain text: one heading per analysis, one finding per block."""
    lines = [_summary_text(report["summary"])]
    for name, (_, definition) in ANALYSES.items():
        rows = report[name]
        count = len(rows["sources"]) + len(rows["speakers"]) if name == "most_cited" else len(rows)
        lines += ["", f"== {name} ({count}): {definition}"]
        lines += _TEXT[name](rows)
    return "\n".join(lines) + "\n"


def _summary_text(data: dict[str, Any]) -> str:
    nodes = ", ".join(f"{n} {k}" for k, n in sorted(data["nodes"].items()))
    return f"provenance graph: {nodes or 'empty'}; {data['unsourced_claims']} claims cite no source"


def _single_text(rows: list[dict[str, Any]]) -> list[str]:
    return [
        f"- {_claim_line(r['claim'])}\n    source: {r['source']['title'] or r['source']['key']}"
        for r in rows
    ]


def _anonymous_text(rows: list[dict[str, Any]]) -> list[str]:
    return [f"- {_claim_line(r['claim'])}\n    why: {r['reason']}" for r in rows]


def _self_text(rows: list[dict[str, Any]]) -> list[str]:
    return [
        f"- {_claim_line(r['claim'])}\n    {r['type']} ({r['reason']}): {' -> '.join(r['chain'])}"
        for r in rows
    ]


def _corroborated_text(rows: list[dict[str, Any]]) -> list[str]:
    return [
        f"- {_claim_line(r['claim'])}\n    publishers: {', '.join(r['publishers'])}" for r in rows
    ]


def _cited_text(data: dict[str, Any]) -> list[str]:
    lines = []
    for kind, name_of in (("sources", "title"), ("speakers", "name")):
        for row in data[kind]:
            thing = row[kind[:-1]]
            lines.append(
                f"- {kind[:-1]} {thing['id']} {thing[name_of] or thing.get('key', '')}: "
                f"{row['claims']} claims in {row['articles']} articles"
            )
            lines += [f"    e.g. {_claim_line(ref)}" for ref in row["examples"]]
    return lines


def _similar_text(rows: list[dict[str, Any]]) -> list[str]:
    lines = []
    for cluster in rows:
        lines.append(f"- {cluster['articles']} articles, similarity >= {cluster['similarity']}:")
        lines += [f"    {_claim_line(ref)}" for ref in cluster["claims"]]
    return lines


_TEXT: dict[str, Callable[[Any], list[str]]] = {
    "single_source": _single_text,
    "anonymous_only": _anonymous_text,
    "self_citation": _self_text,
    "corroborated": _corroborated_text,
    "most_cited": _cited_text,
    "similar_claims": _similar_text,
}
