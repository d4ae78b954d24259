from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, select, text
from sqlalchemy.exc import IntegrityError

from factcheck.db.base import Base
from factcheck.db.fts import match_claims
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
    assert expected | {"api_tokens", "audit_events"} <= tables


def test_full_text_machinery_is_the_backends_own(db: Database, backend: str) -> None:
    inspector = inspect(db.engine)
    if backend == "sqlite":
        assert "claims_fts" in inspector.get_table_names()
        return
    with db.engine.connect() as conn:
        generated = conn.execute(
            text(
                "SELECT generation_expression FROM information_schema.columns "
                "WHERE table_name = 'claims' AND column_name = 'search_vector'"
            )
        ).scalar_one()
        method = conn.execute(
            text(
                "SELECT am.amname FROM pg_class c JOIN pg_am am ON am.oid = c.relam "
                "WHERE c.relname = 'ix_claims_search_vector'"
            )
        ).scalar_one()
    assert "to_tsvector('factcheck'::regconfig, text)" in generated
    assert method == "gin"


def test_sqlite_runs_with_wal_and_foreign_keys(db: Database, backend: str) -> None:
    if backend != "sqlite":
        pytest.skip("SQLite pragmas: not a PostgreSQL setting")
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


def _add_claims(db: Database, bodies: list[str]) -> None:
    with db.unit() as session:
        article = Article(slug="a", text="x", content_hash="h")
        session.add(article)
        session.flush()
        for i, body in enumerate(bodies):
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


def test_full_text_index_follows_claim_text(db: Database) -> None:
    dialect = db.engine.dialect.name
    _add_claims(db, ["Diesel leaked into the estuary", "The mayor resigned"])
    with db.sessions() as session:
        stmt = match_claims(select(Claim.text), "estuar*", dialect)
        assert session.scalars(stmt).all() == ["Diesel leaked into the estuary"]
        claim = session.scalar(select(Claim).where(Claim.uid == "1"))
        assert claim is not None
        claim.text = "The harbour master resigned"
        session.commit()
        assert session.scalars(match_claims(select(Claim.text), "harbour", dialect)).all()
        assert not session.scalars(match_claims(select(Claim.text), "mayor", dialect)).all()
        session.delete(claim)
        session.commit()
        assert not session.scalars(match_claims(select(Claim.text), "harbour", dialect)).all()


SEARCHED = [
    "Diesel leaked into the estuary",
    "Tanks rolled through Hérault or nearby towns",
    "The tanker company denied it",
    "Officials say 2009 figures were revised",
]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("estuary", [0]),  # a whole word
        ("estuar", []),  # not a prefix unless asked
        ("tank*", [1, 2]),  # a prefix
        ("TANKS", [1]),  # case-insensitive
        ("herault", [1]),  # accent-insensitive
        ("Hérault", [1]),
        ("tanks or", [1]),  # every word required; "or" is a word, not an operator
        ("diesel tanker", []),  # every word required
        ("2009 revised", [3]),  # numbers are words
        ('"denied" -company', [2]),  # quotes and signs are not operators: words only
        ("---", [0, 1, 2, 3]),  # no words: no restriction
    ],
)
def test_full_text_query_syntax_is_the_same_on_every_backend(
    db: Database, query: str, expected: list[int]
) -> None:
    _add_claims(db, SEARCHED)
    with db.sessions() as session:
        stmt = match_claims(select(Claim.uid), query, db.engine.dialect.name).order_by(Claim.uid)
        assert session.scalars(stmt).all() == [str(i) for i in expected]


def test_migrations_go_down_and_up_again(db: Database) -> None:
    from alembic import command

    from factcheck.db.migrate import alembic_config, current_revision, head_revision, upgrade

    head = head_revision()

    config = alembic_config(db.engine.url.render_as_string(hide_password=False))
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "base")
    assert current_revision(db.engine) is None
    upgrade(db.engine)
    assert current_revision(db.engine) == head
    _add_claims(db, SEARCHED)
    with db.sessions() as session:
        stmt = match_claims(select(Claim.uid), "estuary", db.engine.dialect.name)
        assert session.scalars(stmt).all() == ["0"]


def test_an_unmigrated_database_is_refused_with_advice(db_url: str) -> None:
    database = Database(db_url)
    with pytest.raises(ConfigError, match="factcheck db upgrade"):
        database.require_migrated()
    database.dispose()


def test_a_nonsense_database_url_is_a_config_error() -> None:
    with pytest.raises(ConfigError):
        Database("not a url at all")
