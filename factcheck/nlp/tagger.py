"""factcheck_attribution_tagger: source, cue and content spans from a model trained on PolNeAR.

The component wraps a small trained spaCy pipeline shipped in ``factcheck/nlp/models/attribution``
(see ``factcheck/nlp/training/``): the English pipeline's tok2vec and parser, frozen, and a token
tagger (``bio``) over BIO tags of the labels SOURCE, CUE and CONTENT (``B-CUE``, ``I-CONTENT``,
``O`` ...). The tagger's model (``factcheck.AttributionTagger.v1``) reads each token's vector, the
mean vectors around it and the vectors and dependency labels of its syntactic heads, then one
maxout layer and a softmax. ``BioDecoder`` turns the tags' probabilities into spans that respect
the BIO structure (Viterbi with the training corpus's transition counts, ``transitions.json``),
written to ``doc.spans["fc_tagged"]``; the merge step (``factcheck_attribution_merge``) turns them
into claims beside the rules'.

When the English pipeline's tok2vec and parser are the ones the tagger was trained with (same
weights), the tagger reads their output (``doc.tensor`` and the parse) of the Doc itself: only the
tagger's own layers run. Otherwise it runs its own copies of them on a copy of the Doc.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy
import spacy
import srsly
from spacy.attrs import DEP, HEAD
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import registry
from thinc.api import Linear, Maxout, Model, Softmax_v2, chain, with_array
from thinc.types import Floats2d

TAGGED_KEY = "fc_tagged"
MODEL_DIR = Path(__file__).resolve().parent / "models" / "attribution"
LABELS = ("SOURCE", "CUE", "CONTENT")
_BIO = "bio"
TRANSITIONS = "transitions.json"
# the exponent of the tag frequencies the decoder divides by: chosen on the 60 held-out train
# articles (0: content-overlap P / R 0.912 / 0.654; 0.5: 0.901 / 0.694; 1: 0.869 / 0.728; README)
PRIOR_WEIGHT = 0.5


DEP_LABELS = [
    "ROOT",
    "acl",
    "acomp",
    "advcl",
    "advmod",
    "agent",
    "amod",
    "appos",
    "attr",
    "aux",
    "auxpass",
    "case",
    "cc",
    "ccomp",
    "compound",
    "conj",
    "csubj",
    "csubjpass",
    "dative",
    "dep",
    "det",
    "dobj",
    "expl",
    "intj",
    "mark",
    "meta",
    "neg",
    "nmod",
    "npadvmod",
    "nsubj",
    "nsubjpass",
    "nummod",
    "oprd",
    "parataxis",
    "pcomp",
    "pobj",
    "poss",
    "preconj",
    "predet",
    "prep",
    "prt",
    "punct",
    "quantmod",
    "relcl",
    "xcomp",
]


@registry.architectures("factcheck.AttributionTagger.v1")
def build_attribution_tagger_model(
    tok2vec: Model[list[Doc], list[Floats2d]],
    width: int,
    hidden_width: int,
    maxout_pieces: int,
    context_radii: list[int],
    nO: int | None = None,
) -> Model[list[Doc], list[Floats2d]]:
    """Per token: the tok2vec's vectors projected to ``width``, the mean vectors before and after
    it (``context_means``), the vectors of its head, its head's head and its head's head's head and
    of its sentence's root, and the dependency labels of it and its two next heads (the parse the
    Doc carries) -> maxout -> softmax over the tags."""
    encoder: Model[list[Doc], list[Floats2d]] = chain(tok2vec, with_array(Linear(nO=width)))
    features = doc_features(encoder, tuple(context_radii))
    head: Model[Floats2d, Floats2d] = chain(
        Maxout(nO=hidden_width, nP=maxout_pieces, normalize=True), Softmax_v2(nO)
    )
    model: Model[list[Doc], list[Floats2d]] = chain(features, with_array(head))
    model.set_ref("tok2vec", tok2vec)
    return model


def doc_features(
    encoder: Model[list[Doc], list[Floats2d]], radii: tuple[int, ...]
) -> Model[list[Doc], list[Floats2d]]:
    """Token vectors with their context and their syntactic governors' (see the model above)."""
    return Model(
        "attribution_features",
        _features_forward,
        init=_features_init,
        layers=[encoder],
        attrs={"radii": radii},
    )


def _features_init(
    model: Model[list[Doc], list[Floats2d]], X: list[Doc] | None = None, Y: Any = None
) -> None:
    model.layers[0].initialize(X=X)


