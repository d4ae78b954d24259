"""One status rule everywhere: on every claim of the example knowledge base, the claims file, the
database, the claim page, the JSON API, the ClaimReview exports and the home page agree; an undo
survives export, check and import."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from factcheck.config import DEFAULT_RATING_SCALE
from factcheck.db.models import Claim
from factcheck.db.session import Database
from factcheck.kb.check import check_kb, default_policies
from factcheck.kb.files import export_kb, import_kb
from factcheck.kb.read import verdict_facts
from factcheck.kb.yaml_io import load_yaml
from factcheck.review.scale import load_scale
from factcheck.review.status import derive
from tests.conftest import REPO
from tests.web.conftest import csrf_of, log_in


def _file_reviews(folder: Path) -> dict[str, tuple[str, str, dict[str, Any] | None]]:
    """Claim uid -> (status written in the file, status its verdicts give, decided rating)."""
    out = {}
    for path in sorted((folder / "claims").glob("*.yaml")):
        for claim in load_yaml(path.read_text(encoding="utf-8"))["claims"]:
            facts = [verdict_facts(v) for v in claim["verdicts"]]
            review = derive([f for f in facts if f is not None])
            out[claim["id"]] = (claim["status"], review.status, review.rating)
    return out


def test_every_view_of_every_example_claim_agrees(client: TestClient, site_db: Database) -> None:
    files = _file_reviews(REPO)
    with site_db.sessions() as session:
        claims = {c.uid: c.id for c in session.scalars(select(Claim))}
    assert set(files) == set(claims)
    decided = set()
    for uid, (written, derived, rating) in files.items():
        assert written == derived, uid  # the example files are consistent (factcheck check)
        claim_id = claims[uid]
        api = client.get(f"/api/v1/claims/{claim_id}").json()
        assert api["status"] == derived, uid
        assert api["rating"] == rating, uid
        page = client.get(f"/claims/{claim_id}").text
        chip = re.search(r'id="decided-rating">rated “([^”]+)”', page)
        assert (chip.group(1) if chip else None) == (rating and rating["label"]), uid
        review = client.get(f"/api/v1/claims/{claim_id}/claimreview.json")
        assert review.status_code == (200 if derived == "decided" else 404), uid
        if derived == "decided":
            assert rating is not None
            assert review.json()["reviewRating"]["alternateName"] == rating["label"]
            decided.add(claim_id)
    assert decided, "the example knowledge base has decided claims"
    lines = client.get("/api/v1/claimreview.jsonl").text.splitlines()
    exported = {int(json.loads(line)["url"].rsplit("/", 1)[1]) for line in lines}
    assert exported == decided
    listed = client.get("/api/v1/claims", params={"status": "decided", "_size": 100}).json()
    assert {r["id"] for r in listed["rows"]} == decided


def test_home_badges_its_json_twin_and_the_graph_count_the_same_claims(client: TestClient) -> None:
    stats = client.get("/api/v1/stats").json()
    live = sum(stats["claims_by_status"].values())
    assert stats["totals"]["claims"] == live
    home = client.get("/").text
    assert re.search(rf"\b{live}\b</", home)
    assert client.get("/api/v1/").json()["totals"] == stats["totals"]
    assert client.get("/api/v1/graph/report").json()["summary"]["nodes"]["claim"] == live


def test_an_undo_survives_export_check_and_import(
    client: TestClient, site_db: Database, tmp_path: Path
) -> None:
    with site_db.sessions() as session:
        claim_id = session.scalar(
            select(Claim.id)
            .where(Claim.status == "unreviewed", Claim.rejected.is_(False))
            .order_by(Claim.id)
        )
    token = log_in(client, "reviewer")
    page = f"/claims/{claim_id}"
    form = {"csrf_token": token, "rating": "Mostly true", "rationale": "Two records agree."}
    assert client.post(f"{page}/verdicts", data=form).status_code == 303
    token = csrf_of(client.get(page).text)
    assert client.post(f"{page}/undo", data={"csrf_token": token}).status_code == 303
    history = client.get(f"/api/v1/claims/{claim_id}").json()["verdicts"]
    assert [(v["retraction"], v["retracted"]) for v in history] == [(False, True), (True, False)]
    assert history[1]["retracts"] == history[0]["key"]
    assert str(history[0]["id"]) not in re.sub(
        r"\d{4}-\d\d-\d\dT[\d:]+", "", history[1]["rationale"]
    )

    first = tmp_path / "first"
    export_kb(site_db, first)
    report = check_kb(first, load_scale(DEFAULT_RATING_SCALE), default_policies())
    assert not [f for f in report.findings if f.severity == "error"], report.findings
    text = "\n".join(p.read_text(encoding="utf-8") for p in (first / "claims").glob("*.yaml"))
    assert f"retracts: {history[0]['key']}" in text and "rating: retracted" not in text

    again = Database(f"sqlite:///{tmp_path / 'again.db'}")
    again.upgrade()
    import_kb(again, first)
    second = tmp_path / "second"
    export_kb(again, second)
    for path in (first / "claims").glob("*.yaml"):
        assert (second / "claims" / path.name).read_bytes() == path.read_bytes()
    with again.sessions() as session:
        status = session.scalar(select(Claim.status).where(Claim.uid == _uid(site_db, claim_id)))
    assert status == "unreviewed"
    again.dispose()


def _uid(db: Database, claim_id: int) -> str:
    with db.sessions() as session:
        return session.get_one(Claim, claim_id).uid
