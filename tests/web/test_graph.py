"""The provenance graph's API and pages, through FastAPI's TestClient on a real SQLite file."""

from __future__ import annotations

import importlib.resources
import io
import json
import re
from typing import Any

import networkx as nx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from factcheck.config import Settings
from factcheck.db.models import Article, Citation, Claim, Source
from factcheck.db.session import Database
from factcheck.web.app import create_app

LISTS = ("single-source", "anonymous-only", "self-citation", "corroborated", "similar-claims")


@pytest.fixture
def client(settings: Settings, example_db: Database) -> TestClient:
    return TestClient(create_app(settings, example_db))


def claim_texts(db: Database) -> dict[int, str]:
    with db.sessions() as s:
        return {row.id: row.text for row in s.execute(select(Claim.id, Claim.text))}


def named_claims(finding: Any) -> list[dict[str, Any]]:
    """Every claim reference inside a finding."""
    if isinstance(finding, dict):
        found = (
            [finding]
            if {"id", "node", "text"} <= finding.keys() and "article_id" in finding
            else []
        )
        return found + [c for v in finding.values() for c in named_claims(v)]
    if isinstance(finding, list):
        return [c for v in finding for c in named_claims(v)]
    return []


def test_the_report_names_every_claim_by_its_real_id_and_text(
    client: TestClient, example_db: Database
) -> None:
    body = client.get("/api/v1/graph/report").json()
    assert body["ok"] is True
    assert set(body) >= {
        "summary",
        "single_source",
        "anonymous_only",
        "self_citation",
        "corroborated",
        "most_cited",
        "similar_claims",
    }
    texts = claim_texts(example_db)
    refs = named_claims(body)
    assert refs, "the example knowledge base has findings"
    assert all(texts[ref["id"]] == ref["text"] for ref in refs)


@pytest.mark.parametrize("segment", LISTS)
def test_each_analysis_pages_through_the_same_findings_as_the_report(
    client: TestClient, segment: str
) -> None:
    everything = client.get("/api/v1/graph/report").json()[segment.replace("-", "_")]
    rows, url = [], f"/api/v1/graph/{segment}?_size=1"
    while url:
        page = client.get(url).json()
        assert page["ok"] is True and page["count"] == len(everything)
        assert len(page["rows"]) <= 1
        rows += page["rows"]
        url = page["next_url"]
    assert rows == everything


def test_most_cited_with_a_limit(client: TestClient) -> None:
    body = client.get("/api/v1/graph/most-cited?limit=1").json()
    assert len(body["sources"]) == 1 and len(body["speakers"]) == 1
    top = body["sources"][0]
    assert top["claims"] >= 2 and top["examples"][0]["text"]


@pytest.mark.parametrize(
    ("fmt", "reader"),
    [("graphml", nx.read_graphml), ("gexf", nx.read_gexf), ("json", None)],
)
def test_exports_parse_back(client: TestClient, fmt: str, reader: Any) -> None:
    response = client.get(f"/api/v1/graph/export/{fmt}")
    assert response.status_code == 200
    assert f"factcheck-graph.{fmt}" in response.headers["content-disposition"]
    if reader is None:
        graph = nx.node_link_graph(response.json(), edges="links")
    else:
        graph = reader(io.BytesIO(response.content))
    summary = client.get("/api/v1/graph/report").json()["summary"]
    assert graph.number_of_nodes() == sum(summary["nodes"].values())
    assert graph.number_of_edges() == sum(summary["edges"].values())
    assert graph.nodes["claim:1"]["type"] == "claim"


@pytest.mark.parametrize("segment", ["claims", "sources", "speakers", "articles"])
def test_neighbourhoods_are_node_link_json(client: TestClient, segment: str) -> None:
    body = client.get(f"/api/v1/graph/{segment}/1").json()
    assert body["ok"] is True
    assert body["focus"] == f"{segment[:-1]}:1"
    assert body["focus"] in {n["id"] for n in body["nodes"]}
    graph = nx.node_link_graph(body, edges="links")
    assert nx.is_weakly_connected(graph)


@pytest.mark.parametrize(
    ("url", "status", "message"),
    [
        ("/api/v1/graph/claims/4242", 404, "claim 4242 does not exist"),
        ("/api/v1/graph/verdicts/1", 404, "no graph pages for 'verdicts'"),
        ("/api/v1/graph/export/pdf", 404, "no export format 'pdf'"),
        ("/api/v1/graph/single-source?_next=not.a.cursor", 400, "invalid _next"),
        ("/api/v1/graph/single-source?_next=not-a-cursor", 404, "names no page"),
        ("/api/v1/graph/single-source?_next=eyJvIjogLTF9", 404, "names no page"),  # {"o": -1}
        ("/api/v1/graph/claims/0", 400, "invalid"),
        ("/api/v1/graph/single-source?_size=0", 400, "invalid"),
        ("/api/v1/graph/most-cited?limit=abc", 400, "invalid"),
    ],
)
def test_errors_use_the_one_json_shape(
    client: TestClient, url: str, status: int, message: str
) -> None:
    response = client.get(url)
    assert response.status_code == status
    body = response.json()
    assert set(body) == {"ok", "error", "status"}
    assert body["ok"] is False and body["status"] == status
    assert message in body["error"]


