"""Fixtures of the website tests: an app on a real database (SQLite and PostgreSQL) with users of every role, a real
uvicorn server on loopback, and Debian's chromium driven by Playwright."""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import uvicorn
import yaml
from fastapi.testclient import TestClient

from factcheck.accounts.users import create_user
from factcheck.config import Settings
from factcheck.db.session import Database
from factcheck.kb.files import import_kb
from factcheck.web.app import create_app
from tests.conftest import REPO, fresh_database_url

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


# --- a real server on loopback and a real browser ---------------------------------------------------

HOSTILE_TEXT = (
    "Harbour notes\n\n"
    'The mayor said <script>window.__pwned = 1; alert("pwned")</script> the ferry budget '
    "<b>doubled</b> in 2025, according to the council minutes.\n"
)
HOSTILE_CLAIM = (
    '<script>window.__pwned = 1; alert("pwned")</script> the ferry budget <b>doubled</b> in 2025'
)


def write_hostile_article(folder: Path) -> None:
    """A knowledge-base folder with one article whose text and claim carry HTML and a script."""
    start = HOSTILE_TEXT.index("<script>")
    end = start + len(HOSTILE_CLAIM)
    assert HOSTILE_TEXT[start:end] == HOSTILE_CLAIM
    speaker = HOSTILE_TEXT.index("The mayor")
    cue = HOSTILE_TEXT.index("said")
    data = {
        "article": {
            "slug": "hostile-markup",
            "title": "<img src=x onerror=alert(1)> Harbour notes",
            "publisher": "Test Gazette",
            "published": "2026-01-02",
            "text": HOSTILE_TEXT,
        },
        "claims": [
            {
                "id": "hostile0001",
                "text": HOSTILE_CLAIM,
                "start": start,
                "end": end,
                "kind": "indirect",
                "status": "unreviewed",
                "speaker": {
                    "text": "The mayor",
                    "start": speaker,
                    "end": speaker + 9,
                    "name": "Mayor of Harbourtown",
                    "kind": "person",
                },
                "cue": {"text": "said", "start": cue, "end": cue + 4},
                "hedges": [],
                "citations": [],
                "verdicts": [],
            }
        ],
    }
    (folder / "claims").mkdir(parents=True)
    (folder / "sources").mkdir()
    (folder / "claims" / "hostile-markup.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class LiveServer:
    """A uvicorn server on 127.0.0.1 serving the real app on its own SQLite file."""

    url: str
    db: Database
    server: uvicorn.Server
    thread: threading.Thread


def start_server(db: Database, settings: Settings) -> LiveServer:
    port = free_port()
    config = uvicorn.Config(
        create_app(settings, db), host="127.0.0.1", port=port, log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    return LiveServer(f"http://127.0.0.1:{port}", db, server, thread)


def stop_server(live: LiveServer) -> None:
    live.server.should_exit = True
    live.thread.join(timeout=10)


def example_site_db(url: str, folder: Path, users: dict[str, str]) -> Database:
    """The database at ``url`` migrated, with the example KB, a hostile article and ``users``."""
    db = Database(url)
    db.upgrade()
    import_kb(db, REPO)
    write_hostile_article(folder / "kb")
    import_kb(db, folder / "kb")
    add_users(db, users)
    return db


@pytest.fixture(scope="session")
def live_server(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """One server per backend: the example KB, a hostile article, and one user per role."""
    folder = tmp_path_factory.mktemp("live")
    with fresh_database_url(backend, folder) as url:
        db = example_site_db(url, folder, {role: role for role in ROLES})
        live = start_server(db, Settings(database_url=url, secret_key="live-server-key"))
        yield live
        stop_server(live)
        db.dispose()


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's chromium through Playwright; the test is skipped (saying why) when it is absent."""
    if not CHROMIUM.exists():
        pytest.skip(
            f"browser tests need Debian's chromium at {CHROMIUM} (apt-get install chromium)"
        )
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield instance
        instance.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh browser context (no cookies) and page. It records what the page did: ``dialogs``
    (JS dialogs' messages, then dismissed), ``errors`` (uncaught script errors), and the URLs of
    every request (``requested``) and of every response (``answered``), to check hosts."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.dialogs, tab.errors, tab.requested, tab.answered = [], [], [], []
    tab.on("pageerror", lambda error: tab.errors.append(str(error)))
    tab.on("request", lambda request: tab.requested.append(request.url))
    tab.on("response", lambda response: tab.answered.append(response.url))

    def on_dialog(dialog: Any) -> None:
        tab.dialogs.append(dialog.message)
        dialog.dismiss()

    tab.on("dialog", on_dialog)
    yield tab
    context.close()


def browser_login(page: Any, base: str, name: str) -> None:
    """Log in through the real login form."""
    page.goto(f"{base}/login")
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", PASSWORD)
    page.click("#login-form button[type=submit]")
    page.wait_for_url(f"{base}/")
