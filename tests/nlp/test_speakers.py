"""factcheck_speakers on hand-built parses: canonical names, kinds and references back."""

from __future__ import annotations

import pytest
from spacy.language import Language

from factcheck.nlp.attribution import CLAIMS_KEY
from tests.nlp.handmade import blank_pipeline, build_doc, run


@pytest.fixture(scope="module")
def speaker_nlp() -> Language:
    return blank_pipeline(
        "factcheck_quotes", "factcheck_cues", "factcheck_attribution", "factcheck_speakers"
    )


def said(subject: str, offset: int, first_entity: str = "O") -> str:
    """Rows of "<subject words> said that prices fell ." starting at token ``offset``."""
    words = subject.split()
    verb = offset + len(words)
    rows = []
    for i, word in enumerate(words):
        pos = "PROPN" if word[0].isupper() and first_entity != "O" else "NOUN"
        if word.lower() in ("he", "she", "it", "they"):
            pos = "PRON"
        if word.lower() in ("a", "the", "our", "this"):
            pos = "DET"
        dep = "nsubj" if i == len(words) - 1 else ("det" if pos == "DET" else "compound")
        head = verb if dep == "nsubj" else offset + len(words) - 1
        entity = first_entity if pos == "PROPN" else "O"
        rows.append(f"{word} {pos} {dep} {head} - {entity}")
    rows += [
        f"said VERB ROOT {verb} say",
        f"that SCONJ mark {verb + 3}",
        f"prices NOUN nsubj {verb + 3} price",
        f"fell VERB ccomp {verb} fall",
        f". PUNCT punct {verb}",
    ]
    return "\n".join(rows)


def story(*subjects: tuple[str, str]) -> str:
    rows: list[str] = []
    for subject, entity in subjects:
        rows.append(said(subject, len(rows), entity))
        rows = "\n".join(rows).splitlines()
    return "\n".join(rows)


