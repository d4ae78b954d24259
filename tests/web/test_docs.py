"""/docs (Swagger UI) and /redoc (ReDoc) work without internet: their files come from the installed
fastapi-offline package, and the pages run under the site's policy (no inline script)."""

from __future__ import annotations

import importlib.resources
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.web.conftest import LiveServer


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_the_api_pages_load_nothing_from_another_host(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    html = response.text
    assert "<script>" not in html  # every script is a file
    urls = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert urls and all(url.startswith("/") for url in urls), urls
    policy = response.headers["content-security-policy"]
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert "http" not in policy


def test_the_assets_are_the_installed_package_s(client: TestClient) -> None:
    static = importlib.resources.files("fastapi_offline").joinpath("static")
    for name in ("swagger-ui-bundle.js", "swagger-ui.css", "redoc.standalone.js"):
        response = client.get(f"/static/vendor/api-docs/{name}")
        assert (
            response.status_code == 200 and response.content == static.joinpath(name).read_bytes()
        )
    assert client.get("/static/vendor/api-docs/core.py").status_code == 404


@pytest.mark.browser
def test_swagger_ui_and_redoc_render_offline(page: Any, live_server: LiveServer) -> None:
    page.goto(f"{live_server.url}/docs")
    page.wait_for_selector(".opblock", timeout=30_000)
    assert page.locator(".opblock", has_text="/api/v1/claims").count() >= 3
    page.goto(f"{live_server.url}/redoc")
    page.wait_for_selector("[data-section-id]", timeout=30_000)
    assert "List Claims" in page.locator("body").inner_text()
    assert page.errors == []
    answered = page.answered
    assert all(url.startswith((live_server.url, "blob:", "data:")) for url in answered), answered
