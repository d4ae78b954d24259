"""Alembic environment: runs on the connection or URL that ``factcheck.db.migrate`` passes in."""

from __future__ import annotations

from alembic import context

from factcheck.db import models  # noqa: F401  (registers the tables on Base.metadata)
from factcheck.db.base import Base
from factcheck.db.migrations_filter import include_object
from factcheck.db.session import make_engine

config = context.config
target_metadata = Base.metadata


def run_migrations() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.begin() as conn:
        _run(conn)
    engine.dispose()


def _run(connection):  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies the table
        include_object=include_object,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
