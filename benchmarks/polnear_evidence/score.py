"""Score evidence kinds, hedges and author claims on the PolNeAR evidence annotations.

Format and definitions: ``GUIDELINES.md`` next to this file. For each split (train and dev apart)
the predictions are either read from a JSONL file of ``factcheck extract --format jsonl`` records
(``--predictions``) or made by running that command on the annotated articles.

    .venv/bin/python benchmarks/polnear_evidence/score.py [--splits train dev]
        [--corpus ../shared/data/polnear] [--annotations benchmarks/polnear_evidence]
        [--train FILE ...] [--dev FILE ...] [--predictions FILE] [--jobs N] [--json] [--misses]

Measures, per split:
- matched: the claim attributions (``claim: true``) some predicted attributed claim (any kind but
  ``author``) covers; the predicted claims overlapping the annotated span together must cover at
  least 60% of it (a quote may be extracted as one claim per sentence), and their evidence kinds
  are pooled.
- evidence: on matched claim attributions, a hit when the predicted kinds intersect the gold list;
  a gold ``[]`` is a hit only when the prediction has no evidence.
- unsourced: the share of matched claim attributions whose prediction has no evidence (and the
  share the annotators left without evidence, for comparison).
- hedges: precision and recall by span overlap, over every hedge of every predicted claim.
- author claims: a gold span is found when one predicted ``author`` claim covers >= 50% of it; a
  predicted author claim is right when it covers >= 50% of some gold span. "author P, unhedged"
  is the precision of the author claims without hedges (the extractor keeps every hedged sentence
  of the article, predictions included, which the annotations leave out).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
MATCH_COVER = 0.6  # share of an annotated attribution the predicted claims must cover
AUTHOR_COVER = 0.5  # share of an annotated author claim one predicted author claim must cover

Span = tuple[int, int]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--splits", nargs="+", default=["train", "dev"], choices=["train", "dev"])
    ap.add_argument("--corpus", type=Path, default=REPO.parent / "shared/data/polnear")
    ap.add_argument("--annotations", type=Path, default=HERE, help="folder of SPLIT.jsonl")
    ap.add_argument("--train", type=Path, nargs="+", help="annotation files of train")
    ap.add_argument("--dev", type=Path, nargs="+", help="annotation files of dev")
    ap.add_argument("--predictions", type=Path, help="extract JSONL to score instead of running")
    ap.add_argument("--jobs", type=int, default=1, help="worker processes of factcheck extract")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--misses", action="store_true", help="list evidence misses (offsets, kinds)")
    return ap.parse_args(argv)


def read_annotations(paths: Iterable[Path]) -> list[dict[str, Any]]:
    """Every article annotation of ``paths`` (JSONL), in file order; a repeated doc keeps the last."""
    found: dict[str, dict[str, Any]] = {}
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                found[record["doc"]] = record
    return list(found.values())


def article_path(corpus: Path, split: str, doc: str) -> Path:
    return corpus / split / "text" / f"{doc}.txt"


def check_texts(corpus: Path, split: str, annotations: list[dict[str, Any]]) -> None:
    """Refuse to score against a different copy of the corpus (``text_sha1``)."""
    for ann in annotations:
        raw = article_path(corpus, split, ann["doc"]).read_bytes().decode("utf-8")
        if (
            ann.get("text_sha1")
            and hashlib.sha1(raw.encode("utf-8")).hexdigest() != ann["text_sha1"]
        ):
            raise SystemExit(f"{ann['doc']}: the corpus text differs from the annotated one")


def run_extract(paths: list[Path], jobs: int) -> dict[str, dict[str, Any]]:
    """Run ``factcheck extract --format jsonl`` on ``paths``; records by article name."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "predictions.jsonl"
        command = [sys.executable, "-m", "factcheck", "extract", "--format", "jsonl"]
        command += ["--jobs", str(jobs), *map(str, paths)]
        with out.open("w", encoding="utf-8") as sink:
            done = subprocess.run(command, stdout=sink, stderr=subprocess.PIPE, text=True, cwd=REPO)
        if done.returncode != 0:
            raise SystemExit(f"factcheck extract failed: {done.stderr.strip()}")
        return read_predictions(out)


