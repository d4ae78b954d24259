"""Every page through the real app on a real SQLite file: content, JSON twins, forms and roles."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from factcheck.config import Settings
from factcheck.db.models import Article, AuditEvent, Claim, Verdict
from factcheck.db.session import Database
from factcheck.kb.files import import_kb
from factcheck.web.app import create_app
from tests.conftest import fresh_database_url
from tests.web.conftest import example_site_db, log_in, write_hostile_article

PAGES = [
    "/",
    "/articles",
    "/articles/harbor-fuel-depot",
    "/claims",
    "/claims?q=tanks&hedged=false",
    "/sources",
    "/sources?kind=interview",
    "/sources/1",
    "/speakers",
    "/speakers/1",
]


@pytest.fixture
def site(settings: Settings, site_db: Database, tmp_path: Path) -> Iterator[TestClient]:
    """A site to write to: its own database, fresh for each test."""
    write_hostile_article(tmp_path / "kb")
    import_kb(site_db, tmp_path / "kb")
    with TestClient(create_app(settings, site_db), follow_redirects=False) as client:
        yield client


@pytest.fixture(scope="module")
def reader(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """A site the read-only tests share (built once: users' password hashes take a while)."""
    folder = tmp_path_factory.mktemp("reader")
    with fresh_database_url(backend, folder) as url:
        db = example_site_db(url, folder, {"reviewer": "reviewer"})
        settings = Settings(database_url=url, secret_key="reader-key")
        with TestClient(create_app(settings, db), follow_redirects=False) as client:
            yield client
        db.dispose()


def _claim_id(db: Database, slug: str = "harbor-fuel-depot", status: str = "unreviewed") -> int:
    with db.sessions() as session:
        claim_id = session.scalar(
            select(Claim.id)
            .join(Article, Article.id == Claim.article_id)
            .where(Article.slug == slug, Claim.status == status, Claim.rejected.is_(False))
            .order_by(Claim.checkworthiness.desc(), Claim.id.desc())
        )
    assert claim_id is not None
    return claim_id


def _queue_key(db: Database, claim_id: int) -> tuple[float, int]:
    """Where a claim stands in the queue's default order: most check-worthy, then newest first."""
    with db.sessions() as session:
        return (-session.get_one(Claim, claim_id).checkworthiness, -claim_id)


def _verdicts(db: Database) -> int:
    with db.sessions() as session:
        return session.scalar(select(func.count()).select_from(Verdict)) or 0


@pytest.mark.parametrize("path", PAGES)
def test_every_page_links_its_json_twin(reader: TestClient, path: str) -> None:
    page = reader.get(path)
    assert page.status_code == 200, page.text[:500]
    match = re.search(r'<link rel="alternate" type="application/json" href="([^"]+)">', page.text)
    assert match, "no JSON twin link"
    twin = reader.get(match.group(1).replace("&amp;", "&"))
    assert twin.status_code == 200 and twin.json()["ok"] is True


def test_article_page_highlights_claims_speakers_cues_and_evidence(reader: TestClient) -> None:
    html = reader.get("/articles/harbor-fuel-depot").text
    twin = reader.get("/api/v1/articles/harbor-fuel-depot").json()
    for claim in twin["claims"]:
        assert f'data-claim="{claim["id"]}"' in html
    assert html.count('<mark class="claim s-') >= len(twin["claims"])
    assert 'class="attr speaker"' in html and 'class="attr cue"' in html
    assert 'class="evidence"' in html
    assert 'class="claim s-decided"' in html and 'class="claim s-unreviewed"' in html
    assert re.search(r'<a class="chip" href="/sources/\d+"', html)


def test_hostile_article_text_is_shown_as_text(reader: TestClient) -> None:
    html = reader.get("/articles/hostile-markup").text
    assert "<script>window.__pwned" not in html
    assert "&lt;script&gt;window.__pwned = 1; alert(&quot;pwned&quot;)&lt;/script&gt;" in html
    assert "<b>doubled" not in html and "&lt;b&gt;doubled" in html
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_reviewer_records_a_verdict_from_the_claim_page(
    site: TestClient, site_db: Database
) -> None:
    claim_id = _claim_id(site_db)
    token = log_in(site, "reviewer")
    form = {
        "csrf_token": token,
        "rating": "Mostly true",
        "rationale": "Matches the <b>memo</b>.",
        "evidence_urls": "https://example.org/memo\n\nhttps://example.org/minutes",
    }
    response = site.post(f"/claims/{claim_id}/verdicts", data=form)
    assert response.status_code == 303
    page = site.get(f"/claims/{claim_id}").text
    history = page[page.index('id="verdict-history"') :]
    assert "Mostly true" in history and "Matches the &lt;b&gt;memo&lt;/b&gt;." in history
    assert "https://example.org/minutes" in history
    assert "in review" in page
    assert site.post(f"/claims/{claim_id}/undo", data={"csrf_token": token}).status_code == 303
    assert "(retracted)" in site.get(f"/claims/{claim_id}").text


def test_a_refused_verdict_keeps_what_the_reviewer_typed(
    site: TestClient, site_db: Database
) -> None:
    claim_id = _claim_id(site_db)
    before = _verdicts(site_db)
    token = log_in(site, "reviewer")
    typed = "A long rationale the reviewer must not lose."
    for rating, urls in (("Probably", ""), ("True", "javascript:alert(1)")):
        form = {"csrf_token": token, "rating": rating, "rationale": typed, "evidence_urls": urls}
        response = site.post(f"/claims/{claim_id}/verdicts", data=form)
        assert response.status_code == 400
        assert typed in response.text and 'role="alert"' in response.text
    assert _verdicts(site_db) == before


def test_csrf_and_roles_guard_the_verdict_form(site: TestClient, site_db: Database) -> None:
    claim_id = _claim_id(site_db)
    before = _verdicts(site_db)
    form = {"rating": "True", "rationale": ""}
    anonymous = site.post(f"/claims/{claim_id}/verdicts", data=form)
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/login")
    token = log_in(site, "viewer")
    assert (
        site.post(f"/claims/{claim_id}/verdicts", data={**form, "csrf_token": token}).status_code
        == 403
    )
    site.cookies.clear()
    token = log_in(site, "reviewer")
    assert site.post(f"/claims/{claim_id}/verdicts", data=form).status_code == 403
    wrong = {**form, "csrf_token": token[::-1]}
    assert site.post(f"/claims/{claim_id}/verdicts", data=wrong).status_code == 403
    assert _verdicts(site_db) == before


def test_editors_correct_an_extraction_through_the_forms(
    site: TestClient, site_db: Database
) -> None:
    claim_id = _claim_id(site_db)
    token = log_in(site, "reviewer")
    assert "Correct the extraction" not in site.get(f"/claims/{claim_id}").text
    denied = site.post(f"/claims/{claim_id}/corrections/reject", data={"csrf_token": token})
    assert denied.status_code == 403
    site.cookies.clear()
    token = log_in(site, "editor")
    assert "Correct the extraction" in site.get(f"/claims/{claim_id}").text
    speaker = {"csrf_token": token, "name": "Chief engineer of the port", "kind": "person"}
    assert site.post(f"/claims/{claim_id}/corrections/speaker", data=speaker).status_code == 303
    bad = {"csrf_token": token, "start": "5", "end": "999999", "note": "keep this note"}
    refused = site.post(f"/claims/{claim_id}/corrections/span", data=bad)
    assert refused.status_code == 422 and "keep this note" in refused.text  # offsets past the text
    cite = {"csrf_token": token, "source": "interview-priya-raman-2026-03", "kind": "interview"}
    assert site.post(f"/claims/{claim_id}/corrections/add_citation", data=cite).status_code == 303
    page = site.get(f"/claims/{claim_id}").text
    assert "Chief engineer of the port" in page and "interview-priya-raman-2026-03" in page
    reject = {"csrf_token": token, "note": "a description"}
    assert site.post(f"/claims/{claim_id}/corrections/reject", data=reject).status_code == 303
    with site_db.sessions() as session:
        claim = session.get_one(Claim, claim_id)
        assert claim.rejected and claim.corrected
        actions = session.scalars(
            select(AuditEvent.action).where(AuditEvent.entity_id == claim_id)
        ).all()
    assert actions == ["claim.correct_speaker", "claim.add_citation", "claim.reject"]


def test_the_queue_saves_moves_on_and_undoes(site: TestClient, site_db: Database) -> None:
    assert site.get("/queue").status_code == 303  # log in first
    token = log_in(site, "reviewer")
    page = site.get("/queue?article=harbor-fuel-depot").text
    first = int(re.search(r'name="claim_id" value="(\d+)"', page).group(1))
    assert first == _claim_id(site_db)
    saved = site.post(
        "/queue?article=harbor-fuel-depot",
        data={"csrf_token": token, "claim_id": str(first), "rating": "False"},
    )
    assert saved.status_code == 303
    assert saved.headers["location"] == f"/queue?after={first}&article=harbor-fuel-depot"
    following = site.get(saved.headers["location"]).text
    assert f"Saved “False” on claim {first}" in following
    second = int(re.search(r'name="claim_id" value="(\d+)"', following).group(1))
    assert _queue_key(site_db, second) > _queue_key(site_db, first)
    undo = site.post("/queue/undo?article=harbor-fuel-depot", data={"csrf_token": token})
    assert undo.headers["location"] == f"/queue?article=harbor-fuel-depot&claim={first}"
    with site_db.sessions() as session:
        assert session.get_one(Claim, first).status == "unreviewed"


def test_the_queue_orders_by_checkworthiness_with_its_explanation(
    site: TestClient, site_db: Database
) -> None:
    log_in(site, "reviewer")
    with site_db.sessions() as session:
        claim = session.get_one(Claim, _claim_id(site_db))
        claim.checkworthiness_signals = ["number", "date"]
        rest = session.scalars(select(Claim).where(Claim.article_id == claim.article_id)).all()
        top = max(c.checkworthiness for c in rest if not c.rejected and c.status == "unreviewed")
        session.commit()
    seen, after = [], ""
    for _ in range(4):
        data = site.get(f"/api/v1/queue?article=harbor-fuel-depot{after}").json()
        if data["claim"] is None:
            break
        seen.append(data["claim"]["checkworthiness"])
        after = f"&after={data['claim']['id']}"
    assert seen[0] == top and seen == sorted(seen, reverse=True) and len(seen) > 1
    page = site.get("/queue?article=harbor-fuel-depot").text
    assert "why:" in page and ">number<" in page and f"{top:.2f}" in page
    shown = site.get(f"/claims/{claim.id}").text
    assert 'id="checkworthiness"' in shown and ">number<" in shown
    assert site.get(f"/api/v1/claims/{claim.id}").json()["checkworthiness_signals"] == [
        "number",
        "date",
    ]
    by_id = site.get("/api/v1/queue?article=harbor-fuel-depot&order=id").json()["claim"]
    assert by_id["id"] == min(c.id for c in rest if not c.rejected and c.status == "unreviewed")


def test_queue_json_twin_reads_and_writes(site: TestClient, site_db: Database) -> None:
    assert site.get("/api/v1/queue").status_code == 401
    token = log_in(site, "reviewer")
    current = site.get("/api/v1/queue?article=harbor-fuel-depot").json()
    claim_id = current["claim"]["id"]
    body = {"claim_id": claim_id, "rating": "Mixed", "evidence_urls": ["https://example.org/x"]}
    assert site.post("/api/v1/queue/verdicts", json=body).status_code == 403  # no CSRF header
    saved = site.post("/api/v1/queue/verdicts", json=body, headers={"x-csrf-token": token})
    assert saved.status_code == 200, saved.text
    assert saved.json()["saved"]["label"] == "Mixed"  # the request's old name "rating" still works
    assert _queue_key(site_db, saved.json()["claim"]["id"]) > _queue_key(site_db, claim_id)
    bad = site.post(
        "/api/v1/queue/verdicts",
        json={**body, "rating": "Nope"},
        headers={"x-csrf-token": token},
    )
    assert bad.status_code == 400 and bad.json()["ok"] is False
    undone = site.post(
        "/api/v1/queue/undo", json={"claim_id": claim_id}, headers={"x-csrf-token": token}
    )
    assert undone.status_code == 200 and undone.json()["claim"]["id"] == claim_id


@pytest.mark.parametrize(
    "path",
    [
        "/claims?hedged=maybe",
        "/claims?status=nonsense",
        "/claims?_next=garbage!",
        "/queue?status=x",
        "/queue?order=score",
        "/queue?after=99999999999999999999999",
        "/claims/99999999999999999999999",
        "/speakers/99999999999999999999999",
    ],
)
def test_bad_parameters_are_a_400_page(reader: TestClient, path: str) -> None:
    log_in(reader, "reviewer")
    response = reader.get(path)
    assert response.status_code == 400
    assert "<h1>400</h1>" in response.text


def test_lists_search_and_facet(reader: TestClient) -> None:
    found = reader.get("/claims?q=tanks").text
    twin = reader.get("/api/v1/claims?q=tanks").json()
    assert twin["rows"] and all(f'href="/claims/{c["id"]}"' in found for c in twin["rows"])
    claims = reader.get("/claims?status=decided").text
    decided = reader.get("/api/v1/claims?status=decided&_size=100").json()["rows"]
    assert claims.count('<li class="s-decided"') == len(decided) > 0
    assert 'class="on"' in claims  # the active facet value is marked
    assert "Priya Raman" in reader.get("/speakers?q=priya").text
    assert "memo-2021-06-09-eastgate-depot" in reader.get("/sources?kind=leaked_document").text


def test_the_claim_page_and_its_review_twin_show_disagreement(
    site: TestClient, site_db: Database
) -> None:
    claim_id = _claim_id(site_db)
    assert site.get(f"/api/v1/claims/{claim_id}/review").json()["status"] == "unreviewed"
    for name, rating in (("reviewer", "True"), ("editor", "False")):
        site.cookies.clear()
        token = log_in(site, name)
        form = {"csrf_token": token, "rating": rating}
        assert site.post(f"/claims/{claim_id}/verdicts", data=form).status_code == 303
    review = site.get(f"/api/v1/claims/{claim_id}/review").json()
    assert review["disagreement"] is True and review["status"] == "decided"
    assert review["decided"] == {"label": "False", "normalized": "FALSE"}
    assert [(r["reviewer"], r["rating"]) for r in review["latest"]] == [
        ("reviewer", "True"),
        ("editor", "False"),
    ]
    page = site.get(f"/claims/{claim_id}").text
    assert 'id="disagreement"' in page and "Reviewers disagree." in page
    assert site.get("/api/v1/claims/999999/review").status_code == 404


def test_undo_with_nothing_to_undo_says_so(site: TestClient, site_db: Database) -> None:
    claim_id = _claim_id(site_db)
    token = log_in(site, "reviewer")
    response = site.post(f"/claims/{claim_id}/undo", data={"csrf_token": token})
    assert response.status_code == 303
    assert "no verdict on claim" in site.get(f"/claims/{claim_id}").text


def test_huge_ids_are_a_client_error(reader: TestClient) -> None:
    for path in ("/articles/99999999999999999999999", "/sources/99999999999999999999999"):
        assert reader.get(path).status_code == 404
    response = reader.get("/api/v1/claims/99999999999999999999999/review")
    assert response.status_code == 400 and response.json()["ok"] is False


def test_editors_merge_duplicate_sources_and_speakers(site: TestClient, site_db: Database) -> None:
    speakers = site.get("/api/v1/speakers?_size=100").json()["rows"]
    keep, drop = speakers[0], speakers[1]
    sources = site.get("/api/v1/sources?_size=100").json()["rows"]
    token = log_in(site, "reviewer")
    assert "merge-form" not in site.get(f"/speakers/{keep['id']}").text
    refused = site.post(
        f"/speakers/{keep['id']}/merge", data={"csrf_token": token, "other": str(drop["id"])}
    )
    assert refused.status_code == 403
    site.cookies.clear()
    token = log_in(site, "editor")
    merged = site.post(
        f"/speakers/{keep['id']}/merge", data={"csrf_token": token, "other": str(drop["id"])}
    )
    assert merged.status_code == 303
    assert site.get(f"/speakers/{drop['id']}").status_code == 404
    assert drop["name"] in site.get(f"/api/v1/speakers/{keep['id']}").json()["aliases"]
    into_itself = {"csrf_token": token, "other": sources[0]["key"]}
    assert site.post(f"/sources/{sources[0]['id']}/merge", data=into_itself).status_code == 409
    by_key = {"csrf_token": token, "other": sources[1]["key"]}
    assert site.post(f"/sources/{sources[0]['id']}/merge", data=by_key).status_code == 303
    assert site.get(f"/sources/{sources[1]['id']}").status_code == 404
    with site_db.sessions() as session:
        actions = session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions == ["speaker.merge", "source.merge"]


def test_a_mistyped_source_keeps_the_citation_form(site: TestClient, site_db: Database) -> None:
    claim_id = _claim_id(site_db)
    token = log_in(site, "editor")
    form = {"csrf_token": token, "source": "no-such-source", "kind": "dataset", "note": "typed"}
    response = site.post(f"/claims/{claim_id}/corrections/add_citation", data=form)
    assert response.status_code == 404
    assert "give its kind and title to create it" in response.text
    assert 'value="no-such-source"' in response.text and 'value="typed"' in response.text


def test_editors_split_sources_and_speakers_from_their_pages(
    site: TestClient, site_db: Database
) -> None:
    sources = site.get("/api/v1/sources?_size=100").json()["rows"]
    source = next(s for s in sources if s["claims"] >= 2)
    speakers = site.get("/api/v1/speakers?_size=100").json()["rows"]
    speaker = next(s for s in speakers if s["claims"]["total"] >= 2)
    token = log_in(site, "reviewer")
    assert "split-form" not in site.get(f"/sources/{source['id']}").text
    refused = site.post(f"/sources/{source['id']}/split", data={"csrf_token": token})
    assert refused.status_code == 403
    site.cookies.clear()
    token = log_in(site, "editor")
    page = site.get(f"/sources/{source['id']}").text
    assert 'id="split-form"' in page
    ticked = re.findall(r'name="(claim-\d+)"', page)[:1]
    nothing = site.post(
        f"/sources/{source['id']}/split", data={"csrf_token": token, "new_key": "x-split"}
    )
    assert nothing.status_code == 400 and "tick at least one claim" in nothing.text
    form = {"csrf_token": token, "new_key": "split-off-source", **{name: "on" for name in ticked}}
    split = site.post(f"/sources/{source['id']}/split", data=form)
    assert split.status_code == 303
    new = site.get(split.headers["location"])
    assert new.status_code == 200 and "split-off-source" in new.text
    moved = int(ticked[0].removeprefix("claim-"))
    assert f'id="claim-{moved}"' in new.text
    assert f'id="claim-{moved}"' not in site.get(f"/sources/{source['id']}").text

    page = site.get(f"/speakers/{speaker['id']}").text
    ticked = re.findall(r'name="(claim-\d+)"', page)[:1]
    form = {"csrf_token": token, "new_name": "Someone Else Entirely", **{n: "on" for n in ticked}}
    given = site.post(f"/speakers/{speaker['id']}/split", data=form)
    assert given.status_code == 303
    other = site.get(given.headers["location"]).text
    assert "Someone Else Entirely" in other
    assert f'id="claim-{int(ticked[0].removeprefix("claim-"))}"' in other
    with site_db.sessions() as session:
        actions = session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions[-2:] == ["source.split", "speaker.split"]
