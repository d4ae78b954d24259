"""Values one database takes and another refuses (PostgreSQL: no NUL character in a text) are a
400 in the error shape on every backend, never a 500."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_a_nul_character_in_a_query_is_bad_input_on_every_backend(client: TestClient) -> None:
    for url in (
        "/api/v1/articles?publisher=%00",
        "/api/v1/claims?speaker_kind=x%00y",
        "/api/v1/claims.jsonl?article=%00",  # a streamed export: refused before it starts
        "/claims?q=a%00b",
    ):
        response = client.get(url)
        assert response.status_code == 400, (url, response.text)
        assert "NUL character" in response.text
    assert client.get("/api/v1/claims.jsonl").status_code == 200
