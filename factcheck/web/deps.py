"""FastAPI dependencies shared by the pages and the API: who is asking, may they, and rendering.

``current_user(request)`` accepts a session cookie or an ``Authorization: Bearer <token>`` header.
``require_role(role)`` is a dependency that raises AuthenticationRequired (401) or PermissionDenied
(403); on a write (POST, PUT, PATCH, DELETE) authenticated by the session cookie it also checks the
CSRF token (form field ``csrf_token`` or header ``X-CSRF-Token``). Requests with an API token need no
CSRF token: a browser never adds that header on its own, so another site cannot forge one.
"""

from __future__ import annotations

import threading
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager, nullcontext
from typing import Any
from urllib.parse import urlsplit

from fastapi import Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from sqlalchemy.orm import Session

from factcheck.accounts.sessions import session_user
from factcheck.accounts.users import role_at_least
from factcheck.db.models import ROLES, User
from factcheck.errors import AuthenticationRequired, PermissionDenied
from factcheck.web.session import (
    check_csrf,
    csrf_token,
    pop_session_value,
    save_session,
    session_started,
    session_user_id,
    submitted_csrf,
)

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_USER_KEY = "factcheck_user"
_VIA_KEY = "factcheck_auth_via"


def current_user(request: Request) -> User | None:
    """The user making the request (API token first, then session cookie), or None.

    A request that sends an ``Authorization`` header which is not a valid bearer token is refused
    (401) rather than silently treated as anonymous, so a script with a revoked token fails loudly.
    """
    if hasattr(request.state, _USER_KEY):
        cached: User | None = getattr(request.state, _USER_KEY)
        return cached
    header = request.headers.get("authorization")
    user: User | None
    if header is not None:
        user, via = _user_for_header(request, header), "token"
    else:
        user, via = _user_for_session(request), "session"
    setattr(request.state, _USER_KEY, user)
    setattr(request.state, _VIA_KEY, via if user is not None else None)
    return user


def refuse_bad_token(request: Request) -> None:
    """App-wide dependency: a request with an ``Authorization`` header is 401 unless it is a live
    token, on every route, reads included (a revoked token must not read as anonymous)."""
    if "authorization" in request.headers:
        current_user(request)


def auth_via(request: Request) -> str | None:
    """How the current user authenticated: ``"token"``, ``"session"`` or None (anonymous)."""
    current_user(request)
    via: str | None = getattr(request.state, _VIA_KEY, None)
    return via


def _user_for_header(request: Request, header: str) -> User:
    from factcheck.accounts.tokens import user_for_token

    scheme, _, raw = header.partition(" ")
    if scheme.lower() != "bearer" or not raw.strip():
        raise AuthenticationRequired("the Authorization header must be 'Bearer <API token>'")
    with request.app.state.db.unit() as session:  # commits the token's last_used_at
        user = user_for_token(session, raw)
    if user is None:
        raise AuthenticationRequired("unknown, revoked or inactive API token")
    return user


def _user_for_session(request: Request) -> User | None:
    uid = session_user_id(request)
    if uid is None:
        return None
    with request.app.state.db.sessions() as session:
        return session_user(session, uid, session_started(request))


def require_role(role: str) -> Callable[[Request], Awaitable[User]]:
    """A dependency that returns the current user if their role is at least ``role``."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")

    async def dependency(request: Request) -> User:
        user = await run_in_threadpool(current_user, request)
        if user is None:
            raise AuthenticationRequired(f"log in or send an API token ({role} role needed)")
        if not role_at_least(user.role, role):
            raise PermissionDenied(f"this needs the {role} role; {user.name} is a {user.role}")
        if request.method not in SAFE_METHODS and auth_via(request) == "session":
            check_csrf(request, await submitted_csrf(request))
        return user

    dependency.__name__ = f"require_{role}"
    return dependency


def role_flags(user: User | None) -> dict[str, bool]:
    """What the templates may offer this user."""
    role = user.role if user is not None else None
    return {
        "can_review": role is not None and role_at_least(role, "reviewer"),
        "can_edit": role is not None and role_at_least(role, "editor"),
        "is_admin": role is not None and role_at_least(role, "admin"),
    }


_SQLITE_WRITER = threading.Lock()


@contextmanager
def write_unit(request: Request) -> Iterator[Session]:
    """A unit of work for a write from the site (commits at the end, rolls back on error).

    SQLite has one writer at a time; when several requests of this process write at once, the
    losers sleep in SQLite's busy handler (up to 100 ms a try). Taking turns on a lock here instead
    keeps 20 reviewers saving at once fast. Other databases do not need it.
    """
    db = request.app.state.db
    lock = _SQLITE_WRITER if db.engine.dialect.name == "sqlite" else nullcontext()
    with lock, db.unit() as session:
        yield session


def safe_href(url: object) -> str:
    """A link target that cannot run script: http(s) URLs and site paths pass, the rest is "#"."""
    text = str(url or "").strip()
    if text.startswith("/") and not text.startswith("//"):
        return text
    return text if urlsplit(text).scheme.lower() in ("http", "https") else "#"


def plural(count: int, word: str, many: str | None = None) -> str:
    """``1 claim``, ``2 claims`` (``many`` for irregular plurals: ``plural(n, 'entry', 'entries')``)."""
    return f"{count} {word if count == 1 else (many or word + 's')}"


def render(
    request: Request, template: str, context: dict[str, Any], status_code: int = 200
) -> Response:
    """Render a page with the user, role flags and CSRF token; save the session if it changed."""
    user = current_user(request)
    full = {
        "user": user,
        "csrf_token": csrf_token(request),
        "flash": pop_session_value(request, "flash"),
        **role_flags(user),
        **context,
    }
    templates = request.app.state.templates
    response: Response = templates.TemplateResponse(
        request, template, full, status_code=status_code
    )
    response.headers.setdefault("cache-control", "no-store")
    return save_session(request, response)
