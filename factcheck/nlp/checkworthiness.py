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
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, cast

import numpy as np
from spacy.attrs import ENT_IOB, ENT_TYPE, IS_SPACE, LIKE_NUM, ORTH, TAG
from spacy.tokens import Doc, Span

from factcheck.nlp.doc_index import doc_cache, token_column

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


_GRAM_ARRAYS: dict[str, tuple[np.ndarray, np.ndarray]] = {}


def _gram_arrays(word: str) -> tuple[np.ndarray, np.ndarray]:
    """(the distinct character n-grams of ``word`` as a fixed-width string array, the bucket of
    each in the group "c"), for ``margin``; remembered per word."""
    found = _GRAM_ARRAYS.get(word)
    if found is None:
        if len(_GRAM_ARRAYS) >= _CACHE_LIMIT // 2:
            _GRAM_ARRAYS.clear()
        grams = sorted(set(_char_grams(word)))
        found = _GRAM_ARRAYS[word] = (
            np.array(grams, dtype=f"U{max(_CHAR_SIZES)}"),
            np.array(_group_buckets("c", grams), dtype=np.int64),
        )
    return found


def _char_keys(words: list[str]) -> np.ndarray | None:
    """The buckets of the distinct character n-grams of ``words`` in the order of the n-grams
    (as ``sorted`` orders them: numpy orders fixed-width strings by code point too, and no n-gram
    has a NUL, which numpy would drop); None when a word has a NUL."""
    unique = set(words)
    if not unique:
        return np.zeros(0, dtype=np.int64)
    if any("\0" in w for w in unique):
        return None
    arrays = [_gram_arrays(w) for w in unique]
    names = np.concatenate([a[0] for a in arrays])
    order = names.argsort(kind="stable")
    names = names[order]
    first = np.ones(len(names), dtype=bool)
    first[1:] = names[1:] != names[:-1]
    return np.concatenate([a[1] for a in arrays])[order[first]]  # type: ignore[no-any-return]


def _word(token_text: str, like_num: bool) -> str:
    """Lower-cased word; digits become 'd' so that '4.1%' and '7.3%' are one feature."""
    if like_num or any(c.isdigit() for c in token_text):
        return "".join("d" if c.isdigit() else c for c in token_text.lower())
    return token_text.lower()


def _words_and_tags(span: Span) -> tuple[list[str], list[str], list[str]]:
    """(words, tags, entity labels at their first token) of the span's tokens but spaces."""
    words, tags, labels, spaces = _token_features(span.doc)
    start, end = span.start, span.end
    if spaces[start] == spaces[end]:
        return (
            cast(list[str], words[start:end]),
            tags[start:end],
            [label for label in labels[start:end] if label is not None],
        )
    kept = [i for i in range(start, end) if words[i] is not None]
    return (
        [cast(str, words[i]) for i in kept],
        [tags[i] for i in kept],
        [label for label in (labels[i] for i in kept) if label is not None],
    )


def _token_features(doc: Doc) -> tuple[list[str | None], list[str], list[str | None], list[int]]:
    """Per token of ``doc``: its word (None for a space), its tag, its entity label where an
    entity begins (else None); and the number of spaces before each token (one more entry, the
    count at the end). Made once per Doc."""
    cache = doc_cache(doc)
    found = cache.get("checkworthiness words")
    if found is not None and len(found[1]) == len(doc):
        return found  # type: ignore[no-any-return]
    strings = doc.vocab.strings
    words: list[str | None] = []
    tags: list[str] = []
    labels: list[str | None] = []
    spaces = [0]
    columns = (ORTH, LIKE_NUM, TAG, IS_SPACE, ENT_TYPE, ENT_IOB)
    for orth, like_num, tag, space, label, iob in zip(
        *(token_column(doc, c) for c in columns), strict=True
    ):
        known = _WORDS.get((orth, tag))
        if known is None:
            if len(_WORDS) >= _CACHE_LIMIT:
                _WORDS.clear()
            known = _WORDS[orth, tag] = (_word(strings[orth], bool(like_num)), strings[tag])
        words.append(None if space else known[0])
        tags.append(known[1])
        labels.append(strings[label] if label and iob == _BEGIN and not space else None)
        spaces.append(spaces[-1] + bool(space))
    found = cache["checkworthiness words"] = (words, tags, labels, spaces)
    return found


