"""The JSON API under ``/api/v1``: the pages' JSON twins and the researchers' queries and exports.

Every route is thin: parse parameters (FastAPI validates them; a bad one is a 400 in the one error
shape), call one service of ``factcheck.queries`` / ``factcheck.exports`` / ``factcheck.review.verdicts``, and
return its plain data, which the response models of ``factcheck.web.schemas`` document.
Reads are open, or need an API token or a login when ``FACTCHECK_API_READ_ACCESS=token``; writes
always need a reviewer (``Authorization: Bearer <token>``, or a session cookie plus CSRF header).
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response, StreamingResponse
from fastapi.routing import APIRoute
from pydantic import BaseModel
from sqlalchemy.orm import Session

from factcheck import exports, queries
from factcheck.db.models import User
from factcheck.db.repository import MAX_ROW_ID
from factcheck.errors import AuthenticationRequired, InputError, Unprocessable
from factcheck.queries import MAX_PAGE_SIZE, ClaimFilters, Page
from factcheck.queries.claims_json import list_claims_json
from factcheck.queries.keyset import CURSOR_PATTERN, MAX_CURSOR_LENGTH
from factcheck.web import schemas
from factcheck.web.deps import current_user, require_role

ERROR_TEXTS = {
    400: "The request breaks this schema: a parameter, filter or body field it does not allow, "
    "or a parameter this operation does not take",
    401: "An API token or a login is needed, or the token sent is unknown, revoked or inactive",
    403: "The user's role does not allow this, or a session's write lacks its X-CSRF-Token",
    404: "No such item, or a cursor (_next) that names no page of this list",
    409: "The stored state does not allow it (a rejected claim, a citation that exists, an undo "
    "past its time)",
    413: "The request body is larger than 1 MiB",
    422: "Allowed by the schema but cannot be applied as it stands: offsets that do not fit the "
    "article's text, an end before its start, one offset without the other",
    500: "Internal error",
}


def errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI responses for ``codes``, each in the one error shape."""
    return {c: {"model": schemas.ErrorOut, "description": ERROR_TEXTS[c]} for c in codes}


ERRORS = errors(400, 401, 404, 500)  # every operation (reads)
WRITE_ERRORS = errors(403, 409, 413, 422)  # and these on a write


async def read_access(request: Request) -> None:
    """Reads are open unless the setting asks for a token or a login."""
    if request.app.state.settings.api_read_access != "token":
        return  # no thread hop on the open path: this runs on every read
    if await run_in_threadpool(current_user, request) is None:
        raise AuthenticationRequired("reads need an API token or a login on this server")


async def known_parameters_only(request: Request) -> None:
    """A parameter the endpoint does not take is a 400 naming it, never a silently ignored one."""
    route = request.scope.get("route")
    if not isinstance(route, APIRoute) or not request.query_params:
        return
    allowed = _KNOWN.get(route.unique_id)
    if allowed is None:
        allowed = _KNOWN.setdefault(route.unique_id, _parameters_of(route))
    refuse_unknown(request, allowed)


def refuse_unknown(request: Request, allowed: frozenset[str]) -> None:
    """A 400 naming the first query parameter not in ``allowed`` (for routes that read their
    parameters themselves)."""
    for name in request.query_params:
        if name not in allowed:
            raise InputError(_unknown_parameter(name, allowed))


_KNOWN: dict[str, frozenset[str]] = {}


def _parameters_of(route: APIRoute) -> frozenset[str]:
    """The query parameters ``route`` takes (the fields of its query models included)."""
    names: set[str] = set()
    dependants = [route.dependant]
    while dependants:
        dependant = dependants.pop()
        dependants.extend(dependant.dependencies)
        for param in dependant.query_params:
            annotation = param.field_info.annotation
            if isinstance(annotation, type) and issubclass(annotation, BaseModel):
                names.update(f.alias or n for n, f in annotation.model_fields.items())
            else:
                names.add(param.alias)
    return frozenset(names)


COLUMN_FILTER = re.compile(r"^(\w+)__(\w+)$")  # Datasette's col__contains, col__gt, ...


