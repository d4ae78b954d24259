"""Hostile bodies at the web edge (issue 16): an oversized body is a 413 in the one error shape,
read no further than the limit; a merge or split form that cannot be used comes back with what
was typed and ticked, escaped, instead of an error page that loses it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from factcheck.db.models import Citation, Claim
from factcheck.db.session import Database
from factcheck.web.security import MAX_REQUEST_BYTES
from tests.web.conftest import log_in


def _chunks(total: int) -> Iterator[bytes]:
    for _ in range(total // 65536 + 1):
        yield b"x" * 65536


def test_a_body_over_the_limit_is_a_413_in_the_error_shape(client: TestClient) -> None:
    big = b"{" + b" " * MAX_REQUEST_BYTES + b"}"
    headers = {"content-type": "application/json"}
    declared = client.post("/api/v1/claims/1/verdicts", content=big, headers=headers)
    assert declared.status_code == 413
    assert declared.json() == {"ok": False, "error": declared.json()["error"], "status": 413}
    streamed = client.post(  # chunked: no Content-Length, counted as it arrives
        "/api/v1/claims/1/verdicts", content=_chunks(MAX_REQUEST_BYTES), headers=headers
    )
    assert streamed.status_code == 413 and streamed.json()["status"] == 413


def test_a_form_over_the_limit_is_a_413_page(client: TestClient) -> None:
    token = log_in(client, "editor")
    form = {"csrf_token": token, "title": "t" * MAX_REQUEST_BYTES}
    response = client.post("/articles/1/edit", data=form)
    assert response.status_code == 413
    assert "<h1>413</h1>" in response.text


HOSTILE_NAME = '"><script>alert(1)</script>'


def _busiest(db: Database, row: Any, claim: Any) -> tuple[int, list[int]]:
    """The row (source or speaker id) with most claims, and those claims."""
    with db.sessions() as session:
        rows = session.execute(select(row, claim).where(row.is_not(None))).all()
    by_row: dict[int, list[int]] = {}
    for row_id, claim_id in sorted(rows):
        by_row.setdefault(row_id, []).append(claim_id)
    return max(by_row.items(), key=lambda item: len(item[1]))


def test_a_split_that_cannot_be_made_keeps_what_was_typed(
    client: TestClient, site_db: Database
) -> None:
    token = log_in(client, "editor")
    source_id, _ = _busiest(site_db, Citation.source_id, Citation.claim_id)
    form = {"csrf_token": token, "new_key": HOSTILE_NAME}  # nothing ticked
    page = client.post(f"/sources/{source_id}/split", data=form)
    assert page.status_code == 400
    assert "tick at least one claim" in page.text
    assert 'value="&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in page.text
    assert "<script>alert(1)" not in page.text
    speaker_id, claims = _busiest(site_db, Claim.speaker_id, Claim.id)
    ticked = {"csrf_token": token, f"claim-{claims[0]}": "on", "new_name": " "}
    page = client.post(f"/speakers/{speaker_id}/split", data=ticked)
    assert page.status_code == 400 and "give the other speaker" in page.text
    assert f'name="claim-{claims[0]}" checked' in page.text
    assert f'name="claim-{claims[-1]}" >' in page.text  # only what was ticked


def test_a_merge_that_cannot_be_made_keeps_what_was_typed(
    client: TestClient, site_db: Database
) -> None:
    token = log_in(client, "editor")
    speaker_id, _ = _busiest(site_db, Claim.speaker_id, Claim.id)
    page = client.post(f"/speakers/{speaker_id}/merge", data={"csrf_token": token, "other": "x7"})
    assert page.status_code == 400 and "give the other speaker" in page.text
    assert 'value="x7"' in page.text
    itself = {"csrf_token": token, "other": str(speaker_id)}
    page = client.post(f"/speakers/{speaker_id}/merge", data=itself)
    assert page.status_code == 409 and "into itself" in page.text
