"""The provenance-graph analyses on small graphs built by hand (no database)."""

from __future__ import annotations

import itertools
import random

import networkx as nx
import pytest

from factcheck.graph import (
    anonymous_only,
    corroborated,
    full_report,
    most_cited,
    render_text,
    self_citation,
    similar_claims,
    single_source,
    summary,
)
from factcheck.graph.model import (
    add_article,
    add_citation,
    add_claim,
    add_identity,
    add_source,
    add_speaker,
    new_graph,
)
from factcheck.graph.similarity import similar_pairs


class Kb:
    """A tiny knowledge base built straight into a graph, with ids handed out in order."""

    def __init__(self) -> None:
        self.graph = new_graph()
        self._ids = itertools.count(1)

    def article(self, publisher: str, byline: str = "", url: str = "") -> int:
        i = next(self._ids)
        add_article(self.graph, i, slug=f"a{i}", title=f"Article {i}", publisher=publisher,
                    byline=byline, url=url)  # fmt: skip
        return i

    def source(
        self, publisher: str = "", kind: str = "statement", credibility: str = "named"
    ) -> int:
        i = next(self._ids)
        add_source(self.graph, i, key=f"s{i}", title=f"Source {i}", kind=kind,
                   publisher=publisher, credibility=credibility)  # fmt: skip
        return i

    def speaker(self, name: str = "Ana Ruiz", kind: str = "person") -> int:
        i = next(self._ids)
        add_speaker(self.graph, i, name=name, kind=kind)
        return i

    def claim(
        self,
        article: int,
        text: str,
        sources: tuple[int, ...] = (),
        speaker: int | None = None,
        evidence_kind: str = "statement",
    ) -> int:
        i = next(self._ids)
        add_claim(self.graph, i, article_id=article, text=text, speaker_id=speaker)
        for source in sources:
            add_citation(self.graph, next(self._ids), i, source, kind=evidence_kind)
        return i


def ids(findings: list[dict]) -> list[int]:
    return [f["claim"]["id"] for f in findings]


# --- single source ------------------------------------------------------------------------------


def test_single_source_counts_distinct_sources_and_names_the_claim() -> None:
    kb = Kb()
    a = kb.article("Harbour Times")
    memo, notice = kb.source("Port Board"), kb.source("Water Agency")
    once = kb.claim(a, "The dredging contract was signed in May", (memo,))
    twice = kb.claim(a, "The board met nine times", (memo, memo))  # two citations, one source
    kb.claim(a, "Two sources for this one", (memo, notice))
    kb.claim(a, "No source at all")
    findings = single_source(kb.graph)
    assert ids(findings) == [once, twice]
    assert findings[0]["claim"]["text"] == "The dredging contract was signed in May"
    assert findings[0]["claim"]["publisher"] == "Harbour Times"
    assert findings[0]["source"]["id"] == memo


# --- anonymous ----------------------------------------------------------------------------------


def test_anonymous_only_needs_every_source_anonymous_or_an_anonymous_unsourced_speaker() -> None:
    kb = Kb()
    a = kb.article("Harbour Times")
    witness = kb.source("Harbour Times", kind="testimony", credibility="anonymous")
    insider = kb.source("", kind="interview", credibility="Anonymous")
    named = kb.source("Port Board", kind="interview", credibility="named")
    unnamed, person = kb.speaker("a crew member", "anonymous"), kb.speaker("Ana Ruiz")
    both_anonymous = kb.claim(a, "Crews hid the leak", (witness, insider), speaker=person)
    kb.claim(a, "The leak was reported", (witness, named), speaker=unnamed)
    only_speaker = kb.claim(a, "Managers knew for weeks", speaker=unnamed)
    kb.claim(a, "The mayor visited", speaker=person)
    findings = anonymous_only(kb.graph)
    assert ids(findings) == [both_anonymous, only_speaker]
    assert [f["reason"] for f in findings] == ["anonymous_sources", "anonymous_speaker"]
    assert {s["id"] for s in findings[0]["sources"]} == {witness, insider}
    assert findings[1]["speaker"]["kind"] == "anonymous"