CASES = {
    "pronoun after a named person": (
        [("Ann Lee", "PERSON"), ("She", "O")],
        [("Ann Lee", "person"), ("Ann Lee", "person")],
    ),
    "surname and title resolve to the full name": (
        [("Ann Lee", "PERSON"), ("Ms. Lee", "PERSON")],
        [("Ann Lee", "person"), ("Ann Lee", "person")],
    ),
    "anonymous source stays one speaker": (
        [("A source", "O"), ("Our source", "O"), ("the source", "O")],
        [("anonymous source", "anonymous")] * 3,
    ),
    "he after an anonymous official": (
        [("the official", "O"), ("He", "O")],
        [("anonymous official", "anonymous")] * 2,
    ),
    "it after an organization": (
        [("the Harbor Authority", "ORG"), ("It", "O")],
        [("Harbor Authority", "organization")] * 2,
    ),
    "a titled given-name-last form": (
        [("Lee Jae-won", "PERSON"), ("Mr. Lee", "PERSON")],
        [("Lee Jae-won", "person"), ("Lee Jae-won", "person")],
    ),
    "an unknown thing is not a person": (
        [("the policy", "O"), ("the spokesman", "O"), ("He", "O")],
        [
            ("policy", "document"),
            ("anonymous spokesman", "anonymous"),
            ("anonymous spokesman", "anonymous"),
        ],
    ),
    "groups and documents": (
        [("Critics", "O"), ("the memo", "O"), ("the newspaper", "O")],
        [("Critics", "group"), ("memo", "document"), ("newspaper", "publication")],
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_speakers(speaker_nlp: Language, case: str) -> None:
    subjects, expected = CASES[case]
    doc = run(speaker_nlp, build_doc(speaker_nlp, story(*subjects)))
    found = [(c._.fc_speaker_name, c._.fc_speaker_kind) for c in doc.spans[CLAIMS_KEY]]
    assert found == expected


SPEAKER_STORY = (
    "The harbour board met on Monday. Its chair, Ingrid Solberg, said that fees would rise. "
    "The ministry said that it would review the plan. "
    "The board's engineer, Tomas Varga, left in May. He said that the cranes were unsafe."
)


def test_real_parse_names_roles_and_organizations(nlp: Language) -> None:
    doc = nlp(SPEAKER_STORY)
    found = {c.text: (c._.fc_speaker_name, c._.fc_speaker_kind) for c in doc.spans[CLAIMS_KEY]}
    assert found["that fees would rise"] == ("Ingrid Solberg", "person")
    assert found["that it would review the plan"] == ("ministry", "organization")
    assert found["that the cranes were unsafe"] == ("Tomas Varga", "person")


@pytest.mark.parametrize(
    ("sentence", "content"),
    [
        (
            "A nurse at the clinic, who spoke on condition of anonymity, said that the "
            "generators failed twice in March.",
            "that the generators failed twice in March",
        ),
        (
            "A driver who asked not to be named said that the convoy waited for six hours.",
            "that the convoy waited for six hours",
        ),
    ],
)
def test_a_speaker_kept_unnamed_on_purpose_is_anonymous(
    nlp: Language, sentence: str, content: str
) -> None:
    doc = nlp(sentence)
    found = {c.text: (c._.fc_speaker_name, c._.fc_speaker_kind) for c in doc.spans[CLAIMS_KEY]}
    name, kind = found[content]
    assert kind == "anonymous"
    assert name.startswith("anonymous ")


def test_only_the_speaker_of_the_anonymity_clause_s_sentence_is_anonymous(nlp: Language) -> None:
    doc = nlp(
        "Maria Lopez said that the bridge was closed. A second engineer, who asked not to be "
        "named, said that the bolts were rusted."
    )
    found = {c.text: c._.fc_speaker_kind for c in doc.spans[CLAIMS_KEY]}
    assert found["that the bridge was closed"] == "person"
    assert found["that the bolts were rusted"] == "anonymous"


def _speaker_of(nlp: Language, text: str, content_start: str) -> str:
    doc = nlp(text)
    found = [c for c in doc.spans[CLAIMS_KEY] if c.text.lstrip('“"').startswith(content_start)]
    assert found, [c.text for c in doc.spans[CLAIMS_KEY]]
    return str(found[0]._.fc_speaker_name)


def test_she_skips_a_man_named_after_her(nlp: Language) -> None:
    """Gender read from the article ("Mrs.", "Varga said his ..."): "she" is not the man who
    spoke last."""
    text = (
        "Mrs. Carla Ortega presented the budget on Monday. The council's treasurer, Tomas "
        "Varga, said his office would reject it. She said that the audit would clear the "
        "council."
    )
    assert _speaker_of(nlp, text, "that the audit") == "Carla Ortega"


def test_he_is_the_subject_of_the_sentence_before(nlp: Language) -> None:
    """ "Spokesman X says Y was ... He says": the main clause's subject, not the later name."""
    text = (
        "Harbour spokesman Olaf Brandvik says Ingmar Dahl was taken to a hospital in Bergen. "
        "He says the crane collapsed after a cable snapped."
    )
    assert _speaker_of(nlp, text, "the crane collapsed") == "Olaf Brandvik"


def test_a_name_inside_a_quote_is_no_antecedent(nlp: Language) -> None:
    text = (
        "Port director Olaf Brandvik spoke after the vote.\n\n"
        "“I think that will influence those who supported Mayor Ingmar Dahl,” he said."
    )
    assert _speaker_of(nlp, text, "I think") == "Olaf Brandvik"


def test_a_surname_named_before_is_that_person_whatever_its_tag(nlp: Language) -> None:
    """A name ending in "s" may be tagged a plural noun ("Fields later tweeted"); a surname
    of a person named before is that person, not a group."""
    doc = nlp(
        "Police charged Mark Dorsey after a video showed him grabbing reporter Anna Fields. "
        "Fields later tweeted a photograph and said she had been pulled backward."
    )
    found = {c.text: (c._.fc_speaker_name, c._.fc_speaker_kind) for c in doc.spans[CLAIMS_KEY]}
    assert found["she had been pulled backward"] == ("Anna Fields", "person")


def test_a_role_named_with_the_is_the_person_who_holds_it(nlp: Language) -> None:
    """ "the senator" after "Sen. Ann Brooks defended ...": the salient person, not a description;
    a role of one gender does not take a person the article gives the other."""
    text = (
        "Sen. Ann Brooks defended the harbour levy on Monday at a meeting in Bergen.\n\n"
        "“I apologize to nobody for that,” the senator said."
    )
    assert _speaker_of(nlp, text, "I apologize") == "Ann Brooks"
    text = (
        "Mrs. Ann Brooks said her office would fight the levy.\n\n"
        "The businessman said that the levy was fair."
    )
    assert _speaker_of(nlp, text, "that the levy") != "Ann Brooks"
