"""Signed session cookies and CSRF tokens.

The session is a small dict (``uid``: the logged-in user's id, ``csrf``: the per-session CSRF token,
``at``: when the login happened) signed with ``settings.secret_key`` (itsdangerous) and kept in an
HttpOnly, SameSite=Lax cookie. Nothing secret is in it: the signature only stops a visitor from
forging another user's id. Anonymous visitors get a session too, so that the login form carries a
CSRF token; logging in starts a fresh session (new CSRF token), so a token seen before login is
useless after it. The login and logout pages are ``factcheck.web.auth``.
"""

from __future__ import annotations

import hmac
import secrets
import time
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from itsdangerous import BadSignature, URLSafeTimedSerializer

from factcheck.errors import PermissionDenied

COOKIE_NAME = "factcheck_session"
SESSION_MAX_AGE = 14 * 24 * 3600  # seconds; a reviewer logs in once a fortnight at most
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
_STATE_KEY = "factcheck_session"
_DIRTY_KEY = "factcheck_session_dirty"


# --- the signed session ---------------------------------------------------------------------------


def _serializer(request: Request) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(request.app.state.settings.secret_key, salt="factcheck.session")


def load_session(request: Request) -> dict[str, Any]:
    """The request's session dict (empty when the cookie is missing, forged or expired)."""
    cached = getattr(request.state, _STATE_KEY, None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    data: dict[str, Any] = {}
    raw = request.cookies.get(COOKIE_NAME)
    if raw:
        try:
            loaded = _serializer(request).loads(raw, max_age=SESSION_MAX_AGE)
        except BadSignature:
            loaded = None
        if isinstance(loaded, dict):
            data = loaded
    setattr(request.state, _STATE_KEY, data)
    return data


def _replace_session(request: Request, data: dict[str, Any]) -> None:
    setattr(request.state, _STATE_KEY, data)
    setattr(request.state, _DIRTY_KEY, True)


def save_session(request: Request, response: Response) -> Response:
    """Set the session cookie on ``response`` if this request created or changed the session."""
    if getattr(request.state, _DIRTY_KEY, False):
        value = _serializer(request).dumps(load_session(request))
        response.set_cookie(
            COOKIE_NAME,
            value,
            max_age=SESSION_MAX_AGE,
            httponly=True,
            samesite="lax",
            secure=request.app.state.settings.secure_cookies or request.url.scheme == "https",
        )
    return response


def session_user_id(request: Request) -> int | None:
    """The id of the user logged in through the session cookie, if any."""
    uid = load_session(request).get("uid")
    return uid if isinstance(uid, int) else None


def session_started(request: Request) -> float:
    """When the session's login happened (Unix time; 0 for a session without one)."""
    started = load_session(request).get("at")
    return float(started) if isinstance(started, int | float) else 0.0


def start_session(request: Request, user_id: int) -> None:
    """Log ``user_id`` in: a new session with a new CSRF token (no session fixation)."""
    session = {"uid": user_id, "csrf": secrets.token_urlsafe(32), "at": time.time()}
    _replace_session(request, session)


def end_session(request: Request) -> None:
    """Log out: an anonymous session with a new CSRF token."""
    _replace_session(request, {"csrf": secrets.token_urlsafe(32)})


def set_session_value(request: Request, key: str, value: Any) -> None:
    """Store a small value in the session (the cookie is rewritten with the response)."""
    _replace_session(request, {**load_session(request), key: value})


def pop_session_value(request: Request, key: str) -> Any:
    """Take a value out of the session (a one-time message, for instance)."""
    session = load_session(request)
    if key not in session:
        return None
    rest = dict(session)
    value = rest.pop(key)
    _replace_session(request, rest)
    return value


# --- CSRF -----------------------------------------------------------------------------------------


def csrf_token(request: Request) -> str:
    """The session's CSRF token, created (and the cookie marked for saving) on first use."""
    session = load_session(request)
    token = session.get("csrf")
    if not isinstance(token, str) or not token:
        token = secrets.token_urlsafe(32)
        _replace_session(request, {**session, "csrf": token})
    return token


def check_csrf(request: Request, submitted: str | None) -> None:
    """Raise PermissionDenied unless ``submitted`` is this session's CSRF token."""
    expected = load_session(request).get("csrf")
    if not isinstance(expected, str) or not expected or not submitted:
        raise PermissionDenied("missing CSRF token: reload the page and try again")
    if not hmac.compare_digest(expected.encode(), submitted.encode()):
        raise PermissionDenied("wrong CSRF token: reload the page and try again")


async def submitted_csrf(request: Request) -> str | None:
    """The CSRF token a request carries: the ``X-CSRF-Token`` header or the form field."""
    header = request.headers.get(CSRF_HEADER)
    if header:
        return header
    content_type = request.headers.get("content-type", "")
    if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        value = (await request.form()).get(CSRF_FIELD)
        return value if isinstance(value, str) else None
    return None


async def verify_csrf(request: Request) -> None:
    """FastAPI dependency for form posts that need no login (login itself, logout)."""
    check_csrf(request, await submitted_csrf(request))
