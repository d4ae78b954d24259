from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from factcheck.db.base import Base
from factcheck.db.migrations_filter import include_object
from factcheck.db.models import Article, Claim
from factcheck.db.session import Database
from factcheck.errors import ConfigError


def test_migrated_schema_equals_the_models(db: Database) -> None:
    with db.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"include_object": include_object, "compare_type": True}
        )
        assert compare_metadata(context, Base.metadata) == []


def test_every_table_of_the_design_exists(db: Database) -> None:
    tables = set(inspect(db.engine).get_table_names())
    expected = {"articles", "speakers", "sources", "claims", "citations", "verdicts", "users"}
    assert expected | {"api_tokens", "audit_events", "claims_fts"} <= tables


def test_sqlite_runs_with_wal_and_foreign_keys(db: Database) -> None:
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_foreign_keys_are_enforced(db: Database) -> None:
    with pytest.raises(IntegrityError), db.unit() as session:
        session.add(
            Claim(
                uid="x",
                article_id=999,
                text="t",
                normalized_text="t",
                start=0,
                end=1,
                kind="author",
            )
        )


def test_full_text_index_follows_claim_text(db: Database) -> None:
    from sqlalchemy import select

    from factcheck.db.fts import match_claims

    with db.unit() as session:
        article = Article(slug="a", text="x", content_hash="h")
        session.add(article)
        session.flush()
        for i, body in enumerate(["Diesel leaked into the estuary", "The mayor resigned"]):
            session.add(
                Claim(
                    uid=str(i),
                    article_id=article.id,
                    text=body,
                    normalized_text=body.lower(),
                    start=0,
                    end=1,
                    kind="author",
                )
            )
    with db.sessions() as session:
        stmt = match_claims(select(Claim.text), "estuar", "sqlite")
        assert session.scalars(stmt).all() == ["Diesel leaked into the estuary"]
        claim = session.scalar(select(Claim).where(Claim.uid == "1"))
        assert claim is not None
        claim.text = "The harbour master resigned"
        session.commit()
        assert session.scalars(match_claims(select(Claim.text), "harbour", "sqlite")).all()
        assert not session.scalars(match_claims(select(Claim.text), "mayor", "sqlite")).all()


def test_an_unmigrated_database_is_refused_with_advice(tmp_path) -> None:  # type: ignore[no-untyped-def]
    database = Database(f"sqlite:///{tmp_path / 'new.db'}")
    with pytest.raises(ConfigError, match="factcheck db upgrade"):
        database.require_migrated()


def test_a_nonsense_database_url_is_a_config_error() -> None:
    with pytest.raises(ConfigError):
        Database("not a url at all")
