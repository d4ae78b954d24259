"""Twenty reviewers saving verdicts at once through the real server: every verdict is stored;
ingest writing into the database the site serves from."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from factcheck.config import Settings
from factcheck.db.models import Claim, Verdict
from factcheck.db.session import Database
from tests.cli.test_ingest import generated_article
from tests.conftest import start_factcheck
from tests.web.conftest import (
    PASSWORD,
    LiveServer,
    add_users,
    csrf_of,
    start_server,
    stop_server,
)

REVIEWERS = 20
VERDICTS_EACH = 25
RATINGS = ("False", "Mostly false", "Mixed", "Mostly true", "True", "Unverifiable")


def _review(base: str, name: str, claim_ids: list[int], start: threading.Barrier) -> list[int]:
    """Log in as ``name``, wait for the others, then post VERDICTS_EACH verdict forms."""
    statuses = []
    with httpx.Client(base_url=base, timeout=60, follow_redirects=False) as client:
        token = csrf_of(client.get("/login").text)
        login = {"name": name, "password": PASSWORD, "csrf_token": token}
        assert client.post("/login", data=login).status_code == 303
        token = csrf_of(client.get("/").text)
        start.wait()
        for i in range(VERDICTS_EACH):
            claim_id = claim_ids[(i + hash(name)) % len(claim_ids)]
            form = {
                "csrf_token": token,
                "rating": RATINGS[i % len(RATINGS)],
                "rationale": f"{name} #{i}",
                "evidence_urls": f"https://example.org/{name}/{i}",
            }
            statuses.append(client.post(f"/claims/{claim_id}/verdicts", data=form).status_code)
    return statuses


def test_twenty_concurrent_reviewers_store_all_500_verdicts(live_server: LiveServer) -> None:
    names = [f"crowd{i:02d}" for i in range(REVIEWERS)]
    add_users(live_server.db, dict.fromkeys(names, "reviewer"))
    with live_server.db.sessions() as session:
        claim_ids = list(session.scalars(select(Claim.id).where(Claim.rejected.is_(False))))
    start = threading.Barrier(REVIEWERS)
    with ThreadPoolExecutor(REVIEWERS) as pool:
        futures = [pool.submit(_review, live_server.url, name, claim_ids, start) for name in names]
        statuses = [s for f in futures for s in f.result()]
    assert statuses == [303] * (REVIEWERS * VERDICTS_EACH)
    with live_server.db.sessions() as session:
        per_reviewer = dict(
            session.execute(
                select(Verdict.reviewer, func.count())
                .where(Verdict.reviewer.in_(names))
                .group_by(Verdict.reviewer)
            ).all()
        )
        rationales = set(
            session.scalars(select(Verdict.rationale).where(Verdict.reviewer.in_(names)))
        )
    assert per_reviewer == dict.fromkeys(names, VERDICTS_EACH)
    assert rationales == {f"{n} #{i}" for n in names for i in range(VERDICTS_EACH)}


@pytest.mark.model
def test_ingest_runs_while_the_site_serves(
    backend: str, db_url: str, db: Database, tmp_path: Path
) -> None:
    """``factcheck ingest`` writes 12 articles into the site's database while readers keep asking
    for pages and the API: every request is answered, and the articles appear as they are stored."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n in range(12):
        (corpus / f"works-{n:02d}.txt").write_text(generated_article(n), encoding="utf-8")
    live = start_server(db, Settings(database_url=db_url, secret_key="ingest-while-serving"))
    ingest = start_factcheck("ingest", str(corpus), db_url=db_url)
    statuses: list[int] = []
    seen: list[int] = []
    try:
        with httpx.Client(base_url=live.url, timeout=60) as client:
            while ingest.poll() is None:
                statuses.append(client.get("/claims").status_code)
                api = client.get("/api/v1/claims", params={"_size": 1})
                statuses.append(api.status_code)
                seen.append(len(client.get("/api/v1/articles").json()["rows"]))
            out, err = ingest.communicate(timeout=60)
            final = client.get("/api/v1/articles", params={"_size": 50}).json()["rows"]
    finally:
        stop_server(live)
    assert ingest.returncode == 0, err
    assert "12 new, 0 unchanged, 0 updated, 0 failed" in out
    assert statuses and set(statuses) == {200}
    assert len(final) == 12
    assert seen == sorted(seen)  # articles only ever appear, committed one at a time
