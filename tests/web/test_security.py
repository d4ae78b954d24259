"""Hostile urls never become live links, and every response carries the security headers."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from factcheck.db.models import Article, Claim, Source, Verdict
from factcheck.db.session import Database
from tests.web.conftest import log_in

HOSTILE_URLS = (
    "javascript:window.__pwned=1",
    "JaVaScRiPt:alert(1)",
    " \tjavascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "//evil.example/x",
)


class LinkTargets(HTMLParser):
    """Every href, src, action and formaction value of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.targets: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src", "action", "formaction") and value is not None:
                self.targets.append(value)


def unsafe_targets(html: str) -> list[str]:
    parser = LinkTargets()
    parser.feed(html)
    bad = []
    for target in parser.targets:
        parts = urlsplit(target.strip())
        if parts.scheme.lower() not in ("", "http", "https") or target.strip().startswith("//"):
            bad.append(target)
    return bad


def poison(db: Database) -> dict[str, list[int]]:
    """Give every source, article and verdict of the example knowledge base a hostile url."""
    ids: dict[str, list[int]] = {}
    with db.unit() as session:
        for table, attribute in ((Source, "url"), (Article, "url")):
            rows = session.scalars(select(table)).all()
            for i, row in enumerate(rows):
                setattr(row, attribute, HOSTILE_URLS[i % len(HOSTILE_URLS)])
            ids[table.__tablename__] = [row.id for row in rows]
        for verdict in session.scalars(select(Verdict)).all():
            verdict.evidence_urls = list(HOSTILE_URLS)
        ids["claims"] = list(session.scalars(select(Claim.id)))
    return ids


def test_no_page_renders_a_hostile_url_as_a_link(client: TestClient, site_db: Database) -> None:
    ids = poison(site_db)
    log_in(client, "editor")
    pages = ["/", "/articles", "/claims", "/sources", "/speakers", "/queue"]
    pages += [f"/sources/{i}" for i in ids["sources"]]
    pages += [f"/articles/{i}" for i in ids["articles"]]
    pages += [f"/claims/{i}" for i in ids["claims"]]
    checked = 0
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, (page, response.status_code)
        assert unsafe_targets(response.text) == [], page
        checked += 1
    assert checked > 20
    assert "javascript:" in client.get(f"/sources/{ids['sources'][0]}").text  # shown, as text


def test_the_link_filter_keeps_http_links(client: TestClient, site_db: Database) -> None:
    with site_db.unit() as session:
        source = session.scalars(select(Source)).first()
        assert source is not None
        source.url = "https://example.org/report?id=1&x=2"
        source_id = source.id
    html = client.get(f"/sources/{source_id}").text
    assert 'href="https://example.org/report?id=1&amp;x=2"' in html


@pytest.mark.parametrize(
    "path",
    ["/", "/claims", "/api/v1/claims", "/api/v1/claims/999999", "/no/such/page", "/static/site.js"],
)
def test_every_response_carries_the_security_headers(client: TestClient, path: str) -> None:
    response = client.get(path)
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy.split("style-src")[0]
    assert "frame-ancestors 'none'" in policy
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "same-origin"


def test_a_forged_write_gets_the_headers_too(client: TestClient) -> None:
    response = client.post("/login", data={"name": "x", "password": "y"})
    assert response.status_code in (400, 403)
    assert "content-security-policy" in response.headers


def test_no_template_runs_inline_script() -> None:
    from tests.conftest import REPO

    for template in (REPO / "templates").glob("*.html"):
        text = template.read_text(encoding="utf-8")
        for chunk in text.split("<script")[1:]:
            head = chunk.split(">", 1)[0]
            assert "src=" in head or 'type="application/json"' in head, template.name
