"""The one engine factory and the one place a unit of work commits."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

from factcheck.db import storable
from factcheck.errors import ConfigError


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for ``url``; on SQLite, foreign keys on, WAL journal and a busy timeout."""
    try:
        engine = create_engine(url, **kwargs)
    except (ArgumentError, ImportError, ValueError) as exc:
        raise ConfigError(f"database URL {url!r} is not usable: {exc}") from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    factory = sessionmaker(engine, expire_on_commit=False)
    storable.install(factory)  # the same InputError on every backend for what one cannot store
    return factory


@contextmanager
def unit_of_work(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session that commits when the block ends and rolls back if it raises.

    Repositories and services only ``flush()``; this is where work becomes durable.
    """
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


class Database:
    """An engine and its session factory: what every service that touches storage is handed."""

    def __init__(self, url: str, **engine_kwargs: Any) -> None:
        self.url = url
        self.engine = make_engine(url, **engine_kwargs)
        self.sessions = make_sessionmaker(self.engine)

    def unit(self) -> Any:
        """``with db.unit() as session:`` commits on success, rolls back on error."""
        return unit_of_work(self.sessions)

    def require_migrated(self) -> None:
        """Raise ConfigError unless the schema is at the newest migration."""
        from factcheck.db.migrate import current_revision, head_revision

        current, head = current_revision(self.engine), head_revision()
        if current != head:
            raise ConfigError(
                f"database {self.engine.url!r} is at revision {current or 'none'}, not {head}: "
                "run 'factcheck db upgrade'"
            )

    def upgrade(self) -> None:
        from factcheck.db.migrate import upgrade

        upgrade(self.engine)

    def dispose(self) -> None:
        self.engine.dispose()