# --- self-citation and circles ------------------------------------------------------------------


def test_direct_self_citation_reasons() -> None:
    kb = Kb()
    own = kb.article("Harbour Times", byline="Lena Ortiz", url="https://ht.example/own")
    same_pub = kb.source("  harbour   TIMES ")  # same publisher, spelled differently
    writer = kb.source("Lena Ortiz", kind="social_media")
    marked = kb.source("Someone Else", kind="self_citation")
    other = kb.source("Port Board")
    itself = kb.source("Port Board")
    add_identity(kb.graph, itself, own)
    c1 = kb.claim(own, "Rents rose by a third", (same_pub,))
    c2 = kb.claim(own, "The pier will close", (writer,))
    c3 = kb.claim(own, "As we reported before", (marked,))
    c4 = kb.claim(own, "The quay is unsafe", (other,), evidence_kind="self_citation")
    c5 = kb.claim(own, "We said so first", (itself,))
    kb.claim(own, "An independent claim", (other,))
    findings = self_citation(kb.graph)
    assert [(f["claim"]["id"], f["reason"]) for f in findings] == [
        (c1, "same_publisher"),
        (c2, "same_publisher"),
        (c3, "self_citation_kind"),
        (c4, "self_citation_kind"),
        (c5, "cites_own_article"),
    ]
    assert all(f["type"] == "direct" for f in findings)
    assert findings[0]["chain"] == [f"claim:{c1}", f"source:{same_pub}"]


def _circle(kb: Kb, hops: int) -> tuple[int, list[int]]:
    """Harbour Times cites wire story 1, which cites wire story 2 ... whose claim cites a source
    published by Harbour Times. Returns the original claim and the wire articles."""
    origin = kb.article("Harbour Times")
    own_report = kb.source("Harbour Times", kind="media_report")
    wires, previous_source = [], own_report
    for n in range(hops):
        wire = kb.article(f"Wire {n}", url=f"https://wire.example/{n}")
        kb.claim(wire, f"Wire {n} repeats the figure", (previous_source,))
        as_source = kb.source(f"Wire {n}", kind="media_report")
        add_identity(kb.graph, as_source, wire)
        wires.append(wire)
        previous_source = as_source
    claim = kb.claim(origin, "Ten ships were turned away", (previous_source,))
    return claim, wires


def test_circular_sourcing_through_a_chain_is_found_with_its_path() -> None:
    kb = Kb()
    claim, wires = _circle(kb, hops=2)
    findings = [f for f in self_citation(kb.graph) if f["claim"]["id"] == claim]
    assert len(findings) == 1
    finding = findings[0]
    assert (finding["type"], finding["reason"]) == ("circular", "chain_to_own_publisher")
    chain = finding["chain"]
    assert chain[0] == finding["source"]["node"]
    assert f"article:{wires[1]}" in chain and f"article:{wires[0]}" in chain
    assert kb.graph.nodes[chain[-1]]["publisher"] == "Harbour Times"


def test_circular_chain_respects_the_article_limit() -> None:
    kb = Kb()
    claim, _ = _circle(kb, hops=3)
    assert claim not in ids(self_citation(kb.graph, max_chain_articles=2))
    assert claim in ids(self_citation(kb.graph, max_chain_articles=3))


