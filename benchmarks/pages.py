"""Server time of the review pages on a large database, against a trivial page in the same run.

Builds a SQLite database of ``--claims`` claims (default 100,000) in articles of ``--per-article``
claims (default 100), bulk-inserted, with speakers, sources, citations and verdicts; then times,
through the real ASGI app (``create_app``) in-process, with a logged-in reviewer:

- the baseline: ``/login`` (a template, no database query beyond the session);
- the article page of an article with ``--per-article`` claims (highlighted text, claim list);
- the review queue (first claim, and the queue positioned half way through the claims);
- a claim page.

Prints, per page, median and p95 wall-clock milliseconds, the median CPU milliseconds the
request cost the process (steady when other programs load the machine) and the ratio of the
median to the baseline's. Goal: article page and
queue under 50 ms.

    .venv/bin/python benchmarks/pages.py [--claims 100000] [--per-article 100] [--repeat 30]
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import insert

from factcheck.accounts.users import create_user
from factcheck.config import Settings
from factcheck.db.base import utcnow
from factcheck.db.models import Article, Citation, Claim, Source, Speaker, Verdict
from factcheck.db.session import Database
from factcheck.web.app import create_app

PASSWORD = "benchmark-password"
STATUSES = ["unreviewed"] * 14 + ["in_review"] * 3 + ["decided"] * 2 + ["disputed"]
RATINGS = [("False", 1, "FALSE"), ("Mixed", 3, "MIXTURE"), ("True", 5, "TRUE")]
VERBS = ("said", "told reporters", "claimed", "wrote", "argued")


def article_text(
    article_id: int, n_claims: int, rng: random.Random
) -> tuple[str, list[dict[str, Any]]]:
    """An article of ``n_claims`` attributed sentences, with every span's offsets."""
    parts: list[str] = [f"Report number {article_id}\n\n"]
    spans = []
    pos = len(parts[0])
    for i in range(n_claims):
        speaker = f"Official {rng.randrange(500)}"
        verb = rng.choice(VERBS)
        claim = f"spending on item {i} rose by {rng.randrange(2, 90)} percent in {2000 + i % 25}"
        sentence = f"{speaker} {verb} that {claim}. "
        start = pos + len(speaker) + len(verb) + 7
        spans.append(
            {
                "speaker": (speaker, pos, pos + len(speaker)),
                "cue": (verb, pos + len(speaker) + 1, pos + len(speaker) + 1 + len(verb)),
                "claim": (claim, start, start + len(claim)),
            }
        )
        parts.append(sentence + ("\n\n" if i % 5 == 4 else ""))
        pos += len(parts[-1])
    return "".join(parts), spans


