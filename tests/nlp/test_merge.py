"""factcheck_attribution_merge on hand-tagged Docs: decoding and the merge with the rules' claims."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc, Span

import factcheck.nlp  # noqa: F401  (registers the factories and extensions)
from factcheck.nlp.attribution import CLAIMS_KEY
from factcheck.nlp.cues import SILENT_KEY
from factcheck.nlp.merge import AttributionMerger, Tagged, decode
from factcheck.nlp.tagger import TAGGED_KEY

NLP = spacy.blank("en")


def tagged_doc(text: str, tags: list[tuple[str, str]]) -> Doc:
    """``text`` with each (fragment, label) tagged, fragments found left to right."""
    doc = NLP(text)
    spans, at = [], 0
    for fragment, label in tags:
        start = text.index(fragment, at)
        at = start + len(fragment)
        span = doc.char_span(start, at, label=label)
        assert span is not None, fragment
        spans.append(span)
    doc.spans[TAGGED_KEY] = spans
    doc.spans[CLAIMS_KEY] = []
    return doc


def texts(doc: Doc, found: list[Tagged]) -> list[tuple[str, str, str | None]]:
    def cut(rng: tuple[int, int] | None) -> str | None:
        return doc[rng[0] : rng[1]].text if rng else None

    return [(doc[t.content[0] : t.content[1]].text, cut(t.cue), cut(t.source)) for t in found]


@pytest.mark.parametrize(
    ("text", "tags", "expected"),
    [
        (
            "Ann Lee said the mill would close.",
            [("Ann Lee", "SOURCE"), ("said", "CUE"), ("the mill would close", "CONTENT")],
            [("the mill would close", "said", "Ann Lee")],
        ),
        (  # a content interrupted by its cue and source is one claim
            "The plan, she said, will fail.",
            [("The plan", "CONTENT"), ("she", "SOURCE"), ("said", "CUE"), ("will fail", "CONTENT")],
            [("The plan, she said, will fail", "said", "she")],
        ),
        (  # a content with no cue is dropped
            "Prices rose. The mill would close.",
            [("The mill would close", "CONTENT")],
            [],
        ),
        (  # no cue across a paragraph break
            "Ann Lee said\n\nthe mill would close.",
            [("Ann Lee", "SOURCE"), ("said", "CUE"), ("the mill would close", "CONTENT")],
            [],
        ),
    ],
)
def test_decode(text: str, tags: list[tuple[str, str]], expected: list[tuple]) -> None:
    doc = tagged_doc(text, tags)
    assert texts(doc, decode(doc, list(doc.spans[TAGGED_KEY]))) == expected


def _rule_claim(doc: Doc, content: str, kind: str, speaker: str, cue: str) -> Span:
    start = doc.text.index(content)
    span = doc.char_span(start, start + len(content), label=kind)
    assert span is not None
    span._.fc_kind = kind
    s, c = doc.text.index(speaker), doc.text.index(cue)
    span._.fc_speaker = (s, s + len(speaker))
    span._.fc_speaker_name = speaker
    span._.fc_cue = (c, c + len(cue))
    return span


def _merged(doc: Doc) -> list[tuple[str, str, str | None, str | None]]:
    AttributionMerger(correct_boundaries=True, correct_sources=True, add_new=True)(doc)
    out = []
    for span in doc.spans[CLAIMS_KEY]:
        sp, cue = span._.fc_speaker, span._.fc_cue
        speaker = doc.text[sp[0] : sp[1]] if sp else None
        out.append((span._.fc_kind, span.text, speaker, doc.text[cue[0] : cue[1]] if cue else None))
    return out


def test_the_tagger_adds_a_claim_the_rules_missed() -> None:
    doc = tagged_doc(
        "Ann Lee voiced doubt that the mill would reopen.",
        [("Ann Lee", "SOURCE"), ("voiced doubt", "CUE"), ("that the mill would reopen", "CONTENT")],
    )
    assert _merged(doc) == [
        ("indirect", "that the mill would reopen", "Ann Lee", "voiced doubt"),
    ]


def test_no_claim_before_the_cue_of_a_colon_block() -> None:
    # the question put to the speaker is tagged as content of the cue that introduces the block
    text = "Asked whether the mill would close, the owner said:\n\nWe will keep it open."
    doc = tagged_doc(
        text,
        [
            ("Asked", "CUE"),
            ("whether the mill would close, the owner", "CONTENT"),
            ("said", "CUE"),
        ],
    )
    doc.spans[CLAIMS_KEY] = [
        _rule_claim(doc, "We will keep it open.", "block", "the owner", "said")
    ]
    assert _merged(doc) == [("block", "We will keep it open.", "the owner", "said")]


def test_no_claim_for_what_a_rule_claim_already_reads() -> None:
    # the rules read "according to" with its source; the tagger took the source's words for a
    # content of a longer cue: no second claim from them
    text = "The river doubled its nitrate, according to monitoring data published by the agency."
    doc = tagged_doc(
        text,
        [("according to monitoring", "CUE"), ("data published by", "CONTENT")],
    )
    rule = _rule_claim(
        doc, "The river doubled its nitrate", "according_to", "the agency", "according to"
    )
    doc.spans[CLAIMS_KEY] = [rule]
    assert _merged(doc) == [
        ("according_to", "The river doubled its nitrate", "the agency", "according to")
    ]
    # the same tagged attribution with no rule claim there is a new claim
    doc.spans[CLAIMS_KEY] = []
    assert [kind for kind, *_ in _merged(doc)] == ["indirect"]


@pytest.mark.parametrize(
    ("text", "tags", "silent", "hedges"),
    [
        (  # the cue finder keeps "declined" (a refusal to speak) in fc_silent_cues
            "The harbour authority declined to comment on the closure.",
            [
                ("The harbour authority", "SOURCE"),
                ("declined", "CUE"),
                ("to comment on", "CONTENT"),
            ],
            "declined",
            [],
        ),
        (  # hearsay the article repeats: the company is not the speaker of "the council money"
            "The ferry company reportedly owes the council money.",
            [
                ("The ferry company", "SOURCE"),
                ("reportedly owes", "CUE"),
                ("the council", "CONTENT"),
            ],
            None,
            ["Reportedly"],
        ),
    ],
)
def test_no_claim_from_a_cue_that_says_nothing(
    text: str, tags: list[tuple[str, str]], silent: str | None, hedges: list[str]
) -> None:
    doc = tagged_doc(text, tags)
    if silent:
        at = text.index(silent)
        doc.spans[SILENT_KEY] = [doc.char_span(at, at + len(silent))]
    assert (
        list(AttributionMerger(False, False, True, hedge_words=hedges)(doc).spans[CLAIMS_KEY]) == []
    )
    # without the rules' verdict or the hedge lexicon, the same tags make a claim
    doc = tagged_doc(text, tags)
    assert len(AttributionMerger(False, False, True)(doc).spans[CLAIMS_KEY]) == 1


def test_the_tagger_corrects_the_boundaries_and_source_of_an_indirect_claim() -> None:
    text = "The lawyer for Ann Lee said on Monday that the mill would close."
    doc = tagged_doc(
        text,
        [
            ("The lawyer for Ann Lee", "SOURCE"),
            ("said", "CUE"),
            ("that the mill would close", "CONTENT"),
        ],
    )
    doc.spans[CLAIMS_KEY] = [
        _rule_claim(doc, "the mill would close.", "indirect", "Ann Lee", "said")
    ]
    assert _merged(doc) == [
        ("indirect", "that the mill would close", "The lawyer for Ann Lee", "said"),
    ]


def test_quotes_stay_as_the_rules_found_them() -> None:
    text = "“The mill will close,” Ann Lee said."
    doc = tagged_doc(
        text, [("The mill will close", "CONTENT"), ("Ann Lee", "SOURCE"), ("said", "CUE")]
    )
    doc.spans[CLAIMS_KEY] = [
        _rule_claim(doc, "“The mill will close,”", "direct", "Ann Lee", "said")
    ]
    assert _merged(doc) == [("direct", "“The mill will close,”", "Ann Lee", "said")]


def test_a_content_without_a_tagged_cue_takes_a_cue_of_the_rules() -> None:
    doc = tagged_doc("Ann Lee fears the mill would close.", [("the mill would close", "CONTENT")])
    rule_cue = doc.char_span(8, 13, label="stance")
    assert rule_cue is not None
    assert texts(doc, decode(doc, list(doc.spans[TAGGED_KEY]))) == []
    found = decode(doc, list(doc.spans[TAGGED_KEY]), [rule_cue])
    assert texts(doc, found) == [("the mill would close", "fears", None)]
