"""Managing user accounts (admins): add, list, change a role, deactivate or reactivate. Audited.

Accounts are created by ``factcheck.accounts.users.create_user`` (the CLI's ``factcheck user
add``) and by ``add_user`` (an admin on the ``/users`` page, audited). An admin cannot demote or
deactivate their own account, so the site always keeps the admin who is using it. Functions only
``flush()``.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.accounts.users import create_user, require
from factcheck.db.models import ROLES, User
from factcheck.errors import Conflict, InputError, NotFound
from factcheck.review.audit import audit


def list_users(session: Session) -> list[dict[str, Any]]:
    """Every account (never its password hash), by name."""
    return [
        {
            "id": u.id,
            "name": u.name,
            "role": u.role,
            "active": u.active,
            "created_at": u.created_at.isoformat(),
        }
        for u in session.scalars(select(User).order_by(User.name))
    ]


def _target(session: Session, admin: User, user_id: int) -> User:
    require(admin, "admin", "managing users")
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(f"no user {user_id}")
    return user


def set_role(session: Session, admin: User, user_id: int, role: str) -> User:
    """Give a user another role."""
    user = _target(session, admin, user_id)
    if role not in ROLES:
        raise InputError(f"role must be one of {', '.join(ROLES)}")
    if user.id == admin.id and role != "admin":
        raise Conflict("you cannot take the admin role from yourself")
    audit(
        session,
        "user.set_role",
        "user",
        user.id,
        {"before": user.role, "after": role},
        actor=admin.name,
        user_id=admin.id,
    )
    user.role = role
    session.flush()
    return user


def set_active(session: Session, admin: User, user_id: int, active: bool) -> User:
    """Deactivate (no login, no API token works) or reactivate an account; nothing is deleted."""
    user = _target(session, admin, user_id)
    if user.id == admin.id and not active:
        raise Conflict("you cannot deactivate your own account")
    audit(
        session,
        "user.set_active",
        "user",
        user.id,
        {"active": active},
        actor=admin.name,
        user_id=admin.id,
    )
    user.active = active
    session.flush()
    return user


def add_user(session: Session, admin: User, name: str, role: str, password: str) -> User:
    """An admin creates an account (audited as ``user.add``)."""
    user = create_user(session, name, role, password)
    data = {"name": user.name, "role": user.role}
    audit(session, "user.add", "user", user.id, data, actor=admin.name, user_id=admin.id)
    return user
