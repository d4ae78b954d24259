"""The login and logout pages, and where a page that needs a login sends an anonymous visitor.

Sessions and CSRF tokens live in ``factcheck.web.session``; logging in starts a fresh session.
"""

from __future__ import annotations

from urllib.parse import quote, urlsplit

from fastapi import APIRouter, Form, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from factcheck.accounts.sessions import record_logout
from factcheck.accounts.throttle import LoginThrottle
from factcheck.accounts.users import authenticate
from factcheck.web.deps import render
from factcheck.web.session import (
    end_session,
    save_session,
    session_user_id,
    start_session,
    verify_csrf,
)

router = APIRouter(include_in_schema=False)


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
