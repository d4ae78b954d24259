"""Shared fixtures: real SQLite files in temporary folders, the real example knowledge base."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from factcheck.config import Settings
from factcheck.db.session import Database

REPO = Path(__file__).resolve().parent.parent

# Fixtures that build the real spaCy pipeline: a test that uses one, directly or through another
# fixture, is a ``model`` test without saying so (``-m "not model"`` leaves it out).
MODEL_FIXTURES = frozenset({"nlp", "golden_nlp", "pipeline"})


@pytest.hookimpl(tryfirst=True)  # before ``-m`` deselects by marker
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if MODEL_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.model)


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'test.db'}"


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    """A migrated, empty database in a temporary file."""
    database = Database(db_url)
    database.upgrade()
    yield database
    database.dispose()


@pytest.fixture
def settings(db_url: str) -> Settings:
    return Settings(database_url=db_url, secret_key="test-secret-key")


@pytest.fixture
def example_db(db: Database) -> Database:
    """The database loaded with the repository's example knowledge base."""
    from factcheck.kb.files import import_kb

    import_kb(db, REPO)
    return db
