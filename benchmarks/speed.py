"""Speed of extraction against spaCy's bare parse of the same texts, in the same run.

    .venv/bin/python benchmarks/speed.py [--articles 60] [--repeats 3] [--split DIR]

1. ratio = full pipeline (``extract_articles``: tokenize, parse, all factcheck components and
   ``doc_to_records``) / bare parse (``spacy.load(model).pipe`` of the same texts), one process
   each, best of ``--repeats`` interleaved runs, in CPU seconds of this process (wall time is
   printed too, but on a shared machine it mostly measures the neighbours). Goal: <= 1.3.
2. speed-up = extraction with ``n_process=1`` / with ``n_process=2`` on the same texts: many
   files use both cores. Goal: > 1 (1.46x measured on a quiet two-core machine).

Texts: the .txt articles of ``--split`` (default ../shared/data/polnear/dev/text), else the
repository's examples/ folder.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

import spacy

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from factcheck.config import Settings  # noqa: E402
from factcheck.extract import extract_articles  # noqa: E402
from factcheck.nlp import build_nlp  # noqa: E402
from factcheck.records import Article  # noqa: E402

RATIO_GOAL = 1.3


def load_texts(split: Path, count: int) -> list[str]:
    """Up to ``count`` article texts (cycled when there are fewer files)."""
    paths = sorted((split / "text").glob("*.txt")) or sorted((REPO / "examples").glob("*.txt"))
    if not paths:
        raise SystemExit(f"no .txt articles under {split}/text or examples/")
    texts = [p.read_text(encoding="utf-8") for p in paths]
    return [texts[i % len(texts)] for i in range(count)]


def _cpu_seconds() -> tuple[float, float]:
    """(this process, its finished children) user + system CPU seconds so far."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, kids.ru_utime + kids.ru_stime


def timed(run: Callable[[], object]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process) of one call of ``run``."""
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    return time.perf_counter() - wall, time.process_time() - cpu


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=60, help="number of articles (the size)")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--split", type=Path, default=REPO.parent / "shared/data/polnear/dev")
    ap.add_argument(
        "--core-only", action="store_true", help="leave out the hedge and evidence components"
    )
    args = ap.parse_args(argv)

    texts = load_texts(args.split, args.articles)
    articles = [Article(text=t, path=f"{i}.txt") for i, t in enumerate(texts)]
    model = Settings().spacy_model
    bare = spacy.load(model)
    full = build_nlp(model, qualifiers=not args.core_only, attribution_mode=Settings().attribution)
    words = sum(len(t.split()) for t in texts)
    print(f"{len(texts)} articles, {words} words, model {model}; pipeline: {full.pipe_names}")

    def run_bare() -> None:
        for _ in bare.pipe(texts, batch_size=16):
            pass

    def run_full(n_process: int = 1) -> None:
        for _ in extract_articles(articles, full, n_process=n_process):
            pass

    run_bare(), run_full()  # warm up both
    bare_wall = bare_cpu = full_wall = full_cpu = float("inf")
    for _ in range(args.repeats):  # interleaved, so load on the machine hits both alike
        wall, cpu = timed(run_bare)
        bare_wall, bare_cpu = min(bare_wall, wall), min(bare_cpu, cpu)
        wall, cpu = timed(run_full)
        full_wall, full_cpu = min(full_wall, wall), min(full_cpu, cpu)
    ratio = full_cpu / bare_cpu
    verdict = "ok" if ratio <= RATIO_GOAL else "OVER GOAL"
    print(f"bare parse      CPU {bare_cpu:7.2f} s, wall {bare_wall:7.2f} s")
    print(f"full extraction CPU {full_cpu:7.2f} s, wall {full_wall:7.2f} s")
    print(f"ratio full/bare CPU {ratio:7.2f}    goal <= {RATIO_GOAL}  {verdict}")
    print(f"ratio full/bare wall {full_wall / bare_wall:6.2f}    (noisy on a shared machine)")

    one, _ = timed(lambda: run_full(1))
    before = _cpu_seconds()
    two, _ = timed(lambda: run_full(2))
    main_cpu, worker_cpu = (after - was for after, was in zip(_cpu_seconds(), before, strict=True))
    print(
        f"extraction wall n_process=1 {one:6.2f} s, n_process=2 {two:6.2f} s: "
        f"speed-up {one / two:.2f}x"
    )
    print(
        f"n_process=2: workers {worker_cpu:.1f} CPU-s + main process {main_cpu:.1f} CPU-s in "
        f"{two:.1f} s of wall time ({(worker_cpu + main_cpu) / two:.2f} cores busy); load average "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (a busy machine hides the speed-up)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
