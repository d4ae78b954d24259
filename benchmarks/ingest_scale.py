"""Ingest into a large database against ingest into an empty one: what the indexes, triggers and
maintained counts cost a write as the knowledge base grows.

    .venv/bin/python benchmarks/ingest_scale.py --db /tmp/api-bench.db [--size 60] [--repeats 3]

``--db`` is a large database (``benchmarks/api.py --db FILE`` builds one of 1,000,000 claims). The
corpus of ``benchmarks/ingest.py`` (``--size`` articles) is read and extracted once (spaCy and the
factcheck components, timed: that part does not depend on the database); then its records are
stored (``save_all``, as ``factcheck ingest`` does, one transaction per article) into a fresh copy
of the large database and into a fresh empty migrated database, alternately, ``--repeats`` times.
CPU time of this process is the steady figure on a shared machine (wall time is printed too).
Goal (issue 18): ingest into a 1M-claim database within 1.15x of ingest into an empty one.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.ingest import _load_nlp, write_corpus  # noqa: E402
from factcheck.db.session import Database  # noqa: E402
from factcheck.extract import extract_articles  # noqa: E402
from factcheck.ingest.files import read_inputs  # noqa: E402
from factcheck.records import ExtractedArticle  # noqa: E402
from factcheck.store.articles import save_all  # noqa: E402


def store(records: list[ExtractedArticle], path: Path) -> tuple[float, float]:
    """(CPU s, wall s) of storing ``records`` into the database file ``path``."""
    db = Database(f"sqlite:///{path}")
    wall, cpu = time.perf_counter(), time.process_time()
    stored = sum(1 for _ in save_all(db, records))
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    db.dispose()
    assert stored == len(records)
    return cpu, wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, required=True, help="the large database (read only)")
    parser.add_argument("--size", type=int, default=60, help="articles to ingest")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_corpus(folder / "corpus", args.size)
        max_bytes, nlp = _load_nlp()
        started = time.process_time()
        articles = read_inputs([folder / "corpus"], max_bytes=max_bytes, on_error=print)
        records = list(extract_articles(articles, nlp, n_process=1))
        extract_cpu = time.process_time() - started
        claims = sum(len(r.claims) for r in records)
        empty = folder / "empty.db"
        for path in (empty, args.db):  # args.db may be a file built before the newest migrations
            db = Database(f"sqlite:///{path}")
            db.upgrade()
            db.dispose()  # the last connection closed checkpoints the WAL into the file copied
        times: dict[str, list[tuple[float, float]]] = {"empty": [], "large": []}
        for i in range(args.repeats):
            for name in ("empty", "large") if i % 2 == 0 else ("large", "empty"):
                target = folder / f"{name}-copy.db"
                shutil.copyfile(empty if name == "empty" else args.db, target)
                times[name].append(store(records, target))
                target.unlink()
    cpu = {name: statistics.median(t[0] for t in runs) for name, runs in times.items()}
    wall = {name: statistics.median(t[1] for t in runs) for name, runs in times.items()}
    print(f"{len(records)} articles, {claims} claims; extraction (once): {extract_cpu:.1f} CPU-s")
    print(f"store, median of {args.repeats}: empty {cpu['empty']:.2f} CPU-s ({wall['empty']:.2f} s)"
          f", large {cpu['large']:.2f} CPU-s ({wall['large']:.2f} s): "
          f"{cpu['large'] / cpu['empty']:.2f}x")  # fmt: skip
    whole = (extract_cpu + cpu["large"]) / (extract_cpu + cpu["empty"])
    print(f"whole ingest (extraction + store), large / empty: {whole:.3f}x (goal <= 1.15x)")


if __name__ == "__main__":
    main()
