"""The provenance graph: how claims rest on sources (networkx).

``build``: ``build_graph(db)`` / ``build_neighbourhood(db, kind, id)`` read the database; the
analyses in ``analyses`` and ``similarity`` take any graph of the shape described in ``model``
(``facts``: what a claim rests on); ``export`` writes GraphML, GEXF and node-link JSON; ``report``
runs every analysis; ``service`` caches the graph for the website.

May import: ``factcheck.db``, ``factcheck.errors``, ``factcheck.policies`` (the sourcing policies,
shared with the CI check). Never ``web``, ``cli`` or spaCy.
"""

from factcheck.graph.analyses import (
    anonymous_only,
    corroborated,
    most_cited,
    self_citation,
    single_source,
    summary,
)
from factcheck.graph.build import NEIGHBOURHOOD_LIMIT, build_graph, build_neighbourhood
from factcheck.graph.export import FORMATS, graph_bytes, node_link, write_graph
from factcheck.graph.report import ANALYSES, full_report, render_text, run_analysis
from factcheck.graph.service import GraphCache
from factcheck.graph.similarity import similar_claims

__all__ = [
    "ANALYSES",
    "FORMATS",
    "NEIGHBOURHOOD_LIMIT",
    "GraphCache",
    "anonymous_only",
    "build_graph",
    "build_neighbourhood",
    "corroborated",
    "full_report",
    "graph_bytes",
    "most_cited",
    "node_link",
    "render_text",
    "run_analysis",
    "self_citation",
    "similar_claims",
    "single_source",
    "summary",
    "write_graph",
]
