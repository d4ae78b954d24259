"""factcheck_evidence on parsed sentences whose claims are set by hand: evidence kinds, mentions,
canonical source ids, and which claim each mention is attached to."""

from __future__ import annotations

from typing import Any

import pytest
from spacy.language import Language
from spacy.tokens import Doc, Span

from factcheck.nlp.evidence import EvidenceFinder
from factcheck.nlp.evidence_patterns import evidence_rules_v1
from factcheck.nlp.evidence_sources import link_source_id

pytestmark = pytest.mark.model


def parse(nlp: Language, text: str) -> Doc:
    """Tag and parse ``text`` with spaCy's components only; no factcheck component runs."""
    with nlp.select_pipes(enable=[n for n in nlp.pipe_names if not n.startswith("factcheck_")]):
        return nlp(text)


@pytest.fixture(scope="module")
def finder(nlp: Language) -> EvidenceFinder:
    return EvidenceFinder(nlp, evidence_rules_v1())


def at(text: str, needle: str, near: int = 0) -> tuple[int, int]:
    starts = [i for i in range(len(text)) if text.startswith(needle, i)]
    assert starts, needle
    start = min(starts, key=lambda i: abs(i - near))
    return start, start + len(needle)


def make_claim(doc: Doc, content: str, **attrs: Any) -> Span:
    """A claim over ``content``; ``cue``/``speaker`` are texts found nearest to it, the rest set as is."""
    start, end = at(doc.text, content)
    span = doc.char_span(start, end, alignment_mode="expand")
    assert span is not None
    for name in ("cue", "speaker"):
        if attrs.get(name):
            setattr(span._, f"fc_{name}", at(doc.text, attrs[name], start))
    span._.fc_speaker_name = attrs.get("name")
    span._.fc_speaker_kind = attrs.get("kind")
    span._.fc_kind = attrs.get("claim_kind", "indirect")
    return span


def run(
    nlp: Language,
    finder: EvidenceFinder,
    text: str,
    claims: list[dict[str, Any]],
    links: list[dict[str, Any]] | None = None,
) -> Doc:
    doc = parse(nlp, text)
    doc._.fc_links = links
    doc.spans["fc_claims"] = [make_claim(doc, **c) for c in claims]
    return finder(doc)


def evidence(doc: Doc, index: int = 0) -> list[tuple[str, str, str]]:
    span = doc.spans["fc_claims"][index]
    return [(doc.text[e["start"] : e["end"]], e["kind"], e["source"]) for e in span._.fc_evidence]


ANY = "*"  # article-scoped ids end in a hash: only their prefix is checked

