"""User accounts: create, find by name, set a password, authenticate. Passwords are hashed with Argon2id (argon2-cffi)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.db.models import ROLES, User
from factcheck.errors import Conflict, InputError, NotFound, PermissionDenied

_hasher = PasswordHasher()
MIN_PASSWORD_LENGTH = 8


def create_user(session: Session, name: str, role: str, password: str) -> User:
    """Add an account; names are unique, roles come from ``ROLES``."""
    name = name.strip()
    if not name or len(name) > 100 or any(ch.isspace() or not ch.isprintable() for ch in name):
        raise InputError("a user name is 1-100 printable characters without spaces")
    if role not in ROLES:
        raise InputError(f"role must be one of {', '.join(ROLES)}")
    _check_password(password)
    if session.scalar(select(User).where(User.name == name)) is not None:
        raise Conflict(f"user {name!r} exists already")
    user = User(name=name, role=role, password_hash=_hasher.hash(password))
    session.add(user)
    session.flush()
    return user


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InputError(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")


def user_named(session: Session, name: str) -> User:
    """The account called ``name``; NotFound otherwise."""
    user = session.scalar(select(User).where(User.name == name.strip()))
    if user is None:
        raise NotFound(f"no user {name.strip()!r} (see 'factcheck user list')")
    return user


def set_password(session: Session, user: User, password: str) -> None:
    """Give ``user`` a new password (the old one stops working at once)."""
    _check_password(password)
    user.password_hash = _hasher.hash(password)
    session.flush()


def authenticate(session: Session, name: str, password: str) -> User | None:
    """The active user with this name and password, or None."""
    user = session.scalar(select(User).where(User.name == name.strip(), User.active.is_(True)))
    if user is None:
        _hasher.hash(password)  # spend the same time whether or not the name exists
        return None
    try:
        _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    return user


def role_at_least(role: str, needed: str) -> bool:
    """Roles are ordered viewer < reviewer < editor < admin."""
    return ROLES.index(role) >= ROLES.index(needed)


def require(user: User, role: str, action: str) -> None:
    """Raise PermissionDenied unless ``user`` is active and has at least ``role``."""
    if not user.active or not role_at_least(user.role, role):
        raise PermissionDenied(f"{action} needs the {role} role; {user.name} is a {user.role}")
