"""Per-Doc scratch data computed once and shared by the components: the text, its paragraphs.

``Doc.text`` joins every token on each access (half a millisecond for a news article) and the
components each asked for it, some several times; ``doc_text`` builds it once per Doc. A Doc's
text never changes (retokenizing keeps it), so nothing here goes stale.
"""

from __future__ import annotations

import weakref
from typing import Any

from spacy.tokens import Doc

_PER_DOC: weakref.WeakKeyDictionary[Doc, dict[str, Any]] = weakref.WeakKeyDictionary()


def doc_cache(doc: Doc) -> dict[str, Any]:
    """A scratch dict that lives as long as ``doc``: indices computed once per document."""
    return _PER_DOC.setdefault(doc, {})


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