def feature_groups(span: Span, signals: Iterable[str] = ()) -> list[tuple[str, list[str]]]:
    """The named features of ``span`` by group (words, pairs, characters, tags, entities,
    signals), each group's distinct names sorted.

    Characters: the n-grams of the words.
    """
    return _named_groups(*_words_and_tags(span), signals)


def _named_groups(
    words: list[str],
    tags: list[str],
    labels: list[str],
    signals: Iterable[str],
    chars: bool = True,
) -> list[tuple[str, list[str]]]:
    """``feature_groups`` of the span with these words, tags and entity labels (without the
    character n-grams unless ``chars``)."""
    return [
        ("w", sorted(set(words))),
        ("b", sorted({f"{a} {b}" for a, b in zip(["<s>", *words], [*words, "</s>"], strict=True)})),
        ("c", sorted(set().union(*map(_char_grams, set(words)))) if chars else []),
        ("t", sorted({*tags, *(f"{a} {b}" for a, b in zip(tags, tags[1:], strict=False))})),
        ("e", sorted(set(labels))),
        ("s", sorted({*signals, f"len{min(len(words) // 5, 8)}"})),
    ]


def _sparse_pairs(span: Span, signals: Iterable[str]) -> tuple[list[int], list[float], bool]:
    """(buckets, values, whether the buckets are distinct) of ``span``'s hashed features, in the
    order of ``sparse_features`` (before colliding buckets are added up)."""
    keys: list[int] = []
    values: list[float] = []
    # sorted: colliding buckets then add up in one order whatever the string hash seed,
    # so that training is bit-for-bit repeatable
    for group, unique in feature_groups(span, signals):
        if not unique:
            continue
        keys += _group_buckets(group, unique)
        values += [1.0 / len(unique) ** 0.5] * len(unique)
    return keys, values, len(set(keys)) == len(keys)


def sparse_features(span: Span, signals: Iterable[str] = ()) -> dict[int, float]:
    """Hashed features of ``span``: each group's binary vector scaled to unit length."""
    return _added_up(*_sparse_pairs(span, signals))


def _added_up(keys: list[int], values: list[float], distinct: bool = False) -> dict[int, float]:
    """``{key: value}``, the values of colliding keys added up in order."""
    if distinct:
        return dict(zip(keys, values, strict=True))
    out: dict[int, float] = {}
    for key, value in zip(keys, values, strict=True):
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
        """The linear model's raw output for ``span`` (before calibration): the bias, the dense
        part, then the weight times the value of each of ``sparse_features`` added one after the
        other in their order (numpy's cumulative sum adds in that order, so the margin is the
        same bit for bit as a Python loop's)."""
        value = self.bias + float(self.dense @ dense_features(span, len(self.dense)))
        words, tags, labels = _words_and_tags(span)
        char_keys = _char_keys(words)
        if char_keys is None:
            feats = sparse_features(span, signals)
            keys, values = np.array(list(feats)), np.array(list(feats.values()))
        else:
            key_parts: list[Any] = []
            counts: list[int] = []
            for group, names in _named_groups(words, tags, labels, signals, chars=False):
                group_keys = char_keys if group == "c" else _group_buckets(group, names)
                if len(group_keys):
                    key_parts.append(group_keys)
                    counts.append(len(group_keys))
            keys = np.concatenate(key_parts)
            values = np.repeat([1.0 / n**0.5 for n in counts], counts)
            order = keys.argsort(kind="stable")
            if (keys[order[1:]] == keys[order[:-1]]).any():  # colliding buckets add up, in order
                unique, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
                added = np.zeros(len(unique))
                np.add.at(added, inverse, values)
                order = np.argsort(first)
                keys, values = unique[order], added[order]
        return value + float(np.cumsum(self.weights64[keys] * values)[-1])

    @cached_property
    def weights64(self) -> np.ndarray:
        """``sparse`` in float64 (made on first use), as Python reads each weight."""
        return self.sparse.astype(np.float64)

    def probability(self, margin: float) -> float:
        """Calibrated probability of check-worthy for a raw ``margin``."""
        return float(1.0 / (1.0 + np.exp(-(self.scale * margin + self.shift))))

    def score(self, span: Span, signals: Iterable[str] = ()) -> float:
        """Calibrated check-worthiness of ``span`` in [0, 1]."""
        return self.probability(self.margin(span, signals))

    def scores(self, spans: Sequence[Span], signals: Sequence[Iterable[str]]) -> list[float]:
        """``score`` of each span with its signals."""
        return [self.score(s, sig) for s, sig in zip(spans, signals, strict=True)]
