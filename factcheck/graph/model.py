"""The shape of the provenance graph: node ids, node and edge attributes, and the helpers that add
them. The database builder and the tests' hand-built graphs both go through these helpers, so an
analysis sees the same graph either way.

Nodes (id ``"<type>:<key>"``, attribute ``type``):
  ``article:<id>``, ``claim:<id>``, ``speaker:<id>``, ``source:<id>`` and
  ``publisher:<normalized name>``.
Edges of a ``networkx.MultiDiGraph`` (attribute ``kind``, key in brackets):
  publication  publisher -> article [publishes], publisher -> source [publishes],
               article -> claim [reports]
  attribution  speaker -> claim [said]
  citation     claim -> source [citation:<id>] with ``relation``, ``evidence_kind``, ``evidence``
  identity     source -> article [is]  (the cited source *is* an article of the knowledge base)

Every attribute is a str, int, float or bool (never None), so GraphML, GEXF and JSON all carry
it. Attribute names avoid the ones GEXF reserves (``id``, ``start``, ``end``, ``weight``...).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import networkx as nx

from factcheck.policies import publisher_key

NODE_TYPES = ("article", "claim", "speaker", "source", "publisher")
LABEL_CHARS = 60


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a graph is built or analysed.

    Building 100,000 claims allocates millions of small dicts that all stay alive; each of the
    collector's full passes over them is wasted work (about a quarter of the time). Nothing here
    makes garbage cycles, and the collector runs again as soon as the block ends.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def new_graph(**attrs: Any) -> nx.MultiDiGraph:
    """An empty provenance graph."""
    return nx.MultiDiGraph(name="factcheck provenance", **attrs)


def node_id(kind: str, key: int | str) -> str:
    """``node_id("claim", 12) == "claim:12"``."""
    return f"{kind}:{key}"


def split_node_id(node: str) -> tuple[str, str]:
    kind, _, key = node.partition(":")
    return kind, key


def short_label(text: str, limit: int = LABEL_CHARS) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _clean(value: Any) -> Any:
    """None becomes "" so that every attribute survives GraphML and GEXF."""
    return "" if value is None else value


def add_publisher(graph: nx.MultiDiGraph, name: str) -> str | None:
    """The publisher node for ``name`` (created once); None when the name is blank."""
    key = publisher_key(name)
    if not key:
        return None
    node = node_id("publisher", key)
    if node not in graph:
        graph.add_node(node, type="publisher", label=short_label(name), name=name.strip())
    return node


def _link_publisher(graph: nx.MultiDiGraph, node: str, publisher: str) -> None:
    """The publication edge from ``publisher`` (when there is one) to an article or source."""
    pub = add_publisher(graph, publisher or "")
    if pub is not None:
        graph.add_edge(pub, node, key="publishes", kind="publication")


def add_article(
    graph: nx.MultiDiGraph,
    db_id: int,
    *,
    slug: str = "",
    title: str = "",
    publisher: str = "",
    published: str = "",
    url: str = "",
    byline: str = "",
) -> str:
    """Add an article node and its publication edge from its publisher."""
    node = node_id("article", db_id)
    graph.add_node(
        node,
        type="article",
        db_id=db_id,
        label=short_label(title or slug),
        slug=_clean(slug),
        title=_clean(title),
        publisher=_clean(publisher),
        published=_clean(published),
        url=_clean(url),
        byline=_clean(byline),
    )
    _link_publisher(graph, node, publisher)
    return node


def add_source(
    graph: nx.MultiDiGraph,
    db_id: int,
    *,
    key: str = "",
    kind: str = "",
    title: str = "",
    publisher: str = "",
    credibility: str = "",
    url: str = "",
    identifier: str = "",
    date: str = "",
) -> str:
    """Add a source node and its publication edge from its publisher."""
    node = node_id("source", db_id)
    graph.add_node(
        node,
        type="source",
        db_id=db_id,
        label=short_label(title or key),
        key=_clean(key),
        kind=_clean(kind),
        title=_clean(title),
        publisher=_clean(publisher),
        credibility=_clean(credibility),
        url=_clean(url),
        identifier=_clean(identifier),
        date=_clean(date),
    )
    _link_publisher(graph, node, publisher)
    return node


def add_speaker(
    graph: nx.MultiDiGraph, db_id: int, *, name: str = "", kind: str = "", key: str = ""
) -> str:
    node = node_id("speaker", db_id)
    graph.add_node(
        node,
        type="speaker",
        db_id=db_id,
        label=short_label(name),
        name=_clean(name),
        kind=_clean(kind),
        key=_clean(key),
    )
    return node


def add_claim(
    graph: nx.MultiDiGraph,
    db_id: int,
    *,
    article_id: int,
    text: str,
    speaker_id: int | None = None,
    kind: str = "",
    status: str = "",
    hedged: bool = False,
    checkworthiness: float = 0.0,
) -> str:
    """Add a claim node, its publication edge from its article and attribution from its speaker.

    The article and speaker nodes must already be in the graph.
    """
    node = node_id("claim", db_id)
    graph.add_node(
        node,
        type="claim",
        db_id=db_id,
        label=short_label(text),
        text=_clean(text),
        kind=_clean(kind),
        status=_clean(status),
        hedged=bool(hedged),
        checkworthiness=float(checkworthiness or 0.0),
    )
    graph.add_edge(node_id("article", article_id), node, key="reports", kind="publication")
    if speaker_id is not None:
        graph.add_edge(node_id("speaker", speaker_id), node, key="said", kind="attribution")
    return node


def add_citation(
    graph: nx.MultiDiGraph,
    db_id: int,
    claim_id: int,
    source_id: int,
    *,
    kind: str = "",
    relation: str = "cites",
    evidence: str = "",
) -> None:
    """A claim rests on a source (one edge per citation row; a claim may cite a source twice)."""
    graph.add_edge(
        node_id("claim", claim_id),
        node_id("source", source_id),
        key=node_id("citation", db_id),
        kind="citation",
        relation=_clean(relation),
        evidence_kind=_clean(kind),
        evidence=_clean(evidence),
    )


def add_identity(graph: nx.MultiDiGraph, source_id: int, article_id: int) -> None:
    """The cited source is itself an article of the knowledge base (same URL or slug)."""
    graph.add_edge(
        node_id("source", source_id), node_id("article", article_id), key="is", kind="identity"
    )


def nodes_of_type(graph: nx.MultiDiGraph, kind: str) -> list[str]:
    """The nodes of one type, in a stable order (by database id, then by id text)."""
    found = [n for n, t in graph.nodes(data="type") if t == kind]
    return sorted(found, key=_order_key)


def _order_key(node: str) -> tuple[int, str]:
    _, key = split_node_id(node)
    return (int(key), "") if key.isdigit() else (0, key)
