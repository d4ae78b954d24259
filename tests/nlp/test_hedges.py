"""factcheck_hedges on parsed sentences whose claims are set by hand (the attribution components
are not involved): which hedges qualify which claim, and which look-alikes are not hedges."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from spacy.language import Language
from spacy.tokens import Doc, Span

from factcheck.nlp.hedge_patterns import (
    hedge_lexicon_v1,
    hedge_lexicon_v2,
    hedge_lexicon_v3,
    hedge_lexicon_v4,
)
from factcheck.nlp.hedges import HedgeFinder, is_epistemic_modal, tokenizer_words

pytestmark = pytest.mark.model


def parse(nlp: Language, text: str) -> Doc:
    """Tag and parse ``text`` with spaCy's components only; no factcheck component runs."""
    with nlp.select_pipes(enable=[n for n in nlp.pipe_names if not n.startswith("factcheck_")]):
        return nlp(text)


def nearest(text: str, needle: str, near: int) -> int:
    """The start of the occurrence of ``needle`` in ``text`` nearest to offset ``near``."""
    starts = [i for i in range(len(text)) if text.startswith(needle, i)]
    assert starts, needle
    return min(starts, key=lambda i: abs(i - near))


def claim(doc: Doc, content: str, cue: str | None = None) -> Span:
    """A claim span over ``content`` with the nearest ``cue`` set as its character range."""
    start = doc.text.index(content)
    span = doc.char_span(start, start + len(content), alignment_mode="expand")
    assert span is not None
    if cue is not None:
        at = nearest(doc.text, cue, start)
        span._.fc_cue = (at, at + len(cue))
    return span


def hedges_of(nlp: Language, text: str, claims: list[tuple[str, str | None]]) -> list[list[str]]:
    doc = parse(nlp, text)
    doc.spans["fc_claims"] = [claim(doc, content, cue) for content, cue in claims]
    HedgeFinder(hedge_lexicon_v1(), tokenizer_words(nlp))(doc)
    return [[text[s:e] for s, e in span._.fc_hedges] for span in doc.spans["fc_claims"]]


CASES = [
    # (text, [(claim content, cue)], expected hedges per claim)
    ("The colonel allegedly ordered the strike, a witness said.",
     [("The colonel allegedly ordered the strike", "said")], [["allegedly"]]),
    ("Officials said the dam may fail within days.",
     [("the dam may fail within days", "said")], [["may"]]),
    ("In May 2024 the ministry said the road was open.",
     [("the road was open", "said")], [[]]),
    ("Theresa May said the talks had ended.", [("the talks had ended", "said")], [[]]),
    ('"Could the army have known?" she asked.', [("Could the army have known?", "asked")], [[]]),
    ("The council said residents could not return.", [("residents could not return", "said")], [[]]),
    ("The council said residents could return next week.",
     [("residents could return next week", "said")], [["could"]]),
    ("Engineers said the bridge can carry ten tonnes.",
     [("the bridge can carry ten tonnes", "said")], [[]]),
    ("According to unconfirmed reports, an estimated 300 families fled.",
     [("an estimated 300 families fled", "According to")],
     [["According to unconfirmed reports", "an estimated"]]),
    ("It appears that the convoy was struck twice, the monitor reported.",
     [("the convoy was struck twice", "reported")], [["It appears"]]),
    ("The minister is said to have signed the order.",
     [("have signed the order", "is said to")], [["is said to"]]),
    ("It is possible that the figures were inflated, the auditor wrote.",
     [("the figures were inflated", "wrote")], [["It is possible that"]]),
    ("The group claimed responsibility for the blast.",
     [("The group claimed responsibility for the blast.", None)], [[]]),
    ("She claimed the ballots were burned.", [("the ballots were burned", "claimed")], [["claimed"]]),
    ("The mayor said the fire was an accident, but residents reportedly said it was arson.",
     [("the fire was an accident", "said"), ("it was arson", "said")], [[], ["reportedly"]]),
    ("The footage could not be independently verified, the agency said of the video.",
     [("The footage could not be independently verified", "said")],
     [["could not be independently verified"]]),
    ("The prisoners were apparently moved at night, and some might have been released.",
     [("The prisoners were apparently moved at night, and some might have been released.", None)],
     [["apparently", "might"]]),
    ("A purported letter from the general ostensibly authorised the raid.",
     [("A purported letter from the general ostensibly authorised the raid.", None)],
     [["purported", "ostensibly"]]),
    ("Party leaders said they could no longer support the budget.",
     [("they could no longer support the budget", "said")], [[]]),
    ("Both attacks were claimed by the militia, the ministry said.",
     [("Both attacks were claimed by the militia", "said")], [[]]),
    ("The council said the road would reopen in May, although residents who live along the valley floor might still face delays.",
     [("the road would reopen in May", "said")], [[]]),
    ("Islanders said the boat stayed in port because no crew could be found.",
     [("the boat stayed in port because no crew could be found", "said")], [[]]),
    ("Quill said the company had claimed compensation from the builder.",
     [("the company had claimed compensation from the builder", "said")], [[]]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "claims", "expected"), CASES)
def test_hedges_of_claims(
    nlp: Language, text: str, claims: list[tuple[str, str | None]], expected: list[list[str]]
) -> None:
    assert hedges_of(nlp, text, claims) == expected