def _unknown_parameter(name: str, allowed: frozenset[str]) -> str:
    shown = name[:60]
    takes = f"this endpoint takes: {', '.join(sorted(allowed))}" if allowed else "it takes none"
    match = COLUMN_FILTER.match(name)
    if match:
        return (
            f"parameter {shown!r}: column filters (col__{match.group(2)}) are not supported; "
            f"use q= for words in the text and the named filters; {takes}"
        )
    return f"unknown parameter {shown!r}; {takes}"


router = APIRouter(
    prefix="/api/v1",
    responses=ERRORS,
    dependencies=[Depends(read_access), Depends(known_parameters_only)],
)


async def db_session(request: Request) -> AsyncIterator[Session]:
    """A read session of the app's database for one request.

    Async on purpose: making a session does no I/O (it connects on first use, in the endpoint's
    thread), and a sync dependency would cost two thread hops per request.
    """
    session = request.app.state.db.sessions()
    try:
        yield session
    finally:
        session.close()


DB = Annotated[Session, Depends(db_session)]
Id = Annotated[int, Path(ge=1, le=MAX_ROW_ID)]
Size = Annotated[int, Query(alias="_size", ge=1, le=MAX_PAGE_SIZE, description="Rows per page.")]
Next = Annotated[
    str | None,
    Query(
        alias="_next",
        max_length=MAX_CURSOR_LENGTH,
        pattern=CURSOR_PATTERN,
        description="Cursor from the previous page's `next`; one that names no page is a 404.",
    ),
]
Text = Annotated[str | None, Query(max_length=500)]


def to_filters(query: schemas.ClaimFilterQuery) -> ClaimFilters:
    """The service's filters from the validated query parameters."""
    return ClaimFilters(
        status=query.status,
        rating=query.rating,
        normalized=query.normalized,
        speaker=query.speaker,
        speaker_kind=query.speaker_kind,
        source=query.source,
        source_kind=query.source_kind,
        article=query.article,
        publisher=query.publisher,
        date_from=query.date_from,
        date_to=query.date_to,
        hedged=query.hedged,
        unsourced=query.unsourced,
        q=query.q if query.q is not None else query.search,
        include_orphaned=query.include_orphaned,
        include_rejected=query.include_rejected,
    )


async def claim_filters(query: Annotated[schemas.ClaimFilterQuery, Query()]) -> ClaimFilters:
    """The claim filters, from query parameters (async: pure parsing, no thread hop)."""
    return to_filters(query)


Filters = Annotated[ClaimFilters, Depends(claim_filters)]


def envelope(request: Request, page: Page, response: Response | None = None) -> dict[str, Any]:
    """The list envelope: ok, rows, next (opaque cursor) and next_url, which ``response`` also
    names in a ``Link: <...>; rel="next"`` header."""
    next_url = None
    if page.next is not None:
        next_url = str(request.url.include_query_params(_next=page.next))
        if response is not None:
            response.headers["Link"] = f'<{next_url}>; rel="next"'
    return {"ok": True, "rows": page.rows, "next": page.next, "next_url": next_url}


# --- claims ------------------------------------------------------------------------------------


