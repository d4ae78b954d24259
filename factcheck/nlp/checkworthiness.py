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
from itertools import accumulate
from pathlib import Path
from typing import cast

import numpy as np
from spacy.attrs import ENT_IOB, ENT_TYPE, IS_SPACE, LIKE_NUM, ORTH, TAG
from spacy.tokens import Doc, Span

from factcheck.nlp.doc_index import doc_cache, token_column

MODEL_PATH = Path(__file__).resolve().parent / "models" / "checkworthiness.npz"
N_BUCKETS = 1 << 18
_CHAR_SIZES = (2, 3, 4, 5)
_BEGIN = 3  # ENT_IOB of the first token of an entity
# spans whose margins are read at once (zeros pad each row to the longest); a span of more words
# is read alone
_ROWS = 32
_WIDE = 200


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


_GRAM_ARRAYS: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
_DIGIT = 1 << 21  # above every code point
_HEAD = 3  # the characters of an n-gram in its first sort key (three 21-bit digits: 63 bits)


def _gram_keys(gram: str) -> tuple[int, int]:
    """Two integers that order n-grams of up to five characters (none a NUL) as their strings
    order, the first before the second: the code points as digits, the first ``_HEAD`` in one,
    the others in the other, zeros after a shorter n-gram (a prefix sorts first, as in
    ``sorted``)."""
    points = [ord(c) for c in gram] + [0] * (max(_CHAR_SIZES) - len(gram))
    head = tail = 0
    for point in points[:_HEAD]:
        head = head * _DIGIT + point
    for point in points[_HEAD:]:
        tail = tail * _DIGIT + point
    return head, tail


