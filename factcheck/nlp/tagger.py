"""factcheck_attribution_tagger: source, cue and content spans from a model trained on PolNeAR.

The component wraps a small trained spaCy pipeline (a tok2vec and an entity recognizer whose
labels are SOURCE, CUE and CONTENT; see ``factcheck/nlp/training/``) shipped in
``factcheck/nlp/models/attribution``. It tags a copy of the Doc, so the English pipeline's own
entities stay untouched, and writes the tagged spans to ``doc.spans["fc_tagged"]``; the merge
step (``factcheck_attribution_merge``) turns them into claims beside the rules'.

When the English pipeline's tok2vec is the one the tagger was trained to listen to (same
weights), the copy takes that tok2vec's output (``doc.tensor``) and only the recognizer runs;
otherwise the tagger runs its own copy of the tok2vec.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

TAGGED_KEY = "fc_tagged"
MODEL_DIR = Path(__file__).resolve().parent / "models" / "attribution"
LABELS = ("SOURCE", "CUE", "CONTENT")
_TOK2VEC = "tok2vec"


class AttributionTagger:
    """Tags SOURCE, CUE and CONTENT spans with the trained pipeline at ``model_dir``."""

    def __init__(self, nlp: Language, model_dir: Path) -> None:
        self.host = nlp
        self.model_dir = model_dir
        self._inner: Language | None = None
        self._reuse_tensor = False

    @property
    def inner(self) -> Language:
        """The trained pipeline (loaded on first use)."""
        return self.load()

    def load(self) -> Language:
        """Load the trained pipeline from ``model_dir`` unless it is loaded; return it."""
        if self._inner is None:
            self._set_inner(spacy.load(self.model_dir))
        assert self._inner is not None
        return self._inner

    def _set_inner(self, inner: Language) -> None:
        self._inner = inner
        self._reuse_tensor = _same_tok2vec(self.host, inner)

    def __call__(self, doc: Doc) -> Doc:
        copy = self._tagged_copy(doc)
        doc.spans[TAGGED_KEY] = [Span(doc, e.start, e.end, label=e.label_) for e in copy.ents]
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 16) -> Iterable[Doc]:
        for doc in docs:
            yield self(doc)

    def _tagged_copy(self, doc: Doc) -> Doc:
        inner = self.inner
        words = [t.text for t in doc]
        copy = Doc(inner.vocab, words=words, spaces=[bool(t.whitespace_) for t in doc])
        reuse = self._reuse_tensor and doc.tensor is not None and doc.tensor.shape[0] == len(doc)
        if reuse:
            copy.tensor = doc.tensor
        for name, pipe in inner.pipeline:
            if not (reuse and name == _TOK2VEC):
                copy = pipe(copy)
        return copy

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        Path(path).mkdir(parents=True, exist_ok=True)
        self.inner.to_disk(Path(path) / "model")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> AttributionTagger:
        self._set_inner(spacy.load(Path(path) / "model"))
        return self


def _same_tok2vec(host: Language, inner: Language) -> bool:
    """Whether the host pipeline has the very tok2vec (same weights) the tagger listens to."""
    if _TOK2VEC not in host.pipe_names or _TOK2VEC not in inner.pipe_names:
        return False
    if _TOK2VEC not in inner.config["training"]["frozen_components"]:
        return False
    mine: Any = inner.get_pipe(_TOK2VEC)
    theirs: Any = host.get_pipe(_TOK2VEC)
    return bool(mine.model.to_bytes() == theirs.model.to_bytes())


@Language.factory(
    "factcheck_attribution_tagger",
    default_config={"model_dir": ""},
)
def make_attribution_tagger(nlp: Language, name: str, model_dir: str) -> AttributionTagger:
    """Tag source, cue and content spans with the trained model (the packaged one by default)."""
    return AttributionTagger(nlp, Path(model_dir) if model_dir else MODEL_DIR)
