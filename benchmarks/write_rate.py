"""The database's write rate by ``ingest --write-batch`` (articles per transaction), on SQLite and
PostgreSQL: the figure that decides how fast an archive extracted on Ray can be stored.

    .venv/bin/python benchmarks/write_rate.py [--size 200] [--batches 1,10,50,200] [--postgres URL]
        [--corpus DIR]

The corpus of ``benchmarks/ingest.py`` (``--size`` articles), or the first ``--size`` files of
``--corpus`` (e.g. ``../shared/data/polnear/dev/text``, news articles), is read and extracted
once; then its records are stored (``save_all``, as ``factcheck ingest`` does) into a fresh
migrated SQLite file and, with ``--postgres`` (a server URL), a fresh PostgreSQL database, once
per batch size and ``--repeats`` times, batch sizes in a rotating order. A test server
(``.ci/postgres start``) runs without fsync, so commits cost it little: for the figure a
production server gives, point ``--postgres`` at one with the default ``fsync=on`` and
``synchronous_commit=on``. Wall times of this one process; medians.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.ingest import _load_nlp, corpus_files  # noqa: E402
from benchmarks.ray_overhead import _fresh_pg  # noqa: E402
from factcheck.db.session import Database  # noqa: E402
from factcheck.extract import extract_articles  # noqa: E402
from factcheck.ingest.files import read_inputs  # noqa: E402
from factcheck.records import ExtractedArticle  # noqa: E402
from factcheck.store.articles import save_all  # noqa: E402


def store(url: str, records: list[ExtractedArticle], batch: int) -> float:
    """Wall seconds to store ``records`` into the fresh database ``url``."""
    db = Database(url)
    db.upgrade()
    started = time.perf_counter()
    stored = sum(1 for _ in save_all(db, records, batch=batch))
    elapsed = time.perf_counter() - started
    db.dispose()
    assert stored == len(records)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=200, help="articles")
    parser.add_argument("--batches", default="1,10,50,200", help="batch sizes, comma-separated")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--postgres", help="PostgreSQL server URL")
    parser.add_argument(
        "--corpus", type=Path, help="a folder of articles instead of generated ones"
    )
    args = parser.parse_args()
    batches = [int(b) for b in args.batches.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files = corpus_files(args.corpus, args.size, folder)
        max_bytes, nlp = _load_nlp()
        articles = read_inputs(files, max_bytes=max_bytes, on_error=print)
        records = list(extract_articles(articles, nlp, n_process=1))
        claims = sum(len(r.claims) for r in records)
        print(f"{len(records)} articles, {claims} claims")
        backends = {"sqlite": lambda: f"sqlite:///{folder / f'{time.monotonic_ns()}.db'}"}
        if args.postgres:
            backends["postgresql"] = lambda: _fresh_pg(args.postgres)
        for name, fresh in backends.items():
            times: dict[int, list[float]] = {b: [] for b in batches}
            for i in range(args.repeats):
                for batch in batches[i % len(batches) :] + batches[: i % len(batches)]:
                    times[batch].append(store(fresh(), records, batch))
            for batch in batches:
                seconds = statistics.median(times[batch])
                print(
                    f"  {name:10} --write-batch {batch:4}: {len(records) / seconds:7.1f} "
                    f"articles/s, {claims / seconds:7.0f} claims/s ({seconds:.2f} s)"
                )


if __name__ == "__main__":
    main()