def _gram_arrays(word: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(the bucket in the group "c" of each distinct character n-gram of ``word``, in their
    order, and their two sort keys ``_gram_keys`` as two arrays), for ``margin``; remembered
    per word."""
    found = _GRAM_ARRAYS.get(word)
    if found is None:
        if len(_GRAM_ARRAYS) >= _CACHE_LIMIT // 2:
            _GRAM_ARRAYS.clear()
        grams = sorted(set(_char_grams(word)))
        keys = np.array([_gram_keys(g) for g in grams], dtype=np.int64).reshape(-1, 2)
        found = _GRAM_ARRAYS[word] = (
            np.array(_group_buckets("c", grams), dtype=np.int64),
            keys[:, 0].copy(),
            keys[:, 1].copy(),
        )
    return found


def _char_key_rows(words_of: Sequence[list[str]]) -> tuple[np.ndarray, np.ndarray]:
    """(the span of each bucket, the buckets of each span's distinct character n-grams in the
    order of the n-grams), span after span, for spans with these words (none with a NUL, which
    numpy would drop). The n-grams are ordered as ``sorted`` orders them, all the spans' in one
    sort (of their integer keys, ``_gram_keys``: a fraction of the cost of sorting the strings):
    an n-gram's rank among all of them orders it within each span."""
    vocab = {w: k for k, w in enumerate(dict.fromkeys(w for words in words_of for w in words))}
    if not vocab:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    arrays = [_gram_arrays(w) for w in vocab]
    head = np.concatenate([a[1] for a in arrays])
    tail = np.concatenate([a[2] for a in arrays])
    order = np.lexsort((tail, head))
    head, tail = head[order], tail[order]
    new = np.ones(len(order), dtype=bool)
    new[1:] = (head[1:] != head[:-1]) | (tail[1:] != tail[:-1])
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.cumsum(new) - 1
    bucket_of_rank = np.empty(int(new.sum()), dtype=np.int64)
    bucket_of_rank[rank] = np.concatenate([a[0] for a in arrays])
    sizes = np.array([len(a[0]) for a in arrays])
    pair_span: list[int] = []  # each distinct word of each span
    pair_word: list[int] = []
    for i, words in enumerate(words_of):
        distinct = {vocab[w] for w in words}
        pair_span += [i] * len(distinct)
        pair_word += distinct
    lengths = sizes[pair_word]
    grams = np.repeat(np.cumsum(sizes)[pair_word] - lengths, lengths) + _places(lengths)
    present = np.zeros((len(words_of), len(bucket_of_rank)), dtype=bool)
    present[np.repeat(pair_span, lengths), rank[grams]] = True
    rows, ranks = np.nonzero(present)  # by span, then by rank
    return rows, bucket_of_rank[ranks]


def _chunks(items: list[int], sizes: list[int]) -> list[list[int]]:
    """``items`` cut into runs of up to ``_ROWS``, an item of more than ``_WIDE`` (its size) in a
    run of its own: a wide row would pad all the others of its run."""
    runs: list[list[int]] = [[]]
    for item, size in zip(items, sizes, strict=True):
        if size > _WIDE or len(runs[-1]) == _ROWS:
            runs.append([])
        runs[-1].append(item)
        if size > _WIDE:
            runs.append([])
    return [run for run in runs if run]


def _places(counts: np.ndarray) -> np.ndarray:
    """0, 1, ... counts[0] - 1, then 0, 1, ... counts[1] - 1 and so on, in one array."""
    ends = np.cumsum(counts)
    return np.arange(ends[-1] if len(ends) else 0) - np.repeat(ends - counts, counts)


_INVERSE_ROOTS: dict[int, float] = {}


def _inverse_root(n: int) -> float:
    """``1.0 / n**0.5``, each group's feature value (Python's power, as training computed it)."""
    found = _INVERSE_ROOTS.get(n)
    if found is None:
        found = _INVERSE_ROOTS[n] = 1.0 / n**0.5
    return found


def _collisions_added(keys: np.ndarray, values: np.ndarray) -> np.ndarray:
    """``values`` with those of a repeated key added up, in order, at its first place, and
    zeros (which add nothing) at its other places: as ``_added_up`` adds colliding buckets."""
    order = keys.argsort(kind="stable")
    new = np.ones(len(keys), dtype=bool)
    new[1:] = keys[order[1:]] != keys[order[:-1]]
    if new.all():
        return values
    owner = np.empty_like(order)
    owner[order] = order[np.flatnonzero(new)][np.cumsum(new) - 1]
    added = np.zeros(len(values))
    np.add.at(added, owner, values)
    return added


class _Features:
    """Hashed features of several spans, span after span: bucket, value and span of each."""

    def __init__(self) -> None:
        self.keys: list[int] = []
        self.values: list[float] = []
        self.rows: list[int] = []

    def add(self, row: int, keys: list[int]) -> None:
        """One group's buckets for the span of ``row``."""
        self.keys += keys
        self.values += [_inverse_root(len(keys))] * len(keys)
        self.rows += [row] * len(keys)

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        return (
            np.array(self.keys, dtype=np.int64),
            np.array(self.values, dtype=np.float64),
            np.array(self.rows, dtype=np.int64),
        )


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
    orths, tag_ids, space_flags = (token_column(doc, c) for c in (ORTH, TAG, IS_SPACE))
    pairs = list(zip(orths, tag_ids, strict=True))
    known = list(map(_WORDS.get, pairs))
    if None in known:
        like_num = token_column(doc, LIKE_NUM)
        for i, pair in enumerate(pairs):
            if known[i] is None:
                if len(_WORDS) >= _CACHE_LIMIT:
                    _WORDS.clear()
                orth, tag = pair
                known[i] = _WORDS[pair] = (_word(strings[orth], bool(like_num[i])), strings[tag])
    words: list[str | None] = [
        None if space else k[0]  # type: ignore[index]
        for k, space in zip(known, space_flags, strict=True)
    ]
    tags: list[str] = [k[1] for k in known]  # type: ignore[index]
    labels: list[str | None] = [
        strings[label] if label and iob == _BEGIN and not space else None
        for label, iob, space in zip(
            token_column(doc, ENT_TYPE), token_column(doc, ENT_IOB), space_flags, strict=True
        )
    ]
    spaces = list(accumulate(map(bool, space_flags), initial=0))
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
        return self.margins([span], [signals])[0]

    def margins(self, spans: Sequence[Span], signals: Sequence[Iterable[str]]) -> list[float]:
        """``margin`` of each span with its signals; the sparse parts of up to ``_ROWS`` spans
        are read at once (``_chunks``)."""
        found = [_words_and_tags(span) for span in spans]
        sums = [0.0] * len(spans)
        plain = [i for i, (words, _, _) in enumerate(found) if all("\0" not in w for w in words)]
        for rows in _chunks(plain, [len(found[i][0]) for i in plain]):
            totals = self._sparse_sums([found[i] for i in rows], [signals[i] for i in rows])
            for i, total in zip(rows, totals.tolist(), strict=True):
                sums[i] = total
        for i in sorted(set(range(len(spans))) - set(plain)):  # a NUL: numpy would drop it
            feats = sparse_features(spans[i], signals[i])
            products = self.weights64[list(feats)] * np.array(list(feats.values()))
            sums[i] = float(np.cumsum(products)[-1])
        width = len(self.dense)
        return [
            self.bias + float(self.dense @ dense_features(span, width)) + total
            for span, total in zip(spans, sums, strict=True)
        ]

    def _sparse_sums(
        self, found: list[tuple[list[str], list[str], list[str]]], signals: list[Iterable[str]]
    ) -> np.ndarray:
        """The sparse part of the margin of each span with these (words, tags, entity labels)
        and signals: a row per span holds the products in the order of its features, then zeros
        (which add nothing), and the rows are added up from left to right."""
        head, tail = _Features(), _Features()  # the groups before the n-grams, those after
        for row, ((words, tags, labels), sig) in enumerate(zip(found, signals, strict=True)):
            part = head
            for group, names in _named_groups(words, tags, labels, sig, chars=False):
                if group == "c":
                    part = tail
                elif names:
                    part.add(row, _group_buckets(group, names))
        char_rows, char_keys = _char_key_rows([words for words, _, _ in found])
        counts = [np.bincount(r, minlength=len(found)) for r in (head.rows, char_rows, tail.rows)]
        char_values = np.array([_inverse_root(n) if n else 0.0 for n in counts[1].tolist()])[
            char_rows
        ]
        (head_keys, head_values, head_rows), (tail_keys, tail_values, tail_rows) = (
            head.arrays(),
            tail.arrays(),
        )
        rows = np.concatenate([head_rows, char_rows, tail_rows])
        keys = np.concatenate([head_keys, char_keys, tail_keys])
        values = np.concatenate([head_values, char_values, tail_values])
        cols = np.concatenate(
            [
                _places(counts[0]),
                counts[0][char_rows] + _places(counts[1]),
                (counts[0] + counts[1])[tail_rows] + _places(counts[2]),
            ]
        )
        table = np.zeros((len(found), int(cols.max()) + 1 if len(cols) else 1))
        table[rows, cols] = self.weights64[keys] * _collisions_added(
            rows * N_BUCKETS + keys, values
        )
        return np.cumsum(table, axis=1)[:, -1]  # type: ignore[no-any-return]

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
