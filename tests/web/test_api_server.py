"""The JSON API through a real uvicorn server on loopback: paging by next_url, streamed exports that
parse back, ClaimReview, token-authenticated writes, and the error shape on the wire."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from factcheck.accounts.tokens import create_token, revoke_token
from factcheck.accounts.users import create_user
from factcheck.config import Settings
from factcheck.db.models import ApiToken
from factcheck.db.session import Database
from tests.api_data import seed
from tests.conftest import fresh_database_url
from tests.test_exports import check_claimreview
from tests.web.conftest import PASSWORD, LiveServer, start_server, stop_server


@pytest.fixture(scope="module")
def server(
    backend: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[LiveServer, dict[str, str]]]:
    with fresh_database_url(backend, tmp_path_factory.mktemp("api")) as url:
        db = Database(url)
        db.upgrade()
        seed(db, n_articles=5, per_article=20)
        tokens = {}
        with db.unit() as session:
            for name, role in (("vic", "viewer"), ("rae", "reviewer")):
                user = create_user(session, name, role, PASSWORD)
                tokens[role] = create_token(session, user, "t")
        live = start_server(db, Settings(database_url=url, secret_key="api-server-key"))
        yield live, tokens
        stop_server(live)
        db.dispose()


@pytest.fixture
def http(server: tuple[LiveServer, dict[str, str]]) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server[0].url + "/api/v1", timeout=30) as client:
        yield client


def walk(http: httpx.Client, url: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    next_url: str | None = url
    while next_url:
        body = http.get(next_url).json()
        rows += body["rows"]
        next_url = body["next_url"]
    return rows


def test_paging_by_next_url_equals_the_streamed_exports(http: httpx.Client) -> None:
    rows = walk(http, "/claims?_size=9&unsourced=false&_sort=-checkworthiness")
    assert len(rows) > 9
    by_id = sorted(r["id"] for r in rows)
    with http.stream("GET", "/claims.jsonl?unsourced=false") as response:
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/x-ndjson"
        assert "content-length" not in response.headers  # streamed, not built in memory
        lines = [json.loads(line) for line in response.iter_lines() if line]
    assert [r["id"] for r in lines] == by_id
    assert {r["id"]: r for r in lines} == {r["id"]: r for r in rows}
    exported = http.get("/claims.csv?unsourced=false")
    assert exported.headers["content-type"].startswith("text/csv")
    records = list(csv.DictReader(io.StringIO(exported.text)))
    assert [int(r["id"]) for r in records] == by_id


def test_claimreview_feed_and_item(http: httpx.Client) -> None:
    decided = walk(http, "/claims?status=decided&_size=50")
    feed = http.get("/claimreview.jsonl")
    reviews = [json.loads(line) for line in feed.text.splitlines()]
    assert len(reviews) == len(decided) > 0
    for review in reviews:
        check_claimreview(review)
    one = http.get(f"/claims/{decided[0]['id']}/claimreview.json").json()
    assert one == reviews[0]
    assert one["url"].startswith("http://127.0.0.1:")
    undecided = walk(http, "/claims?status=in_review&_size=1")[0]["id"]
    missing = http.get(f"/claims/{undecided}/claimreview.json")
    assert missing.status_code == 404 and missing.json()["ok"] is False


def test_writes_with_tokens(http: httpx.Client, server: tuple[LiveServer, dict[str, str]]) -> None:
    live, tokens = server
    claim = walk(http, "/claims?status=unreviewed&_size=1")[0]["id"]
    body = {"label": "False", "rationale": "The ledger shows a different sum.", "evidence_urls": []}
    url = f"/claims/{claim}/verdicts"

    def post(token: str | None) -> httpx.Response:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return http.post(url, json=body, headers=headers)

    assert post(None).status_code == 401
    assert post(tokens["viewer"]).status_code == 403
    created = post(tokens["reviewer"])
    assert created.status_code == 201, created.text
    assert created.json()["claim_status"] == "in_review"
    history = http.get(f"/claims/{claim}").json()["verdicts"]
    assert [(v["reviewer"], v["label"]) for v in history] == [("rae", "False")]
    with live.db.unit() as session:  # revoke them all: the next request must fail
        for token_id in session.scalars(select(ApiToken.id)):
            revoke_token(session, token_id)
    refused = post(tokens["reviewer"])
    assert refused.status_code == 401
    assert refused.json() == {"ok": False, "error": refused.json()["error"], "status": 401}


def test_errors_on_the_wire(http: httpx.Client) -> None:
    for path, status in (
        ("/claims?_next=not.a.cursor", 400),
        ("/claims?_next=not-a-cursor", 404),
        ("/claims?hedged=sometimes", 400),
        ("/claims/123456789", 404),
        ("/speakers/0", 400),
    ):
        response = http.get(path)
        assert response.status_code == status, path
        assert response.json()["status"] == status and response.json()["ok"] is False
