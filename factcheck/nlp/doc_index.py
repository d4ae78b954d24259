"""Per-Doc scratch data computed once and shared by the components: the text, token columns.

``Doc.text`` joins every token on each access (half a millisecond for a news article) and the
components each asked for it, some several times; ``doc_text`` builds it once per Doc. A Doc's
text never changes (retokenizing keeps it). ``token_column`` reads one attribute of every token at
once (``Doc.to_array``): a loop over a Doc makes a ``Token`` object per word, which cost more than
most of what the components then do with it. Columns are read after the parse; the factcheck
components never change token attributes, and a retokenized Doc (another length) is read again.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable
from typing import Any

from spacy.attrs import HEAD
from spacy.strings import get_string_id
from spacy.tokens import Doc

_PER_DOC: weakref.WeakKeyDictionary[Doc, dict[str, Any]] = weakref.WeakKeyDictionary()
# Docs whose scratch dict is kept at most: some entries hold Spans or Tokens, which keep their Doc
# alive, so the weak key alone would never let it go (a Doc per article leaked, and the garbage
# collector walked them all). The pipeline has at most a batch of Docs in hand at a time.
_KEPT = 64


# The Doc asked about last (a weak reference) and its scratch dict: a component asks about one
# Doc tens of thousands of times in a row, and a weak-keyed lookup makes a new weak reference
# each time.
_LAST: tuple[weakref.ref[Doc], dict[str, Any]] | None = None


def doc_cache(doc: Doc) -> dict[str, Any]:
    """A scratch dict for ``doc``: indices computed once per document. It lives until
    ``forget_doc(doc)`` (``doc_to_records`` calls it), or until ``_KEPT`` newer Docs have one;
    a Doc asked for again after that gets an empty one (its indices are computed anew)."""
    global _LAST
    last = _LAST
    if last is not None and last[0]() is doc:
        return last[1]
    found = _PER_DOC.get(doc)
    if found is None:
        if len(_PER_DOC) >= _KEPT:
            for oldest in list(_PER_DOC.keys())[: len(_PER_DOC) - _KEPT + 1]:
                _PER_DOC.pop(oldest, None)
        found = _PER_DOC[doc] = {}
    _LAST = (weakref.ref(doc), found)
    return found


def forget_doc(doc: Doc) -> None:
    """Drop the scratch dict of ``doc`` (and what it holds of the Doc)."""
    global _LAST
    _PER_DOC.pop(doc, None)
    if _LAST is not None and _LAST[0]() is doc:
        _LAST = None


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per Doc."""
    cache = doc_cache(doc)
    text: str | None = cache.get("text")
    if text is None:
        text = cache["text"] = doc.text
    return text


def remember_text(doc: Doc, text: str) -> None:
    """Record ``text`` as the text of ``doc`` (the tokenizer's input, which ``doc.text`` equals)."""
    doc_cache(doc)["text"] = text


_COLUMN_KEYS: dict[int, str] = {}


def token_column(doc: Doc, attr: int) -> list[int]:
    """The value of ``attr`` (a ``spacy.attrs`` id) for every token, read once per Doc.

    Strings come as their ids in the string store (compare with ``get_string_id``); ``HEAD`` as
    the offset of each token's head (0 for a root). Reading a column costs less than making one
    ``Token`` per word, which every ``for token in doc`` does.
    """
    cache = doc_cache(doc)
    key = _COLUMN_KEYS.get(attr) or _COLUMN_KEYS.setdefault(attr, f"column {attr}")
    column: list[int] | None = cache.get(key)
    if column is None or len(column) != len(doc):
        values = doc.to_array(attr)
        if attr == HEAD:  # offsets come unsigned
            values = values.astype("int64")
        column = cache[key] = values.tolist()
    return column


class Words:
    """A set of words asked about by string id: ``words.has(doc, id)`` is whether the string of
    ``id`` (lower-cased) is one of them, remembered per id."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words = frozenset(words)
        self._known: dict[int, bool] = {}

    def has(self, doc: Doc, key: int) -> bool:
        found = self._known.get(key)
        if found is None:
            found = self._known[key] = doc.vocab.strings[key].lower() in self.words
        return found


def string_ids(words: Iterable[str]) -> frozenset[int]:
    """The string ids of ``words``, as ``token_column`` gives them."""
    return frozenset(get_string_id(w) for w in words)
