"""Every route of ``create_app``, walked, as Datasette's suite does: each GET answers a page or the
JSON success envelope, each unknown id the one error shape, each API write without credentials the
error shape too. A route added with a path parameter this file does not know fails here first."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from starlette.routing import Mount

from factcheck.config import Settings
from factcheck.db.models import Article, Claim, Source, Speaker
from factcheck.db.repository import MAX_ROW_ID
from factcheck.db.session import Database
from factcheck.web.app import create_app
from tests.web.conftest import log_in

MISSING_ID = str(MAX_ROW_ID)  # a valid id that no row has
# exports are files in their own formats (JSON Lines, CSV, schema.org JSON-LD, graph files),
# not the envelope
EXPORTS = {
    "/api/v1/claims.jsonl",
    "/api/v1/claims.csv",
    "/api/v1/claimreview.jsonl",
    "/api/v1/claims/{claim_id}/claimreview.json",
    "/api/v1/graph/export/{fmt}",
}
API_DOCS = {"/openapi.json", "/docs", "/docs/oauth2-redirect", "/redoc"}
PARAM = re.compile(r"{(\w+)}")
# where a parameter means something else on one route: /graph/{segment} is an analysis
OVERRIDES = {
    "/graph/{segment}": {"segment": "single-source"},
    "/static/vendor/api-docs/{name}": {"name": "swagger-ui.css"},
}


def routes(app: FastAPI) -> Iterator[tuple[str, set[str]]]:
    """(path, methods) of every route, through the included routers."""

    def walk(items: list[Any]) -> Iterator[Any]:
        for route in items:
            if hasattr(route, "original_router"):  # FastAPI's wrapper of an included router
                yield from walk(route.original_router.routes)
            elif not isinstance(route, Mount):
                yield route

    for route in walk(list(app.routes)):
        yield route.path, set(route.methods or ())


def samples(db: Database) -> dict[str, str]:
    """A value that exists for each path parameter of the site."""
    with db.sessions() as session:
        claim = session.scalars(select(Claim.id).order_by(Claim.id)).first()
        article = session.scalars(select(Article.slug).order_by(Article.id)).first()
        article_id = session.scalars(select(Article.id).order_by(Article.id)).first()
        source = session.scalars(select(Source.id).order_by(Source.id)).first()
        speaker = session.scalars(select(Speaker.id).order_by(Speaker.id)).first()
    assert None not in (claim, article, article_id, source, speaker)
    return {
        "claim_id": str(claim),
        "article": str(article),
        "article_id": str(article_id),
        "source": str(source),
        "source_id": str(source),
        "speaker_id": str(speaker),
        "segment": "claims",
        "db_id": str(claim),
        "fmt": "json",
        "name": "vis-network.css",
        "action": "reject",
    }


def missing(name: str) -> str:
    """A value of path parameter ``name`` that names nothing."""
    return "no-such-thing" if name in {"segment", "fmt", "name", "article"} else MISSING_ID


def url(path: str, values: dict[str, str], unknown: str | None = None) -> str:
    """``path`` with its parameters filled in from ``values`` (and the route's overrides); the
    parameter ``unknown`` names nothing."""
    values = {**values, **OVERRIDES.get(path, {})}
    if unknown is not None:
        values[unknown] = missing(unknown)
    return PARAM.sub(lambda m: values[m.group(1)], path)


def assert_error_shape(response: Any, status: int) -> None:
    assert response.status_code == status, (response.request.url, response.text[:300])
    body = response.json()
    assert body["ok"] is False and body["status"] == status, body
    assert isinstance(body["error"], str) and body["error"], body


@pytest.fixture
def app(settings: Settings, site_db: Database) -> FastAPI:
    return create_app(settings, site_db)


@pytest.fixture
def admin(app: FastAPI, site_db: Database) -> Iterator[TestClient]:
    """A logged-in admin, after deciding the sample claim (its ClaimReview needs a rating)."""
    with TestClient(app, follow_redirects=False) as client:
        token = log_in(client, "admin")
        claim = samples(site_db)["claim_id"]
        body = {"label": app.state.scale.labels[0], "rationale": "checked by the route walk"}
        saved = client.post(
            f"/api/v1/claims/{claim}/verdicts", json=body, headers={"x-csrf-token": token}
        )
        assert saved.status_code == 201, saved.text
        yield client


def get_routes(app: FastAPI) -> list[str]:
    return sorted(path for path, methods in routes(app) if "GET" in methods)


def test_every_path_parameter_has_a_sample(app: FastAPI, site_db: Database) -> None:
    known = samples(site_db)
    paths = [path for path, _ in routes(app)]
    assert len(paths) > 50
    unknown = {name for path in paths for name in PARAM.findall(path)} - set(known)
    assert unknown == set(), f"add a sample value for {unknown}"


def test_every_get_route_answers_a_page_or_the_json_envelope(
    app: FastAPI, admin: TestClient, site_db: Database
) -> None:
    values = samples(site_db)
    for path in get_routes(app):
        response = admin.get(url(path, values))
        assert response.status_code == 200, (path, response.text[:300])
        kind = response.headers["content-type"]
        if path in API_DOCS or path.startswith("/static/"):
            continue
        if path in EXPORTS:
            assert not kind.startswith("text/html"), path
        elif path.startswith("/api/"):
            assert kind.startswith("application/json"), path
            assert response.json()["ok"] is True, path
        else:
            assert kind.startswith("text/html"), path
            assert "<html" in response.text, path


def test_every_unknown_id_answers_the_error_shape(
    app: FastAPI, admin: TestClient, site_db: Database
) -> None:
    values = samples(site_db)
    checked = 0
    for path in get_routes(app):
        for name in PARAM.findall(path):
            wrong = url(path, values, unknown=name)
            response = admin.get(wrong)
            if path.startswith("/api/"):
                assert_error_shape(response, 404)
            else:
                assert response.status_code == 404, wrong
                assert "<h1>404</h1>" in response.text, wrong
            checked += 1
    assert checked >= 15


def test_every_api_write_without_credentials_answers_the_error_shape(
    app: FastAPI, site_db: Database
) -> None:
    values = samples(site_db)
    writes = [p for p, methods in routes(app) if "POST" in methods and p.startswith("/api/")]
    assert len(writes) >= 4
    with TestClient(app) as anonymous:
        for path in writes:
            assert_error_shape(anonymous.post(url(path, values), json={}), 401)


def test_a_bad_query_answers_the_error_shape(admin: TestClient) -> None:
    assert_error_shape(admin.get("/api/v1/claims", params={"status": "no-such-status"}), 400)
    assert_error_shape(admin.get("/api/v1/claims/not-a-number"), 400)
