"""Exports of the provenance graph: GraphML, GEXF (Gephi) and node-link JSON."""

from __future__ import annotations

import io
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import networkx as nx

from factcheck.errors import InputError

FORMATS = ("graphml", "gexf", "json")
MEDIA_TYPES = {
    "graphml": "application/graphml+xml",
    "gexf": "application/gexf+xml",
    "json": "application/json",
}


def node_link(graph: nx.MultiDiGraph) -> dict[str, Any]:
    """The graph as node-link data (``nodes`` and ``links``), as d3 and vis-network read it."""
    return dict(nx.node_link_data(graph, edges="links"))


def graph_bytes(graph: nx.MultiDiGraph, fmt: str) -> bytes:
    """The graph serialized in ``fmt`` (one of FORMATS)."""
    if fmt not in FORMATS:
        raise InputError(f"unknown graph format {fmt!r}; expected one of {', '.join(FORMATS)}")
    if fmt == "json":
        return json.dumps(node_link(graph), ensure_ascii=False, indent=1).encode("utf-8")
    buffer = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(graph, buffer, encoding="utf-8")
    else:
        nx.write_gexf(graph, buffer, encoding="utf-8")
    return buffer.getvalue()


def write_graph(graph: nx.MultiDiGraph, fmt: str, path: Path) -> int:
    """Write the graph to ``path`` atomically (a reader never sees half a file); return its size."""
    data = graph_bytes(graph, fmt)
    path = Path(path)
    if path.is_dir():
        raise InputError(f"{path} is a folder; give a file name")
    if not path.parent.is_dir():
        raise InputError(f"folder {path.parent} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise InputError(f"cannot write to {path.parent}: {exc.strerror}") from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise InputError(f"cannot write {path}: {exc.strerror}") from exc
        raise
    return len(data)
