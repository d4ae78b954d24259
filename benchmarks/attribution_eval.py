"""Score the extractor on PolNeAR with the shared scorer.

Runs ``extract_articles`` over SPLIT/text/*.txt (read with ``factcheck.ingest.files``, as
``factcheck extract`` does), writes the JSONL of the extraction contract, runs
``score_polnear.py SPLIT PRED.jsonl`` and prints its table and the goals.

    .venv/bin/python benchmarks/attribution_eval.py [--split ../shared/data/polnear/dev]
        [--scorer ../shared/eval/score_polnear.py] [--out attribution_dev.jsonl] [--limit N]
        [--jobs N]

Goals on dev (issues #3 and #14): content-overlap precision >= 0.90, content-overlap F1 >= 0.68,
source-exact F1 >= 0.80, cue-exact F1 >= 0.73, content-exact F1 >= 0.70. The attribution mode is
``FACTCHECK_ATTRIBUTION`` (rules or hybrid).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from factcheck.config import Settings  # noqa: E402
from factcheck.extract import extract_articles  # noqa: E402
from factcheck.ingest.files import read_articles  # noqa: E402
from factcheck.nlp import build_nlp  # noqa: E402

GOALS = {
    "content-overlap P": 0.90,
    "content-overlap F1": 0.68,
    "source-exact F1": 0.80,
    "cue-exact F1": 0.73,
    "content-exact F1": 0.70,
}


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", type=Path, default=REPO.parent / "shared/data/polnear/dev")
    ap.add_argument("--scorer", type=Path, default=REPO.parent / "shared/eval/score_polnear.py")
    ap.add_argument(
        "--out", type=Path, help="where to write the predictions (default: a temp file)"
    )
    ap.add_argument("--limit", type=int, default=0, help="only the first N articles (0: all)")
    ap.add_argument("--jobs", type=int, default=1, help="worker processes")
    ap.add_argument(
        "--core-only", action="store_true", help="leave out the hedge and evidence components"
    )
    return ap.parse_args(argv)


def predict(split: Path, out: Path, limit: int, jobs: int, core_only: bool) -> tuple[int, float]:
    """Write one JSONL record per article of ``split``; return (articles, seconds)."""
    paths = sorted((split / "text").glob("*.txt"))
    if limit:
        paths = paths[:limit]
    nlp = build_nlp(
        Settings().spacy_model, qualifiers=not core_only, attribution_mode=Settings().attribution
    )
    articles = (a for p in paths for a in read_articles(p, max_bytes=Settings().max_file_bytes))
    began = time.perf_counter()
    with out.open("w", encoding="utf-8") as sink:
        for result in extract_articles(articles, nlp, n_process=jobs):
            sink.write(json.dumps(result.to_json(), ensure_ascii=False) + "\n")
    return len(paths), time.perf_counter() - began


def score(scorer: Path, split: Path, pred: Path) -> dict[str, float]:
    """Run the shared scorer; print its table; return the headline figures."""
    table = subprocess.run(
        [sys.executable, str(scorer), str(split), str(pred)], capture_output=True, text=True
    )
    print(table.stdout, end="")
    if table.returncode != 0:
        raise SystemExit(f"scorer failed: {table.stderr.strip()}")
    raw = subprocess.run(
        [sys.executable, str(scorer), str(split), str(pred), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    metrics = json.loads(raw.stdout)["metrics"]
    return {
        "content-overlap P": metrics["content_overlap"]["p"],
        "content-overlap F1": metrics["content_overlap"]["f1"],
        "source-exact F1": metrics["source_exact"]["f1"],
        "cue-exact F1": metrics["cue_exact"]["f1"],
        "content-exact F1": metrics["content_exact"]["f1"],
    }


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    out = args.out or Path(tempfile.mkdtemp()) / "predictions.jsonl"
    count, seconds = predict(args.split, out, args.limit, args.jobs, args.core_only)
    print(f"extracted {count} articles in {seconds:.1f} s -> {out}")
    figures = score(args.scorer, args.split, out)
    print()
    for name, goal in GOALS.items():
        mark = "ok" if figures[name] >= goal else "BELOW GOAL"
        print(f"{name:20} {figures[name]:.3f}  goal >= {goal:.2f}  {mark}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
