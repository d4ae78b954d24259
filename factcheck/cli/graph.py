"""``factcheck graph``: export the provenance graph and print its analyses."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from factcheck.cli.common import app, load_settings, open_database
from factcheck.errors import InputError

if TYPE_CHECKING:
    import networkx as nx

graph_app = typer.Typer(
    help="The provenance graph: how claims rest on sources.", no_args_is_help=True
)
app.add_typer(graph_app, name="graph")


class ExportFormat(StrEnum):
    graphml = "graphml"
    gexf = "gexf"
    json = "json"


class ReportFormat(StrEnum):
    json = "json"
    text = "text"


NodeOption = Annotated[
    str | None,
    typer.Option(
        "--node",
        help="Only the neighbourhood of one node: claim:ID, source:ID, speaker:ID or article:ID.",
    ),
]


@graph_app.command("export")
def export_command(
    out: Annotated[Path, typer.Argument(help="File to write; '-' writes to standard output.")],
    fmt: Annotated[
        ExportFormat, typer.Option("--format", help="graphml, gexf (Gephi) or node-link json.")
    ] = ExportFormat.graphml,
    node: NodeOption = None,
) -> None:
    """Write the graph of the whole knowledge base (or of one node's neighbourhood)."""
    from factcheck.graph import graph_bytes, write_graph

    graph = _graph(node)
    if str(out) == "-":
        sys.stdout.buffer.write(graph_bytes(graph, fmt.value))
        return
    size = write_graph(graph, fmt.value, out)
    typer.echo(
        f"wrote {graph.number_of_nodes()} nodes and {graph.number_of_edges()} edges "
        f"({size} bytes, {fmt.value}) to {out}"
    )


@graph_app.command("report")
def report_command(
    fmt: Annotated[
        ReportFormat, typer.Option("--format", help="json (one object) or text.")
    ] = ReportFormat.text,
    node: NodeOption = None,
) -> None:
    """Print every analysis; each finding names its claims by id and text."""
    from factcheck.graph import full_report, render_text

    report = full_report(_graph(node))
    if fmt is ReportFormat.json:
        typer.echo(json.dumps(report, ensure_ascii=False, indent=1))
    else:
        typer.echo(render_text(report), nl=False)


def _graph(node: str | None) -> nx.MultiDiGraph:
    from factcheck.graph import build_graph, build_neighbourhood

    db = open_database(load_settings())
    try:
        if node is None:
            return build_graph(db)
        kind, _, key = node.partition(":")
        if not key.isdigit():
            raise InputError(f"--node must look like claim:12, not {node!r}")
        return build_neighbourhood(db, kind, int(key))
    finally:
        db.dispose()
