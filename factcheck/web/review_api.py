"""JSON twins of the review queue: ``GET /api/v1/queue``, ``POST /api/v1/queue/verdicts`` and
``POST /api/v1/queue/undo``. They take the same filters as the ``/queue`` page and call the same
services; writes need the reviewer role (API token, or session cookie plus ``X-CSRF-Token``).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from factcheck.db.models import User
from factcheck.db.repository import MAX_ROW_ID
from factcheck.review.verdicts import (
    get_claim_or_404,
    record_verdict,
    review_summary,
    undo_verdict,
)
from factcheck.web.api import (
    ERRORS,
    WRITE_ERRORS,
    Id,
    errors,
    known_parameters_only,
    read_access,
    refuse_unknown,
)
from factcheck.web.deps import require_role, write_unit
from factcheck.web.params import QUEUE_FILTERS, queue_params, queue_view, url_with
from factcheck.web.schemas import VerdictIn

router = APIRouter(
    prefix="/api/v1",
    tags=["review"],
    responses=ERRORS,
    dependencies=[Depends(read_access)],
)
REVIEWER = require_role("reviewer")
QUEUE_PARAMETERS = frozenset({*QUEUE_FILTERS, "claim", "after", "before"})


class QueueVerdict(VerdictIn):
    """A verdict on the queue's current claim."""

    claim_id: int = Field(ge=1, le=MAX_ROW_ID)


class QueueUndo(BaseModel):
    """Which claim's verdict (the caller's own latest) to retract."""

    claim_id: int = Field(ge=1, le=MAX_ROW_ID)


def _queue_json(request: Request, user: User, params: dict[str, str]) -> dict[str, Any]:
    data = queue_view(request.app.state.db, params, user.name, "/api/v1/queue")
    claim = data["claim"]
    if claim is not None:
        claim.pop("article_text", None)  # the claim's offsets point into GET /api/v1/articles/{id}
    return {
        "ok": True,
        "claim": claim,
        "count": data["count"],
        "filters": data["filters"],
        **data["links"],
    }


@router.get("/claims/{claim_id}/review", dependencies=[Depends(known_parameters_only)])
def get_review(request: Request, claim_id: Id) -> dict[str, Any]:
    """Where a claim's review stands (the claim page's verdict panel): the status the rule gives,
    the decided rating if any, whether reviewers disagree, and each reviewer's latest rating."""
    with request.app.state.db.sessions() as session:
        get_claim_or_404(session, claim_id)
        return {"ok": True, "claim_id": claim_id, **review_summary(session, claim_id)}


@router.get("/queue", responses=errors(403))
def get_queue(request: Request, user: Annotated[User, Depends(REVIEWER)]) -> dict[str, Any]:
    """The caller's current queue claim (twin of ``/queue``): filters ``status`` (unreviewed,
    in_review, disputed), ``article``, ``speaker``, ``source_kind``, ``hedged``, ``unsourced``;
    position ``claim``, ``after`` or ``before`` (claim ids). ``next``/``previous`` are links."""
    refuse_unknown(request, QUEUE_PARAMETERS)
    return _queue_json(request, user, dict(request.query_params))


@router.post("/queue/verdicts", responses=WRITE_ERRORS)
def post_queue_verdict(
    request: Request, body: QueueVerdict, user: Annotated[User, Depends(REVIEWER)]
) -> dict[str, Any]:
    """Record a verdict on a queue claim; the answer carries the next claim of the same queue."""
    with write_unit(request) as session:
        verdict = record_verdict(
            session,
            body.claim_id,
            user,
            body.label,
            body.rationale,
            body.evidence_urls,
            request.app.state.scale,
        )
        saved = {"id": verdict.id, "claim_id": verdict.claim_id, "label": verdict.rating_label}
    params = {**queue_params(request.query_params), "after": str(body.claim_id)}
    return {**_queue_json(request, user, params), "saved": saved}


@router.post("/queue/undo", responses=WRITE_ERRORS)
def post_queue_undo(
    request: Request, body: QueueUndo, user: Annotated[User, Depends(REVIEWER)]
) -> dict[str, Any]:
    """Retract the caller's latest verdict on a claim (within 30 minutes); returns that claim."""
    with write_unit(request) as session:
        retraction = undo_verdict(session, body.claim_id, user)
        undone = {"id": retraction.id, "claim_id": body.claim_id}
    params = {**queue_params(request.query_params), "claim": str(body.claim_id)}
    result = _queue_json(request, user, params)
    result["undone"] = undone
    result["self"] = url_with("/api/v1/queue", params)
    return result
