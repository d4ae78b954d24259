"""Ray over the local engine: ``factcheck extract --engine ray --jobs 2`` against ``--jobs 2``
(and ``--jobs 1``, for the throughput of one core), and the rate at which the database takes the
records (``save_all``, as ``factcheck ingest`` writes them).

    .venv/bin/python benchmarks/ray_overhead.py [--size 200] [--postgres URL] [--corpus DIR]

The corpus is ``benchmarks/ingest.py``'s generated articles, or the first ``--size`` files of
``--corpus`` (e.g. ``../shared/data/polnear/dev/text``, real news articles, for the rate of one core). Each extraction runs as the real
command in a fresh process (the pipeline load and, for Ray, starting a local Ray are inside the
time, as a user sees them) and writes JSONL to a file; the outputs must be identical. Then the
records are stored into a fresh SQLite file and, with ``--postgres`` (a server URL, e.g. the one
``.ci/postgres start`` prints), into a fresh PostgreSQL database. Wall times: on a shared machine
compare the ratios of one run, not the figures of different runs.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.ingest import corpus_files  # noqa: E402
from factcheck.records import (  # noqa: E402
    ClaimRecord,
    Cue,
    Evidence,
    ExtractedArticle,
    Hedge,
    SpeakerRef,
)


def extract(files: list[Path], out: Path, *options: str) -> tuple[float, float]:
    """(wall s, CPU s) of one ``factcheck extract`` run writing JSONL to ``out``. The CPU time is
    that of the command's own processes (not of Ray's workers, which are not its children)."""
    started, cpu = time.perf_counter(), _children_cpu()
    with out.open("w", encoding="utf-8") as handle:
        subprocess.run(
            [sys.executable, "-m", "factcheck", "extract", *options, *map(str, files)],
            stdout=handle,
            check=True,
            cwd=REPO,
            env={**os.environ, "RAY_ADDRESS": ""},
        )
    return time.perf_counter() - started, _children_cpu() - cpu


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def store_rate(url: str, jsonl: Path) -> tuple[int, int, float]:
    """(articles, claims, wall seconds) of storing the records of ``jsonl`` into ``url``."""
    from factcheck.db.session import Database
    from factcheck.store.articles import save_all

    db = Database(url)
    db.upgrade()
    records = _records(jsonl)
    started = time.perf_counter()
    results = list(save_all(db, records))
    elapsed = time.perf_counter() - started
    db.dispose()
    return len(results), sum(r.claims for r in results), elapsed


def _records(jsonl: Path) -> list[ExtractedArticle]:
    """The extracted records again, from the JSONL lines and the article files they name."""
    from factcheck.config import Settings
    from factcheck.ingest.files import read_articles

    settings = Settings()
    out = []
    for line in jsonl.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        (article,) = read_articles(Path(record["path"]), max_bytes=settings.max_file_bytes)
        out.append(ExtractedArticle(article, tuple(_claims(record["claims"]))))
    return out


def _claims(rows: list[dict[str, Any]]) -> list[ClaimRecord]:
    claims = []
    for row in rows:
        speaker = SpeakerRef(**row["speaker"])
        cue = Cue(**row["cue"]) if row.get("cue") else None
        hedges = tuple(Hedge(**h) for h in row.get("hedges", ()))
        evidence = tuple(Evidence(**e) for e in row.get("evidence", ()))
        fields = {k: v for k, v in row.items() if k not in ("speaker", "cue", "hedges", "evidence")}
        claims.append(
            ClaimRecord(**fields, speaker=speaker, cue=cue, hedges=hedges, evidence=evidence)
        )
    return claims


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=200, help="articles")
    parser.add_argument("--postgres", help="PostgreSQL server URL for the write rate")
    parser.add_argument(
        "--corpus", type=Path, help="a folder of articles instead of generated ones"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files = corpus_files(args.corpus, args.size, folder)
        size, chars = len(files), sum(len(p.read_text(encoding="utf-8")) for p in files)
        runs = {
            "start": extract(files[:1], folder / "start.jsonl", "--jobs", "1"),
            "jobs1": extract(files, folder / "jobs1.jsonl", "--jobs", "1"),
            "jobs2": extract(files, folder / "jobs2.jsonl", "--jobs", "2"),
            "ray2": extract(files, folder / "ray2.jsonl", "--engine", "ray", "--jobs", "2"),
        }
        outputs = {
            name: (folder / f"{name}.jsonl").read_bytes() for name in runs if name != "start"
        }
        assert len(set(outputs.values())) == 1, "the engines' outputs differ"
        print(f"{size} articles ({chars / size:,.0f} characters on average), identical JSONL")
        for name, (wall, cpu) in runs.items():
            print(f"  extract {name:5}: {wall:7.1f} s wall, {cpu:7.1f} s CPU of the command")
        per_core = (runs["jobs1"][1] - runs["start"][1]) / size
        print(
            f"  one core, after loading: {per_core:.3f} CPU s an article, {1 / per_core:.1f} art/s"
        )
        print(f"  ray / jobs2, wall: {runs['ray2'][0] / runs['jobs2'][0]:.2f}x")
        targets = {"sqlite": f"sqlite:///{folder / 'store.db'}"}
        if args.postgres:
            targets["postgresql"] = _fresh_pg(args.postgres)
        for name, url in targets.items():
            n, claims, seconds = store_rate(url, folder / "jobs1.jsonl")
            print(
                f"  store {name:10}: {n} articles, {claims} claims in {seconds:.1f} s: "
                f"{n / seconds:.1f} articles/s, {claims / seconds:.0f} claims/s"
            )


def _fresh_pg(server: str) -> str:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    url = make_url(server)
    name = f"factcheck_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


if __name__ == "__main__":
    main()