def build(db: Database, n_claims: int, per_article: int, seed: int = 7) -> None:
    """Bulk-insert the synthetic knowledge base (Core inserts, a few thousand rows at a time)."""
    rng = random.Random(seed)
    now = utcnow()
    with db.unit() as session:
        session.execute(insert(Speaker), [_speaker(i, now) for i in range(1, 501)])
        session.execute(insert(Source), [_source(i, now) for i in range(1, 1001)])
    claim_id = 0
    for article_id in range(1, n_claims // per_article + 1):
        text, spans = article_text(article_id, per_article, rng)
        rows, citations, verdicts = [], [], []
        for span in spans:
            claim_id += 1
            rows.append(_claim(claim_id, article_id, span, rng, now))
            citations.append(_citation(claim_id, span, rng))
            verdicts.extend(_verdicts(claim_id, rows[-1]["status"], rng, now))
        with db.unit() as session:
            session.execute(insert(Article), [_article(article_id, text, now)])
            session.execute(insert(Claim), rows)
            session.execute(insert(Citation), citations)
            if verdicts:
                session.execute(insert(Verdict), verdicts)


def _speaker(i: int, now: Any) -> dict[str, Any]:
    return {"id": i, "key": f"person:official-{i}", "name": f"Official {i}", "kind": "person",
            "aliases": [], "created_at": now}  # fmt: skip


def _source(i: int, now: Any) -> dict[str, Any]:
    kind = ("statement", "interview", "leaked_document", "dataset")[i % 4]
    return {"id": i, "key": f"source-{i}", "kind": kind, "title": f"Source {i}",
            "credibility": "official", "created_at": now}  # fmt: skip


def _article(article_id: int, text: str, now: Any) -> dict[str, Any]:
    return {"id": article_id, "slug": f"report-{article_id}", "title": f"Report {article_id}",
            "publisher": "Bench Times", "published": f"2026-01-{article_id % 28 + 1:02d}",
            "text": text, "content_hash": f"{article_id:064d}", "meta": {},
            "created_at": now, "updated_at": now}  # fmt: skip


def _claim(cid: int, aid: int, span: dict, rng: random.Random, now: Any) -> dict[str, Any]:
    text, start, end = span["claim"]
    speaker_text, s_start, s_end = span["speaker"]
    cue, c_start, c_end = span["cue"]
    return {"id": cid, "uid": f"{cid:012x}", "article_id": aid,
            "speaker_id": int(speaker_text.split()[1]) + 1, "text": text,
            "normalized_text": text, "start": start, "end": end, "kind": "indirect",
            "speaker_text": speaker_text, "speaker_start": s_start, "speaker_end": s_end,
            "cue_text": cue, "cue_start": c_start, "cue_end": c_end, "hedges": [],
            "hedged": False, "checkworthiness": round(rng.random(), 3),
            "status": rng.choice(STATUSES),
            "orphaned": False, "rejected": False, "corrected": False,
            "created_at": now, "updated_at": now}  # fmt: skip


def _citation(cid: int, span: dict, rng: random.Random) -> dict[str, Any]:
    _, start, end = span["speaker"]
    return {"claim_id": cid, "source_id": rng.randrange(1, 1001), "evidence_text": "",
            "evidence_start": start, "evidence_end": end, "kind": "statement",
            "relation": "cites"}  # fmt: skip


def _verdicts(cid: int, status: str, rng: random.Random, now: Any) -> list[dict[str, Any]]:
    n = {"unreviewed": 0, "in_review": 1}.get(status, 2)
    out = []
    for k in range(n):
        label, value, normalized = rng.choice(RATINGS)
        out.append({"claim_id": cid, "reviewer": f"bench{k}", "rating_label": label,
                    "rating_value": value, "normalized": normalized, "rationale": "",
                    "evidence_urls": [], "created_at": now})  # fmt: skip
    return out


def timed(client: TestClient, path: str, repeat: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds per request over ``repeat`` runs after two warm-ups.

    CPU time (of this process, which also runs the app) does not grow when other programs load
    the machine; wall-clock time does.
    """
    for _ in range(2):
        assert client.get(path).status_code == 200, path
    wall, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(path)
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        assert response.status_code == 200, path
    return wall, cpu


def log_in(client: TestClient) -> None:
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text)
    assert token
    data = {"name": "bench", "password": PASSWORD, "csrf_token": token.group(1)}
    assert client.post("/login", data=data, follow_redirects=False).status_code == 303


def report(name: str, times: tuple[list[float], list[float]], baseline: float | None) -> float:
    """Print one page's figures; return its median wall-clock time."""
    wall, cpu = times
    median, cpu_median = statistics.median(wall), statistics.median(cpu)
    p95 = sorted(wall)[max(0, int(len(wall) * 0.95) - 1)]
    ratio = f"{median / baseline:6.1f}x" if baseline else "   1.0x"
    print(f"| {name:<30} | {median:7.1f} | {p95:7.1f} | {cpu_median:7.1f} | {ratio} |", flush=True)
    return median


def run(n_claims: int, per_article: int, repeat: int, folder: Path) -> None:
    url = f"sqlite:///{folder / 'pages-bench.db'}"
    db = Database(url)
    db.upgrade()
    started = time.perf_counter()
    build(db, n_claims, per_article)
    with db.unit() as session:
        create_user(session, "bench", "reviewer", PASSWORD)
    print(f"built {n_claims:,} claims in {time.perf_counter() - started:.0f} s", flush=True)
    client = TestClient(create_app(Settings(database_url=url, secret_key="bench"), db))
    log_in(client)
    pages: list[tuple[str, str]] = [
        ("baseline: /login", "/login"),
        (f"article page ({per_article} claims)", f"/articles/{n_claims // per_article // 2}"),
        ("queue (first claim)", "/queue"),
        ("queue (half way)", f"/queue?after={n_claims // 2}"),
        ("queue (filtered by article)", f"/queue?article=report-{n_claims // per_article // 3}"),
        ("claim page", f"/claims/{n_claims // 2}"),
    ]
    baseline: float | None = None
    results: dict[str, float] = {}
    print("| page | median ms | p95 ms | CPU ms (median) | vs baseline |")
    print("|---|---|---|---|---|")
    for name, path in pages:
        results[name] = report(name, timed(client, path, repeat), baseline)
        baseline = baseline or results[name]
    _goal(results, per_article)
    db.dispose()


def _goal(results: dict[str, float], per_article: int) -> None:
    check: Callable[[str], str] = lambda n: "ok" if results[n] < 50 else "OVER"  # noqa: E731
    print(f"goal < 50 ms: article page {check(f'article page ({per_article} claims)')}, "
          f"queue {check('queue (first claim)')} / {check('queue (half way)')}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description="Server time of the article page and the queue.")
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--per-article", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        run(args.claims, args.per_article, args.repeat, Path(tmp))


if __name__ == "__main__":
    main()