def test_reads_need_a_token_when_the_setting_says_so(db_url: str, example_db: Database) -> None:
    settings = Settings(database_url=db_url, secret_key="k", api_read_access="token")
    client = TestClient(create_app(settings, example_db))
    response = client.get("/api/v1/graph/report")
    assert response.status_code == 401
    assert response.json()["ok"] is False


def test_the_report_page_links_its_json_twin_and_names_claims(
    client: TestClient, example_db: Database
) -> None:
    html = client.get("/graph").text
    assert '<link rel="alternate" type="application/json" href="/api/v1/graph/report">' in html
    twin = client.get("/api/v1/graph/report").json()
    first = twin["single_source"][0]["claim"]
    assert f'href="/graph/claims/{first["id"]}"' in html
    assert _escaped(first["text"]) in html


def test_the_node_page_embeds_its_data_and_the_vendored_library(client: TestClient) -> None:
    html = client.get("/graph/claims/1").text
    assert '<link rel="alternate" type="application/json" href="/api/v1/graph/claims/1">' in html
    assert '<script src="/static/vendor/vis-network/vis-network.min.js"></script>' in html
    # nothing is loaded from another host: every script and stylesheet is served by the app
    assert all(src.startswith("/") for src in re.findall(r'<script src="([^"]+)"', html))
    assert all(
        h.startswith("/") for h in re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    )
    data = json.loads(
        re.search(
            r'<script id="graph-data" type="application/json">(.*?)</script>', html, re.S
        ).group(1)
    )  # type: ignore[union-attr]
    twin = client.get("/api/v1/graph/claims/1").json()
    assert data["nodes"] == twin["nodes"] and data["focus"] == "claim:1"


def test_vis_network_is_served_from_the_installed_pyvis(client: TestClient) -> None:
    lib = importlib.resources.files("pyvis").joinpath("lib", "vis-9.1.2")
    js = client.get("/static/vendor/vis-network/vis-network.min.js")
    assert js.status_code == 200 and js.headers["content-type"].startswith("application/javascript")
    assert js.content == lib.joinpath("vis-network.min.js").read_bytes()
    css = client.get("/static/vendor/vis-network/vis-network.css")
    assert css.content == lib.joinpath("vis-network.css").read_bytes()
    assert client.get("/static/vendor/vis-network/../../app.py").status_code == 404
    assert client.get("/static/vendor/vis-network/evil.js").status_code == 404


def test_a_hostile_claim_text_is_escaped_on_both_pages(settings: Settings, db: Database) -> None:
    hostile = '</script><script>alert("x")</script><img src=x onerror=alert(1)>'
    with db.unit() as s:
        article = Article(slug="a", title="A", publisher="P", text="t", content_hash="h")
        source = Source(key="s", kind="statement", publisher="Q")
        s.add_all([article, source])
        s.flush()
        claim = Claim(
            article_id=article.id,
            uid="u",
            text=hostile,
            normalized_text="x",
            start=0,
            end=1,
            kind="author",
        )
        s.add(claim)
        s.flush()
        s.add(Citation(claim_id=claim.id, source_id=source.id, kind="statement"))
        claim_id = claim.id
    client = TestClient(create_app(settings, db))
    for url in ("/graph", f"/graph/claims/{claim_id}"):
        html = client.get(url).text
        assert "<script>alert" not in html and "<img src=x" not in html, url
    assert client.get(f"/api/v1/graph/claims/{claim_id}").json()["nodes"][-1]["text"] == hostile


def test_the_report_follows_changes_to_the_database(
    client: TestClient, example_db: Database
) -> None:
    before = client.get("/api/v1/graph/single-source?_size=1").json()
    with example_db.unit() as s:
        claim = s.get(Claim, before["rows"][0]["claim"]["id"])
        assert claim is not None
        claim.rejected = True  # an editor says: not a claim
    after = client.get("/api/v1/graph/single-source?_size=1").json()
    assert after["count"] == before["count"] - 1
    assert after["rows"][0]["claim"]["id"] != before["rows"][0]["claim"]["id"]


def _escaped(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace('"', "&#34;").replace("<", "&lt;").replace(">", "&gt;")
    )


@pytest.mark.parametrize("segment", [*LISTS, "most-cited"])
def test_each_analysis_has_a_page_with_its_json_twin(client: TestClient, segment: str) -> None:
    html = client.get(f"/graph/{segment}?_size=2").text
    twin = f"/api/v1/graph/{segment}?_size=2"
    assert f'<link rel="alternate" type="application/json" href="{twin}">' in html
    data = client.get(twin).json()
    for ref in named_claims(data.get("rows", data))[:4]:
        assert f'href="/graph/claims/{ref["id"]}"' in html
        assert _escaped(ref["text"]) in html


def test_an_analysis_page_pages_like_its_twin(client: TestClient) -> None:
    first = client.get("/api/v1/graph/single-source?_size=2").json()
    assert first["next"]
    html = client.get(f"/graph/single-source?_size=2&_next={first['next']}").text
    second = client.get(first["next_url"]).json()
    assert '<ol start="3">' in html
    assert f'href="/graph/claims/{second["rows"][0]["claim"]["id"]}"' in html
    assert client.get("/graph/no-such-analysis").status_code == 404