def read_predictions(path: Path) -> dict[str, dict[str, Any]]:
    """Extract records by article name (the file name without ``.txt``)."""
    records = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            records[Path(record["path"]).stem] = record
    return records


def overlap(a: Span, b: Span) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def covered(gold: Span, spans: list[Span]) -> int:
    """Characters of ``gold`` inside the union of ``spans``."""
    marks = sorted((max(s, gold[0]), min(e, gold[1])) for s, e in spans if overlap((s, e), gold))
    total, reach = 0, gold[0]
    for start, end in marks:
        start = max(start, reach)
        if end > start:
            total += end - start
            reach = end
    return total


@dataclass
class Figures:
    """Counts of one split."""

    articles: int = 0
    claim_attributions: int = 0
    matched: int = 0
    evidence_hits: int = 0
    unsourced: int = 0
    gold_unsourced: int = 0
    hedges_pred: int = 0
    hedges_pred_right: int = 0
    hedges_gold: int = 0
    hedges_gold_found: int = 0
    author_pred: int = 0
    author_pred_right: int = 0
    author_gold: int = 0
    author_gold_found: int = 0
    by_kind: Counter[str] = field(default_factory=Counter)  # gold main kind -> matched
    hits_by_kind: Counter[str] = field(default_factory=Counter)
    misses: list[dict[str, Any]] = field(default_factory=list)
    unhedged: Counter[str] = field(default_factory=Counter)  # author claims without hedges

    def summary(self) -> dict[str, Any]:
        """The headline rates (None where nothing was counted)."""
        return {
            "articles": self.articles,
            "claim attributions": self.claim_attributions,
            "matched": self.matched,
            "evidence accuracy": _rate(self.evidence_hits, self.matched),
            "unsourced rate": _rate(self.unsourced, self.matched),
            "gold unsourced rate": _rate(self.gold_unsourced, self.matched),
            "hedge P": _rate(self.hedges_pred_right, self.hedges_pred),
            "hedge R": _rate(self.hedges_gold_found, self.hedges_gold),
            "author P": _rate(self.author_pred_right, self.author_pred),
            "author R": _rate(self.author_gold_found, self.author_gold),
            "author P, unhedged": _rate(self.unhedged["right"], self.unhedged["predicted"]),
            "evidence by gold kind": {
                k: f"{self.hits_by_kind[k]}/{n}" for k, n in sorted(self.by_kind.items())
            },
        }


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def score_article(ann: dict[str, Any], record: dict[str, Any], figures: Figures) -> None:
    """Add one article's counts to ``figures``."""
    claims = record.get("claims", [])
    attributed = [c for c in claims if c.get("kind") != "author"]
    figures.articles += 1
    for gold in ann["attributions"]:
        if gold["claim"]:
            _score_attribution(ann["doc"], gold, attributed, figures)
    _score_hedges(ann, claims, figures)
    _score_author(ann, [c for c in claims if c.get("kind") == "author"], figures)


def _score_attribution(
    doc: str, gold: dict[str, Any], attributed: list[dict[str, Any]], figures: Figures
) -> None:
    span = (gold["start"], gold["end"])
    figures.claim_attributions += 1
    found = [c for c in attributed if overlap((c["start"], c["end"]), span)]
    if covered(span, [(c["start"], c["end"]) for c in found]) < MATCH_COVER * (span[1] - span[0]):
        return
    kinds = {e["kind"] for c in found for e in c.get("evidence") or []}
    want = set(gold["evidence"])
    hit = bool(kinds & want) if want else not kinds
    main = gold["evidence"][0] if gold["evidence"] else "(none)"
    figures.matched += 1
    figures.by_kind[main] += 1
    figures.evidence_hits += hit
    figures.hits_by_kind[main] += hit
    figures.unsourced += not kinds
    figures.gold_unsourced += not want
    if not hit:
        figures.misses.append(
            {"doc": doc, "start": span[0], "end": span[1], "gold": gold["evidence"],
             "predicted": sorted(kinds)}
        )  # fmt: skip