CASES = [
    ("A 2009 memo from the interior ministry says the camp was closed.",
     {"content": "the camp was closed", "cue": "says", "speaker": "A 2009 memo from the interior ministry", "name": "memo", "kind": "document"},
     [("A 2009 memo from the interior ministry", "leaked_document", "leaked-document-memo-interior-ministry-2009")]),
    ("According to a cable, 09KABUL1234, the embassy knew of the plan.",
     {"content": "the embassy knew of the plan", "cue": "According to", "speaker": "a cable", "name": "cable", "kind": "document"},
     [("a cable", "leaked_document", "09KABUL1234")]),
    ("Leaked emails show the contract was signed in secret, the paper said.",
     {"content": "the contract was signed in secret", "cue": "show", "speaker": "Leaked emails", "name": "leaked emails", "kind": "document"},
     [("Leaked emails", "leaked_document", "leaked-document-email-" + ANY)]),
    ("A detained militant told us he was paid to plant the mine.",
     {"content": "he was paid to plant the mine", "cue": "told", "speaker": "A detained militant", "name": "detained militant", "kind": "anonymous"},
     [("A detained militant", "testimony", "testimony-militant-" + ANY), ("told us", "interview", "interview-" + ANY)]),
    ("Three survivors said the boat had been overloaded.",
     {"content": "the boat had been overloaded", "cue": "said", "speaker": "Three survivors", "name": "survivors", "kind": "group"},
     [("Three survivors", "testimony", "testimony-survivor-" + ANY)]),
    ("The mayor said in an interview with this newspaper that the budget was cut.",
     {"content": "the budget was cut", "cue": "said", "speaker": "The mayor", "name": "Mayor Ana Ruiz", "kind": "person"},
     [("an interview with this newspaper", "interview", "interview-mayor-ana-ruiz")]),
    ("The ministry said in a statement that no civilians were hurt.",
     {"content": "no civilians were hurt", "cue": "said", "speaker": "The ministry", "name": "Ministry of Defence", "kind": "organization"},
     [("a statement", "statement", "statement-ministry-of-defence")]),
    ("A press release from Norvale Energy said output doubled.",
     {"content": "output doubled", "cue": "said", "speaker": "A press release from Norvale Energy", "name": "press release", "kind": "document"},
     [("A press release from Norvale Energy", "statement", "statement-release-norvale-energy")]),
    ("The town was shelled overnight, Reuters reported.",
     {"content": "The town was shelled overnight", "cue": "reported", "speaker": "Reuters", "name": "Reuters", "kind": "publication"},
     [("Reuters", "media_report", "media-report-reuters")]),
    ("According to the BBC, the talks collapsed.",
     {"content": "the talks collapsed", "cue": "According to", "speaker": "the BBC", "name": "BBC", "kind": "publication"},
     [("the BBC", "media_report", "media-report-bbc")]),
    ("A report in the Valley Herald said the mine had flooded.",
     {"content": "the mine had flooded", "cue": "said", "speaker": "A report in the Valley Herald", "name": "Valley Herald", "kind": "publication"},
     [("A report in the Valley Herald", "media_report", "media-report-valley-herald")]),
    ("As this newspaper reported last week, the factory closed.",
     {"content": "the factory closed", "cue": "reported", "speaker": "this newspaper", "name": "this newspaper", "kind": "publication"},
     [("this newspaper", "self_citation", "self-citation-newspaper-" + ANY)]),
    ("We reported in March that the deal had collapsed.",
     {"content": "the deal had collapsed", "cue": "reported", "speaker": "We", "name": "author", "kind": "author"},
     [("We reported", "self_citation", "self-citation-" + ANY)]),
    ("Our correspondent saw the convoy leave at dawn.",
     {"content": "the convoy leave at dawn", "cue": "saw", "speaker": "Our correspondent", "name": "correspondent", "kind": "author"},
     [("Our correspondent", "self_citation", "self-citation-correspondent-" + ANY)]),
    ("Video footage posted online shows soldiers firing at the crowd, the group said.",
     {"content": "soldiers firing at the crowd", "cue": "shows", "speaker": "Video footage", "name": "video", "kind": "document"},
     [("Video footage", "video", "video-" + ANY)]),
    ("Satellite images from Orbis Imaging show the depot burned.",
     {"content": "the depot burned", "cue": "show", "speaker": "Satellite images from Orbis Imaging", "name": "satellite images", "kind": "document"},
     [("Satellite images from Orbis Imaging", "image", "image-satellite-orbis-imaging")]),
    ("In a tweet, the senator said the vote was rigged.",
     {"content": "the vote was rigged", "cue": "said", "speaker": "the senator", "name": "Senator Kay Holt", "kind": "person"},
     [("a tweet", "social_media", "social-media-tweet-" + ANY)]),
    ("A post on a Telegram channel run by the militia said the bridge was mined.",
     {"content": "the bridge was mined", "cue": "said", "speaker": "A post on a Telegram channel", "name": "post", "kind": "document"},
     [("A post on a Telegram channel", "social_media", "social-media-telegram-channel")]),
    ("The regional court said the permit was unlawful [German].",
     {"content": "the permit was unlawful", "cue": "said", "speaker": "The regional court", "name": "regional court", "kind": "organization"},
     [("[German]", "foreign_language_source", "foreign-language-source-german-court-permit")]),
    ("The findings (in Russian) say the plant leaked.",
     {"content": "the plant leaked", "cue": "say", "speaker": "The findings", "name": "findings", "kind": "document"},
     [("(in Russian)", "foreign_language_source", "foreign-language-source-russian-findings")]),
    ("Data from the national statistics office show that unemployment rose.",
     {"content": "unemployment rose", "cue": "show", "speaker": "Data from the national statistics office", "name": "data", "kind": "document"},
     [("Data from the national statistics office", "dataset", "dataset-statistics-office")]),
    ("The 2021 census found that the valley lost a third of its people.",
     {"content": "the valley lost a third of its people", "cue": "found", "speaker": "The 2021 census", "name": "census", "kind": "document"},
     [("The 2021 census", "dataset", "dataset-census-2021")]),
    ("Court filings show the company knew about the defect.",
     {"content": "the company knew about the defect", "cue": "show", "speaker": "Court filings", "name": "court filings", "kind": "document"},
     [("Court filings", "court_record", "court-record-filing-" + ANY)]),
    ("The indictment says the men laundered the money.",
     {"content": "the men laundered the money", "cue": "says", "speaker": "The indictment", "name": "indictment", "kind": "document"},
     [("The indictment", "court_record", "court-record-indictment-" + ANY)]),
    ("Colonel Ana Vidal, a spokeswoman for the army, said in a statement that the road was open.",
     {"content": "the road was open", "cue": "said", "speaker": "Colonel Ana Vidal, a spokeswoman for the army", "name": "Ana Vidal", "kind": "person"},
     [("a statement", "statement", "statement-ana-vidal")]),
    ("Its chair told us the inquiry would go on.",
     {"content": "the inquiry would go on", "cue": "told", "speaker": "Its chair", "name": "Its chair", "kind": "person"},
     [("told us", "interview", "interview-" + ANY)]),
    ("An investigation by the Associated Press found that the fund was empty.",
     {"content": "the fund was empty", "cue": "found", "speaker": "An investigation by the Associated Press", "name": "Associated Press", "kind": "publication"},
     [("An investigation by the Associated Press", "media_report", "media-report-associated-press")]),
    ("A particular video shows the crowd running, the group said.",
     {"content": "the crowd running", "cue": "shows", "speaker": "A particular video", "name": "video", "kind": "document"},
     [("A particular video", "video", "video-" + ANY)]),
    ("According to local media, the bridge collapsed.",
     {"content": "the bridge collapsed", "cue": "According to", "speaker": "local media", "name": "local media", "kind": "publication"},
     [("local media", "media_report", "media-report-" + ANY)]),
]  # fmt: skip


