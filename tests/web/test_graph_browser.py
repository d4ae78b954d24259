"""The neighbourhood page draws the graph in a real browser (Debian's chromium through Playwright)
served by a real uvicorn server on loopback."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from factcheck.config import Settings
from factcheck.db.session import Database
from tests.web.conftest import start_server, stop_server

pytestmark = pytest.mark.browser


@pytest.fixture
def graph_server(settings: Settings, example_db: Database) -> Iterator[str]:
    """The app on the example knowledge base, served by uvicorn on loopback; yields its base URL."""
    live = start_server(example_db, settings)
    yield live.url
    stop_server(live)


def test_the_neighbourhood_page_draws_a_canvas(graph_server: str, page: Any) -> None:
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
    assert page.errors == []
    assert nodes == rows and nodes >= 3
    assert page.requested and all(url.startswith(graph_server) for url in page.requested)
    assert f"{graph_server}/static/vendor/vis-network/vis-network.min.js" in page.requested