@router.get(
    "/claims",
    response_model=schemas.ClaimList | list[schemas.ClaimRow],  # the envelope, or _shape=array
    tags=["claims"],
    responses={200: {"content": {"application/x-ndjson": {"schema": {"type": "string"}}}}},
)
async def list_claims(request: Request, query: Annotated[schemas.ClaimListQuery, Query()]) -> Any:
    """Claims matching the filters, one keyset page at a time, with the total `count` (unless
    `_nocount`); `_facet` adds value counts, each with `selected` and a `toggle_url`.

    Datasette's conventions: `_sort_desc=col` is `_sort=-col`; `_shape=array` answers the rows
    alone (`_nl=true`: one per line, `_shape=array` implied); a `Link: <...>; rel="next"` header
    names the next page. `_sort` with `_sort_desc`, or `_nl=true` with `_shape=objects`, is a 422.
    """
    filters = to_filters(query)
    sort = _claim_sort(request, query)
    if query.nl and "_shape" in request.query_params and query.shape != "array":
        raise Unprocessable("_nl=true is one JSON row per line: give _shape=array, or leave it out")
    array = query.nl or query.shape == "array"

    def read(session: Session) -> tuple[list[str], dict[str, Any]]:
        rows, cursor = list_claims_json(
            session, filters, sort=sort, cursor=query.next, size=query.size
        )
        head = envelope(request, Page([], cursor))
        del head["rows"]
        wanted = list(dict.fromkeys(query.facet + ([] if query.nocount else ["status"])))
        facets = queries.claim_facets(session, filters, wanted) if wanted else {}
        if not query.nocount:
            head["count"] = sum(f["count"] for f in facets["status"])
        if query.facet:
            head["facets"] = {n: _facet_links(request, n, facets[n]) for n in query.facet}
        return rows, head

    # The busiest endpoint: one thread hop for the database, and the body rendered directly (its
    # shape is ClaimList, which the tests and the schemathesis run check against the schema).
    rows, head = await run_in_threadpool(in_session, request, read)
    headers = {"Link": f'<{head["next_url"]}>; rel="next"'} if head["next_url"] else None
    if array:
        if query.nl:
            body = "".join(row + "\n" for row in rows)
            return Response(body, media_type="application/x-ndjson", headers=headers)
        return Response("[" + ",".join(rows) + "]", media_type="application/json", headers=headers)
    # the rows arrive as JSON texts made by the database: splice them in, do not re-encode
    body = '{"rows":[' + ",".join(rows) + "]," + json.dumps(head, ensure_ascii=False)[1:]
    return Response(body, media_type="application/json", headers=headers)


def _claim_sort(request: Request, query: schemas.ClaimListQuery) -> str:
    if query.sort_desc is None:
        return query.sort
    if "_sort" in request.query_params:
        raise Unprocessable("give _sort or _sort_desc, not both")
    return f"-{query.sort_desc}"