def matches(found: list[tuple[str, str, str]], expected: list[tuple[str, str, str]]) -> bool:
    if len(found) != len(expected):
        return False
    for (text, kind, source), (want_text, want_kind, want_source) in zip(
        found, expected, strict=True
    ):
        if (text, kind) != (want_text, want_kind):
            return False
        if want_source.endswith(ANY):
            prefix = want_source[: -len(ANY)]
            if not (source.startswith(prefix) and len(source) == len(prefix) + 6):
                return False
        elif source != want_source:
            return False
    return True


@pytest.mark.parametrize(("text", "spec", "expected"), CASES)
def test_evidence_of_claims(
    nlp: Language,
    finder: EvidenceFinder,
    text: str,
    spec: dict[str, Any],
    expected: list[tuple[str, str, str]],
) -> None:
    found = evidence(run(nlp, finder, text, [spec]))
    assert matches(found, expected), found


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("The government said 40 prisoners were released on Friday.", "40 prisoners were released on Friday"),
        ("He said supervisors photographed the cracks and filed the pictures away.", "supervisors photographed the cracks and filed the pictures away"),
        ("The ruling party said the vote would go ahead.", "the vote would go ahead"),
        ("Officials said the pipe had a leak near the pump.", "the pipe had a leak near the pump"),
        ("Analysts said cable news networks lost viewers.", "cable news networks lost viewers"),
        ("She said nobody was barred on account of religion.", "nobody was barred on account of religion"),
    ],
)  # fmt: skip
def test_topics_are_not_evidence(
    nlp: Language, finder: EvidenceFinder, text: str, content: str
) -> None:
    """People, pictures and leaks the claim is about are not what it rests on."""
    doc = run(
        nlp,
        finder,
        text,
        [{"content": content, "cue": "said", "speaker": text.split(" said")[0]}],
    )
    assert evidence(doc) == []


