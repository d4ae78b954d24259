"""Similar claims across articles: the same claim reported by several articles.

Two claims are similar when the Jaccard similarity of their token sets (normalized text without
common function words) is at least ``threshold``. Pairs are found with prefix filtering (the
"All-Pairs" set-similarity join): tokens are ordered rarest first, and two sets can only reach the
threshold if they share a token among the first ``n - ceil(t * n) + 1`` tokens of each, so only
sets that share a rare token are ever compared. Identical token sets are grouped first by hashing.
The result is exact for the threshold and near-linear on real text, where rare words (names,
numbers, places) dominate each claim's prefix.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter, defaultdict
from typing import Any

import networkx as nx

from factcheck.db.repository import normalize_text
from factcheck.graph.facts import ClaimFacts, claim_ref, facts_by_claim
from factcheck.graph.model import nodes_of_type

DEFAULT_THRESHOLD = 0.6
MIN_TOKENS = 3
# Function words carry no claim; leaving them out keeps short claims from matching on "the ... of".
STOPWORDS = frozenset(
    """a an and are as at be been but by for from had has have he her his i in is it its of on or
    our she that the their them they this to was we were will with would not no there than then so
    said says say told""".split()  # noqa: SIM905
)


def claim_tokens(text: str) -> frozenset[str]:
    """The token set of a claim's text, as compared by ``similar_claims``."""
    return frozenset(t for t in normalize_text(text).split() if t not in STOPWORDS)


def similar_pairs(sets: list[frozenset[int]], threshold: float) -> list[tuple[int, int, float]]:
    """Every pair ``(i, j, jaccard)`` of ``sets`` with Jaccard >= ``threshold`` (i != j).

    Tokens must be ints ranked rarest first (see ``_rank_tokens``). If two sets share at least
    ``a`` tokens, their ``k`` rarest shared tokens lie within the first ``n - a + k`` tokens of
    each. Sets are probed in order of size, so an indexed set is never larger than the probe and
    needs ``a >= ceil(2t/(1+t) n)``; a probe needs ``a >= ceil(t n)``. With ``k = 2`` a candidate
    must turn up in two of the probe's index lists, which rules out most pairs while counting in C.
    """
    order = sorted(range(len(sets)), key=lambda i: len(sets[i]))
    sizes = [len(s) for s in sets]
    index: dict[int, list[int]] = defaultdict(list)
    empty: list[int] = []
    pairs = []
    index_share = 2 * threshold / (1 + threshold)
    for i in order:
        tokens = sorted(sets[i])
        size, mine = sizes[i], sets[i]
        least_overlap = math.ceil(threshold * size - 1e-9)
        need = 2 if least_overlap >= 2 else 1
        counts: Counter[int] = Counter()
        for token in tokens[: size - least_overlap + need]:
            counts.update(index.get(token, empty))
        for j in [j for j, n in counts.items() if n >= need]:
            other = sizes[j]
            shared = len(mine & sets[j])
            if shared >= threshold * (size + other - shared) - 1e-9:
                pairs.append((j, i, shared / (size + other - shared)))
        for token in tokens[: size - math.ceil(index_share * size - 1e-9) + 2]:
            index[token].append(i)
    return pairs


def _rank_tokens(sets: list[frozenset[str]]) -> list[frozenset[int]]:
    counts = Counter(itertools.chain.from_iterable(sets))
    ranked = sorted(counts.items(), key=lambda item: (item[1], item[0]))
    rank = {token: r for r, (token, _) in enumerate(ranked)}
    return [frozenset(map(rank.__getitem__, tokens)) for tokens in sets]


def similar_claims(
    graph: nx.MultiDiGraph, threshold: float = DEFAULT_THRESHOLD, min_tokens: int = MIN_TOKENS
) -> list[dict[str, Any]]:
    """Clusters of similar claims reported by at least two different articles.

    A cluster is a connected component of the "similar" relation (so A~B and B~C put A, B and C
    together); ``similarity`` is the lowest Jaccard of the pairs that joined it. Claims with fewer
    than ``min_tokens`` tokens are left out. Largest clusters first.
    """
    groups: dict[frozenset[str], list[str]] = defaultdict(list)
    for claim in nodes_of_type(graph, "claim"):
        tokens = claim_tokens(str(graph.nodes[claim].get("text", "")))
        if len(tokens) >= min_tokens:
            groups[tokens].append(claim)
    keys = list(groups)
    parent = list(range(len(keys)))
    lowest = [1.0] * len(keys)
    for i, j, jaccard in similar_pairs(_rank_tokens(keys), threshold):
        _union(parent, lowest, i, j, jaccard)
    components: dict[int, list[int]] = defaultdict(list)
    for i in range(len(keys)):
        components[_find(parent, i)].append(i)
    clusters = []
    facts = facts_by_claim(graph)
    for root, members in components.items():
        if len(members) == 1 and len(groups[keys[members[0]]]) == 1:
            continue  # a claim like no other
        claims = sorted((c for m in members for c in groups[keys[m]]), key=_claim_order(graph))
        cluster = _cluster(graph, [facts[c] for c in claims], lowest[root])
        if cluster is not None:
            clusters.append(cluster)
    clusters.sort(key=lambda c: (-c["articles"], -len(c["claims"]), c["claims"][0]["id"]))
    return clusters


def _claim_order(graph: nx.MultiDiGraph) -> Any:
    return lambda claim: graph.nodes[claim].get("db_id", 0)


def _cluster(
    graph: nx.MultiDiGraph, claims: list[ClaimFacts], similarity: float
) -> dict[str, Any] | None:
    articles = {f.article for f in claims}
    if len(articles) < 2:
        return None
    refs = [claim_ref(graph, f) for f in claims]
    return {"similarity": round(similarity, 3), "articles": len(articles), "claims": refs}


def _find(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def _union(parent: list[int], lowest: list[float], i: int, j: int, jaccard: float) -> None:
    a, b = _find(parent, i), _find(parent, j)
    if a != b:
        parent[b] = a
        lowest[a] = min(lowest[a], lowest[b])
    lowest[a] = min(lowest[a], jaccard)
