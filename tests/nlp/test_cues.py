"""factcheck_cues on hand-built parses: which words are cues, and of which family."""

from __future__ import annotations

import pytest
from spacy.language import Language

from factcheck.nlp.cues import CUES_KEY
from tests.nlp.handmade import blank_pipeline, build_doc, run


@pytest.fixture(scope="module")
def cue_nlp() -> Language:
    return blank_pipeline("factcheck_cues")


CASES = {
    "speech verb with a clause": (
        """
        She PRON nsubj 1
        said VERB ROOT 1 say
        that SCONJ mark 4
        taxes NOUN nsubj 4
        rose VERB ccomp 1 rise
        . PUNCT punct 1
        """,
        [("said", "speech")],
    ),
    "phrasal verb keeps its particle": (
        """
        He PRON nsubj 1
        pointed VERB ROOT 1 point
        out ADP prt 1
        that SCONJ mark 5
        it PRON nsubj 5
        failed VERB ccomp 1 fail
        . PUNCT punct 1
        """,
        [("pointed out", "object")],
    ),
    "according to": (
        """
        According VERB prep 5 accord
        to ADP prep 0
        the DET det 3
        mayor NOUN pobj 1
        , PUNCT punct 5
        taxes NOUN nsubj 6
        rose VERB ROOT 6 rise
        . PUNCT punct 6
        """,
        [("According to", "according")],
    ),
    "impersonal passive": (
        """
        It PRON nsubjpass 2
        was AUX auxpass 2 be
        reported VERB ROOT 2 report
        that SCONJ mark 5
        talks NOUN nsubj 5 talk
        failed VERB ccomp 2 fail
        . PUNCT punct 2
        """,
        [("was reported", "passive")],
    ),
    "as X reported": (
        """
        As SCONJ mark 3
        the DET det 2
        paper NOUN nsubj 3
        reported VERB advcl 6 report
        , PUNCT punct 6
        taxes NOUN nsubj 6 tax
        rose VERB ROOT 6 rise
        . PUNCT punct 6
        """,
        [("reported", "as_reported")],
    ),
    "a document's finding": (
        """
        The DET det 1
        poll NOUN nsubj 2
        shows VERB ROOT 2 show
        a DET det 4
        lead NOUN dobj 2
        . PUNCT punct 2
        """,
        [("shows", "stance")],
    ),
    "stance verb needs a clause": (
        """
        She PRON nsubj 1
        showed VERB ROOT 1 show
        a DET det 3
        photo NOUN dobj 1
        . PUNCT punct 1
        """,
        [],
    ),
    "stance verb with a clause": (
        """
        Polls NOUN nsubj 1 poll
        show VERB ROOT 1 show
        that SCONJ mark 4
        she PRON nsubj 4
        leads VERB ccomp 1 lead
        . PUNCT punct 1
        """,
        [("show", "stance")],
    ),
    "verb of action with an object": (
        """
        Critics NOUN nsubj 1 critic
        slammed VERB ROOT 1 slam
        the DET det 3
        plan NOUN dobj 1
        . PUNCT punct 1
        """,
        [("slammed", "object")],
    ),
    "verb of action without an object": (
        """
        Critics NOUN nsubj 1 critic
        applauded VERB ROOT 1 applaud
        . PUNCT punct 1
        """,
        [],
    ),
    "call for keeps its preposition": (
        """
        She PRON nsubj 1
        called VERB ROOT 1 call
        for ADP prep 1
        a DET det 4
        recount NOUN pobj 2
        . PUNCT punct 1
        """,
        [("called for", "object")],
    ),
    "a verb before a colon": (
        """
        The DET det 1
        letter NOUN nsubj 2
        reads VERB ROOT 2 read
        : PUNCT punct 2
        """,
        [("reads", "speech")],
    ),
    "per the report": (
        """
        Per ADP prep 4 per
        the DET det 2
        report NOUN pobj 0
        , PUNCT punct 4
        costs NOUN nsubj 5 cost
        doubled VERB ROOT 5 double
        . PUNCT punct 5
        """,
        [("Per", "according")],
    ),
    "per capita is not a cue": (
        """
        Costs NOUN nsubj 1 cost
        doubled VERB ROOT 1 double
        per ADP prep 1 per
        capita NOUN pobj 2
        . PUNCT punct 1
        """,
        [],
    ),
    "in a poll that qualifies the verb's object": (
        """
        Ortiz PROPN nsubj 1
        took VERB ROOT 1 take
        12 NUM nummod 3
        percent NOUN dobj 1
        of ADP prep 3
        the DET det 6
        vote NOUN pobj 4
        in ADP prep 6
        a DET det 10
        new ADJ amod 10
        poll NOUN pobj 7
        . PUNCT punct 1
        """,
        [("in", "according")],
    ),
    "in the polls in general is no cue": (
        """
        Ortiz PROPN nsubj 1
        rose VERB ROOT 1 rise
        in ADP prep 1
        the DET det 4
        polls NOUN pobj 2 poll
        . PUNCT punct 1
        """,
        [],
    ),
    "voters in a survey speak themselves": (
        """
        Voters NOUN nsubj 5 voter
        in ADP prep 0
        the DET det 4
        ferry NOUN compound 4
        survey NOUN pobj 1
        said VERB ROOT 5 say
        they PRON nsubj 8
        were AUX aux 8 be
        worried ADJ ccomp 5 worry
        . PUNCT punct 5
        """,
        [("said", "speech")],
    ),
    "taking part in a survey is no cue": (
        """
        She PRON nsubj 1
        took VERB ROOT 1 take
        part NOUN dobj 1
        in ADP prep 1
        a DET det 5
        survey NOUN pobj 3
        . PUNCT punct 1
        """,
        [],
    ),
    "any verb before a colon and a quote": (
        """
        The DET det 1
        governor NOUN nsubj 2
        resisted VERB ROOT 2 resist
        : PUNCT punct 2
        “ PUNCT punct 2
        No INTJ intj 2
        ” PUNCT punct 2
        """,
        [("resisted", "speech")],
    ),
    "not a reporting verb": (
        """
        She PRON nsubj 1
        walked VERB ROOT 1 walk
        home ADV advmod 1
        . PUNCT punct 1
        """,
        [],
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_cues(cue_nlp: Language, case: str) -> None:
    table, expected = CASES[case]
    doc = run(cue_nlp, build_doc(cue_nlp, table))
    assert [(c.text, c.label_) for c in doc.spans[CUES_KEY]] == expected