def test_chain_back_to_the_same_article_and_a_circle_between_two_other_outlets() -> None:
    kb = Kb()
    origin = kb.article("Harbour Times", url="https://ht.example/story")
    wire = kb.article("Coast Wire")
    origin_as_source, wire_as_source = kb.source("Other Name"), kb.source("Coast Wire")
    add_identity(kb.graph, origin_as_source, origin)
    add_identity(kb.graph, wire_as_source, wire)
    kb.claim(wire, "The wire cites the story", (origin_as_source,))
    claim = kb.claim(origin, "The story cites the wire", (wire_as_source,))
    # X and Y cite each other: a circle for each of them, but not for Harbour Times citing X
    x, y = kb.article("X Daily"), kb.article("Y Daily")
    x_src, y_src = kb.source("X Daily"), kb.source("Y Daily")
    add_identity(kb.graph, x_src, x)
    add_identity(kb.graph, y_src, y)
    x_claim, y_claim = kb.claim(x, "X cites Y", (y_src,)), kb.claim(y, "Y cites X", (x_src,))
    bystander = kb.claim(kb.article("Harbour Times"), "The Times cites X", (x_src,))
    findings = self_citation(kb.graph)
    by_claim = {f["claim"]["id"]: f for f in findings}
    assert by_claim[claim]["reason"] == "chain_to_own_article"
    assert by_claim[claim]["chain"][-1] == f"article:{origin}"
    assert by_claim[x_claim]["chain"] == [
        f"source:{y_src}",
        f"article:{y}",
        f"claim:{y_claim}",
        f"source:{x_src}",
    ]
    assert by_claim[y_claim]["type"] == "circular"
    assert bystander not in by_claim


# --- corroboration ------------------------------------------------------------------------------


def test_corroboration_needs_two_independent_publishers() -> None:
    kb = Kb()
    a = kb.article("Harbour Times", byline="Lena Ortiz")
    board, agency = kb.source("Port Board"), kb.source("Water Agency")
    board_again, own = kb.source("port board"), kb.source("Harbour Times")
    unnamed, selfcite = kb.source(""), kb.source("Coast Wire", kind="self_citation")
    good = kb.claim(a, "Two independent bodies confirm", (board, agency, own))
    kb.claim(a, "Same publisher twice", (board, board_again))
    kb.claim(a, "One independent plus own", (board, own))
    kb.claim(a, "Unnamed publisher does not count", (board, unnamed))
    kb.claim(a, "A self-citation does not count", (board, selfcite))
    findings = corroborated(kb.graph)
    assert ids(findings) == [good]
    assert findings[0]["publishers"] == ["Port Board", "Water Agency"]
    assert {s["id"] for s in findings[0]["sources"]} == {board, agency}


# --- most cited ---------------------------------------------------------------------------------


def test_most_cited_ranks_sources_and_speakers_with_examples() -> None:
    kb = Kb()
    a, b = kb.article("Harbour Times"), kb.article("Coast Wire")
    popular, rare, unused = kb.source("Port Board"), kb.source("Water Agency"), kb.source("X")
    ana, bo = kb.speaker("Ana Ruiz"), kb.speaker("Bo Lind")
    first = kb.claim(a, "First use of the board report", (popular,), speaker=ana)
    kb.claim(a, "Second use", (popular, popular), speaker=ana)
    kb.claim(b, "Third use, other article", (popular, rare), speaker=bo)
    data = most_cited(kb.graph, limit=5, examples=1)
    sources = [(r["source"]["id"], r["claims"], r["articles"]) for r in data["sources"]]
    assert sources == [(popular, 3, 2), (rare, 1, 1)]
    assert unused not in [r["source"]["id"] for r in data["sources"]]
    assert data["sources"][0]["examples"] == [
        {**data["sources"][0]["examples"][0], "id": first, "text": "First use of the board report"}
    ]
    assert [(r["speaker"]["name"], r["claims"]) for r in data["speakers"]] == [
        ("Ana Ruiz", 2),
        ("Bo Lind", 1),
    ]
    assert len(most_cited(kb.graph, limit=1)["sources"]) == 1


# --- similar claims -----------------------------------------------------------------------------


