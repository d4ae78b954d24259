"""Printed interviews: "Q:"/"A:" and name-labelled turns are the interviewee's claims."""

from __future__ import annotations

from spacy.language import Language

from factcheck.nlp.attribution import CLAIMS_KEY

INTERVIEW = """Harbour master on the ferry crisis

The harbour master, Lena Dahl, is in charge of the winter timetable.

Q: Why were the crossings cancelled last week?

A: Two of the three ferries failed their safety inspection in October, and the third had a broken ramp.

The ramp has been broken since the storm.

Coastal Ledger: Will the council pay for the repairs?

Dahl: The council has already set aside 2 million pounds, but the work will take until March.
"""


def test_answers_are_the_interviewee_s_claims_given_in_an_interview(nlp: Language) -> None:
    doc = nlp(INTERVIEW)
    attributed = [c for c in doc.spans[CLAIMS_KEY] if c._.fc_kind != "author"]
    assert [c.text[:20] for c in attributed] == ["Two of the three fer", "The council has alre"]
    assert attributed[0].text.endswith("since the storm.")  # the answer runs to the next turn
    assert {c._.fc_speaker_name for c in attributed} == {"Lena Dahl"}
    assert all([e["kind"] for e in c._.fc_evidence] == ["interview"] for c in attributed)


def test_questions_are_no_claims(nlp: Language) -> None:
    doc = nlp(INTERVIEW)
    assert not [c for c in doc.spans[CLAIMS_KEY] if "crossings" in c.text or "repairs" in c.text]


def test_labelled_headings_and_lists_are_no_transcript(nlp: Language) -> None:
    text = (
        "Ferry plans\n\nLena Dahl: Faster Boats For The Islands.\n\nTom Reed: 46.\n\n"
        "Ann Lee: Build a second quay.\n\nThe plans go to the council in May."
    )
    doc = nlp(text)
    assert not [c for c in doc.spans[CLAIMS_KEY] if c._.fc_kind == "direct"]