def _syntax(doc: Doc) -> tuple[Any, Any]:
    """(head index per token, dependency label index per token; len(DEP_LABELS) when unknown)."""
    n = len(doc)
    at = numpy.arange(n)
    if not doc.has_annotation("DEP"):
        return at, numpy.full(n, len(DEP_LABELS))
    rows = doc.to_array([HEAD, DEP])
    heads = at + rows[:, 0].astype("int64")
    ids = numpy.array([doc.vocab.strings.add(label) for label in DEP_LABELS], dtype="uint64")
    order = ids.argsort()
    where = numpy.minimum(numpy.searchsorted(ids[order], rows[:, 1]), len(ids) - 1)
    found = ids[order][where] == rows[:, 1]
    return heads, numpy.where(found, order[where], len(DEP_LABELS))


def _features_forward(
    model: Model[list[Doc], list[Floats2d]], docs: list[Doc], is_train: bool
) -> tuple[list[Floats2d], Any]:
    encoder = model.layers[0]
    vectors, encoder_backprop = encoder(docs, is_train)
    xp = model.ops.xp
    around, around_backprop = _context_forward(model, vectors, is_train)
    n_deps = len(DEP_LABELS) + 1
    outputs, gathered = [], []
    for doc, X, C in zip(docs, vectors, around, strict=True):
        heads, deps = _syntax(doc)
        h2 = heads[heads]
        h3 = heads[h2]
        root = heads
        for _ in range(5):  # 2**5 steps up: the root of any sentence the parser makes
            root = root[root]
        onehot = xp.zeros((len(doc), 3 * n_deps), dtype=X.dtype)
        rows = xp.arange(len(doc))
        for k, index in enumerate((rows, heads, h2)):
            onehot[rows, k * n_deps + deps[index]] = 1.0
        outputs.append(xp.hstack([C, X[heads], X[h2], X[h3], X[root], onehot]))
        gathered.append((heads, h2, h3, root))

    def backprop(d_outputs: list[Floats2d]) -> list[Floats2d]:
        d_around, d_vectors = [], []
        for dY, C, X, index in zip(d_outputs, around, vectors, gathered, strict=True):
            width = X.shape[1]
            d_around.append(dY[:, : C.shape[1]])
            dX = xp.zeros_like(X)
            for k, rows in enumerate(index):
                col = C.shape[1] + k * width
                xp.add.at(dX, rows, dY[:, col : col + width])
            d_vectors.append(dX)
        d_from_around = around_backprop(d_around)
        return encoder_backprop([a + b for a, b in zip(d_from_around, d_vectors, strict=True)])

    return outputs, backprop


def context_means(radii: tuple[int, ...]) -> Model[list[Floats2d], list[Floats2d]]:
    """Each token's vector, then for every radius r the mean of the r vectors before it and the
    mean of the r vectors after it (fewer at the ends of the Doc, zeros where there are none):
    context far beyond the tok2vec's window, for the cost of a cumulative sum."""
    return Model("context_means", _context_forward, attrs={"radii": radii})


def _context_forward(
    model: Model[Any, Any], docs: list[Floats2d], is_train: bool
) -> tuple[list[Floats2d], Any]:
    radii: tuple[int, ...] = model.attrs["radii"]
    xp = model.ops.xp
    outputs, parts = [], []
    for X in docs:
        n = X.shape[0]
        sums = xp.vstack([xp.zeros((1, X.shape[1]), dtype=X.dtype), xp.cumsum(X, axis=0)])
        idx = xp.arange(n)
        cols, meta = [X], []
        for r in radii:
            lo, hi = xp.maximum(idx - r, 0), xp.minimum(idx + 1 + r, n)
            before = xp.maximum(idx - lo, 1)[:, None].astype(X.dtype)
            after = xp.maximum(hi - idx - 1, 1)[:, None].astype(X.dtype)
            cols.append((sums[idx] - sums[lo]) / before)
            cols.append((sums[hi] - sums[idx + 1]) / after)
            meta.append((r, before, after))
        outputs.append(xp.hstack(cols))
        parts.append((n, X.shape[1], meta))

    def backprop(d_outputs: list[Floats2d]) -> list[Floats2d]:
        d_docs = []
        for dY, (n, width, meta) in zip(d_outputs, parts, strict=True):
            dX = dY[:, :width].copy()
            idx = xp.arange(n)
            for k, (r, before, after) in enumerate(meta):
                col = width * (1 + 2 * k)
                left = xp.vstack(
                    [
                        xp.zeros((1, width), dtype=dX.dtype),
                        (dY[:, col : col + width] / before).cumsum(axis=0),
                    ]
                )
                right = xp.vstack(
                    [
                        xp.zeros((1, width), dtype=dX.dtype),
                        (dY[:, col + width : col + 2 * width] / after).cumsum(axis=0),
                    ]
                )
                # token j is before token i for i in (j, j + r]; after it for i in [j - r, j)
                dX += left[xp.minimum(idx + r + 1, n)] - left[idx + 1]
                dX += right[idx] - right[xp.maximum(idx - r, 0)]
            d_docs.append(dX)
        return d_docs

    return outputs, backprop