def test_we_and_us_inside_a_quotation_are_the_speakers(
    nlp: Language, finder: EvidenceFinder
) -> None:
    """ "You told us" in a quoted speaker's mouth is not the publication's interview."""
    doc = parse(nlp, '"You told us nothing, and we reported it," the mayor said.')
    doc.spans["fc_quotes"] = [doc[0:12]]
    doc.spans["fc_claims"] = []
    finder(doc)
    assert [s.label_ for s in doc.spans["fc_evidence"]] == []


def test_same_cable_in_two_articles_is_one_source(nlp: Language, finder: EvidenceFinder) -> None:
    first = run(nlp, finder, "Cable 09KABUL1234 warned of the attack.", [])
    second = run(nlp, finder, "The embassy's warning was in a cable (09KABUL1234) sent in May.", [])
    ids = {s.kb_id_ for d in (first, second) for s in d.spans["fc_evidence"]}
    assert ids == {"09KABUL1234"}


def test_same_memo_in_other_words_is_one_source(nlp: Language, finder: EvidenceFinder) -> None:
    first = run(nlp, finder, "A 2009 memo from the interior ministry lists the camps.", [])
    second = run(nlp, finder, "The interior ministry memo of 2009 was leaked.", [])
    assert [s.kb_id_ for s in first.spans["fc_evidence"]] == [
        s.kb_id_ for s in second.spans["fc_evidence"]
    ]


def test_anonymous_testimony_is_scoped_to_the_article(
    nlp: Language, finder: EvidenceFinder
) -> None:
    spec = {"content": "the guards beat him", "cue": "said", "speaker": "A detainee", "name": "detainee", "kind": "anonymous"}  # fmt: skip
    one = run(nlp, finder, "A detainee said the guards beat him.", [spec])
    two = run(nlp, finder, "Officials denied it. A detainee said the guards beat him.", [spec])
    assert evidence(one)[0][1] == evidence(two)[0][1] == "testimony"
    assert evidence(one)[0][2] != evidence(two)[0][2]


def test_the_memo_later_is_the_memo_named_before(nlp: Language, finder: EvidenceFinder) -> None:
    text = "Reporters obtained a confidential memo. The memo says the tanks leaked."
    doc = run(nlp, finder, text, [{"content": "the tanks leaked", "cue": "says", "speaker": "The memo", "name": "memo", "kind": "document"}])  # fmt: skip
    sources = [s.kb_id_ for s in doc.spans["fc_evidence"]]
    assert len(sources) == 2 and sources[0] == sources[1]


def test_block_quote_rests_on_evidence_of_the_sentence_before(
    nlp: Language, finder: EvidenceFinder
) -> None:
    text = "We obtained a 2019 audit from the water board. It reads:\n\nThe reservoir is unsafe."
    doc = run(nlp, finder, text, [{"content": "The reservoir is unsafe.", "cue": "reads", "speaker": "It", "name": "audit", "kind": "document", "claim_kind": "block"}])  # fmt: skip
    assert evidence(doc) == [
        (
            "a 2019 audit from the water board",
            "leaked_document",
            "leaked-document-audit-water-board-2019",
        )
    ]


