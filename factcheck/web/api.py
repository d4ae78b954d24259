"""The JSON API under ``/api/v1``: the twins of the pages, and the researchers' queries."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from factcheck.web import services

router = APIRouter(prefix="/api/v1")


@router.get("/", tags=["overview"])
def overview_json(request: Request) -> dict[str, Any]:
    """Counts and the newest articles of the knowledge base (twin of the page at ``/``)."""
    return {"ok": True, **services.overview(request.app.state.db)}