class BioDecoder:
    """The most likely tag sequence under BIO constraints (Viterbi), spans from it.

    Transition log-probabilities come from how often one tag follows another in the training
    corpus (``counts``, add-one smoothed; an ``I-X`` only after ``B-X`` or ``I-X``); the
    tagger's probabilities are divided by the tags' frequencies (``prior_weight`` as exponent),
    which turns them into the emission scores of a hidden Markov model. Tokens whose likeliest
    tag has a probability over ``sure`` keep it (an ``I-X`` only where the token before may
    precede it), which splits the search into the short stretches in between.
    """

    def __init__(
        self,
        tags: tuple[str, ...],
        counts: list[list[int]] | None = None,
        prior_weight: float = 1.0,
        sure: float = 0.9,
    ) -> None:
        self.tags = tags
        n = len(tags)
        allowed = numpy.array(
            [[not (b[:2] == "I-" and a[2:] != b[2:]) for b in tags] for a in tags], dtype=bool
        )
        counts_ = numpy.array(counts if counts is not None else numpy.ones((n, n)), dtype="float64")
        smoothed = numpy.where(allowed, counts_ + 1.0, 0.0)
        with numpy.errstate(divide="ignore"):
            self.log_trans = numpy.where(
                allowed, numpy.log(smoothed / smoothed.sum(axis=1, keepdims=True)), -1e4
            )
        freq = smoothed.sum(axis=0)
        self.log_prior = prior_weight * numpy.log(freq / freq.sum())
        self.outside = tags.index("O")
        self.sure = sure
        names = sorted({t[2:] for t in tags if t != "O"})
        self.labels = names
        self.label_of = numpy.array([names.index(t[2:]) if t != "O" else -1 for t in tags])
        self.opens = numpy.array([t[:2] == "B-" for t in tags])

    def sure_tokens(self, scores: Any) -> tuple[Any, Any, Any]:
        """(emission scores, the likeliest tag of each token, whether that tag is sure): a sure
        I-X stays fixed only where the token before it may precede it, or is free."""
        o, trans = self.outside, self.log_trans
        emit = numpy.log(scores + 1e-9) - self.log_prior
        path = scores.argmax(axis=1)
        fixed = scores.max(axis=1) > self.sure
        before = numpy.concatenate([[o], path[:-1]])
        fixed[1:] &= ~(fixed[:-1] & (trans[before, path][1:] < -1e3))
        fixed[0] &= trans[o, path[0]] > -1e3
        return emit, path, fixed

    def path(self, scores: Any) -> Any:
        """The tag index of every token."""
        o = self.outside
        emit, path, fixed = self.sure_tokens(scores)
        edges = numpy.flatnonzero(
            numpy.diff(numpy.concatenate([[0], (~fixed).astype("int8"), [0]]))
        )
        if not len(edges):
            return path
        lengths = edges[1::2] - edges[::2]
        order = numpy.argsort(-lengths, kind="stable")
        starts, lengths = edges[::2][order], lengths[order]
        padded = numpy.concatenate([path, [o]])  # the tag after the last token: O
        # stretches of similar length together, so that padding to the longest of a group at
        # most doubles the work and memory (one long stretch beside many short ones stays linear)
        group = 0
        while group < len(starts):
            cut = group + int((2 * lengths[group:] > lengths[group]).sum())
            self._stretches(path, padded, emit, starts[group:cut], lengths[group:cut])
            group = cut
        return path

    def _stretches(self, path: Any, padded: Any, emit: Any, starts: Any, lengths: Any) -> None:
        """Viterbi over stretches between sure tokens, longest first, written into ``path``:
        searched side by side, step k extends the stretches longer than k (a prefix of them),
        with the very same additions and comparisons as one stretch at a time."""
        o, trans, tags = self.outside, self.log_trans, len(self.tags)
        n = len(path)
        ends = starts + lengths
        longest = int(lengths[0])
        active = [int((lengths > k).sum()) for k in range(longest)]
        firsts = numpy.where(starts > 0, padded[starts - 1], o)
        best = trans[firsts] + emit[starts]
        back = numpy.zeros((len(starts), longest, tags), dtype="int64")
        for k in range(1, longest):
            m = active[k]
            step = best[:m, :, None] + trans
            back[:m, k] = step.argmax(axis=1)
            best[:m] = step.max(axis=1) + emit[starts[:m] + k]  # the value at the argmax
        last = (best + trans[:, padded[numpy.minimum(ends, n)]].T).argmax(axis=1)
        rows = numpy.arange(len(starts))
        current = numpy.zeros(len(starts), dtype="int64")  # the tag at step k of each stretch
        for k in range(longest - 1, -1, -1):
            m = active[k]
            ending = lengths[:m] == k + 1
            current[:m][ending] = last[:m][ending]
            path[starts[:m] + k] = current[:m]
            if k:
                current[:m] = back[rows[:m], k, current[:m]]

    def spans(self, scores: Any) -> list[tuple[int, int, str]]:
        """(start, end, label) of every span of the most likely tag sequence."""
        if len(scores) == 0:
            return []
        path = self.path(scores)
        label = self.label_of[path]
        inside = label >= 0
        changed = numpy.ones(len(path), dtype=bool)
        changed[1:] = label[1:] != label[:-1]
        starts = inside & (changed | self.opens[path])
        last = numpy.ones(len(path), dtype=bool)
        last[:-1] = starts[1:] | (label[1:] != label[:-1])
        ends = inside & last
        return [
            (int(s), int(e) + 1, self.labels[label[s]])
            for s, e in zip(numpy.flatnonzero(starts), numpy.flatnonzero(ends), strict=True)
        ]


