"""Claim context on hand-built Docs: sentences cut at paragraph breaks, and who owns a word."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from factcheck.nlp.claim_context import (
    ClaimContext,
    SentenceIndex,
    assign_owners,
    char_text,
    doc_length,
    has_sentences,
    owners,
    span_extension,
)


def sentenced(words: list[str], spaces: list[bool], starts: list[int]) -> Doc:
    flags = [i in starts for i in range(len(words))]
    return Doc(Vocab(), words=words, spaces=spaces, sent_starts=flags)


def test_sentences_are_cut_at_paragraph_breaks() -> None:
    # one parser "sentence" running from a byline over a blank line into the lead
    words = ["By", "Ann", "\n\n", "Rain", "fell", ".", "It", "stopped", "."]
    spaces = [True, False, False, True, False, True, True, False, False]
    doc = sentenced(words, spaces, [0, 6])
    index = SentenceIndex(doc)
    pieces = [doc.text[a:b] for a, b in index.ranges]
    assert pieces == ["By Ann", "Rain fell.", "It stopped."]
    start = doc.text.index("fell")
    assert index.covering(start, start + 4) == (doc.text.index("Rain"), doc.text.index(" It"))
    assert index.previous(doc.text.index("It")) == index.ranges[1]
    assert index.previous(0) is None


def test_span_extension_reads_what_span_underscore_reads() -> None:
    for name, kwargs in (
        ("fc_test_plain", {"default": "none yet"}),
        ("fc_test_list", {"default": []}),
        ("fc_test_getter", {"getter": lambda span: span.text.upper()}),
    ):
        if not Span.has_extension(name):
            Span.set_extension(name, **kwargs)
    doc = Doc(Vocab(), words=["Lee", "said", "so", "."], spaces=[True, True, False, False])
    told, untold = doc[0:3], doc[1:2]
    told._.fc_test_plain = ("a", 1)
    told._.fc_test_list = [1]
    for span in (told, untold, doc[0:3]):
        for name in ("fc_test_plain", "fc_test_list", "fc_test_getter"):
            assert span_extension(span, name) == getattr(span._, name)
    assert span_extension(doc[0:3], "fc_test_plain") is told._.fc_test_plain
    assert span_extension(untold, "fc_test_list") == [] and untold._.fc_test_list == []
    assert span_extension(told, "fc_test_undeclared") is None


def test_docs_without_sentences() -> None:
    doc = Doc(Vocab(), words=["no", "parse"])
    assert not has_sentences(doc)
    assert SentenceIndex(doc).covering(0, 2) is None
    assert doc_length(doc) == len(doc.text)
    assert char_text(doc, 1, 6) == doc.text[1:6]


def test_content_wins_then_the_nearest_anchor() -> None:
    a = ClaimContext(content=(10, 20), anchors=[(0, 4)], attribution=[(0, 60)])
    b = ClaimContext(content=(40, 60), anchors=[(30, 34)], attribution=[(0, 60)])
    assert owners((12, 14), [a, b]) == [0]
    assert owners((26, 29), [a, b]) == [1]
    assert owners((5, 8), [a, b]) == [0]
    assert owners((70, 72), [a, b]) == []


def test_max_gap_keeps_far_words_out_unless_they_introduce_the_claim() -> None:
    far = ClaimContext(content=(100, 120), anchors=[(90, 94)], attribution=[(0, 130)])
    assert owners((5, 10), [far]) == [0]
    assert owners((5, 10), [far], max_gap=20) == []
    far.introduction.append((0, 40))
    assert owners((5, 10), [far], max_gap=20) == [0]


ranges = st.tuples(st.integers(0, 200), st.integers(1, 40)).map(lambda p: (p[0], p[0] + p[1]))


@st.composite
def contexts(draw: st.DrawFn) -> ClaimContext:
    return ClaimContext(
        content=draw(ranges),
        anchors=draw(st.lists(ranges, max_size=2)),
        attribution=draw(st.lists(ranges, max_size=2)),
        introduction=draw(st.lists(ranges, max_size=1)),
    )


@settings(max_examples=200, deadline=None)
@given(
    targets=st.lists(ranges, max_size=20),
    claims=st.lists(contexts(), max_size=8),
    gap=st.one_of(st.none(), st.integers(0, 30)),
)
def test_the_sweep_gives_what_owners_gives(
    targets: list[tuple[int, int]], claims: list[ClaimContext], gap: int | None
) -> None:
    assert assign_owners(targets, claims, gap) == [owners(t, claims, gap) for t in targets]
