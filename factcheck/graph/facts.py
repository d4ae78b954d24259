"""Read what a claim rests on out of the graph, and name nodes in findings.

Every analysis goes through ``claim_facts`` so that the meaning of "a claim's sources", "its
article's publisher" and "its speaker" is decided in one place.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from factcheck import policies
from factcheck.graph.model import node_id, nodes_of_type
from factcheck.policies import publisher_key


@dataclass
class ClaimFacts:
    """One claim and what it rests on, read from the graph."""

    node: str
    article: str | None = None
    speaker: str | None = None
    sources: list[str] = field(default_factory=list)  # distinct, in citation order
    evidence_kinds: dict[str, set[str]] = field(default_factory=dict)  # source -> citation kinds


def claim_facts(graph: nx.MultiDiGraph, claim: str) -> ClaimFacts:
    """What ``claim`` rests on: its article, speaker and cited sources."""
    facts = ClaimFacts(claim)
    # networkx's raw adjacency dicts: its views cost more than the work here at 100k claims.
    for pred, keyed in graph._pred[claim].items():
        for data in keyed.values():
            kind = data.get("kind")
            if kind == "publication":
                facts.article = pred
            elif kind == "attribution":
                facts.speaker = pred
    for target, keyed in graph._succ[claim].items():
        for data in keyed.values():
            if data.get("kind") != "citation":
                continue
            if target not in facts.evidence_kinds:
                facts.sources.append(target)
                facts.evidence_kinds[target] = set()
            facts.evidence_kinds[target].add(str(data.get("evidence_kind", "")))
    return facts


_FACTS: weakref.WeakKeyDictionary[
    nx.MultiDiGraph, tuple[tuple[int, int], dict[str, ClaimFacts]]
] = weakref.WeakKeyDictionary()


def facts_by_claim(graph: nx.MultiDiGraph) -> dict[str, ClaimFacts]:
    """Every claim node (in id order) -> what it rests on.

    Read once per graph and kept while the graph's node and edge counts are unchanged, because
    every analysis walks all claims.
    """
    stamp = (graph.number_of_nodes(), graph.number_of_edges())
    cached = _FACTS.get(graph)
    if cached is None or cached[0] != stamp:
        cached = (stamp, {c: claim_facts(graph, c) for c in nodes_of_type(graph, "claim")})
        _FACTS[graph] = cached
    return cached[1]


def iter_claim_facts(graph: nx.MultiDiGraph) -> Iterator[ClaimFacts]:
    """Every claim of the graph, by id, with what it rests on."""
    yield from facts_by_claim(graph).values()


def publisher_of(graph: nx.MultiDiGraph, node: str | None) -> str | None:
    """The publisher node of an article or source (None when it names no publisher)."""
    if node is None:
        return None
    key = publisher_key(str(graph.nodes[node].get("publisher", "")))
    return node_id("publisher", key) if key else None


def source_credibilities(graph: nx.MultiDiGraph, facts: ClaimFacts) -> list[str]:
    """The credibility of each source the claim cites."""
    return [str(graph.nodes[s].get("credibility", "")) for s in facts.sources]


def speaker_kind(graph: nx.MultiDiGraph, speaker: str | None) -> str | None:
    return None if speaker is None else str(graph.nodes[speaker].get("kind", ""))


def is_self_citation_kind(graph: nx.MultiDiGraph, facts: ClaimFacts, source: str) -> bool:
    """``policies.self_citation_kind`` for one source the claim cites."""
    kind = str(graph.nodes[source].get("kind", ""))
    return policies.self_citation_kind(facts.evidence_kinds[source], kind)


def db_id(graph: nx.MultiDiGraph, node: str) -> Any:
    return graph.nodes[node].get("db_id")


def claim_ref(graph: nx.MultiDiGraph, facts: ClaimFacts) -> dict[str, Any]:
    """How a finding names a claim: its id and text, and where it was reported and by whom."""
    attrs = graph.nodes[facts.node]
    article = graph.nodes[facts.article] if facts.article else {}
    speaker = graph.nodes[facts.speaker] if facts.speaker else {}
    return {
        "id": attrs.get("db_id"),
        "node": facts.node,
        "text": attrs.get("text", ""),
        "article_id": article.get("db_id"),
        "article": article.get("title") or article.get("slug", ""),
        "publisher": article.get("publisher", ""),
        "speaker": speaker.get("name", ""),
    }


def source_ref(graph: nx.MultiDiGraph, source: str) -> dict[str, Any]:
    return _node_ref(graph, source, ("key", "title", "kind", "publisher", "credibility"))


def speaker_ref(graph: nx.MultiDiGraph, speaker: str) -> dict[str, Any]:
    return _node_ref(graph, speaker, ("name", "kind"))


def _node_ref(graph: nx.MultiDiGraph, node: str, names: tuple[str, ...]) -> dict[str, Any]:
    """How a finding names a source or speaker: its database id, its node and ``names``."""
    attrs = graph.nodes[node]
    return {"id": attrs.get("db_id"), "node": node, **{name: attrs.get(name, "") for name in names}}
