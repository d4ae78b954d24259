"""HTML pages (Jinja2). Each page is built from the same service call as its JSON twin."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from factcheck.web import services

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def overview_page(request: Request) -> Any:
    data = services.overview(request.app.state.db)
    return request.app.state.templates.TemplateResponse(request, "overview.html", {"data": data})
