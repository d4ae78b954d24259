"""Hostile bodies at the web edge (issue 16): an oversized body is a 413 in the one error shape,
read no further than the limit."""

from __future__ import annotations

from collections.abc import Iterator

from fastapi.testclient import TestClient

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
