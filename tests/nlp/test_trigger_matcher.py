"""The trigger-word rule matcher on hand-built Docs (no model): operators, sets, longest match."""

from __future__ import annotations

from typing import Any

import pytest
import spacy
from spacy.tokens import Doc

from factcheck.nlp.trigger_matcher import TriggerMatcher

VOCAB = spacy.blank("en").vocab  # lexical attributes (LOWER, IS_TITLE) without a trained model


def make(words: list[str], pos: list[str] | None = None) -> Doc:
    return Doc(VOCAB, words=words, pos=pos)


def spans(pattern: list[dict[str, Any]], doc: Doc) -> list[str]:
    matcher = TriggerMatcher(window=8)
    matcher.add("R", pattern)
    return [doc[s:e].text for _, s, e in matcher(doc)]


WORDS = ["Leaked", "internal", "Ministry", "memos", "show", "the", "plan"]
POS = ["VERB", "ADJ", "PROPN", "NOUN", "VERB", "DET", "NOUN"]


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ([{"LOWER": "memos"}], ["memos"]),
        ([{"LOWER": {"IN": ["leaked", "secret"]}}, {"POS": {"IN": ["ADJ", "PROPN"]}, "OP": "*"}, {"LOWER": "memos"}], ["Leaked internal Ministry memos"]),
        ([{"LOWER": "leaked"}, {"POS": "ADJ", "OP": "+"}, {"POS": "PROPN"}], ["Leaked internal Ministry"]),
        ([{"LOWER": "leaked"}, {"POS": "NOUN", "OP": "+"}], []),
        ([{"LOWER": "memos"}, {"LOWER": "really", "OP": "?"}, {"LOWER": "show"}], ["memos show"]),
        ([{"LOWER": "memos"}, {"LOWER": {"NOT_IN": ["show"]}}], []),
        ([{"LOWER": "internal"}, {"IS_TITLE": True}], ["internal Ministry"]),
        ([{"LOWER": "the"}, {"ORTH": "plan"}], ["the plan"]),
    ],
)  # fmt: skip
def test_patterns(pattern: list[dict[str, Any]], expected: list[str]) -> None:
    assert spans(pattern, make(WORDS, POS)) == expected


def test_the_window_bounds_a_match() -> None:
    doc = make(["a"] + ["b"] * 20)
    matcher = TriggerMatcher(window=5)
    matcher.add("R", [{"LOWER": "a"}, {"LOWER": "b", "OP": "*"}])
    assert [(s, e) for _, s, e in matcher(doc)] == [(0, 5)]


@pytest.mark.parametrize(
    "pattern",
    [
        [{"POS": "NOUN"}],
        [{"LOWER": "a", "OP": "?"}],
        [{"LEMMA": "be"}],
        [{"LOWER": "a"}, {"SHAPE": "dd"}],
        [],
    ],
)
def test_unsupported_patterns_are_refused(pattern: list[dict[str, Any]]) -> None:
    with pytest.raises(ValueError):
        TriggerMatcher().add("R", pattern)
