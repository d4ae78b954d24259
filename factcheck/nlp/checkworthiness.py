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
from spacy.attrs import ENT_IOB, ENT_TYPE, IS_SPACE, LIKE_NUM, ORTH, TAG
from spacy.tokens import Span

from factcheck.nlp.doc_index import token_column

MODEL_PATH = Path(__file__).resolve().parent / "models" / "checkworthiness.npz"
N_BUCKETS = 1 << 18
_CHAR_SIZES = (2, 3, 4, 5)
_BEGIN = 3  # ENT_IOB of the first token of an entity


# Feature hashes, words and character n-grams seen before are remembered, each cache emptied when
# full (about 60 MB at most in all): a sentence has hundreds of features, most of them recur, and
# hashing and slicing each anew was most of the cost of a score.
_CACHE_LIMIT = 1 << 15
_BUCKET_LIMITS = {"c": 1 << 17, "b": 1 << 17}
_BUCKETS: dict[str, dict[str, int]] = {}
_GRAMS: dict[str, tuple[str, ...]] = {}
_WORDS: dict[tuple[int, int], tuple[str, str]] = {}  # (ORTH id, TAG id) -> (word, tag)


def _bucket(feature: str) -> int:
    return zlib.crc32(feature.encode("utf-8")) & (N_BUCKETS - 1)


def _group_buckets(group: str, names: list[str]) -> list[int]:
    """``_bucket(f"{group}:{name}")`` of each name."""
    memo = _BUCKETS.setdefault(group, {})
    keys = list(map(memo.get, names))
    if None in keys:
        if len(memo) + len(names) > _BUCKET_LIMITS.get(group, _CACHE_LIMIT):
            memo.clear()
        for i, key in enumerate(keys):
            if key is None:
                keys[i] = memo[names[i]] = _bucket(f"{group}:{names[i]}")
    return keys  # type: ignore[return-value]


def _char_grams(word: str) -> tuple[str, ...]:
    """The character n-grams of `` word `` (padded with a space each side)."""
    grams = _GRAMS.get(word)
    if grams is None:
        if len(_GRAMS) >= _CACHE_LIMIT // 2:
            _GRAMS.clear()
        padded = f" {word} "
        grams = _GRAMS[word] = tuple(
            padded[i : i + n] for n in _CHAR_SIZES for i in range(len(padded) - n + 1)
        )
    return grams


def _word(token_text: str, like_num: bool) -> str:
    """Lower-cased word; digits become 'd' so that '4.1%' and '7.3%' are one feature."""
    if like_num or any(c.isdigit() for c in token_text):
        return "".join("d" if c.isdigit() else c for c in token_text.lower())
    return token_text.lower()


def _words_and_tags(span: Span) -> tuple[list[str], list[str], list[str]]:
    """(words, tags, entity labels at their first token) of the span's tokens but spaces."""
    doc, start, end = span.doc, span.start, span.end
    strings = doc.vocab.strings
    words, tags, labels = [], [], []
    columns = (ORTH, LIKE_NUM, TAG, IS_SPACE, ENT_TYPE, ENT_IOB)
    for orth, like_num, tag, space, label, iob in zip(
        *(token_column(doc, c)[start:end] for c in columns), strict=True
    ):
        if space:
            continue
        known = _WORDS.get((orth, tag))
        if known is None:
            if len(_WORDS) >= _CACHE_LIMIT:
                _WORDS.clear()
            known = _WORDS[orth, tag] = (_word(strings[orth], bool(like_num)), strings[tag])
        words.append(known[0])
        tags.append(known[1])
        if label and iob == _BEGIN:
            labels.append(strings[label])
    return words, tags, labels


def feature_groups(span: Span, signals: Iterable[str] = ()) -> dict[str, list[str]]:
    """The named features of ``span`` by group (words, pairs, characters, tags, entities, signals).

    Characters: the n-grams of the words, each once.
    """
    words, tags, labels = _words_and_tags(span)
    return {
        "w": words,
        "b": [f"{a} {b}" for a, b in zip(["<s>", *words], [*words, "</s>"], strict=True)],
        "c": list(set().union(*map(_char_grams, set(words)))),
        "t": tags + [f"{a} {b}" for a, b in zip(tags, tags[1:], strict=False)],
        "e": labels,
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
        # the weights of the features read at once, then added in the features' order
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
