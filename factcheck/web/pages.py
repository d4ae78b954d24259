"""HTML pages (Jinja2) for reading the knowledge base. Each page is built from the same service call
(``factcheck.queries``) as its JSON twin under ``/api/v1``, and links to it with
``<link rel="alternate" type="application/json">``.

Review actions (verdict forms, the queue, corrections) are in ``review_pages``; login in ``auth``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from factcheck import queries
from factcheck.errors import AuthenticationRequired, NotFound
from factcheck.web import edit_pages, merge_pages, review_pages
from factcheck.web.api import Id
from factcheck.web.deps import current_user, render
from factcheck.web.params import (
    claim_filters,
    size_param,
    text_param,
    toggle,
    url_with,
)


async def page_read_access(request: Request) -> None:
    """With ``FACTCHECK_API_READ_ACCESS=token`` the pages, like the API, need a login to read."""
    if request.app.state.settings.api_read_access != "token":
        return
    if await run_in_threadpool(current_user, request) is None:
        raise AuthenticationRequired("log in to read this knowledge base")


router = APIRouter(include_in_schema=False, dependencies=[Depends(page_read_access)])

LIST_SIZE = 50
LIST_FACETS = ("status", "normalized", "speaker_kind", "source_kind", "hedged", "publisher")


def _read(request: Request, call: Callable[[Session], Any]) -> Any:
    """Run one read service in a session of the app's database."""
    with request.app.state.db.sessions() as session:
        return call(session)


def _item_key(value: str, what: str) -> str:
    """An id or slug/key from a path; an all-digit value too big for an id cannot name anything."""
    if value.isdigit() and len(value) > 18:
        raise NotFound(f"no {what} {value}")
    return value


def _param_text(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


FACET_TITLES = {"normalized": "rating", "speaker_kind": "speaker", "source_kind": "cited source"}
VALUE_LABELS = {
    ("hedged", "true"): "hedged",
    ("hedged", "false"): "not hedged",
    ("publisher", ""): "no publisher",
}


def facet_links(path: str, params: dict[str, str], facets: dict[str, list[dict]]) -> list[dict]:
    """Facets ready for the template: each value with its count, toggle link and on/off state."""
    out = []
    for name, values in facets.items():
        entries = []
        for row in values:
            if row["value"] is None:
                continue  # claims without the property (no verdict, no source) are not a filter
            text = _param_text(row["value"])
            entries.append(
                {
                    "label": VALUE_LABELS.get((name, text))
                    or str(row.get("label") or text).replace("_", " "),
                    "count": row["count"],
                    "url": toggle(path, params, name, text),
                    "on": params.get(name) == text,
                }
            )
        title = FACET_TITLES.get(name, name.replace("_", " "))
        out.append({"name": name, "title": title, "values": entries})
    return out


def _counted(values: list[tuple[str, int]]) -> list[dict[str, Any]]:
    """(value, count) pairs as facet rows (the shape ``facet_links`` reads)."""
    return [{"value": value, "count": count} for value, count in values]


def _list_context(request: Request, path: str, page: queries.Page, json_path: str) -> dict:
    params = dict(request.query_params)
    return {
        "rows": page.rows,
        "facets": facet_links(path, params, page.facets),
        "params": params,
        "path": path,
        "next_url": url_with(path, params, _next=page.next) if page.next else None,
        "first_url": url_with(path, params, _next=None) if "_next" in params else None,
        "toggle": lambda name, value: toggle(path, params, name, value),
        "json_url": url_with(json_path, params),
    }


@router.get("/", response_class=HTMLResponse)
def overview_page(request: Request) -> Response:
    """Totals and the newest articles."""
    data = _read(request, queries.overview)
    return render(request, "overview.html", {"data": data})


def _paging(params: Mapping[str, str], default_sort: str) -> dict[str, Any]:
    """The ``_sort``, ``_next`` and ``_size`` of a list page, as the list services take them."""
    return {
        "sort": text_param(params, "_sort") or default_sort,
        "cursor": text_param(params, "_next"),
        "size": size_param(params, LIST_SIZE),
    }


# --- claims ---------------------------------------------------------------------------------------


@router.get("/claims", response_class=HTMLResponse)
def claims_page(request: Request) -> Response:
    """Claims with full-text search, filters and facets (twin: ``/api/v1/claims``)."""
    params = request.query_params
    filters = claim_filters(params)
    paging = _paging(params, "id")

    def call(session: Session) -> queries.Page:
        page = queries.list_claims(session, filters, **paging)
        page.facets = queries.claim_facets(session, filters, LIST_FACETS)
        return page

    page = _read(request, call)
    context = _list_context(request, "/claims", page, "/api/v1/claims")
    context["sorts"] = [(key, CLAIM_SORT_LABELS.get(key, key)) for key in _sort_keys()]
    # every live claim has one status, so the status facet adds up to the number of matches
    context["count"] = sum(row["count"] for row in page.facets.get("status", []))
    return render(request, "claims.html", context)


CLAIM_SORT_LABELS = {
    "id": "oldest first",
    "-id": "newest first",
    "checkworthiness": "least check-worthy first",
    "-checkworthiness": "most check-worthy first",
    "published": "earliest article first",
    "-published": "latest article first",
    "status": "decided first",
    "-status": "unreviewed first",
}


def _sort_keys() -> list[str]:
    return [key for name in queries.CLAIM_SORTS for key in (name, f"-{name}")]


@router.get("/claims/{claim_id}", response_class=HTMLResponse)
def claim_page(request: Request, claim_id: Id) -> Response:
    """One claim: attribution, evidence, verdict form and history, disagreements, related claims
    (twin: ``/api/v1/claims/{id}``)."""
    return review_pages.render_claim(request, claim_id)


# --- articles -------------------------------------------------------------------------------------


@router.get("/articles", response_class=HTMLResponse)
def articles_page(request: Request) -> Response:
    """Articles with title search (twin: ``/api/v1/articles``)."""
    params = request.query_params
    page = _read(
        request,
        lambda s: queries.list_articles(
            s,
            q=text_param(params, "q"),
            publisher=text_param(params, "publisher"),
            **_paging(params, "-published"),
        ),
    )
    context = _list_context(request, "/articles", page, "/api/v1/articles")
    return render(request, "articles.html", context)


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: str) -> Response:
    """The article's text with every claim highlighted in place (twin: ``/api/v1/articles/{id}``)."""
    return edit_pages.render_article(request, _item_key(article_id, "article"))


