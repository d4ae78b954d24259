"""Trained check-worthiness: is a sentence worth a fact-checker's time?

A logistic regression over what the pipeline already computed for the sentence, so that scoring
adds little to the parse: hashed word and word-pair features, character n-grams of the words,
part-of-speech tags and tag pairs, entity labels, the hand signals of ``factcheck.checkworthiness.v1``
(numbers, dates, entities, causes, comparisons) and the mean of the parser's token vectors
(``Doc.tensor``). Its output goes through a Platt scaling fitted on out-of-fold predictions of the
training set, so a score is an estimated probability that a fact-checker would call the sentence
check-worthy. ``make train-checkworthiness`` trains it (``factcheck.nlp.checkworthiness_train``);
the weights are ``factcheck/nlp/models/checkworthiness.npz`` (about 1 MB, numpy only at run time).
"""

from __future__ import annotations

import json
import operator
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from spacy.tokens import Span

MODEL_PATH = Path(__file__).resolve().parent / "models" / "checkworthiness.npz"
N_BUCKETS = 1 << 18
_CHAR_SIZES = (2, 3, 4, 5)


# feature hashes and the character n-grams of words seen before, by group and word: a sentence
# has hundreds of n-grams and most recur, so hashing and slicing each anew was most of the cost
_MEMO_LIMIT = 1 << 20
_BUCKETS: dict[str, dict[str, int]] = {}
_GRAMS: dict[str, list[str]] = {}


def _bucket(feature: str) -> int:
    return zlib.crc32(feature.encode("utf-8")) & (N_BUCKETS - 1)


def _group_buckets(group: str, names: list[str]) -> list[int]:
    """``_bucket(f"{group}:{name}")`` of each name, remembered."""
    memo = _BUCKETS.setdefault(group, {})
    try:
        return list(map(memo.__getitem__, names))
    except KeyError:
        if len(memo) + len(names) > _MEMO_LIMIT:
            memo.clear()
        for name in names:
            if name not in memo:
                memo[name] = _bucket(f"{group}:{name}")
        return list(map(memo.__getitem__, names))


def _char_grams(word: str) -> list[str]:
    """The character n-grams of `` word `` (padded with a space each side), remembered."""
    grams = _GRAMS.get(word)
    if grams is None:
        if len(_GRAMS) >= _MEMO_LIMIT:
            _GRAMS.clear()
        padded = f" {word} "
        grams = _GRAMS[word] = [
            padded[i : i + n] for n in _CHAR_SIZES for i in range(len(padded) - n + 1)
        ]
    return grams


def _word(token_text: str, like_num: bool) -> str:
    """Lower-cased word; digits become 'd' so that '4.1%' and '7.3%' are one feature."""
    if like_num or any(c.isdigit() for c in token_text):
        return "".join("d" if c.isdigit() else c for c in token_text.lower())
    return token_text.lower()


def feature_groups(span: Span, signals: Iterable[str] = ()) -> dict[str, list[str]]:
    """The named features of ``span`` by group (words, pairs, characters, tags, entities, signals)."""
    tokens = [t for t in span if not t.is_space]
    words = [_word(t.text, t.like_num) for t in tokens]
    tags = [t.tag_ for t in tokens]
    chars: list[str] = []
    for word in words:
        chars.extend(_char_grams(word))
    return {
        "w": words,
        "b": [f"{a} {b}" for a, b in zip(["<s>", *words], [*words, "</s>"], strict=True)],
        "c": chars,
        "t": tags + [f"{a} {b}" for a, b in zip(tags, tags[1:], strict=False)],
        "e": [t.ent_type_ for t in tokens if t.ent_type_ and t.ent_iob_ == "B"],
        "s": [*signals, f"len{min(len(words) // 5, 8)}"],
    }


def sparse_features(span: Span, signals: Iterable[str] = ()) -> dict[int, float]:
    """Hashed features of ``span``: each group's binary vector scaled to unit length."""
    keys: list[int] = []
    values: list[float] = []
    for group, names in feature_groups(span, signals).items():
        # sorted: colliding buckets then add up in one order whatever the string hash seed,
        # so that training is bit-for-bit repeatable
        unique = sorted(set(names))
        if not unique:
            continue
        keys += _group_buckets(group, unique)
        values += [1.0 / len(unique) ** 0.5] * len(unique)
    if len(set(keys)) == len(keys):
        return dict(zip(keys, values, strict=True))
    out: dict[int, float] = {}
    for key, value in zip(keys, values, strict=True):  # colliding buckets add up, in order
        out[key] = out.get(key, 0.0) + value
    return out


def dense_features(span: Span, width: int) -> np.ndarray:
    """Mean of the pipeline's token vectors over ``span``, unit length (zeros if it has none)."""
    tensor = span.doc.tensor
    if tensor is None or tensor.ndim != 2 or tensor.shape[1] != width or len(span) == 0:
        return np.zeros(width, dtype=np.float32)
    mean = np.asarray(tensor[span.start : span.end]).mean(axis=0)
    norm = float(np.linalg.norm(mean))
    return (mean / norm if norm else mean).astype(np.float32)


@dataclass(frozen=True)
class CheckworthinessModel:
    """Weights of the linear model, its Platt scaling and the threshold of a ``Yes``."""

    sparse: np.ndarray  # (N_BUCKETS,)
    dense: np.ndarray  # (width of Doc.tensor,)
    bias: float
    scale: float  # Platt: p = sigmoid(scale * margin + shift)
    shift: float
    threshold: float
    meta: dict[str, object]

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> CheckworthinessModel:
        """Read the weights written by ``save``."""
        with np.load(path, allow_pickle=False) as data:
            numbers = data["numbers"]
            return cls(
                sparse=data["sparse"].astype(np.float32),
                dense=data["dense"].astype(np.float32),
                bias=float(numbers[0]),
                scale=float(numbers[1]),
                shift=float(numbers[2]),
                threshold=float(numbers[3]),
                meta=json.loads(str(data["meta"])),
            )

    def save(self, path: Path) -> None:
        """Write the weights (compressed numpy arrays, no pickles)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        numbers = np.array([self.bias, self.scale, self.shift, self.threshold], dtype=np.float64)
        with path.open("wb") as handle:
            np.savez_compressed(
                handle,
                sparse=self.sparse.astype(np.float16),
                dense=self.dense.astype(np.float32),
                numbers=numbers,
                meta=np.array(json.dumps(self.meta, sort_keys=True)),
            )

    def margin(self, span: Span, signals: Iterable[str] = ()) -> float:
        """The linear model's raw output for ``span`` (before calibration)."""
        feats = sparse_features(span, signals)
        value = self.bias + float(self.dense @ dense_features(span, len(self.dense)))
        # the weights of the features at once, then added in the features' order, one by one
        weights = self.sparse.take(list(feats)).tolist() if feats else []
        return value + sum(map(operator.mul, weights, feats.values()))

    def probability(self, margin: float) -> float:
        """Calibrated probability of check-worthy for a raw ``margin``."""
        return float(1.0 / (1.0 + np.exp(-(self.scale * margin + self.shift))))

    def score(self, span: Span, signals: Iterable[str] = ()) -> float:
        """Calibrated check-worthiness of ``span`` in [0, 1]."""
        return self.probability(self.margin(span, signals))

    def scores(self, spans: Sequence[Span], signals: Sequence[Iterable[str]]) -> list[float]:
        """``score`` of each span with its signals."""
        return [self.score(s, sig) for s, sig in zip(spans, signals, strict=True)]
