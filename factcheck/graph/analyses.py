"""Analyses of the provenance graph. Each takes a graph and returns plain, JSON-safe data; each
finding names its claims by id and text (``claim_ref``). Definitions are in the README section
"Provenance graph" and in each docstring.
"""

from __future__ import annotations

from collections import defaultdict, deque
from typing import Any

import networkx as nx

from factcheck.graph.facts import (
    ClaimFacts,
    claim_facts,
    claim_ref,
    is_self_citation_kind,
    iter_claim_facts,
    publisher_of,
    source_credibilities,
    source_ref,
    speaker_kind,
    speaker_ref,
)
from factcheck.policies import anonymous_only as anonymous_reason
from factcheck.policies import own_outlet, publisher_key, same_outlet

MAX_CHAIN_ARTICLES = 4


def single_source(graph: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """Claims that cite exactly one distinct source (however many times they cite it)."""
    return [
        {"claim": claim_ref(graph, facts), "source": source_ref(graph, facts.sources[0])}
        for facts in iter_claim_facts(graph)
        if len(facts.sources) == 1
    ]


def anonymous_only(graph: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """Claims that rest only on anonymous sources.

    A source is anonymous when its credibility is "anonymous" (typically a testimony or interview
    of someone the outlet does not name). A claim rests only on anonymous sources when it cites at
    least one source and every source it cites is anonymous (reason ``anonymous_sources``), or when
    it cites no source at all and its speaker is of kind "anonymous" (reason ``anonymous_speaker``).
    """
    findings = []
    for facts in iter_claim_facts(graph):
        reason = _anonymous_reason(graph, facts)
        if reason is None:
            continue
        findings.append(
            {
                "claim": claim_ref(graph, facts),
                "reason": reason,
                "sources": [source_ref(graph, s) for s in facts.sources],
                "speaker": speaker_ref(graph, facts.speaker) if facts.speaker else None,
            }
        )
    return findings


def _anonymous_reason(graph: nx.MultiDiGraph, facts: ClaimFacts) -> str | None:
    kind = speaker_kind(graph, facts.speaker)
    return anonymous_reason(source_credibilities(graph, facts), kind)


def own_publisher_keys(graph: nx.MultiDiGraph, article: str | None) -> set[str]:
    """Who counts as "the outlet itself" for an article: its publisher and its byline (writer)."""
    if article is None:
        return set()
    attrs = graph.nodes[article]
    return own_outlet(str(attrs.get("publisher", "")), str(attrs.get("byline", "")))


def self_citation(
    graph: nx.MultiDiGraph, max_chain_articles: int = MAX_CHAIN_ARTICLES
) -> list[dict[str, Any]]:
    """Claims that cite their own outlet, directly or in a circle.

    Direct (``type: direct``): the claim cites a source of kind ``self_citation`` (or cites it as
    evidence of that kind), a source published by the article's own publisher or written by its
    byline, or a source that is the very article. Circular (``type: circular``): the claim cites a
    source that is another article of the knowledge base whose claims cite sources that (through at
    most ``max_chain_articles`` articles) lead back to the original publisher or article; ``chain``
    lists the node ids of the path.
    """
    findings = []
    memo: dict[tuple[str, str | None], list[str] | None] = {}
    for facts in iter_claim_facts(graph):
        own = own_publisher_keys(graph, facts.article)
        for source in facts.sources:
            finding = _direct_self_citation(graph, facts, source, own) or _circular(
                graph, facts, source, own, memo, max_chain_articles
            )
            if finding is not None:
                ref = {"claim": claim_ref(graph, facts), "source": source_ref(graph, source)}
                findings.append({**ref, **finding})
    return findings


def _circular(
    graph: nx.MultiDiGraph,
    facts: ClaimFacts,
    source: str,
    own: set[str],
    memo: dict[tuple[str, str | None], list[str] | None],
    max_chain_articles: int,
) -> dict[str, Any] | None:
    # Claims of one article citing one source share the answer; remember it.
    key = (source, facts.article)
    if key not in memo:
        memo[key] = _chain_back(graph, source, own, facts.article, max_chain_articles)
    chain = memo[key]
    if chain is None:
        return None
    return {"type": "circular", "reason": _chain_reason(facts, chain), "chain": chain}


def _direct_self_citation(
    graph: nx.MultiDiGraph, facts: ClaimFacts, source: str, own: set[str]
) -> dict[str, Any] | None:
    attrs = graph.nodes[source]
    reason = None
    if is_self_citation_kind(graph, facts, source):
        reason = "self_citation_kind"
    elif facts.article is not None and facts.article in _identical_articles(graph, source):
        reason = "cites_own_article"
    elif same_outlet(str(attrs.get("publisher", "")), own):
        reason = "same_publisher"
    if reason is None:
        return None
    return {"type": "direct", "reason": reason, "chain": [facts.node, source]}


def _chain_reason(facts: ClaimFacts, chain: list[str]) -> str:
    return "chain_to_own_article" if chain[-1] == facts.article else "chain_to_own_publisher"


def _identical_articles(graph: nx.MultiDiGraph, source: str) -> list[str]:
    return [t for _, t, kind in graph.out_edges(source, data="kind") if kind == "identity"]


def _chain_back(
    graph: nx.MultiDiGraph, start: str, own: set[str], origin: str | None, max_articles: int
) -> list[str] | None:
    """Breadth-first: source -is-> article -reports-> claim -cites-> source ... until a node of
    the outlet itself (an article or source of one of ``own``, or ``origin``) is reached."""
    queue: deque[tuple[str, list[str]]] = deque([(start, [start])])
    seen = {start}
    while queue:
        source, path = queue.popleft()
        for article in _identical_articles(graph, source):
            if article == origin or _owned(graph, article, own):
                return [*path, article]
            if (len(path) - 1) // 3 + 1 > max_articles:
                continue
            found = _step_through_article(graph, article, path, own, seen, queue)
            if found is not None:
                return found
    return None


def _step_through_article(
    graph: nx.MultiDiGraph,
    article: str,
    path: list[str],
    own: set[str],
    seen: set[str],
    queue: deque[tuple[str, list[str]]],
) -> list[str] | None:
    for _, claim, kind in graph.out_edges(article, data="kind"):
        if kind != "publication":
            continue
        facts = claim_facts(graph, claim)
        for source in facts.sources:
            if source in seen:
                continue
            seen.add(source)
            step = [*path, article, claim, source]
            if _owned(graph, source, own) or is_self_citation_kind(graph, facts, source):
                return step
            queue.append((source, step))
    return None


def _owned(graph: nx.MultiDiGraph, node: str, own: set[str]) -> bool:
    return same_outlet(str(graph.nodes[node].get("publisher", "")), own)


def corroborated(graph: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """Claims corroborated by independent sources.

    A cited source is independent when it names a publisher, that publisher is neither the
    article's publisher nor its byline, and it is not a self-citation. A claim is corroborated when
    its independent sources come from at least two different publishers.
    """
    findings = []
    for facts in iter_claim_facts(graph):
        own = own_publisher_keys(graph, facts.article)
        independent = [
            s
            for s in facts.sources
            if publisher_of(graph, s) is not None
            and publisher_key(str(graph.nodes[s]["publisher"])) not in own
            and not is_self_citation_kind(graph, facts, s)
        ]
        publishers = {publisher_key(str(graph.nodes[s]["publisher"])) for s in independent}
        if len(publishers) >= 2:
            names = sorted({str(graph.nodes[s]["publisher"]).strip() for s in independent})
            findings.append(
                {
                    "claim": claim_ref(graph, facts),
                    "publishers": names,
                    "sources": [source_ref(graph, s) for s in independent],
                }
            )
    return findings


def most_cited(graph: nx.MultiDiGraph, limit: int = 20, examples: int = 3) -> dict[str, Any]:
    """The sources cited by the most claims and the speakers of the most claims.

    Each row counts distinct claims and the distinct articles they come from, and names up to
    ``examples`` of the claims (lowest ids first).
    """
    by_source: dict[str, list[ClaimFacts]] = defaultdict(list)
    by_speaker: dict[str, list[ClaimFacts]] = defaultdict(list)
    for facts in iter_claim_facts(graph):  # claims come in id order, so each list is sorted
        for source in facts.sources:
            by_source[source].append(facts)
        if facts.speaker is not None:
            by_speaker[facts.speaker].append(facts)
    return {
        "sources": _rank(graph, by_source, "source", limit, examples),
        "speakers": _rank(graph, by_speaker, "speaker", limit, examples),
    }


def _rank(
    graph: nx.MultiDiGraph,
    claims_of: dict[str, list[ClaimFacts]],
    node_type: str,
    limit: int,
    examples: int,
) -> list[dict[str, Any]]:
    top = sorted(claims_of, key=lambda n: (-len(claims_of[n]), graph.nodes[n].get("db_id", 0)))
    ref = source_ref if node_type == "source" else speaker_ref
    return [
        {
            node_type: ref(graph, node),
            "claims": len(claims_of[node]),
            "articles": len({f.article for f in claims_of[node]} - {None}),
            "examples": [claim_ref(graph, f) for f in claims_of[node][:examples]],
        }
        for node in top[:limit]
    ]


def summary(graph: nx.MultiDiGraph) -> dict[str, Any]:
    """Counts of nodes by type and of edges by kind, and of claims that cite no source."""
    nodes: dict[str, int] = {}
    for _, kind in graph.nodes(data="type"):
        nodes[kind] = nodes.get(kind, 0) + 1
    edges: dict[str, int] = {}
    for _, _, kind in graph.edges(data="kind"):
        edges[kind] = edges.get(kind, 0) + 1
    unsourced = sum(1 for facts in iter_claim_facts(graph) if not facts.sources)
    return {"nodes": nodes, "edges": edges, "unsourced_claims": unsourced}


__all__ = [
    "anonymous_only",
    "corroborated",
    "most_cited",
    "self_citation",
    "single_source",
    "summary",
]
