from __future__ import annotations

import yaml
from fastapi.testclient import TestClient

from factcheck.config import Settings
from factcheck.db.session import Database
from factcheck.web.app import create_app
from tests.conftest import REPO


def test_overview_lists_the_example_knowledge_base(
    settings: Settings, example_db: Database
) -> None:
    client = TestClient(create_app(settings, example_db))
    page = client.get("/")
    assert page.status_code == 200
    assert "Leaked memo says port authority knew of fuel depot cracks in 2021" in page.text
    twin = client.get("/api/v1/").json()
    assert twin["ok"] is True
    expected_claims = sum(  # live claims: not rejected, not orphaned
        not (c.get("rejected") or c.get("orphaned"))
        for path in (REPO / "claims").glob("*.yaml")
        for c in yaml.safe_load(path.read_text(encoding="utf-8"))["claims"] or []
    )
    assert twin["totals"]["claims"] == expected_claims > 0
    assert sum(twin["claims_by_status"].values()) == expected_claims
    assert f"<strong>{expected_claims}</strong>claims" in page.text.replace("\n", "")
    assert twin["articles"][0]["slug"] == "harbor-fuel-depot"
    # the page shows the twin's figures: one service call builds both
    for name, n in twin["totals"].items():
        assert f"<strong>{n}</strong>{name[:-1]}" in page.text  # "1 article", "2 articles"
    assert f"{twin['unsourced_claims']} unsourced" in page.text
    newest = twin["articles"][0]
    assert newest["claims"]["total"] > 0
    assert f"<td>{newest['claims']['total']}</td>" in page.text


def test_unknown_api_paths_get_the_one_error_shape(settings: Settings, db: Database) -> None:
    client = TestClient(create_app(settings, db))
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.json() == {"ok": False, "error": "Not Found", "status": 404}
    page = client.get("/no-such-page")
    assert page.status_code == 404
    assert "<h1>404</h1>" in page.text
