"""HTML pages (Jinja2). Each page is built from the same service call as its JSON twin."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from factcheck.web import auth, services
from factcheck.web.deps import render

router = APIRouter(include_in_schema=False)
router.include_router(auth.router)


@router.get("/", response_class=HTMLResponse)
def overview_page(request: Request) -> Any:
    data = services.overview(request.app.state.db)
    return render(request, "overview.html", {"data": data})