def _score_hedges(ann: dict[str, Any], claims: list[dict[str, Any]], figures: Figures) -> None:
    predicted = sorted({(h["start"], h["end"]) for c in claims for h in c.get("hedges") or []})
    gold = [tuple(h) for h in ann.get("hedges", [])]
    figures.hedges_pred += len(predicted)
    figures.hedges_pred_right += sum(any(overlap(p, g) for g in gold) for p in predicted)
    figures.hedges_gold += len(gold)
    figures.hedges_gold_found += sum(any(overlap(p, g) for p in predicted) for g in gold)


def _score_author(ann: dict[str, Any], authored: list[dict[str, Any]], figures: Figures) -> None:
    predicted = [(c["start"], c["end"]) for c in authored]
    gold = [tuple(s) for s in ann.get("author_claims", [])]

    def covers(p: Span, g: Span) -> bool:
        return overlap(p, g) >= AUTHOR_COVER * (g[1] - g[0])

    right = [any(covers(p, g) for g in gold) for p in predicted]
    plain = [not c.get("hedges") for c in authored]
    figures.author_pred += len(predicted)
    figures.author_pred_right += sum(right)
    figures.unhedged["predicted"] += sum(plain)
    figures.unhedged["right"] += sum(r and p for r, p in zip(right, plain, strict=True))
    figures.author_gold += len(gold)
    figures.author_gold_found += sum(any(covers(p, g) for p in predicted) for g in gold)


def score_split(
    annotations: list[dict[str, Any]], predictions: dict[str, dict[str, Any]]
) -> Figures:
    """Figures of one split; an article without a prediction counts as extracting nothing."""
    figures = Figures()
    for ann in annotations:
        score_article(ann, predictions.get(ann["doc"], {"claims": []}), figures)
    return figures


def annotation_files(args: argparse.Namespace, split: str) -> list[Path]:
    given: list[Path] | None = getattr(args, split)
    return given or [args.annotations / f"{split}.jsonl"]


def print_table(results: dict[str, Figures]) -> None:
    summaries = {split: figures.summary() for split, figures in results.items()}
    names = [k for k in next(iter(summaries.values())) if k != "evidence by gold kind"]
    print(f"{'measure':22}" + "".join(f"{s:>10}" for s in summaries))
    for name in names:
        cells = ["-" if v is None else str(v) for v in (s[name] for s in summaries.values())]
        print(f"{name:22}" + "".join(f"{c:>10}" for c in cells))
    for split, summary in summaries.items():
        print(f"\nevidence right by gold main kind ({split}):")
        for kind, cell in summary["evidence by gold kind"].items():
            print(f"  {kind:24} {cell}")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    given = read_predictions(args.predictions) if args.predictions else None
    results: dict[str, Figures] = {}
    for split in args.splits:
        annotations = read_annotations(annotation_files(args, split))
        check_texts(args.corpus, split, annotations)
        paths = [article_path(args.corpus, split, a["doc"]) for a in annotations]
        predictions = given if given is not None else run_extract(paths, args.jobs)
        results[split] = score_split(annotations, predictions)
    if args.json:
        print(json.dumps({s: f.summary() for s, f in results.items()}, indent=1))
    else:
        print_table(results)
    if args.misses:
        for split, figures in results.items():
            for miss in figures.misses:
                print(split, json.dumps(miss))
    return 0


if __name__ == "__main__":
    sys.exit(main())
