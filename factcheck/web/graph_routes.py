"""The provenance graph on the web: JSON API under ``/api/v1/graph``, pages under ``/graph``, and
vis-network served from the installed ``pyvis`` package (nothing is copied or loaded from a CDN).

Every page is built from the same service call as its JSON twin. The whole-graph analyses come from
one ``GraphCache`` per app, rebuilt only when the database has changed.
"""

from __future__ import annotations

import base64
import binascii
import importlib.resources
import json
import re
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response

from factcheck.db.repository import MAX_ROW_ID
from factcheck.errors import InputError, NotFound
from factcheck.graph import (
    FORMATS,
    GraphCache,
    build_neighbourhood,
    graph_bytes,
    most_cited,
    node_link,
)
from factcheck.graph.export import MEDIA_TYPES
from factcheck.graph.report import ANALYSES
from factcheck.queries.keyset import CURSOR_PATTERN
from factcheck.web.api import ERRORS, known_parameters_only, read_access
from factcheck.web.deps import render

# URL segment -> (node type, title)
NODE_KINDS = {
    "claims": ("claim", "Claim"),
    "sources": ("source", "Source"),
    "speakers": ("speaker", "Speaker"),
    "articles": ("article", "Article"),
}
# URL segment -> analysis name; each returns a list of findings
LIST_ANALYSES = {
    "single-source": "single_source",
    "anonymous-only": "anonymous_only",
    "self-citation": "self_citation",
    "corroborated": "corroborated",
    "similar-claims": "similar_claims",
}
TITLES = {
    "single_source": "Claims resting on a single source",
    "anonymous_only": "Claims resting only on anonymous sources",
    "self_citation": "Self-citation and circular sourcing",
    "corroborated": "Claims corroborated by independent sources",
    "most_cited": "Most-cited sources and speakers",
    "similar_claims": "The same claim in several articles",
}
VENDOR_FILES = {
    "vis-network.min.js": "application/javascript",
    "vis-network.css": "text/css",
}
VIS_DIR = ("lib", "vis-9.1.2")
PREVIEW_ROWS = 5  # findings of each analysis on /graph; each analysis's own page has them all
PAGE_SIZE = 25  # findings per page of an analysis's page
# node type -> the review page of that row (claim page, source page, ...)
REVIEW_PAGES = {
    "claim": "claims",
    "source": "sources",
    "speaker": "speakers",
    "article": "articles",
}
MAX_SIZE = 1000
MAX_CURSOR = 200

Id = Annotated[int, Path(ge=1, le=MAX_ROW_ID)]
Size = Annotated[int, Query(alias="_size", ge=1, le=MAX_SIZE, description="Findings per page.")]
Next = Annotated[
    str | None,
    Query(
        alias="_next",
        max_length=MAX_CURSOR,
        pattern=CURSOR_PATTERN,
        description="Cursor from the previous page's `next`; one that names no page is a 404.",
    ),
]

api = APIRouter(
    prefix="/api/v1/graph",
    tags=["graph"],
    responses=ERRORS,
    dependencies=[Depends(read_access), Depends(known_parameters_only)],
)
pages = APIRouter(include_in_schema=False)


def graph_cache(request: Request) -> GraphCache:
    """The app's one cache of the whole graph, made on first use."""
    cache = getattr(request.app.state, "graph_cache", None)
    if cache is None:
        cache = GraphCache(request.app.state.db)
        request.app.state.graph_cache = cache
    return cache


# --- paging of findings ------------------------------------------------------------------------


def encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(json.dumps({"o": offset}).encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> int:
    """The offset in an opaque cursor: a 400 when it is not written as one (the schema's pattern
    and length), a 404 when it is but names no page of this list."""
    if cursor is None:
        return 0
    if len(cursor) > MAX_CURSOR or not re.match(CURSOR_PATTERN, cursor):
        raise InputError("invalid _next: a cursor is base64url (A-Z, a-z, 0-9, '-', '_')")
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        offset = data["o"]
    except (binascii.Error, ValueError, TypeError, KeyError) as exc:
        raise NotFound("_next names no page of this list") from exc
    if not isinstance(offset, int) or isinstance(offset, bool) or offset < 0:
        raise NotFound("_next names no page of this list")
    return offset


def page_of(request: Request, rows: list[Any], size: int, cursor: str | None) -> dict[str, Any]:
    """The list envelope over one page of ``rows`` (findings are cached with the graph, so a page
    boundary stays put until the knowledge base changes)."""
    offset = decode_cursor(cursor)
    chunk = rows[offset : offset + size]
    more = offset + size < len(rows)
    token = encode_cursor(offset + size) if more else None
    next_url = str(request.url.include_query_params(_next=token)) if token else None
    return {"ok": True, "count": len(rows), "rows": chunk, "next": token, "next_url": next_url}


# --- JSON API ----------------------------------------------------------------------------------


@api.get("/report")
def report_json(request: Request) -> dict[str, Any]:
    """Every analysis of the whole knowledge base (twin of the page ``/graph``)."""
    return {"ok": True, **graph_cache(request).report()}


@api.get("/most-cited")
def most_cited_json(
    request: Request, limit: Annotated[int, Query(ge=1, le=MAX_SIZE)] = 20
) -> dict[str, Any]:
    """The sources cited by most claims and the speakers of most claims, with example claims."""
    cache = graph_cache(request)
    data = cache.analysis("most_cited") if limit == 20 else most_cited(cache.graph(), limit)
    return {"ok": True, **data}


def _list_route(segment: str, name: str) -> None:
    def route(request: Request, size: Size = 100, cursor: Next = None) -> dict[str, Any]:
        return page_of(request, graph_cache(request).analysis(name), size, cursor)

    route.__name__ = f"{name}_json"
    route.__doc__ = f"Findings of the analysis {name!r}, paged (see the README for its definition)."
    api.get(f"/{segment}", name=f"graph_{name}")(route)


for _segment, _name in LIST_ANALYSES.items():
    _list_route(_segment, _name)


@api.get(
    "/export/{fmt}",
    response_class=Response,
    responses={200: {"content": {t: {"schema": {}} for t in MEDIA_TYPES.values()}}},
)
def export_graph(
    request: Request, fmt: Annotated[str, Path(json_schema_extra={"enum": list(FORMATS)})]
) -> Response:
    """The whole graph as GraphML, GEXF (Gephi) or node-link JSON."""
    if fmt not in FORMATS:
        raise NotFound(f"no export format {fmt!r}; use one of {', '.join(FORMATS)}")
    body = graph_bytes(graph_cache(request).graph(), fmt)
    headers = {"content-disposition": f'attachment; filename="factcheck-graph.{fmt}"'}
    return Response(body, media_type=MEDIA_TYPES[fmt], headers=headers)


def neighbourhood(request: Request, segment: str, db_id: int) -> dict[str, Any]:
    """The service behind a node's page and its JSON twin: the neighbourhood as node-link data."""
    if segment not in NODE_KINDS:
        raise NotFound(f"no graph pages for {segment!r}; use one of {', '.join(NODE_KINDS)}")
    graph = build_neighbourhood(request.app.state.db, NODE_KINDS[segment][0], db_id)
    data = node_link(graph)
    return {
        "ok": True,
        "focus": graph.graph["focus"],
        "truncated": graph.graph["truncated"],
        **data,
    }


@api.get("/{segment}/{db_id}")
def neighbourhood_json(
    request: Request,
    segment: Annotated[str, Path(json_schema_extra={"enum": list(NODE_KINDS)})],
    db_id: Id,
) -> dict[str, Any]:
    """The neighbourhood of a claim, source, speaker or article (``segment`` is ``claims``,
    ``sources``, ``speakers`` or ``articles``) as node-link JSON: ``nodes`` and ``links``."""
    return neighbourhood(request, segment, db_id)


# --- pages and the vendored script -------------------------------------------------------------


def _analysis_rows() -> list[tuple[str, str, str, str]]:
    """(name, URL segment, title, definition) of every analysis, in report order."""
    return [
        (name, name.replace("_", "-"), TITLES[name], definition)
        for name, (_, definition) in ANALYSES.items()
    ]


def node_describer(graph: Any) -> Callable[[str], dict[str, Any]]:
    """For templates: a node id (``source:5``) -> its type, full label and review page."""

    def describe(node: str) -> dict[str, Any]:
        data = graph.nodes[node] if node in graph else {}
        kind = data.get("type") or node.partition(":")[0]
        label = data.get("title") or data.get("name") or data.get("text") or data.get("label")
        segment = REVIEW_PAGES.get(kind)
        href = f"/{segment}/{data['db_id']}" if segment and data.get("db_id") else None
        return {"type": kind, "label": label or node, "href": href}

    return describe


@pages.get("/graph")
def report_page(request: Request) -> Response:
    """The analyses of the whole knowledge base, a few findings of each with links to their own
    pages (twin: ``/api/v1/graph/report``)."""
    cache = graph_cache(request)
    report = cache.report()
    context = {
        "report": report,
        "preview": PREVIEW_ROWS,
        "analyses": _analysis_rows(),
        "node_info": node_describer(cache.graph()),
    }
    return render(request, "graph.html", context)


@pages.get("/graph/{segment}")
def analysis_page(
    request: Request, segment: str, size: Size = PAGE_SIZE, cursor: Next = None
) -> Response:
    """One analysis, paged (twin: ``/api/v1/graph/{segment}`` with the same query)."""
    name = "most_cited" if segment == "most-cited" else LIST_ANALYSES.get(segment)
    if name is None:
        raise NotFound(f"no analysis {segment!r}")
    context: dict[str, Any] = {
        "name": name,
        "title": TITLES[name],
        "definition": ANALYSES[name][1],
        "json_url": str(request.url).replace(str(request.base_url), "/api/v1/", 1),
        "size": size,
        "page": None,
        "data": None,
        "node_info": node_describer(graph_cache(request).graph()),
    }
    if name == "most_cited":
        context["data"] = graph_cache(request).analysis(name)
    else:
        context["page"] = page_of(request, graph_cache(request).analysis(name), size, cursor)
        context["start"] = decode_cursor(cursor) + 1
    return render(request, "graph_analysis.html", context)


@pages.get("/graph/{segment}/{db_id}")
def node_page(request: Request, segment: str, db_id: Id) -> Response:
    """A node's neighbourhood drawn with vis-network (twin: ``/api/v1/graph/{segment}/{id}``)."""
    data = neighbourhood(request, segment, db_id)
    kind, title = NODE_KINDS[segment]
    focus: dict[str, Any] = next((n for n in data["nodes"] if n["id"] == data["focus"]), {})
    context = {
        "graph": data,
        "segment": segment,
        "db_id": db_id,
        "kind_title": title,
        "focus_label": focus.get("text") or focus.get("title") or focus.get("name") or "",
        "node_kinds": {v[0]: k for k, v in NODE_KINDS.items()},
        "review_url": f"/{segment}/{db_id}",
    }
    return render(request, "graph_node.html", context)


@pages.get("/static/vendor/vis-network/{name}")
def vis_network_file(name: str) -> Response:
    """vis-network as shipped inside the installed pyvis package."""
    if name not in VENDOR_FILES:
        raise NotFound(f"no vendored file {name!r}")
    resource = importlib.resources.files("pyvis").joinpath(*VIS_DIR, name)
    headers = {"cache-control": "public, max-age=86400"}
    return Response(resource.read_bytes(), media_type=VENDOR_FILES[name], headers=headers)