# --- sources and speakers -------------------------------------------------------------------------


@router.get("/sources", response_class=HTMLResponse)
def sources_page(request: Request) -> Response:
    """Canonical sources, searchable, by kind and credibility (twin: ``/api/v1/sources``)."""
    params = request.query_params
    page = _read(
        request,
        lambda s: queries.list_sources(
            s,
            q=text_param(params, "q"),
            kind=text_param(params, "kind"),
            credibility=text_param(params, "credibility"),
            **_paging(params, "key"),
        ),
    )
    page.facets = _read(
        request,
        lambda s: {
            name: _counted(queries.source_value_counts(s, name)) for name in ("kind", "credibility")
        },
    )
    context = _list_context(request, "/sources", page, "/api/v1/sources")
    return render(request, "sources.html", context)


@router.get("/sources/{source_id}", response_class=HTMLResponse)
def source_page(request: Request, source_id: str) -> Response:
    """A source and the claims citing it (twin: ``/api/v1/sources/{id}``)."""
    return edit_pages.render_source(request, _item_key(source_id, "source"))


@router.get("/speakers", response_class=HTMLResponse)
def speakers_page(request: Request) -> Response:
    """Resolved speakers by kind, searchable (twin: ``/api/v1/speakers``)."""
    params = request.query_params
    page = _read(
        request,
        lambda s: queries.list_speakers(
            s,
            q=text_param(params, "q"),
            kind=text_param(params, "kind"),
            **_paging(params, "name"),
        ),
    )
    page.facets = {"kind": _counted(_read(request, queries.speaker_kinds))}
    context = _list_context(request, "/speakers", page, "/api/v1/speakers")
    return render(request, "speakers.html", context)


@router.get("/speakers/{speaker_id}", response_class=HTMLResponse)
def speaker_page(request: Request, speaker_id: Id) -> Response:
    """A speaker and their claims (twin: ``/api/v1/speakers/{id}``)."""
    return merge_pages.render_speaker(request, speaker_id)
