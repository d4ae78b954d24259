"""``create_app(settings)``: the whole URL map, the error shape, and the shared state."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote_to_bytes

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException as StarletteHTTPException

from factcheck.accounts.throttle import LoginThrottle
from factcheck.config import PACKAGE_DIR, Settings
from factcheck.db.session import Database
from factcheck.errors import FactcheckError, InputError
from factcheck.review.scale import load_scale
from factcheck.review.status import RETRACTED
from factcheck.web.deps import plural, refuse_bad_token, safe_href
from factcheck.web.security import BodyLimit, SecurityHeaders

STATIC_DIR = PACKAGE_DIR.parent / "static"


def create_app(settings: Settings, db: Database | None = None) -> FastAPI:
    """Build the application for ``settings``; tests pass a Database on a temporary file."""
    # /docs and /redoc come from factcheck.web.docs (assets from an installed package, no CDN)
    app = FastAPI(
        title="factcheck",
        version="1",
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
        dependencies=[Depends(_no_nul_characters), Depends(refuse_bad_token)],
    )
    app.state.settings = settings
    app.state.db = db or Database(settings.database_url)
    app.state.scale = load_scale(settings.rating_scale)
    app.state.templates = Jinja2Templates(directory=str(settings.templates_dir))
    app.state.templates.env.filters["href"] = safe_href
    app.state.templates.env.filters["plural"] = plural
    app.state.login_throttle = LoginThrottle()
    app.add_middleware(SecurityHeaders)
    app.add_middleware(BodyLimit)
    _install_error_handlers(app)
    _routes(app)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


def _openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's schema, with the labels of this server's rating scale as the enum of every
    verdict body's ``label`` (the scale is a setting, so the models cannot say it), and the rule
    of ``_no_nul_characters`` on every text parameter."""
    if app.openapi_schema is None:
        from fastapi.openapi.utils import get_openapi

        schema = get_openapi(title=app.title, version=app.version, routes=app.routes)
        labels = [r.label for r in app.state.scale.ratings if r.label.casefold() != RETRACTED]
        for name in ("VerdictIn", "QueueVerdict"):
            schema["components"]["schemas"][name]["properties"]["label"]["enum"] = labels
        _say_no_nul(schema)
        app.openapi_schema = schema
    return app.openapi_schema


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path.endswith(".json")


def error_response(request: Request, status: int, message: str) -> Any:
    """The one error shape: JSON for the API, an error page for the site."""
    if status == 401 and not wants_json(request):  # pages send an anonymous visitor to log in
        from factcheck.web.auth import login_redirect

        return login_redirect(request)
    if wants_json(request):
        return JSONResponse({"ok": False, "error": message, "status": status}, status_code=status)
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(
        request, "error.html", {"status": status, "message": message}, status_code=status
    )


def validation_message(exc: RequestValidationError) -> str:
    """The first problem as a sentence: which parameter (or body field), what is wrong, what came."""
    first = exc.errors()[0] if exc.errors() else {}
    loc = [str(p) for p in first.get("loc", ())]
    where = loc[-1] if loc and loc[0] in ("query", "path") else ".".join(loc) or "the request"
    message = str(first.get("msg", "bad request")).removeprefix("Value error, ")
    given = first.get("input")
    shown = f" (got {given!r})" if isinstance(given, str) and given and len(given) <= 60 else ""
    return f"invalid {where}: {message}{shown}"


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(FactcheckError)
    async def _library_error(request: Request, exc: FactcheckError) -> Any:
        return error_response(request, exc.status, exc.message)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Any:
        response = error_response(request, exc.status_code, str(exc.detail))
        response.headers.update(exc.headers or {})  # a 405 says which methods are allowed
        return response

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> Any:
        return error_response(request, 400, validation_message(exc))

    @app.exception_handler(DataError)
    async def _unstorable_value(request: Request, exc: DataError) -> Any:
        # PostgreSQL refuses values SQLite takes (a NUL character in a text, an integer out of
        # range): that is bad input, not a server error
        return error_response(request, 400, "a value in the request cannot be used: " + _why(exc))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Any:
        return error_response(request, 500, "internal error")


def _no_nul_characters(request: Request) -> None:
    """Refuse a NUL character in the path or query before any handler runs: PostgreSQL cannot take
    it in a text, and a streamed export would fail after its response began."""
    query = unquote_to_bytes(request.scope.get("query_string", b""))
    if b"\x00" in query or "\x00" in request.url.path:
        raise InputError("a request may not contain a NUL character (%00)")


def _say_no_nul(schema: dict[str, Any]) -> None:
    """A ``pattern`` refusing NUL on every path and query text parameter that has none."""
    operations = [op for path in schema["paths"].values() for op in path.values()]
    for parameter in (p for op in operations for p in op.get("parameters", ())):
        for option in parameter["schema"].get("anyOf", [parameter["schema"]]):
            if option.get("type") == "string" and not {"pattern", "enum"} & option.keys():
                option["pattern"] = NO_NUL


NO_NUL = "^[^\\x00]*$"


def _why(exc: DataError) -> str:
    """The database's own one-line reason, without the SQL statement or parameters."""
    return str(exc.orig).splitlines()[0] if exc.orig is not None else "invalid value"


def _routes(app: FastAPI) -> None:
    """The whole URL map: every router of the site and the API is included here."""
    from factcheck.web import (
        api,
        auth,
        docs,
        edit_pages,
        graph_routes,
        merge_pages,
        pages,
        review_api,
        review_pages,
        users_pages,
    )

    app.include_router(api.router)
    app.include_router(docs.router)  # before /static: it serves /static/vendor/api-docs
    app.include_router(auth.router)
    app.include_router(review_pages.router)
    app.include_router(users_pages.router)
    app.include_router(merge_pages.router)
    app.include_router(edit_pages.router)
    app.include_router(pages.router)
    app.include_router(review_api.router)
    app.include_router(graph_routes.api)
    app.include_router(graph_routes.pages)  # before /static: it serves /static/vendor/vis-network
    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")
