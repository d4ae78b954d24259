"""Signed session cookies, CSRF tokens, and the login and logout pages.

The session is a small dict (``uid``: the logged-in user's id, ``csrf``: the per-session CSRF token)
signed with ``settings.secret_key`` (itsdangerous) and kept in an HttpOnly, SameSite=Lax cookie.
Nothing secret is in it: the signature only stops a visitor from forging another user's id.
Anonymous visitors get a session too, so that the login form carries a CSRF token; logging in
starts a fresh session (new CSRF token), so a token seen before login is useless after it.
"""

from __future__ import annotations

import hmac
import secrets
import time
from typing import Any
from urllib.parse import quote, urlsplit

from fastapi import APIRouter, Form, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer

from factcheck.accounts.sessions import record_logout
from factcheck.accounts.throttle import LoginThrottle
from factcheck.accounts.users import authenticate
from factcheck.errors import PermissionDenied

COOKIE_NAME = "factcheck_session"
SESSION_MAX_AGE = 14 * 24 * 3600  # seconds; a reviewer logs in once a fortnight at most
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
_STATE_KEY = "factcheck_session"
_DIRTY_KEY = "factcheck_session_dirty"

router = APIRouter(include_in_schema=False)


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


# --- login and logout -----------------------------------------------------------------------------


def safe_next(target: str | None) -> str:
    """Only same-site paths may be redirected to after login (no open redirect)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def login_url(path_and_query: str) -> str:
    """Where a page that needs a login sends an anonymous visitor."""
    return "/login?next=" + quote(path_and_query, safe="")


def login_redirect(request: Request) -> Response:
    """A 303 to the login page that comes back here (or, after a failed write, to the referring
    page: a form's POST address cannot be opened with GET)."""
    if request.method in ("GET", "HEAD"):
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    else:
        referer = urlsplit(request.headers.get("referer", ""))
        same_site = referer.netloc == request.url.netloc
        target = referer.path + (f"?{referer.query}" if referer.query else "") if same_site else "/"
    return RedirectResponse(login_url(safe_next(target)), status_code=303)


def _login_page(request: Request, next_url: str, error: str = "", status: int = 200) -> Response:
    from factcheck.web.deps import render

    context = {"next": safe_next(next_url), "error": error, "name": ""}
    return render(request, "login.html", context, status_code=status)


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str = "/") -> Response:
    """The login form."""
    return _login_page(request, next)


@router.post("/login")
async def login(
    request: Request,
    name: str = Form("", max_length=100),
    password: str = Form("", max_length=1000),
    next: str = Form("/"),
) -> Response:
    """Check the name and password; start a session and go to ``next``, or show the form again."""
    await verify_csrf(request)
    throttle: LoginThrottle = request.app.state.login_throttle
    address = request.client.host if request.client else ""
    wait = throttle.retry_after(name, address)
    if wait:  # checked before the password, so that guessing on tells nothing
        minutes = (wait + 59) // 60
        message = (
            "Too many failed logins for this account or from this address; "
            f"try again in {minutes} minute{'s' if minutes != 1 else ''}."
        )
        response = _login_page(request, next, message, status=429)
        response.headers["Retry-After"] = str(wait)
        return response
    user = await run_in_threadpool(_authenticate, request, name, password)
    if user is None:
        throttle.failed(name, address)
        return _login_page(request, next, "Unknown name or wrong password.", status=401)
    throttle.succeeded(name)
    start_session(request, user)
    return save_session(request, RedirectResponse(safe_next(next), status_code=303))


def _authenticate(request: Request, name: str, password: str) -> int | None:
    with request.app.state.db.sessions() as session:
        user = authenticate(session, name, password)
        return user.id if user is not None else None


@router.get("/logout", response_class=HTMLResponse)
def logout_form(request: Request) -> Response:
    """A confirmation form (logging out is a POST, so no other site can log a reviewer out)."""
    from factcheck.web.deps import render

    return render(request, "logout.html", {})


@router.post("/logout")
async def logout(request: Request) -> Response:
    """End the session and go to the overview."""
    await verify_csrf(request)
    uid = session_user_id(request)
    if uid is not None:  # and every copy of this cookie (or any other session of the user) ends
        await run_in_threadpool(_record_logout, request, uid)
    end_session(request)
    return save_session(request, RedirectResponse("/", status_code=303))


def _record_logout(request: Request, user_id: int) -> None:
    with request.app.state.db.unit() as session:
        record_logout(session, user_id)
