"""API tokens: created once and shown once, stored only as a SHA-256 hash (table ``api_tokens``).

A token is 32 random bytes, URL-safe, prefixed ``fc_`` so that it is recognisable in logs and secret
scanners. Because it is long and random, a fast hash is enough (no salt or slow KDF is needed: there is
nothing to brute-force that a random 256-bit value does not already defeat).
"""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.db.base import utcnow
from factcheck.db.models import ApiToken, User
from factcheck.errors import InputError, NotFound

TOKEN_PREFIX = "fc_"
MAX_TOKEN_LENGTH = 200  # longer "tokens" are refused before hashing


def hash_token(raw: str) -> str:
    """The stored form of a raw token."""
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def create_token(session: Session, user: User, name: str = "") -> str:
    """Make a token for ``user`` and return it raw; only its hash is stored, so show it once."""
    name = name.strip()
    if len(name) > 100 or any(not ch.isprintable() for ch in name):
        raise InputError("a token name is at most 100 printable characters")
    if not user.active:
        raise InputError(f"user {user.name!r} is not active")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    session.add(ApiToken(user_id=user.id, name=name, token_hash=hash_token(raw)))
    session.flush()
    return raw


def user_for_token(session: Session, raw: str) -> User | None:
    """The active user owning this unrevoked token, or None; records when the token was used."""
    raw = raw.strip()
    if not raw or len(raw) > MAX_TOKEN_LENGTH:
        return None
    row = session.execute(
        select(ApiToken, User)
        .join(User, User.id == ApiToken.user_id)
        .where(ApiToken.token_hash == hash_token(raw), ApiToken.revoked.is_(False))
    ).first()
    if row is None or not row[1].active:
        return None
    token, user = row
    token.last_used_at = utcnow()
    session.flush()
    return user


def revoke_token(session: Session, token_id: int, user: User | None = None) -> None:
    """Revoke a token by id (only one of ``user``'s when given). Revoking twice is harmless."""
    token = session.get(ApiToken, token_id)
    if token is None or (user is not None and token.user_id != user.id):
        raise NotFound(f"no API token {token_id}")
    token.revoked = True
    session.flush()


def list_tokens(session: Session, user: User) -> list[dict[str, object]]:
    """The tokens of ``user`` (never their hashes), oldest first."""
    tokens = session.scalars(
        select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id)
    )
    return [
        {
            "id": t.id,
            "name": t.name,
            "created_at": t.created_at.isoformat(),
            "last_used_at": t.last_used_at.isoformat() if t.last_used_at else None,
            "revoked": t.revoked,
        }
        for t in tokens
    ]
