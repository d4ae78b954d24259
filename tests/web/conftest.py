"""Fixtures of the website tests: an app on a real SQLite file with users of every role, a real
uvicorn server on loopback, and Debian's chromium driven by Playwright."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from factcheck.config import Settings
from factcheck.db.session import Database
from factcheck.users import create_user
from factcheck.web.app import create_app

PASSWORD = "correct horse battery"
ROLES = ("viewer", "reviewer", "editor", "admin")


def add_users(db: Database, names: dict[str, str]) -> None:
    """Create accounts (name -> role), all with PASSWORD."""
    with db.unit() as session:
        for name, role in names.items():
            create_user(session, name, role, PASSWORD)


@pytest.fixture
def site_db(example_db: Database) -> Database:
    """The example knowledge base plus one user per role, named after the role."""
    add_users(example_db, {role: role for role in ROLES})
    return example_db


@pytest.fixture
def client(settings: Settings, site_db: Database) -> Iterator[TestClient]:
    with TestClient(create_app(settings, site_db), follow_redirects=False) as test_client:
        yield test_client


def csrf_of(html: str) -> str:
    """The CSRF token of the first form on a page."""
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def log_in(client: TestClient, name: str, password: str = PASSWORD) -> str:
    """Log ``client`` in through the form; return the new session's CSRF token."""
    token = csrf_of(client.get("/login").text)
    response = client.post(
        "/login", data={"name": name, "password": password, "csrf_token": token, "next": "/"}
    )
    assert response.status_code == 303, response.text
    return csrf_of(client.get("/").text)
