"""The JSON API in-process (TestClient) on a real SQLite file: envelope, filters, facets, keyset
pagination under every sort while rows are added, limits, the error shape, auth and OpenAPI."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from factcheck import queries
from factcheck.accounts.tokens import create_token
from factcheck.accounts.users import create_user
from factcheck.config import Settings
from factcheck.db.session import Database
from factcheck.queries import ClaimFilters
from factcheck.web.app import create_app
from tests.api_data import Seeded, add_claims, seed
from tests.web.conftest import PASSWORD, log_in

API = "/api/v1"


@pytest.fixture
def seeded(db: Database) -> Seeded:
    return seed(db)


@pytest.fixture
def api(settings: Settings, db: Database, seeded: Seeded) -> Iterator[TestClient]:
    with TestClient(create_app(settings, db), follow_redirects=False) as client:
        yield client


def token_for(db: Database, name: str, role: str) -> str:
    with db.unit() as session:
        return create_token(session, create_user(session, name, role, PASSWORD), "tests")


def assert_error(response: Any, status: int) -> None:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"ok", "error", "status"}
    assert body["ok"] is False and body["status"] == status and body["error"]


def walk(api: TestClient, url: str) -> list[dict[str, Any]]:
    """Follow next_url to the end; return all rows."""
    rows: list[dict[str, Any]] = []
    while url:
        body = api.get(url).json()
        assert body["ok"] is True
        rows += body["rows"]
        assert (body["next"] is None) == (body["next_url"] is None)
        url = body["next_url"]
    return rows


def test_list_envelope_and_next_url(api: TestClient, seeded: Seeded) -> None:
    body = api.get(f"{API}/claims?_size=5&status=decided").json()
    assert set(body) == {"ok", "rows", "next", "next_url", "count"}
    assert len(body["rows"]) == 5 and "status=decided" in body["next_url"]
    rows = walk(api, f"{API}/claims?_size=5&status=decided")
    assert {r["status"] for r in rows} == {"decided"}
    with api.app.state.db.sessions() as session:  # type: ignore[attr-defined]
        expected = [r["id"] for r in queries.iter_claims(session, ClaimFilters(status="decided"))]
    assert [r["id"] for r in rows] == expected


@pytest.mark.parametrize(
    ("query", "filters"),
    [
        ("hedged=true", ClaimFilters(hedged=True)),
        ("unsourced=1", ClaimFilters(unsourced=True)),
        ("normalized=FALSE", ClaimFilters(normalized="FALSE")),
        ("rating=Mixed", ClaimFilters(rating="Mixed")),
        ("speaker_kind=group&source_kind=testimony", ClaimFilters(speaker_kind="group", source_kind="testimony")),
        ("source=memo-roads-2023", ClaimFilters(source="memo-roads-2023")),
        ("article=town-budget-3&publisher=Hill+Gazette", ClaimFilters(article="town-budget-3", publisher="Hill Gazette")),
        ("date_from=2025-02&date_to=2025-03-31", ClaimFilters(date_from="2025-02", date_to="2025-03-31")),
        ("q=bus+lanes", ClaimFilters(q="bus lanes")),
        ("_search=bus+lanes", ClaimFilters(q="bus lanes")),
    ],
)  # fmt: skip
def test_query_parameters_are_the_service_filters(
    api: TestClient, query: str, filters: ClaimFilters
) -> None:
    rows = walk(api, f"{API}/claims?_size=7&{query}")
    with api.app.state.db.sessions() as session:  # type: ignore[attr-defined]
        expected = [r["id"] for r in queries.iter_claims(session, filters)]
    assert expected and [r["id"] for r in rows] == expected


SORTS = [
    "id", "-id", "checkworthiness", "-checkworthiness", "published", "-published", "status", "-status",
]  # fmt: skip


@pytest.mark.parametrize("sort", SORTS)
def test_keyset_pages_over_http_while_rows_are_added(
    api: TestClient, db: Database, seeded: Seeded, sort: str
) -> None:
    seen: list[int] = []
    url = f"{API}/claims?_sort={sort}&_size=6"
    for n in range(100):
        body = api.get(url).json()
        seen += [r["id"] for r in body["rows"]]
        if body["next_url"] is None:
            break
        add_claims(db, seeded.articles[n % 4], 2000 + n * 2, 2)
        url = body["next_url"]
    assert len(seen) == len(set(seen)), "duplicates"
    assert set(seeded.claims) <= set(seen), "gaps"


def test_facets_count_all_matches_not_just_the_page(api: TestClient, seeded: Seeded) -> None:
    body = api.get(f"{API}/claims?_size=1&hedged=false&_facet=status&_facet=hedged").json()
    assert set(body["facets"]) == {"status", "hedged"}
    assert [(f["value"], f["count"], f["selected"]) for f in body["facets"]["hedged"]] == [
        (False, len(walk(api, f"{API}/claims?hedged=false&_size=1000")), True)
    ]
    assert body["count"] == body["facets"]["hedged"][0]["count"]
    assert sum(f["count"] for f in body["facets"]["status"]) == body["facets"]["hedged"][0]["count"]
    article = api.get(f"{API}/claims?_facet=article").json()["facets"]["article"]
    assert {f["label"] for f in article} == {f"town-budget-{i}" for i in range(4)}


def test_size_limit(api: TestClient, db: Database, seeded: Seeded) -> None:
    add_claims(db, seeded.articles[0], 5000, queries.MAX_PAGE_SIZE + 10 - len(seeded.claims))
    body = api.get(f"{API}/claims?_size={queries.MAX_PAGE_SIZE}").json()
    assert len(body["rows"]) == queries.MAX_PAGE_SIZE and body["next"]
    assert len(api.get(f"{API}/claims").json()["rows"]) == queries.DEFAULT_PAGE_SIZE
    assert_error(api.get(f"{API}/claims?_size={queries.MAX_PAGE_SIZE + 1}"), 400)


@pytest.mark.parametrize(
    "query",
    [
        "status=maybe", "normalized=PANTS", "hedged=perhaps", "speaker=abc", "speaker=-3",
        "date_from=yesterday", "date_to=2025-13-01x", "_sort=text", "_size=0", "_size=ten",
        "_next=%%%", "_next=eyJ2IjoxfQ==", "_facet=colour", "q=" + "x" * 501,
    ],
)  # fmt: skip
def test_malformed_filters_and_cursors_are_400_in_the_error_shape(
    api: TestClient, query: str
) -> None:
    assert_error(api.get(f"{API}/claims?{query}"), 400)


def test_a_cursor_of_another_sort_or_made_up_names_no_page(api: TestClient) -> None:
    cursor = api.get(f"{API}/claims?_size=2&_sort=-id").json()["next"]
    assert_error(api.get(f"{API}/claims?_size=2&_sort=id&_next={cursor}"), 404)
    assert_error(api.get(f"{API}/claims?_next=eyJ2IjoxfQ"), 404)  # {"v":1}: no key


@pytest.mark.parametrize(
    "path",
    ["/claims/999999", "/articles/no-such-slug", "/articles/999", "/sources/nope", "/speakers/999", "/claims/999/claimreview.json", "/nothing-here"],
)  # fmt: skip
def test_unknown_items_are_404_in_the_error_shape(api: TestClient, path: str) -> None:
    assert_error(api.get(API + path), 404)


def test_items_and_lists(api: TestClient, seeded: Seeded) -> None:
    claim = api.get(f"{API}/claims/{seeded.claims[2]}").json()
    assert claim["ok"] and claim["id"] == seeded.claims[2] and "verdicts" in claim
    article = api.get(f"{API}/articles/town-budget-0").json()
    assert article["text"] and len(article["claims"]) == len(seeded.claims) // 4
    assert api.get(f"{API}/articles/{article['id']}").json()["slug"] == "town-budget-0"
    sources = walk(api, f"{API}/sources?_size=1")
    assert sorted(s["key"] for s in sources) == [s["key"] for s in sources]
    assert api.get(f"{API}/sources/{sources[0]['key']}").json()["id"] == sources[0]["id"]
    speakers = walk(api, f"{API}/speakers?_size=3&_sort=-id")
    assert [s["id"] for s in speakers] == sorted(seeded.speakers, reverse=True)
    assert api.get(f"{API}/speakers/{speakers[0]['id']}").json()["name"] == speakers[0]["name"]
    stats = api.get(f"{API}/stats").json()
    assert stats["totals"]["claims"] == len(seeded.claims)


def test_writes_need_a_reviewer_token_or_a_login_with_csrf(
    api: TestClient, db: Database, seeded: Seeded
) -> None:
    claim = seeded.claims[0]
    body = {"label": "Mostly true", "rationale": "Matches the audited accounts.", "evidence_urls": ["https://example.org/audit"]}  # fmt: skip
    url = f"{API}/claims/{claim}/verdicts"
    viewer, reviewer = token_for(db, "vera", "viewer"), token_for(db, "rami", "reviewer")
    assert_error(api.post(url, json=body), 401)
    assert_error(api.post(url, json=body, headers={"Authorization": "Bearer fc_wrong"}), 401)
    assert_error(api.post(url, json=body, headers={"Authorization": f"Bearer {viewer}"}), 403)
    bad = {**body, "label": "Pants on fire"}
    assert_error(api.post(url, json=bad, headers={"Authorization": f"Bearer {reviewer}"}), 400)
    created = api.post(url, json=body, headers={"Authorization": f"Bearer {reviewer}"})
    assert created.status_code == 201, created.text
    assert created.json()["verdict"]["reviewer"] == "rami"
    history = api.get(f"{API}/claims/{claim}").json()["verdicts"]
    assert history[-1]["label"] == "Mostly true" and history[-1]["rationale"] == body["rationale"]
    # a logged-in session needs the CSRF header as well
    with db.unit() as session:
        create_user(session, "lena", "reviewer", PASSWORD)
    csrf = log_in(api, "lena")
    assert_error(api.post(url, json=body), 403)
    done = api.post(url, json=body, headers={"X-CSRF-Token": csrf})
    assert done.status_code == 201, done.text
    assert_error(
        api.post(f"{API}/claims/999999/verdicts", json=body, headers={"X-CSRF-Token": csrf}), 404
    )


def test_token_only_reads(settings: Settings, db: Database, seeded: Seeded) -> None:
    closed = settings.model_copy(update={"api_read_access": "token"})
    token = token_for(db, "nora", "viewer")
    with TestClient(create_app(closed, db)) as client:
        assert_error(client.get(f"{API}/claims"), 401)
        assert_error(client.get(f"{API}/claims.csv"), 401)
        ok = client.get(f"{API}/claims", headers={"Authorization": f"Bearer {token}"})
        assert ok.status_code == 200 and ok.json()["rows"]


def test_openapi_documents_every_endpoint(api: TestClient) -> None:
    schema = api.get("/openapi.json").json()
    paths = set(schema["paths"])
    for path in (
        "/claims", "/claims/{claim_id}", "/claims/{claim_id}/verdicts", "/articles",
        "/articles/{article}", "/speakers", "/speakers/{speaker_id}", "/sources",
        "/sources/{source}", "/stats", "/claims.jsonl", "/claims.csv", "/claimreview.jsonl",
        "/claims/{claim_id}/claimreview.json",
    ):  # fmt: skip
        assert API + path in paths, path
    assert api.get("/docs").status_code == 200


def test_editors_correct_extractions_over_the_api(
    api: TestClient, db: Database, seeded: Seeded
) -> None:
    editor, reviewer = token_for(db, "eda", "editor"), token_for(db, "rex", "reviewer")
    claim = seeded.claims[5]
    url = f"{API}/claims/{claim}/corrections"
    as_editor = {"Authorization": f"Bearer {editor}"}
    speaker = {
        "action": "speaker",
        "name": "Treasurer Joan Pike",
        "kind": "person",
        "note": "byline",
    }
    assert_error(api.post(url, json=speaker), 401)
    assert_error(api.post(url, json=speaker, headers={"Authorization": f"Bearer {reviewer}"}), 403)
    done = api.post(url, json=speaker, headers=as_editor)
    assert done.status_code == 200, done.text
    assert done.json()["speaker"]["name"] == "Treasurer Joan Pike" and done.json()["corrected"]
    assert_error(api.post(url, json={"action": "span", "start": 5}, headers=as_editor), 400)
    assert_error(api.post(url, json={"action": "dance"}, headers=as_editor), 400)
    other = api.get(f"{API}/claims/{seeded.claims[6]}").json()["citations"]
    if other:
        wrong = {"action": "remove_citation", "citation": other[0]["id"]}
        assert_error(api.post(url, json=wrong, headers=as_editor), 404)
    rejected = api.post(url, json={"action": "reject", "note": "a heading"}, headers=as_editor)
    assert rejected.status_code == 200 and rejected.json()["rejected"] is True
    assert claim not in [r["id"] for r in walk(api, f"{API}/claims?_size=1000")]
    rejection = api.get(f"{API}/claims/{claim}").json()["rejection"]
    assert rejection["by"] == "eda" and rejection["reason"] == "a heading"
    restored = api.post(url, json={"action": "restore"}, headers=as_editor)
    assert restored.status_code == 200 and restored.json()["rejected"] is False
    assert restored.json()["rejection"] is None
    assert claim in [r["id"] for r in walk(api, f"{API}/claims?_size=1000")]
    assert_error(api.post(url, json={"action": "restore"}, headers=as_editor), 409)
