"""API tokens on a real SQLite file, and the ``factcheck token`` commands as a subprocess."""

from __future__ import annotations

from sqlalchemy import select

from factcheck.accounts.tokens import create_token, hash_token, revoke_token, user_for_token
from factcheck.accounts.users import create_user
from factcheck.db.models import ApiToken, User
from factcheck.db.session import Database
from tests.cli.test_cli import run_cli


def _user(db: Database, name: str = "rosa") -> User:
    with db.unit() as session:
        return create_user(session, name, "reviewer", "a long password")


def test_a_token_is_stored_only_as_its_hash_and_finds_its_user(db: Database) -> None:
    user = _user(db)
    with db.unit() as session:
        raw = create_token(session, user, "notebook")
    with db.unit() as session:
        stored = session.scalars(select(ApiToken)).one()
        assert stored.token_hash == hash_token(raw) and raw not in stored.token_hash
        assert stored.last_used_at is None
        found = user_for_token(session, raw)
        assert found is not None and found.name == "rosa"
    with db.unit() as session:
        assert session.scalars(select(ApiToken)).one().last_used_at is not None


def test_unknown_revoked_and_inactive_tokens_find_nobody(db: Database) -> None:
    user = _user(db)
    with db.unit() as session:
        first, second = create_token(session, user, "a"), create_token(session, user, "b")
    assert first != second
    with db.unit() as session:
        assert user_for_token(session, "fc_not-a-token") is None
        assert user_for_token(session, "") is None
        assert user_for_token(session, "x" * 10_000) is None
        revoke_token(session, session.scalars(select(ApiToken.id)).first() or 0)
    with db.unit() as session:
        assert user_for_token(session, first) is None
        assert user_for_token(session, second) is not None
        session.scalars(select(User)).one().active = False
    with db.unit() as session:
        assert user_for_token(session, second) is None


def test_token_create_prints_a_working_token_once(db_url: str, db: Database) -> None:
    _user(db, "sam")
    created = run_cli("token", "create", "sam", "--name", "script", db_url=db_url)
    assert created.returncode == 0, created.stderr
    raw = created.stdout.strip()
    assert raw.startswith("fc_") and len(raw) > 40
    with db.unit() as session:
        found = user_for_token(session, raw)
        assert found is not None and found.name == "sam"
    listed = run_cli("token", "list", "sam", db_url=db_url)
    assert "script" in listed.stdout and raw not in listed.stdout
    unknown = run_cli("token", "create", "nobody", db_url=db_url)
    assert unknown.returncode == 1 and "no user 'nobody'" in unknown.stderr
