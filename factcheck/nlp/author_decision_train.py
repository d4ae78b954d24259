"""Fit the author-claim decision: ``make train-author-claims`` (needs the ``dev`` extra).

    python -m factcheck.nlp.author_decision_train --annotations JSONL --corpus DIR [--out JSON]
        [--c 0.1]

Runs the pipeline up to ``factcheck_author_claims`` on each annotated article (PolNeAR train, the
offsets-only annotations of ``benchmarks/polnear_evidence``), labels each candidate sentence of the
article's own voice by whether it covers at least half of an annotated author claim (the scorer's
rule), fits a logistic regression over ``author_features`` and picks its threshold
on out-of-fold predictions (folds by article) as the highest that finds as many annotated author
claims as the check-worthiness score alone did. The check-worthiness model is used, never
refitted. scikit-learn is needed here only.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from factcheck.config import Settings
from factcheck.extract import make_doc
from factcheck.ingest.files import read_articles
from factcheck.nlp import build_nlp
from factcheck.nlp.attribution import CLAIMS_KEY
from factcheck.nlp.author_decision import MODEL_PATH, AuthorDecision, author_features
from factcheck.nlp.claims import AuthorClaimFinder, keep_author_claim

AUTHOR_COVER = 0.5  # as benchmarks/polnear_evidence/score.py
FOLDS = 5


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--annotations", type=Path, required=True, help="train.jsonl (offsets)")
    ap.add_argument("--corpus", type=Path, required=True, help="PolNeAR train folder")
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    ap.add_argument("--c", type=float, default=0.1, help="inverse regularisation strength")
    return ap.parse_args(argv)


@dataclass(frozen=True)
class Row:
    """One candidate sentence: its article, features, label and the old rule's decision."""

    doc: str
    features: dict[str, float]
    label: bool
    kept_before: bool  # check-worthiness >= the rules' threshold, or an evidential hedge
    hedged: bool  # an evidential hedge: kept whatever the model says


def labelled_candidates(annotations: Path, corpus: Path) -> list[Row]:
    """Every candidate sentence of the annotated articles."""
    settings = Settings()
    nlp = build_nlp(settings.spacy_model, attribution_mode=settings.attribution)
    finder = nlp.get_pipe("factcheck_author_claims")
    assert isinstance(finder, AuthorClaimFinder)  # its scorer, hedges and candidates
    names = [name for name, _ in nlp.pipeline]
    before = [p for _, p in nlp.pipeline[: names.index("factcheck_author_claims")]]
    rows = []
    for line in annotations.read_text(encoding="utf-8").splitlines():
        ann = json.loads(line)
        path = corpus / "text" / f"{ann['doc']}.txt"
        doc = make_doc(read_articles(path, max_bytes=settings.max_file_bytes)[0], nlp)
        for component in before:
            doc = component(doc)
        gold = [tuple(g) for g in ann["author_claims"]]
        for c in finder.candidates(doc, list(doc.spans[CLAIMS_KEY])):
            span = (c.span.start_char, c.span.end_char)
            label = any(_overlap(span, g) >= AUTHOR_COVER * (g[1] - g[0]) for g in gold)
            hedged = bool(c.hedges)
            features = author_features(c.span, c.score, c.signals)
            old = hedged or keep_author_claim(c.score, finder.threshold)
            rows.append(Row(ann["doc"], features, label, old, hedged))
    return rows


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def fit(rows: list[Row], c: float) -> AuthorDecision:
    """The logistic model and its threshold (``choose_threshold`` on out-of-fold predictions)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    names = sorted({k for r in rows for k in r.features})
    x = np.array([[r.features.get(k, 0.0) for k in names] for r in rows])
    y = np.array([r.label for r in rows])
    groups = [r.doc for r in rows]
    oof = np.zeros(len(rows))
    for train, test in GroupKFold(FOLDS).split(x, y, groups):
        model = LogisticRegression(C=c, max_iter=5000).fit(x[train], y[train])
        oof[test] = model.predict_proba(x[test])[:, 1]
    threshold, precision = choose_threshold(oof, rows)
    model = LogisticRegression(C=c, max_iter=5000).fit(x, y)
    weights = {k: round(float(w), 4) for k, w in zip(names, model.coef_[0], strict=True)}
    meta: dict[str, Any] = {"C": c, "candidates": len(rows), "positives": int(y.sum()),
                            "articles": len(set(groups)), "oof_precision": round(precision, 3)}  # fmt: skip
    return AuthorDecision(weights, round(float(model.intercept_[0]), 4), threshold, meta)


def choose_threshold(scores: np.ndarray, rows: list[Row]) -> tuple[float, float]:
    """The highest threshold whose decisions find at least as many annotated author claims as
    the check-worthiness score alone did (precision was the weakness; recall must not fall),
    and the precision there."""
    labels = np.array([r.label for r in rows])
    hedged = np.array([r.hedged for r in rows])
    wanted = sum(r.label and r.kept_before for r in rows)
    for t in np.arange(0.8, 0.1, -0.0125):
        chosen = hedged | (scores >= t)
        found = float((chosen & labels).sum())
        if found >= wanted:
            return round(float(t), 4), found / max(1.0, float(chosen.sum()))
    return 0.1, float(labels.mean())


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    rows = labelled_candidates(args.annotations, args.corpus)
    decision = fit(rows, args.c)
    decision.save(args.out)
    print(json.dumps({"threshold": decision.threshold, **decision.meta}, sort_keys=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
