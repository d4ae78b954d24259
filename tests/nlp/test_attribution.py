"""factcheck_attribution (+ quotes, cues, speakers) on hand-built parses: speaker, cue, content."""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from factcheck.nlp.attribution import CLAIMS_KEY
from factcheck.nlp.syntax import mention_range
from tests.nlp.handmade import blank_pipeline, build_doc, run


@pytest.fixture(scope="module")
def attribution_nlp() -> Language:
    return blank_pipeline(
        "factcheck_quotes", "factcheck_cues", "factcheck_attribution", "factcheck_speakers"
    )


def claims(doc: Doc) -> list[tuple[str, str, str | None, str | None]]:
    """(kind, content, speaker mention, cue) of each claim."""
    out = []
    for span in doc.spans[CLAIMS_KEY]:
        speaker, cue = span._.fc_speaker, span._.fc_cue
        out.append(
            (
                span._.fc_kind,
                span.text,
                doc.text[speaker[0] : speaker[1]] if speaker else None,
                doc.text[cue[0] : cue[1]] if cue else None,
            )
        )
    return out


CASES = {
    "a time stamp the parser made a second subject": (
        """
        9:30 NUM nummod 1 - TIME
        p.m. NOUN nsubj 5 - TIME
        \\n SPACE dep 1
        Ann PROPN compound 4 - PERSON
        Lee PROPN nsubj 5 - PERSON
        says VERB ROOT 5 say
        the DET det 7
        ferry NOUN nsubj 8
        sails VERB ccomp 5 sail
        . PUNCT punct 5
        """,
        [("indirect", "the ferry sails", "Ann Lee", "says")],
    ),
    "quote then cue": (
        """
        “ PUNCT punct 5
        We PRON nsubj 2
        won VERB ccomp 5 win
        , PUNCT punct 5
        ” PUNCT punct 5
        said VERB ROOT 5 say
        Ann PROPN compound 7 - PERSON
        Lee PROPN nsubj 5 - PERSON
        . PUNCT punct 5
        """,
        [("direct", "“We won,”", "Ann Lee", "said")],
    ),
    "cue then colon and quote": (
        """
        She PRON nsubj 1
        said VERB ROOT 1 say
        : PUNCT punct 1
        “ PUNCT punct 5
        Prices NOUN nsubj 5 price
        fell VERB ccomp 1 fall
        . PUNCT punct 5
        ” PUNCT punct 1
        """,
        [("direct", "“Prices fell.”", "She", "said")],
    ),
    "indirect speech with that": (
        """
        Critics NOUN nsubj 1 critic
        argue VERB ROOT 1 argue
        that SCONJ mark 5
        the DET det 4
        plan NOUN nsubj 5
        fails VERB ccomp 1 fail
        . PUNCT punct 1
        """,
        [("indirect", "that the plan fails", "Critics", "argue")],
    ),
    "content before the cue": (
        """
        Taxes NOUN nsubj 1 tax
        rose VERB ccomp 4 rise
        , PUNCT punct 4
        officials NOUN nsubj 4 official
        said VERB ROOT 4 say
        . PUNCT punct 4
        """,
        [("indirect", "Taxes rose", "officials", "said")],
    ),
    "according to with a relative clause": (
        """
        According VERB prep 8 accord
        to ADP prep 0
        the DET det 3
        mayor NOUN pobj 1
        , PUNCT punct 3
        who PRON nsubj 6
        spoke VERB relcl 3 speak
        , PUNCT punct 8
        taxes NOUN nsubj 8 tax
        rose VERB ROOT 8 rise
        sharply ADV advmod 9
        . PUNCT punct 9
        """,
        [("according_to", "taxes rose sharply.", "the mayor, who spoke", "According to")],
    ),
    "according to at the end": (
        """
        Taxes NOUN nsubj 1 tax
        rose VERB ROOT 1 rise
        sharply ADV advmod 1
        , PUNCT punct 1
        according VERB prep 1 accord
        to ADP prep 4
        the DET det 7
        agency NOUN pobj 5
        . PUNCT punct 1
        """,
        [("according_to", "Taxes rose sharply", "the agency", "according to")],
    ),
    "block quote without quotation marks": (
        """
        The DET det 1
        detainee NOUN nsubj 2
        told VERB ROOT 2 tell
        us PRON dative 2
        : PUNCT punct 2
        \\n SPACE dep 4
        Guards NOUN nsubj 7 guard
        beat VERB ROOT 7 beat
        us PRON dobj 7
        daily ADV advmod 7
        . PUNCT punct 7
        """,
        [("block", "Guards beat us daily.", "The detainee", "told")],
    ),
    "impersonal passive with an agent": (
        """
        It PRON nsubjpass 2
        was AUX auxpass 2 be
        reported VERB ROOT 2 report
        by ADP agent 2
        radio NOUN pobj 3
        that SCONJ mark 8
        the DET det 7
        talks NOUN nsubj 8 talk
        failed VERB ccomp 2 fail
        . PUNCT punct 2
        """,
        [("reported", "that the talks failed", "radio", "was reported")],
    ),
    "said in a statement that": (
        """
        She PRON nsubj 1
        said VERB ROOT 1 say
        in ADP prep 1
        a DET det 4
        statement NOUN pobj 2
        that SCONJ mark 8
        the DET det 7
        plan NOUN nsubj 8
        failed VERB acl 4 fail
        . PUNCT punct 1
        """,
        [("indirect", "that the plan failed", "She", "said")],
    ),
    "a finding before its cue": (
        """
        Fares NOUN nsubj 1 fare
        rose VERB ROOT 1 rise
        , PUNCT punct 1
        figures NOUN nsubj 4 figure
        show VERB parataxis 1 show
        . PUNCT punct 1
        """,
        [("indirect", "Fares rose", "figures", "show")],
    ),
    "cue and addressee before a quote": (
        """
        She PRON nsubj 1
        told VERB ROOT 1 tell
        the DET det 3
        paper NOUN dobj 1
        “ PUNCT punct 1
        we PRON nsubj 8
        will AUX aux 8
        not PART neg 8
        sell VERB ccomp 1
        the DET det 10
        harbour NOUN dobj 8
        ” PUNCT punct 1
        . PUNCT punct 1
        """,
        [("direct", "“we will not sell the harbour”", "She", "told")],
    ),
    "a cue inside its clause": (
        """
        The DET det 1
        bridge NOUN nsubj 7
        , PUNCT punct 4
        she PRON nsubj 4
        said VERB parataxis 7 say
        , PUNCT punct 4
        will AUX aux 7
        open VERB ROOT 7
        soon ADV advmod 7
        . PUNCT punct 7
        """,
        [("indirect", "The bridge, she said, will open soon.", "she", "said")],
    ),
    "a reporting verb with no content": (
        """
        She PRON nsubj 1
        said VERB ROOT 1 say
        nothing PRON dobj 1
        . PUNCT punct 1
        """,
        [],
    ),
    # the cue as news attribution marks it (PolNeAR): the verb with its adverb, the verbs it
    # depends on back to the speaker, the rest of the verb phrase up to the content; not a time
    # after the verb when nothing of the clause follows
    "an adverb before the verb is part of the cue": (
        """
        Ann PROPN compound 1 - PERSON
        Lee PROPN nsubj 3 - PERSON
        quietly ADV advmod 3
        said VERB ROOT 3 say
        that SCONJ mark 7
        the DET det 6
        ferry NOUN nsubj 7
        sails VERB ccomp 3 sail
        late ADV advmod 7
        . PUNCT punct 3
        """,
        [("indirect", "that the ferry sails late", "Ann Lee", "quietly said")],
    ),
    "the verbs a cue depends on back to the speaker": (
        """
        Most ADJ amod 1
        voters NOUN nsubj 2 voter
        tended VERB ROOT 2 tend
        to PART aux 4
        say VERB xcomp 2 say
        that SCONJ mark 8
        the DET det 7
        ferry NOUN nsubj 8
        sails VERB ccomp 4 sail
        late ADV advmod 8
        . PUNCT punct 2
        """,
        [("indirect", "that the ferry sails late", "Most voters", "tended to say")],
    ),
    "a time after the verb that ends the sentence is not in the cue": (
        """
        “ PUNCT punct 5
        We PRON nsubj 2
        won VERB ccomp 5 win
        , PUNCT punct 5
        ” PUNCT punct 5
        said VERB ROOT 5 say
        Ann PROPN compound 7 - PERSON
        Lee PROPN nsubj 5 - PERSON
        Tuesday PROPN npadvmod 5 - DATE
        . PUNCT punct 5
        """,
        [("direct", "“We won,”", "Ann Lee", "said")],
    ),
    "an object content keeps the phrases that complete it, not a time": (
        """
        The DET det 1
        union NOUN nsubj 2
        endorsed VERB ROOT 2 endorse
        Ann PROPN compound 4 - PERSON
        Lee PROPN dobj 2 - PERSON
        for ADP prep 2
        mayor NOUN pobj 5
        on ADP prep 2
        Monday PROPN pobj 7 - DATE
        . PUNCT punct 2
        """,
        [("indirect", "Ann Lee for mayor", "The union", "endorsed")],
    ),
    "a quote that ends the reported clause is content with the clause": (
        """
        She PRON nsubj 1
        said VERB ROOT 1 say
        that SCONJ mark 7
        “ PUNCT punct 7
        the DET det 5
        ferry NOUN nsubj 7
        will AUX aux 7
        sail VERB ccomp 1 sail
        late ADV advmod 7
        . PUNCT punct 1
        ” PUNCT punct 1
        """,
        [("direct", "that “the ferry will sail late.”", "She", "said")],
    ),
    "a time between the verb and its clause stays in the cue": (
        """
        Ann PROPN compound 1 - PERSON
        Lee PROPN nsubj 2 - PERSON
        said VERB ROOT 2 say
        Tuesday PROPN npadvmod 2 - DATE
        that SCONJ mark 7
        the DET det 6
        ferry NOUN nsubj 7
        sails VERB ccomp 2 sail
        late ADV advmod 7
        . PUNCT punct 2
        """,
        [("indirect", "that the ferry sails late", "Ann Lee", "said Tuesday")],
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_attribution(attribution_nlp: Language, case: str) -> None:
    table, expected = CASES[case]
    doc = run(attribution_nlp, build_doc(attribution_nlp, table))
    assert claims(doc) == expected


def test_skip_regions_yield_no_claims(attribution_nlp: Language) -> None:
    doc = build_doc(attribution_nlp, CASES["indirect speech with that"][0])
    doc._.fc_skip = [(len("Critics argue "), len(doc.text))]
    assert claims(run(attribution_nlp, doc)) == []


CONTINUED = """
        “ PUNCT punct 5
        We PRON nsubj 2
        won VERB ccomp 5 win
        , PUNCT punct 5
        ” PUNCT punct 5
        said VERB ROOT 5 say
        Ann PROPN compound 7 - PERSON
        Lee PROPN nsubj 5 - PERSON
        . PUNCT punct 5
        {gap}
        “ PUNCT punct {root}
        They PRON nsubj {root}
        will AUX aux {root}
        regret VERB ROOT {root}
        it PRON dobj {root}
        now ADV advmod {root}
        . PUNCT punct {root}
        ” PUNCT punct {root}
"""


def test_continued_quote_in_the_same_paragraph_shares_speaker_and_cue(
    attribution_nlp: Language,
) -> None:
    doc = run(attribution_nlp, build_doc(attribution_nlp, CONTINUED.format(gap="", root=12)))
    first, second = doc.spans[CLAIMS_KEY]
    assert second.text == "“They will regret it now.”"
    assert (second._.fc_speaker, second._.fc_cue) == (first._.fc_speaker, first._.fc_cue)
    assert (second._.fc_speaker_name, second._.fc_speaker_kind) == ("Ann Lee", "person")


def test_continued_quote_in_the_next_paragraph_keeps_the_name(attribution_nlp: Language) -> None:
    table = CONTINUED.format(gap="\\n SPACE dep 8", root=13)
    doc = run(attribution_nlp, build_doc(attribution_nlp, table))
    second = doc.spans[CLAIMS_KEY][1]
    assert second.text == "“They will regret it now.”"
    assert (second._.fc_speaker, second._.fc_cue) == (None, None)
    assert (second._.fc_speaker_name, second._.fc_speaker_kind) == ("Ann Lee", "person")


def test_mention_keeps_appositive_and_stops_at_paragraph(attribution_nlp: Language) -> None:
    table = """
        Ann PROPN compound 1
        Lee PROPN nsubj 6
        , PUNCT punct 1
        a DET det 4
        lawyer NOUN appos 1
        , PUNCT punct 1
        said VERB ROOT 6 say
    """
    doc = build_doc(attribution_nlp, table)
    start, end = mention_range(doc[1])
    assert doc[start:end].text == "Ann Lee, a lawyer"


def test_a_participle_after_the_speaker_is_not_part_of_the_mention(nlp: Language) -> None:
    """ "Ann Lee, speaking at ...," is who spoke: PolNeAR's source and the name a reader sees."""
    doc = nlp("Ann Lee, speaking at the harbour on Monday, said that the ferry would sail late.")
    (claim,) = [c for c in doc.spans[CLAIMS_KEY] if c._.fc_speaker]
    start, end = claim._.fc_speaker
    assert doc.text[start:end] == "Ann Lee"


@pytest.mark.parametrize(
    "text",
    [
        "It is hard to imagine that the council will agree to the toll.",
        "The harbour master said it was pointless to hope that the ferry returns this winter.",
        "It seems the budget will be cut again next year.",
    ],
)
def test_an_expletive_it_is_no_speaker(nlp: Language, text: str) -> None:
    """ "it is hard to imagine that ...": the "it" stands for the clause, nobody speaks."""
    doc = nlp(text)
    mentions = [doc.text[c._.fc_speaker[0] : c._.fc_speaker[1]] for c in doc.spans[CLAIMS_KEY]
                if c._.fc_speaker]  # fmt: skip
    assert all(m.lower() != "it" for m in mentions)


def test_it_that_stands_for_an_organisation_still_speaks(nlp: Language) -> None:
    doc = nlp("The ferry company was fined. It said on Monday that the fine was unfair.")
    (claim,) = [c for c in doc.spans[CLAIMS_KEY] if c._.fc_kind != "author"]
    assert doc.text[claim._.fc_speaker[0] : claim._.fc_speaker[1]] == "It"


def test_a_quote_after_an_expletive_clause_is_the_reporting_speaker_s(nlp: Language) -> None:
    doc = nlp("Ann Lee said it is wrong to think that “the harbour can pay for itself.”")
    quoted = [c for c in doc.spans[CLAIMS_KEY] if "harbour" in c.text and c._.fc_kind != "author"]
    assert quoted and all(c._.fc_speaker_name == "Ann Lee" for c in quoted)


@pytest.mark.parametrize(
    ("text", "mention", "name"),
    [
        (
            "Toll to go\n\nHARBOURTOWN, Maine - Superior Court Judge Ann Lee on Friday ruled "
            "that the toll was unlawful.",
            "Superior Court Judge Ann Lee",
            "Ann Lee",
        ),
        (
            "Toll to go\n\nHARBOURTOWN, Maine - Mayor Ann Lee said on Friday that the toll would go.",
            "Mayor Ann Lee",
            "Ann Lee",
        ),
    ],
)
def test_a_dateline_is_not_the_speaker(nlp: Language, text: str, mention: str, name: str) -> None:
    """The parser may make the dateline the subject and the speaker its appositive."""
    doc = nlp(text)
    (claim,) = [c for c in doc.spans[CLAIMS_KEY] if c._.fc_kind != "author"]
    assert doc.text[claim._.fc_speaker[0] : claim._.fc_speaker[1]] == mention
    assert claim._.fc_speaker_name == name


def test_a_wire_credit_in_the_dateline_is_no_evidence(nlp: Language) -> None:
    doc = nlp(
        "Toll to go\n\nHARBOURTOWN, Maine (AP) — The harbour board said that the toll would go."
    )
    (claim,) = [c for c in doc.spans[CLAIMS_KEY] if c._.fc_kind != "author"]
    assert claim._.fc_speaker_name == "harbour board"
    assert [e["kind"] for e in claim._.fc_evidence] == ["statement"]