def test_hyperlinks_are_link_evidence_and_lend_their_url(
    nlp: Language, finder: EvidenceFinder
) -> None:
    text = "A report by the Valley Herald said the dam cracked."
    start, end = at(text, "A report by the Valley Herald")
    links = [{"start": start, "end": end, "href": "https://www.valleyherald.example/news/dam-cracks?utm=x#top"}]  # fmt: skip
    doc = run(nlp, finder, text, [{"content": "the dam cracked", "cue": "said", "speaker": "A report by the Valley Herald", "name": "Valley Herald", "kind": "publication"}], links)  # fmt: skip
    items = doc.spans["fc_claims"][0]._.fc_evidence
    kinds = {e["kind"]: e for e in items}
    assert set(kinds) == {"media_report", "link"}
    assert kinds["link"]["source"] == "link-valleyherald-example-news-dam-cracks"
    assert kinds["media_report"]["url"] == kinds["link"]["url"] != ""


def test_bad_links_are_ignored(nlp: Language, finder: EvidenceFinder) -> None:
    links: list[dict[str, Any]] = [{"start": 5, "end": 2, "href": "x"}, {"start": 0, "end": 999, "href": "y"}, {"start": 0, "end": 3}]  # fmt: skip
    doc = run(nlp, finder, "The dam cracked.", [], links)
    assert list(doc.spans["fc_evidence"]) == []


def test_evidence_spans_label_kind_and_source(nlp: Language, finder: EvidenceFinder) -> None:
    doc = run(nlp, finder, "According to the BBC, leaked cables show the plan.", [])
    assert {(s.label_, s.kb_id_) for s in doc.spans["fc_evidence"]} >= {
        ("media_report", "media-report-bbc")
    }


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("https://www.example.org/a/b.html?x=1", "link-example-org-a-b-html"),
        ("http://Example.org", "link-example-org"),
        ("mailto:", "link-"),
    ],
)
def test_link_source_ids(href: str, expected: str) -> None:
    assert link_source_id(href).startswith(expected)


def test_own_publication_from_the_byline_is_a_self_citation(
    nlp: Language, finder: EvidenceFinder
) -> None:
    byline = "By Ann Lee | Coastal Ledger"
    text = f"{byline}\n\nAs the Coastal Ledger reported, the mine closed. Files obtained by the Coastal Ledger show it."
    doc = parse(nlp, text)
    doc._.fc_skip = [(0, len(byline))]
    doc.spans["fc_claims"] = []
    finder(doc)
    found = [(s.text, s.label_, s.kb_id_) for s in doc.spans["fc_evidence"]]
    assert ("the Coastal Ledger", "self_citation", "self-citation-coastal-ledger") in found
    assert sum(1 for t, k, _ in found if k == "self_citation") == 1


def test_own_publication_set_by_the_caller(nlp: Language, finder: EvidenceFinder) -> None:
    doc = parse(nlp, "A report in the Valley Herald said the dam cracked.")
    doc.user_data["fc_publisher"] = "Valley Herald"
    doc.spans["fc_claims"] = []
    finder(doc)
    assert [(s.label_, s.kb_id_) for s in doc.spans["fc_evidence"]] == [
        ("self_citation", "self-citation-valley-herald")
    ]


def test_evidence_far_from_the_claim_is_not_its_evidence(
    nlp: Language, finder: EvidenceFinder
) -> None:
    text = "A video of the flooding circulated widely on Tuesday as the minister, speaking in parliament, said taxes would rise."
    spec = {"content": "taxes would rise", "cue": "said", "speaker": "the minister", "name": "minister", "kind": "person"}  # fmt: skip
    doc = run(nlp, finder, text, [spec])
    assert [s.label_ for s in doc.spans["fc_evidence"]] == ["video"]
    assert evidence(doc) == []
