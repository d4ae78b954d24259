"""Shared fixtures: real databases in temporary places, the real example knowledge base.

Every test that touches the database gets a ``backend``: SQLite always, and for the storage, API,
review and knowledge-base tests (``BOTH_BACKENDS``) PostgreSQL as well, on the server named by
``FACTCHECK_TEST_POSTGRES_URL`` (``.ci/postgres start`` starts one on loopback and prints it). Each
test gets a database of its own there, dropped afterwards. Without that variable the PostgreSQL
half is skipped, saying so.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from factcheck.config import Settings
from factcheck.db.session import Database, make_engine

REPO = Path(__file__).resolve().parent.parent
TESTS = Path(__file__).resolve().parent

POSTGRES_URL_VARIABLE = "FACTCHECK_TEST_POSTGRES_URL"
BACKENDS = ("sqlite", "postgresql")
# Test folders and modules (relative to tests/) that run on both backends: the ones whose subject
# is the database (storage, queries, review, knowledge base, accounts, the API and pages).
BOTH_BACKENDS = (
    "web",
    "store",
    "review",
    "kb",
    "accounts",
    "queries",
    "db/test_schema.py",
    "test_exports.py",
    "test_extract_ray.py",  # its ingest test: the Ray engine writing to each database
)  # not db/test_counts.py: it tests the figures SQLite's triggers keep (PostgreSQL counts on read)


def factcheck_env(
    db_url: str | None = None, env: Mapping[str, str | None] | None = None
) -> dict[str, str]:
    """This process's environment with ``FACTCHECK_DATABASE_URL`` set to ``db_url`` when given and
    ``env`` on top (a None value unsets that variable)."""
    variables = dict(os.environ)
    if db_url is not None:
        variables["FACTCHECK_DATABASE_URL"] = db_url
    for name, value in (env or {}).items():
        if value is None:
            variables.pop(name, None)
        else:
            variables[name] = value
    return variables


def run_factcheck(
    *args: str,
    db_url: str | None = None,
    cwd: Path = REPO,
    stdin: str = "",
    env: Mapping[str, str | None] | None = None,
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    """``python -m factcheck ARGS`` as a real subprocess, its output captured as text."""
    return subprocess.run(
        [sys.executable, "-m", "factcheck", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=factcheck_env(db_url, env),
        cwd=cwd,
        timeout=timeout,
    )


def start_factcheck(*args: str, db_url: str, quiet: bool = False) -> subprocess.Popen[str]:
    """``python -m factcheck ARGS`` started in the background on ``db_url``; its output is piped,
    or thrown away when ``quiet`` (nobody reads it before the process ends)."""
    output = subprocess.DEVNULL if quiet else subprocess.PIPE
    return subprocess.Popen(
        [sys.executable, "-m", "factcheck", *args],
        cwd=REPO,
        env=factcheck_env(db_url),
        stdout=output,
        stderr=output,
        text=True,
    )


def runs_on_both_backends(path: Path) -> bool:
    parts = path.resolve().relative_to(TESTS).parts
    return any("/".join(parts[:n]) in BOTH_BACKENDS for n in range(1, len(parts) + 1))


def pytest_report_header() -> str:
    url = os.environ.get(POSTGRES_URL_VARIABLE)
    if url:
        return f"postgresql: {make_url(url).render_as_string(hide_password=True)}"
    return f"postgresql: not set ({POSTGRES_URL_VARIABLE}); the PostgreSQL half will be skipped"


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "backend" in metafunc.fixturenames:
        both = runs_on_both_backends(Path(metafunc.definition.path))
        params = BACKENDS if both else BACKENDS[:1]
        metafunc.parametrize("backend", params, indirect=True, scope="session")


@pytest.fixture(scope="session")
def backend(request: pytest.FixtureRequest) -> str:
    """The database backend of this test: ``sqlite`` or ``postgresql``."""
    name = str(getattr(request, "param", "sqlite"))
    if name == "postgresql" and not os.environ.get(POSTGRES_URL_VARIABLE):
        pytest.skip(
            f"PostgreSQL half skipped: {POSTGRES_URL_VARIABLE} is not set "
            '(run `eval "$(.ci/postgres start)"` to start a server on loopback)'
        )
    return name


@contextmanager
def fresh_database_url(backend: str, folder: Path) -> Iterator[str]:
    """The URL of a new, empty database: a file in ``folder`` on SQLite, a database of its own on
    the PostgreSQL test server (dropped, with any connection left to it, when the block ends)."""
    if backend == "sqlite":
        yield f"sqlite:///{folder / 'test.db'}"
        return
    server = make_url(os.environ[POSTGRES_URL_VARIABLE])
    name = f"factcheck_{uuid.uuid4().hex[:16]}"
    admin = make_engine(server.render_as_string(hide_password=False), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


# Fixtures that build the real spaCy pipeline: a test that uses one, directly or through another
# fixture, is a ``model`` test without saying so (``-m "not model"`` leaves it out).
MODEL_FIXTURES = frozenset({"nlp", "golden_nlp", "pipeline"})


@pytest.hookimpl(tryfirst=True)  # before ``-m`` deselects by marker
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if MODEL_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.model)


@pytest.fixture
def db_url(backend: str, tmp_path: Path) -> Iterator[str]:
    with fresh_database_url(backend, tmp_path) as url:
        yield url


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    """A migrated, empty database."""
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
