"""The neighbourhood page draws the graph in a real browser (Debian's chromium through Playwright)
served by a real uvicorn server on loopback."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from factcheck.config import Settings
from factcheck.db.session import Database
from factcheck.web.app import create_app

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def graph_server(settings: Settings, example_db: Database) -> Iterator[str]:
    """The app on the example knowledge base, served by uvicorn in a thread; yields its base URL."""
    port = _free_port()
    config = uvicorn.Config(
        create_app(settings, example_db), host="127.0.0.1", port=port, log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def test_the_neighbourhood_page_draws_a_canvas(graph_server: str) -> None:
    if not CHROMIUM.exists():
        pytest.skip(f"needs Debian's chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    requests: list[str] = []
    errors: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_page()
            page.on("request", lambda request: requests.append(request.url))
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(f"{graph_server}/graph/sources/1")
            page.wait_for_selector("#graph canvas", timeout=30_000)
            # Drawn, not just created: count painted pixels on the canvas.
            page.wait_for_function(
                """() => {
                    const c = document.querySelector('#graph canvas');
                    if (!c || !c.width || !c.height) return false;
                    const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                    let painted = 0;
                    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
                    return painted > 500;
                }""",
                timeout=30_000,
            )
            nodes = page.evaluate("window.factcheckGraph.body.data.nodes.length")
            rows = page.locator("#graph-nodes tbody tr").count()
        finally:
            browser.close()
    assert errors == []
    assert nodes == rows and nodes >= 3
    assert requests and all(url.startswith(graph_server) for url in requests)
    assert f"{graph_server}/static/vendor/vis-network/vis-network.min.js" in requests