def _facet_links(request: Request, name: str, values: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each facet value with ``selected`` (the filter is on it) and the URL that toggles it."""
    current = request.query_params.get(name)
    base = request.url.remove_query_params(["_next", name])
    out = []
    for item in values:
        text = _as_param(item["value"])
        selected = (
            current is not None and text is not None and current.casefold() == text.casefold()
        )
        if selected:
            url: str | None = str(base)
        else:
            url = None if text is None else str(base.include_query_params(**{name: text}))
        out.append({**item, "selected": selected, "toggle_url": url})
    return out


def _as_param(value: Any) -> str | None:
    """A facet value as its filter parameter; None when no filter selects it (no rating yet)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def in_session(request: Request, read: Callable[[Session], Any]) -> Any:
    """Run ``read`` in a session of the app's database (in the calling thread)."""
    with request.app.state.db.sessions() as session:
        return read(session)


@router.get("/claims/{claim_id}", response_model=schemas.ClaimDetail, tags=["claims"])
def get_claim(session: DB, claim_id: Id) -> Any:
    """A claim with attribution, citations with their sources, verdict history, related claims."""
    return {"ok": True, **queries.get_claim(session, claim_id)}


@router.post(
    "/claims/{claim_id}/verdicts",
    response_model=schemas.VerdictCreated,
    status_code=201,
    tags=["claims"],
    responses=WRITE_ERRORS,
)
def post_verdict(
    request: Request,
    claim_id: Id,
    body: schemas.VerdictIn,
    user: Annotated[User, Depends(require_role("reviewer"))],
) -> Any:
    """Record a verdict (needs the reviewer role: an API token, or a login and its CSRF header)."""
    from factcheck.review.verdicts import record_verdict

    with request.app.state.db.unit() as session:
        verdict = record_verdict(
            session,
            claim_id,
            user,
            body.label,
            body.rationale,
            body.evidence_urls,
            request.app.state.scale,
        )
        history = queries.verdict_history(session, claim_id)
        status = queries.claim_row(session, claim_id)["status"]
    created = next(v for v in history if v["id"] == verdict.id)
    return {"ok": True, "verdict": created, "claim_status": status}


@router.post(
    "/claims/{claim_id}/corrections",
    response_model=schemas.ClaimDetail,
    tags=["claims"],
    responses=WRITE_ERRORS,
)
def post_correction(
    request: Request,
    claim_id: Id,
    body: schemas.CorrectionIn,
    user: Annotated[User, Depends(require_role("editor"))],
) -> Any:
    """Correct an extraction (needs the editor role); audited, kept on re-ingest. Returns the claim."""
    with request.app.state.db.unit() as session:
        apply_correction(session, claim_id, user, body)
    with request.app.state.db.sessions() as session:
        return {"ok": True, **queries.get_claim(session, claim_id)}


def apply_correction(
    session: Session, claim_id: int, user: User, body: schemas.CorrectionIn
) -> None:
    """Dispatch one correction to ``factcheck.review.corrections``."""
    from factcheck.review import corrections

    if isinstance(body, schemas.SpanCorrection):
        corrections.correct_span(session, claim_id, user, body.start, body.end, body.note)
    elif isinstance(body, schemas.SpeakerCorrection):
        corrections.correct_speaker(
            session, claim_id, user, body.name, body.kind, body.start, body.end, body.note
        )
    elif isinstance(body, schemas.RejectCorrection):
        corrections.reject_claim(session, claim_id, user, body.note)
    elif isinstance(body, schemas.RestoreCorrection):
        corrections.restore_claim(session, claim_id, user, body.note)
    elif isinstance(body, schemas.AddCitation):
        new_source = body.new_source.model_dump() if body.new_source else None
        corrections.add_citation(
            session, claim_id, user, body.source, body.kind, body.start, body.end,
            body.relation, new_source, body.note,
        )  # fmt: skip
    else:
        _correct_citation(session, claim_id, user, body)


def _correct_citation(
    session: Session,
    claim_id: int,
    user: User,
    body: schemas.EvidenceCorrection | schemas.RemoveCitation,
) -> None:
    from factcheck.review import corrections

    citation = corrections.claim_citation(session, claim_id, body.citation)
    if isinstance(body, schemas.EvidenceCorrection):
        corrections.correct_evidence(
            session, citation.id, user, body.start, body.end, body.kind, body.note
        )
    else:
        corrections.remove_citation(session, citation.id, user, body.note)


# --- articles, sources, speakers, stats ---------------------------------------------------------


@router.get("/articles", response_model=schemas.ArticleList, tags=["articles"])
def list_articles(
    request: Request,
    response: Response,
    session: DB,
    q: Annotated[str | None, Query(max_length=500, description="Words in the title.")] = None,
    publisher: Text = None,
    sort: Annotated[
        Literal["id", "-id", "published", "-published", "title", "-title"], Query(alias="_sort")
    ] = "-published",
    size: Size = queries.DEFAULT_PAGE_SIZE,
    cursor: Next = None,
) -> Any:
    """Articles with their live claims counted by status."""
    page = queries.list_articles(
        session, q=q, publisher=publisher, sort=sort, cursor=cursor, size=size
    )
    return envelope(request, page, response)


@router.get("/articles/{article}", response_model=schemas.ArticleDetail, tags=["articles"])
def get_article(
    session: DB, article: Annotated[str, Path(max_length=200, description="Id or slug.")]
) -> Any:
    """An article's text and all its live claims with their offsets."""
    return {"ok": True, **queries.get_article(session, article)}


@router.get("/sources", response_model=schemas.SourceList, tags=["sources"])
def list_sources(
    request: Request,
    response: Response,
    session: DB,
    q: Annotated[
        str | None, Query(max_length=500, description="Words in the key or title.")
    ] = None,
    kind: Text = None,
    credibility: Text = None,
    sort: Annotated[
        Literal["id", "-id", "key", "-key", "kind", "-kind"], Query(alias="_sort")
    ] = "key",
    size: Size = queries.DEFAULT_PAGE_SIZE,
    cursor: Next = None,
) -> Any:
    """Canonical sources with kind, credibility, and how many claims and articles cite them."""
    page = queries.list_sources(
        session, q=q, kind=kind, credibility=credibility, sort=sort, cursor=cursor, size=size
    )
    return envelope(request, page, response)


@router.get("/sources/{source}", response_model=schemas.SourceDetail, tags=["sources"])
def get_source(
    session: DB, source: Annotated[str, Path(max_length=200, description="Id or key.")]
) -> Any:
    """A source with the claims citing it."""
    return {"ok": True, **queries.get_source(session, source)}


@router.get("/speakers", response_model=schemas.SpeakerList, tags=["speakers"])
def list_speakers(
    request: Request,
    response: Response,
    session: DB,
    q: Annotated[str | None, Query(max_length=500, description="Words in the name.")] = None,
    kind: Text = None,
    sort: Annotated[
        Literal["id", "-id", "name", "-name", "kind", "-kind"], Query(alias="_sort")
    ] = "name",
    size: Size = queries.DEFAULT_PAGE_SIZE,
    cursor: Next = None,
) -> Any:
    """Resolved speakers with their live claims counted by status."""
    page = queries.list_speakers(session, q=q, kind=kind, sort=sort, cursor=cursor, size=size)
    return envelope(request, page, response)


@router.get("/speakers/{speaker_id}", response_model=schemas.SpeakerDetail, tags=["speakers"])
def get_speaker(session: DB, speaker_id: Id) -> Any:
    """A speaker with counts and claims."""
    return {"ok": True, **queries.get_speaker(session, speaker_id)}


@router.get("/stats", response_model=schemas.StatsOut, tags=["overview"])
def stats(session: DB) -> Any:
    """Totals: rows per table, claims by status and rating, unsourced and hedged claims."""
    return {"ok": True, **queries.stats(session)}


@router.get("/", tags=["overview"])
def overview_json(session: DB) -> dict[str, Any]:
    """Counts and the newest articles of the knowledge base (twin of the page at ``/``)."""
    return {"ok": True, **queries.overview(session)}


# --- exports -----------------------------------------------------------------------------------


def _stream(
    request: Request, lines: Callable[[Session], Iterator[str]], media_type: str, filename: str
) -> StreamingResponse:
    """Stream text produced in a session of its own, opened when the first chunk is asked for."""
    db = request.app.state.db

    def body() -> Iterator[str]:
        with db.sessions() as session:
            yield from lines(session)

    headers = {"content-disposition": f'attachment; filename="{filename}"'}
    return StreamingResponse(body(), media_type=media_type, headers=headers)


def streamed(media_type: str, what: str) -> dict[int | str, dict[str, Any]]:
    """OpenAPI description of a streamed 200 response."""
    return {200: {"description": what, "content": {media_type: {"schema": {"type": "string"}}}}}


NDJSON, CSV = "application/x-ndjson", "text/csv"


@router.get(
    "/claims.jsonl",
    responses=streamed(NDJSON, "JSON Lines: one claim per line"),
    response_class=StreamingResponse,
    tags=["exports"],
)
def export_jsonl(request: Request, filters: Filters) -> StreamingResponse:
    """Every matching claim, one JSON object per line (the shape of a `/claims` row)."""
    return _stream(request, lambda s: exports.jsonl_lines(s, filters), NDJSON, "claims.jsonl")


@router.get(
    "/claims.csv",
    responses=streamed(CSV, "CSV with a header row"),
    response_class=StreamingResponse,
    tags=["exports"],
)
def export_csv(request: Request, filters: Filters) -> StreamingResponse:
    """Every matching claim as CSV (UTF-8, header row; lists joined with "; ")."""
    return _stream(
        request, lambda s: exports.csv_lines(s, filters), f"{CSV}; charset=utf-8", "claims.csv"
    )


@router.get(
    "/claimreview.jsonl",
    responses=streamed(NDJSON, "JSON Lines: one ClaimReview per line"),
    response_class=StreamingResponse,
    tags=["exports"],
)
def export_claimreview(request: Request, filters: Filters) -> StreamingResponse:
    """A ClaimReview (schema.org JSON-LD) per decided claim matching the filters, one per line."""
    base, scale = _site_url(request), request.app.state.scale
    return _stream(
        request,
        lambda s: exports.claimreview_lines(s, filters, scale, base),
        NDJSON,
        "claimreview.jsonl",
    )


@router.get("/claims/{claim_id}/claimreview.json", tags=["exports"])
def claimreview(request: Request, session: DB, claim_id: Id) -> dict[str, Any]:
    """The ClaimReview (schema.org JSON-LD) of a decided claim; 404 if it is not decided."""
    return exports.claimreview_for(session, claim_id, request.app.state.scale, _site_url(request))


def _site_url(request: Request) -> str:
    """FACTCHECK_PUBLIC_URL when set, else the address this request reached the site at."""
    public = request.app.state.settings.public_url.strip().rstrip("/")
    return public or str(request.base_url).rstrip("/")