class AttributionTagger:
    """Tags SOURCE, CUE and CONTENT spans with the trained pipeline at ``model_dir``."""

    def __init__(self, nlp: Language, model_dir: Path) -> None:
        self.host = nlp
        self.model_dir = model_dir
        self._inner: Language | None = None
        self._decoder: BioDecoder | None = None
        self._reuse_tensor = False
        self._counts: list[list[int]] | None = None

    @property
    def inner(self) -> Language:
        """The trained pipeline (loaded on first use)."""
        return self.load()

    def load(self) -> Language:
        """Load the trained pipeline from ``model_dir`` unless it is loaded; return it."""
        if self._inner is None:
            self._set_inner(spacy.load(self.model_dir), self.model_dir)
        assert self._inner is not None
        return self._inner

    def _set_inner(self, inner: Language, path: Path) -> None:
        self._inner = inner
        self._reuse_tensor = _same_tok2vec(self.host, inner)
        bio: Any = inner.get_pipe(_BIO)
        transitions = path / TRANSITIONS
        counts = None
        if transitions.is_file():
            saved = srsly.read_json(transitions)
            assert tuple(saved["tags"]) == tuple(bio.labels), "transitions.json of other tags"
            counts = saved["counts"]
        self._decoder = BioDecoder(tuple(bio.labels), counts, PRIOR_WEIGHT)
        self._counts = counts

    def __call__(self, doc: Doc) -> Doc:
        inner = self.inner
        assert self._decoder is not None
        spans: list[tuple[int, int, str]] = []
        if len(doc):
            bio: Any = inner.get_pipe(_BIO)
            scores = bio.model.ops.to_numpy(bio.model.predict([self._encoded(doc)])[0])
            spans = self._decoder.spans(scores)
        doc.spans[TAGGED_KEY] = [Span(doc, s, e, label=label) for s, e, label in spans]
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 16) -> Iterable[Doc]:
        for doc in docs:
            yield self(doc)

    def _encoded(self, doc: Doc) -> Doc:
        """The Doc itself when its tensor is the one the tagger listens to, else a copy that the
        tagger's own tok2vec has encoded."""
        tensor = doc.tensor
        parsed = doc.has_annotation("DEP")
        if self._reuse_tensor and parsed and tensor is not None and tensor.shape[0] == len(doc):
            return doc
        inner = self.inner
        words = [t.text for t in doc]
        copy = Doc(inner.vocab, words=words, spaces=[bool(t.whitespace_) for t in doc])
        for name, pipe in inner.pipeline:
            if name != _BIO:
                copy = pipe(copy)
        return copy

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        Path(path).mkdir(parents=True, exist_ok=True)
        self.inner.to_disk(Path(path) / "model")
        if self._counts is not None:
            srsly.write_json(
                Path(path) / "model" / TRANSITIONS,
                {"tags": list(self._decoder.tags if self._decoder else ()), "counts": self._counts},
            )

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> AttributionTagger:
        self._set_inner(spacy.load(Path(path) / "model"), Path(path) / "model")
        return self


def _same_tok2vec(host: Language, inner: Language) -> bool:
    """Whether the host pipeline has the very tok2vec and parser (same weights) the tagger was
    trained with, frozen."""
    frozen = inner.config["training"]["frozen_components"]
    for name in inner.pipe_names:
        if name == _BIO:
            continue
        if name not in host.pipe_names or name not in frozen:
            return False
        mine: Any = inner.get_pipe(name)
        theirs: Any = host.get_pipe(name)
        if mine.model.to_bytes() != theirs.model.to_bytes():
            return False
    return True


@Language.factory(
    "factcheck_attribution_tagger",
    default_config={"model_dir": ""},
)
def make_attribution_tagger(nlp: Language, name: str, model_dir: str) -> AttributionTagger:
    """Tag source, cue and content spans with the trained model (the packaged one by default)."""
    return AttributionTagger(nlp, Path(model_dir) if model_dir else MODEL_DIR)
