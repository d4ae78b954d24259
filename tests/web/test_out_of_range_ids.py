"""Ids no row can have (past SQLite's 64-bit range or PostgreSQL's 32-bit integer, non-ASCII
digits) are 4xx, never a 500."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from factcheck.config import Settings
from factcheck.db.repository import row_id
from factcheck.db.session import Database
from factcheck.web.app import create_app

HUGE = "99999999999999999999999"
BIG = "3000000000"  # past PostgreSQL's integer


@pytest.mark.parametrize(
    "path",
    [
        f"/api/v1/articles/{HUGE}",
        f"/api/v1/sources/{HUGE}",
        f"/api/v1/claims/{HUGE}",
        f"/api/v1/speakers/{HUGE}",
        f"/articles/{HUGE}",
        f"/sources/{HUGE}",
        f"/api/v1/claims/{BIG}",
        f"/articles/{BIG}",
        f"/api/v1/claims?speaker={BIG}",  # the speaker filter is an id up to MAX_ROW_ID (schema)
    ],
)
def test_out_of_range_ids_are_client_errors(
    path: str, settings: Settings, example_db: Database
) -> None:
    client = TestClient(create_app(settings, example_db), raise_server_exceptions=False)
    response = client.get(path)
    assert 400 <= response.status_code < 500, response.text
    if path.startswith("/api/"):
        assert response.json()["ok"] is False


@pytest.mark.parametrize(
    "query",
    [f"article={HUGE}", f"source={HUGE}", "article=%C2%B2", f"source={BIG}"],
)
def test_filters_on_ids_no_row_can_have_match_nothing(
    query: str, settings: Settings, example_db: Database
) -> None:
    client = TestClient(create_app(settings, example_db), raise_server_exceptions=False)
    response = client.get(f"/api/v1/claims?{query}")
    assert response.status_code == 200, response.text
    assert response.json()["rows"] == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12", 12),
        (12, 12),
        ("0", None),
        ("2147483647", 2**31 - 1),
        ("2147483648", None),
        (HUGE, None),
        ("\u00b2", None),
        ("1a", None),
    ],
)
def test_row_id_accepts_only_keys_every_backend_can_hold(
    value: int | str, expected: int | None
) -> None:
    assert row_id(value) == expected
