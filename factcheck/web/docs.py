"""The OpenAPI pages, ``/docs`` (Swagger UI) and ``/redoc`` (ReDoc), with their scripts and styles
served from the installed ``fastapi-offline`` package: nothing is loaded from another host, so
they work without internet, and, started by ``/static/docs.js`` rather than an inline script,
under the site's own content security policy.
"""

from __future__ import annotations

import importlib.resources

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from factcheck.errors import NotFound

ASSETS = {
    "swagger-ui-bundle.js": "application/javascript",
    "swagger-ui.css": "text/css",
    "redoc.standalone.js": "application/javascript",
    "favicon.png": "image/png",
}
ASSET_URL = "/static/vendor/api-docs"

router = APIRouter(include_in_schema=False)

_SWAGGER = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title} · API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" type="image/png" href="{assets}/favicon.png">
<link rel="stylesheet" href="{assets}/swagger-ui.css"></head>
<body><div id="swagger-ui" data-openapi-url="{openapi}"></div>
<script src="{assets}/swagger-ui-bundle.js"></script>
<script src="/static/docs.js"></script></body></html>
"""
_REDOC = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title} · API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" type="image/png" href="{assets}/favicon.png"></head>
<body><redoc spec-url="{openapi}"></redoc>
<script src="{assets}/redoc.standalone.js"></script></body></html>
"""


def _page(request: Request, template: str) -> HTMLResponse:
    app = request.app
    html = template.format(title=app.title, assets=ASSET_URL, openapi=app.openapi_url)
    return HTMLResponse(html)


@router.get("/docs")
def swagger_ui(request: Request) -> HTMLResponse:
    """The API's OpenAPI description in Swagger UI (try requests from the browser)."""
    return _page(request, _SWAGGER)


@router.get("/redoc")
def redoc(request: Request) -> HTMLResponse:
    """The API's OpenAPI description in ReDoc (one long reference page)."""
    return _page(request, _REDOC)


@router.get(ASSET_URL + "/{name}")
def asset(name: str) -> Response:
    """Swagger UI's and ReDoc's files as shipped inside the installed fastapi-offline package."""
    if name not in ASSETS:
        raise NotFound(f"no file {name!r}")
    data = importlib.resources.files("fastapi_offline").joinpath("static", name).read_bytes()
    headers = {"cache-control": "public, max-age=86400"}
    return Response(data, media_type=ASSETS[name], headers=headers)
