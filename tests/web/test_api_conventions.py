"""The researcher's API: Datasette's common conventions supported, everything else a 400 that names
the parameter and says what to do, never a silent 200."""

from __future__ import annotations

import html
import json
import re

import pytest
from fastapi.testclient import TestClient

from factcheck.db.models import Article
from factcheck.db.session import Database

LISTS = ("/api/v1/claims", "/api/v1/articles", "/api/v1/sources", "/api/v1/speakers")


@pytest.mark.parametrize(
    ("url", "named"),
    [
        ("/api/v1/claims?text__contains=regime", "text__contains"),
        ("/api/v1/claims?id__gt=3", "id__gt"),
        ("/api/v1/claims?_labels=on", "_labels"),
        ("/api/v1/claims?statu=decided", "statu"),
        ("/api/v1/articles?_shape=array", "_shape"),
        ("/api/v1/sources?text__contains=x", "text__contains"),
        ("/api/v1/claims/1?verbose=1", "verbose"),
        ("/api/v1/stats?x=1", "x"),
    ],
)
def test_an_unknown_parameter_is_a_400_naming_it(client: TestClient, url: str, named: str) -> None:
    response = client.get(url)
    assert response.status_code == 400
    body = response.json()
    assert body["ok"] is False and body["status"] == 400
    assert repr(named) in body["error"]


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("/api/v1/claims?date_from=2026-13", ["date_from", "real date", "2026-13"]),
        ("/api/v1/claims?date_to=2026-02-30", ["date_to", "real date"]),
        ("/api/v1/claims?date_from=March", ["date_from", "YYYY-MM-DD"]),
        ("/api/v1/claims?_next=g.B", ["_next", "pattern"]),
        ("/api/v1/claims?_size=abc", ["_size", "integer", "abc"]),
    ],
)
def test_a_bad_value_is_a_400_a_researcher_understands(
    client: TestClient, url: str, words: list[str]
) -> None:
    _says(client, url, 400, words)


@pytest.mark.parametrize(
    ("url", "status", "words"),
    [
        ("/api/v1/claims?_next=gYGB", 404, ["_next", "previous page"]),
        ("/api/v1/claims?_sort=id&_sort_desc=id", 422, ["_sort_desc", "not both"]),
        ("/api/v1/claims?_shape=objects&_nl=true", 422, ["_nl", "_shape=array"]),
    ],
)
def test_what_the_schema_cannot_say_is_a_404_or_422(
    client: TestClient, url: str, status: int, words: list[str]
) -> None:
    """A made-up cursor names no page; two parameters that contradict each other cannot be
    applied. Neither is a 400, which means the request breaks the schema."""
    _says(client, url, status, words)


def _says(client: TestClient, url: str, status: int, words: list[str]) -> None:
    response = client.get(url)
    assert response.status_code == status, response.text
    error = response.json()["error"]
    for word in words:
        assert word in error
    for internal in ("codec", "Traceback", "query.", "Value error"):
        assert internal not in error


def test_a_cursor_of_another_sort_says_so(client: TestClient) -> None:
    first = client.get("/api/v1/claims", params={"_size": 2}).json()
    response = client.get("/api/v1/claims", params={"_sort": "-id", "_next": first["next"]})
    assert response.status_code == 404
    assert "_sort=id" in response.json()["error"]


def test_sort_desc_shape_array_and_newline_rows(client: TestClient) -> None:
    by_sort = client.get("/api/v1/claims", params={"_sort": "-id", "_size": 5}).json()["rows"]
    desc = client.get("/api/v1/claims", params={"_sort_desc": "id", "_size": 5}).json()["rows"]
    assert [r["id"] for r in desc] == [r["id"] for r in by_sort]
    assert [r["id"] for r in desc] == sorted((r["id"] for r in desc), reverse=True)
    array = client.get("/api/v1/claims", params={"_shape": "array", "_size": 5}).json()
    assert isinstance(array, list) and len(array) == 5 and "text" in array[0]
    lines = client.get("/api/v1/claims", params={"_shape": "array", "_nl": "true", "_size": 5})
    rows = [json.loads(line) for line in lines.text.splitlines()]
    assert [r["id"] for r in rows] == [r["id"] for r in array]
    implied = client.get("/api/v1/claims", params={"_nl": "true", "_size": 5})  # no _shape
    assert implied.headers["content-type"] == "application/x-ndjson"
    assert implied.text == lines.text


@pytest.mark.parametrize("url", LISTS)
def test_every_list_names_its_next_page_in_a_link_header(client: TestClient, url: str) -> None:
    seen: list[int] = []
    page = client.get(url, params={"_size": 2})
    while True:
        body = page.json()
        seen += [r["id"] for r in body["rows"]]
        if body["next_url"] is None:
            assert "link" not in page.headers
            break
        assert page.headers["link"] == f'<{body["next_url"]}>; rel="next"'
        page = client.get(body["next_url"])
    assert len(seen) == len(set(seen)) > 2


def test_count_facet_selected_and_toggle_url(client: TestClient) -> None:
    everything = client.get("/api/v1/claims", params={"_size": 1000}).json()
    assert everything["count"] == len(everything["rows"])
    assert "count" not in client.get("/api/v1/claims", params={"_nocount": "true"}).json()
    body = client.get("/api/v1/claims", params={"_facet": "status", "_size": 1}).json()
    decided = next(f for f in body["facets"]["status"] if f["value"] == "decided")
    assert decided["selected"] is False
    narrowed = client.get(decided["toggle_url"]).json()
    assert narrowed["count"] == decided["count"]
    again = next(f for f in narrowed["facets"]["status"] if f["value"] == "decided")
    assert again["selected"] is True
    assert client.get(again["toggle_url"]).json()["count"] == body["count"]


def _without_publisher(db: Database) -> int:
    """Blank the first article's publisher; its id."""
    with db.unit() as session:
        article = session.query(Article).order_by(Article.id).first()
        assert article is not None
        article.publisher = ""
        return article.id


def test_claims_of_articles_without_a_publisher_can_be_filtered(
    client: TestClient, site_db: Database
) -> None:
    article_id = _without_publisher(site_db)
    facet = client.get("/api/v1/claims", params={"_facet": "publisher"}).json()["facets"]
    blank = next(f for f in facet["publisher"] if f["value"] == "")
    assert blank["toggle_url"].endswith("publisher=")
    rows = client.get(blank["toggle_url"] + "&_size=1000").json()["rows"]
    assert rows and len(rows) == blank["count"]
    assert {r["article"]["id"] for r in rows} == {article_id}


def test_the_claims_page_filters_articles_without_a_publisher(
    client: TestClient, site_db: Database
) -> None:
    article_id = _without_publisher(site_db)
    page = client.get("/claims").text
    link = re.search(r'href="(/claims\?[^"]*publisher=(?:&amp;[^"]*)?)"[^>]*>\s*no publisher', page)
    assert link, "the publisher facet has no link for articles without a publisher"
    filtered = client.get(html.unescape(link.group(1)))
    assert filtered.status_code == 200
    expected = client.get("/api/v1/claims", params={"publisher": "", "_size": 1}).json()["count"]
    assert re.search(rf"\b{expected} claims?\b", filtered.text)
    linked = {int(n) for n in re.findall(r'href="/articles/(\d+)"', filtered.text)}
    assert linked == {article_id}
    everything = client.get("/api/v1/claims", params={"_size": 1}).json()["count"]
    assert expected < everything