def test_the_same_claim_in_three_articles_is_one_cluster() -> None:
    kb = Kb()
    a, b, c = kb.article("Harbour Times"), kb.article("Coast Wire"), kb.article("Bay News")
    x = kb.claim(a, "The spill released 180,000 litres of diesel into the estuary")
    y = kb.claim(b, "180,000 litres of diesel were released into the estuary by the spill")
    z = kb.claim(c, "The spill released about 180,000 litres of diesel into the Eastgate estuary")
    kb.claim(c, "The council will vote on the harbour budget next Tuesday")
    kb.claim(a, "Yes it was")  # too short to compare
    kb.claim(b, "Yes it was")
    clusters = similar_claims(kb.graph)
    assert len(clusters) == 1
    assert [r["id"] for r in clusters[0]["claims"]] == [x, y, z]
    assert clusters[0]["articles"] == 3
    assert 0.6 <= clusters[0]["similarity"] <= 1.0
    assert clusters[0]["claims"][1]["text"].startswith("180,000 litres")


def test_repeats_inside_one_article_are_not_reported() -> None:
    kb = Kb()
    a = kb.article("Harbour Times")
    kb.claim(a, "The ferry service will end in the spring of next year")
    kb.claim(a, "The ferry service will end in the spring of next year")
    assert similar_claims(kb.graph) == []


def test_threshold_decides() -> None:
    kb = Kb()
    a, b = kb.article("Harbour Times"), kb.article("Coast Wire")
    kb.claim(a, "harbour fees rose sharply after the storm damaged the northern pier")
    kb.claim(b, "harbour fees rose after the storm")  # 4 of 8 tokens shared: Jaccard 0.5
    assert similar_claims(kb.graph, threshold=0.6) == []
    assert len(similar_claims(kb.graph, threshold=0.5)) == 1


@pytest.mark.parametrize("threshold", [0.4, 0.5, 0.6, 0.8])
def test_prefix_filtering_finds_exactly_the_pairs_a_full_comparison_finds(threshold: float) -> None:
    rng = random.Random(threshold)
    sets = [frozenset(rng.sample(range(30), rng.randint(1, 9))) for _ in range(250)]
    sets = list(dict.fromkeys(sets))  # similar_pairs works on distinct sets
    # rank tokens rarest first, as similar_claims does
    counts = {t: sum(t in s for s in sets) for t in range(30)}
    rank = {t: r for r, t in enumerate(sorted(counts, key=lambda t: (counts[t], t)))}
    ranked = [frozenset(rank[t] for t in s) for s in sets]
    found = {(min(i, j), max(i, j)) for i, j, _ in similar_pairs(ranked, threshold)}
    expected = {
        (i, j)
        for i, j in itertools.combinations(range(len(sets)), 2)
        if len(sets[i] & sets[j]) / len(sets[i] | sets[j]) >= threshold
    }
    assert found == expected
    assert expected  # the random sets do contain similar pairs


# --- summary and the report ---------------------------------------------------------------------


def test_summary_and_text_report_name_claims_by_id_and_text() -> None:
    kb = Kb()
    a = kb.article("Harbour Times")
    witness = kb.source("Harbour Times", kind="testimony", credibility="anonymous")
    claim = kb.claim(a, "Crews were told to keep quiet", (witness,))
    kb.claim(a, "Nobody checked the tanks")
    data = summary(kb.graph)
    assert data["nodes"] == {"article": 1, "publisher": 1, "source": 1, "claim": 2}
    assert data["edges"] == {"publication": 4, "citation": 1}
    assert data["unsourced_claims"] == 1
    report = full_report(kb.graph)
    text = render_text(report)
    for name in ("single_source", "anonymous_only", "self_citation"):
        assert report[name][0]["claim"]["id"] == claim
        section = text.split(f"== {name}")[1].split("==")[0]
        assert f"claim {claim} (Article 1): Crews were told to keep quiet" in section


def test_an_empty_graph_has_empty_findings() -> None:
    report = full_report(nx.MultiDiGraph())
    assert report["summary"] == {"nodes": {}, "edges": {}, "unsourced_claims": 0}
    assert all(report[name] == [] for name in ("single_source", "similar_claims"))
    assert report["most_cited"] == {"sources": [], "speakers": []}
    assert "empty" in render_text(report)
