"""The per-Doc scratch data: released with the records, bounded otherwise; the children index."""

from __future__ import annotations

import gc
import weakref

from spacy.tokens import Doc
from spacy.vocab import Vocab

from factcheck.extract import doc_to_records
from factcheck.nlp import doc_index
from factcheck.nlp.doc_index import doc_cache, forget_doc
from factcheck.nlp.syntax import child_ids
from factcheck.records import Article


def _doc(words: list[str], heads: list[int] | None = None) -> Doc:
    deps = ["dep"] * len(words) if heads is not None else None
    return Doc(Vocab(), words=words, spaces=[True] * len(words), heads=heads, deps=deps)


def _garbage_free(ref: weakref.ref[Doc]) -> bool:
    gc.collect()
    return ref() is None


def test_a_doc_whose_scratch_data_holds_its_spans_is_freed_once_its_records_are_made() -> None:
    doc = _doc(["The", "levy", "rose", "."])
    doc_cache(doc)["spans"] = [doc[0:2]]  # a Span keeps its Doc alive
    records = doc_to_records(doc, Article(text=doc.text, path="a.txt"))
    assert records.claims == ()
    ref = weakref.ref(doc)
    del doc
    assert _garbage_free(ref)


def test_the_scratch_data_of_docs_never_released_stays_bounded() -> None:
    refs = []
    for i in range(doc_index._KEPT * 2):
        doc = _doc(["word", str(i)])
        doc_cache(doc)["first"] = doc[0:1]
        refs.append(weakref.ref(doc))
    del doc
    gc.collect()
    alive = sum(ref() is not None for ref in refs)
    assert alive <= doc_index._KEPT
    assert refs[-1]() is not None  # the newest are kept
    forget_doc(refs[-1]())  # type: ignore[arg-type]


def test_a_doc_asked_again_after_its_data_was_dropped_gets_it_anew() -> None:
    doc = _doc(["Prices", "rose", "sharply", "."], heads=[1, 1, 1, 1])
    assert child_ids(doc, 1) == [0, 2, 3]
    forget_doc(doc)
    assert "children" not in doc_cache(doc)
    assert child_ids(doc, 1) == [0, 2, 3]


def test_the_children_index_gives_each_tokens_children_in_text_order() -> None:
    # Written for this test: a nested tree with left and right children and two roots.
    words = ["He", "said", "that", "she", "said", "it", "rose", ".", "Fine", "."]
    heads = [1, 1, 4, 4, 1, 6, 4, 1, 8, 8]
    doc = _doc(words, heads)
    for token in doc:
        assert child_ids(doc, token.i) == [c.i for c in token.children]
    empty = _doc([])
    assert doc_cache(empty) == {}
