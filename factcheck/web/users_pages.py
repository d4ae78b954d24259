"""The ``/users`` page (admins): list accounts, add one, change a role, deactivate or reactivate."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from factcheck.accounts.admin import add_user, list_users, set_active, set_role
from factcheck.db.models import ROLES, User
from factcheck.errors import FactcheckError, InputError
from factcheck.web.deps import render, require_role, write_unit
from factcheck.web.forms import SHOWN_AGAIN, Form, redirect

router = APIRouter(include_in_schema=False)
ADMIN = require_role("admin")


def _page(
    request: Request, error: str | None = None, posted: dict | None = None, status: int = 200
) -> Response:
    with request.app.state.db.sessions() as session:
        users = list_users(session)
    context = {"users": users, "roles": ROLES, "error": error, "posted": posted or {}}
    return render(request, "users.html", context, status_code=status)


@router.get("/users", response_class=HTMLResponse)
def users_page(request: Request, admin: Annotated[User, Depends(ADMIN)]) -> Response:
    """Every account with its role and state."""
    return _page(request)


@router.post("/users")
def users_action(request: Request, admin: Annotated[User, Depends(ADMIN)], form: Form) -> Response:
    """One admin action from the page: ``add``, ``role`` or ``active``."""
    try:
        with write_unit(request) as session:
            message = _apply(session, admin, form)
    except FactcheckError as exc:
        if exc.status not in SHOWN_AGAIN:
            raise
        posted = {k: v for k, v in form.items() if k not in ("password", "csrf_token")}
        return _page(request, exc.message, posted, exc.status)
    return redirect(request, "/users", message)


def _apply(session: Session, admin: User, form: dict[str, str]) -> str:
    action = form.get("action", "")
    if action == "add":
        name, role, password = (form.get(k, "") for k in ("name", "role", "password"))
        user = add_user(session, admin, name, role, password)
        return f"Added {user.name} ({user.role})."
    user_id = form.get("user", "")
    if not user_id.isdigit():
        raise InputError("which user? (the form lost its user id)")
    if action == "role":
        user = set_role(session, admin, int(user_id), form.get("role", ""))
        return f"{user.name} is now a {user.role}."
    if action == "active":
        user = set_active(session, admin, int(user_id), form.get("active") == "true")
        return f"{user.name} is {'active' if user.active else 'deactivated'}."
    raise InputError(f"unknown action {action!r}")