def test_hedges_are_listed_for_the_whole_doc(nlp: Language) -> None:
    doc = parse(nlp, "Rebels reportedly took the town. Nobody was said to be hurt.")
    HedgeFinder(hedge_lexicon_v1(), tokenizer_words(nlp))(doc)
    assert [s.text for s in doc.spans["fc_hedges"]] == ["reportedly", "was said to"]


def test_doc_without_claims_gets_no_error(nlp: Language) -> None:
    doc = parse(nlp, "Allegedly, nothing happened.")
    HedgeFinder(hedge_lexicon_v1(), tokenizer_words(nlp))(doc)
    assert "fc_claims" not in doc.spans


@pytest.mark.parametrize(
    ("words", "index", "expected"),
    [
        (["Prices", "may", "rise", "."], 1, True),
        (["It", "happened", "in", "May", "2020", "."], 3, False),
        (["Ms", "May", "spoke", "."], 1, False),
        (["Could", "it", "rain", "?"], 0, False),
        (["They", "could", "not", "leave", "."], 1, False),
        (["They", "might", "leave", "."], 1, True),
    ],
)
def test_modals_on_hand_built_docs(
    nlp: Language, words: list[str], index: int, expected: bool
) -> None:
    """Without tags or a parse, month, name, question and "could not" are still told apart."""
    doc = Doc(nlp.vocab, words=words)
    assert is_epistemic_modal(doc[index]) is expected


V2_CASES = [
    # word classes of factcheck.hedges.v2: raising verbs, participles of belief, likelihood
    ("Voters seem to care more about trust than policy, the pollster said.",
     [("Voters seem to care more about trust than policy", "said")], [["seem"]]),
    ("The senator appeared rattled after the vote, aides said.",
     [("The senator appeared rattled after the vote", "said")], [["appeared"]]),
    ("The senator appeared on a morning show, aides said.",
     [("The senator appeared on a morning show", "said")], [[]]),
    ("The treasurer is widely believed to have moved the funds, a clerk said.",
     [("The treasurer is widely believed to have moved the funds", "said")], [["believed to"]]),
    ("The mayor was seen as a weak candidate, the column argued.",
     [("The mayor was seen as a weak candidate", "argued")], [["seen as"]]),
    ("He said to reporters that the plant would close.",
     [("the plant would close", "said")], [[]]),
    ("The council is likely to approve the budget, a member said.",
     [("The council is likely to approve the budget", "said")], [["likely"]]),
    ("Among likely voters the two are tied, the survey found.",
     [("Among likely voters the two are tied", "found")], [[]]),
    ("The governor is expected to sign the bill, her office said.",
     [("The governor is expected to sign the bill", "said")], [["expected to"]]),
]  # fmt: skip


V3_CASES = [
    # factcheck.hedges.v3: asked about, a group or a rate, a perception are not doubt
    ("Aides asked how the mayor could win the seat, a clerk said.",
     [("Aides asked how the mayor could win the seat", "said")], [[]]),
    ("The survey reached 800 likely Republican primary voters, the pollster said.",
     [("The survey reached 800 likely Republican primary voters", "said")], [[]]),
    ("Older residents are more likely to vote, the survey found.",
     [("Older residents are more likely to vote", "found")], [[]]),
    ("The lighting makes him seem taller, the stylist said.",
     [("The lighting makes him seem taller", "said")], [[]]),
    # ... while these still hedge
    ("The party's likely nominee is a former judge, aides said.",
     [("The party's likely nominee is a former judge", "said")], [["likely"]]),
    ("The council may approve the budget, a member said.",
     [("The council may approve the budget", "said")], [["may"]]),
    ("The mayor seems tired of the fight, aides said.",
     [("The mayor seems tired of the fight", "said")], [["seems"]]),
]  # fmt: skip


# factcheck.hedges.v4: evidence that suggests (a thing as its subject) hedges; a person who
# suggests is speaking; the earlier classes still hedge. Each claim is the sentence before ", ".
V4_SENTENCES = {
    "The study suggests the dam is failing, the engineers said.": ["suggests"],
    "Messages found on his phone suggested that he had help, police said.": ["suggested"],
    "The senator suggested that the vote be delayed, aides said.": [],
    "Two officials suggested a delay, the report said.": [],
    "The council may approve the budget, a member said.": ["may"],
}
V4_CASES = [
    (text, [(text.rsplit(", ", 1)[0], "said")], [hedges]) for text, hedges in V4_SENTENCES.items()
]


@pytest.mark.parametrize(
    ("lexicon", "text", "claims", "expected"),
    [(hedge_lexicon_v2, *case) for case in V2_CASES]
    + [(hedge_lexicon_v3, *case) for case in V3_CASES]
    + [(hedge_lexicon_v4, *case) for case in V4_CASES],
)
def test_hedges_by_lexicon_version(
    nlp: Language,
    lexicon: Callable[[], dict[str, Any]],
    text: str,
    claims: list[tuple[str, str | None]],
    expected: list[list[str]],
) -> None:
    """v2's word classes, v3's exclusions and v4's verb of evidence, each with the lexicon that
    introduced them."""
    doc = parse(nlp, text)
    doc.spans["fc_claims"] = [claim(doc, content, cue) for content, cue in claims]
    HedgeFinder(lexicon(), tokenizer_words(nlp))(doc)
    assert [[text[s:e] for s, e in span._.fc_hedges] for span in doc.spans["fc_claims"]] == expected
