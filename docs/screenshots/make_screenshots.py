"""Screenshots of the website for the README: the article page, the review queue, a claim page with
an editor's span correction in progress, the claims list, the speakers and the provenance graph.

Builds a temporary database with the example knowledge base and a reviewer, serves it with uvicorn
on a free loopback port, and drives Debian's chromium through Playwright:

    .venv/bin/python docs/screenshots/make_screenshots.py [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import socket
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import uvicorn
from playwright.sync_api import sync_playwright

from factcheck.accounts.users import create_user
from factcheck.config import Settings
from factcheck.db.session import Database
from factcheck.kb.files import import_kb
from factcheck.web.app import create_app

REPO = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
PASSWORD = "screenshot-password"


def serve(folder: Path) -> tuple[str, uvicorn.Server]:
    """Serve the example knowledge base from a fresh database; return its URL and the server."""
    url = f"sqlite:///{folder / 'shots.db'}"
    db = Database(url)
    db.upgrade()
    import_kb(db, REPO)
    with db.unit() as session:
        create_user(session, "dana", "editor", PASSWORD)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    app = create_app(Settings(database_url=url, secret_key="screenshots"), db)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}", server


PAGES = (
    ("article", "/articles/harbor-fuel-depot"),
    ("queue", "/queue"),
    ("claim", "/claims/12"),
    ("claims", "/claims"),
    ("speakers", "/speakers"),
    ("graph", "/graph"),
    ("graph-node", "/graph/sources/11"),
)


def _prepare(page: Any, name: str) -> None:
    """What each screenshot shows beyond the page as loaded."""
    if name == "queue":
        page.keyboard.press("2")  # show a picked rating
        page.fill("textarea[name=rationale]", "Checked against the published figures.")
    elif name == "claim":
        page.locator("#corrections summary", has_text="Claim span").click()
        page.evaluate(
            """() => { const m = document.querySelector('#claim-context mark.claim');
                       const r = document.createRange(); r.selectNodeContents(m);
                       const s = window.getSelection(); s.removeAllRanges(); s.addRange(r); }"""
        )
        page.click("#span-form button[data-use-selection]")
    elif name == "graph-node":
        page.wait_for_selector("#graph[data-settled]", timeout=60_000)


def shoot(base: str, out: Path, chromium: str) -> list[Path]:
    """Log in as an editor and save a PNG of each page of PAGES."""
    out.mkdir(parents=True, exist_ok=True)
    saved = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, headless=True, args=CHROMIUM_ARGS
        )
        page = browser.new_page(viewport={"width": 1360, "height": 900})
        page.goto(f"{base}/login")
        page.fill("input[name=name]", "dana")
        page.fill("input[name=password]", PASSWORD)
        page.click("#login-form button[type=submit]")
        page.wait_for_url(f"{base}/")
        for name, path in PAGES:
            page.goto(base + path)
            _prepare(page, name)
            target = out / f"{name}.png"
            page.screenshot(path=str(target), full_page=True)
            saved.append(target)
        browser.close()
    return saved


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base, server = serve(Path(tmp))
        try:
            for path in shoot(base, args.out, args.chromium):
                print(path)
        finally:
            server.should_exit = True


if __name__ == "__main__":
    main()
