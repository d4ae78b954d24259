"""Building the provenance graph from real SQLite files: the example knowledge base and rows saved
here through the ORM."""

from __future__ import annotations

import io
import json
from collections import Counter

import networkx as nx
import pytest
from sqlalchemy import func, select

from factcheck.db.models import Article, Citation, Claim, Source, Speaker
from factcheck.db.session import Database
from factcheck.errors import InputError, NotFound
from factcheck.graph import (
    GraphCache,
    build_graph,
    build_neighbourhood,
    full_report,
    graph_bytes,
    self_citation,
)
from factcheck.graph.build import normalize_url


def save_world(db: Database) -> dict[str, int]:
    """Two outlets that cite each other's stories, one rejected and one orphaned claim."""
    with db.unit() as s:
        times = Article(
            slug="times-ferry",
            title="Ferry cut",
            publisher="Harbour Times",
            url="https://ht.example/ferry",
            text="...",
            content_hash="1",
        )
        wire = Article(
            slug="wire-ferry",
            title="Wire: ferry",
            publisher="Coast Wire",
            url="https://wire.example/ferry/",
            text="...",
            content_hash="2",
        )
        # the wire story as a cited source: matched by URL (scheme, www. and slash ignored)
        wire_src = Source(
            key="wire-story",
            kind="media_report",
            publisher="Coast Wire",
            url="http://www.wire.example/ferry",
        )
        # the Times story as a cited source: matched by identifier == slug
        times_src = Source(
            key="times-story",
            kind="media_report",
            publisher="Harbour Times",
            identifier="times-ferry",
        )
        board = Source(key="board-minutes", kind="dataset", publisher="Port Board")
        ana = Speaker(key="person:ana", name="Ana Ruiz", kind="person")
        s.add_all([times, wire, wire_src, times_src, board, ana])
        s.flush()
        claims = {
            "times": Claim(article_id=times.id, speaker_id=ana.id, text="The ferry stops in May"),
            "wire": Claim(article_id=wire.id, speaker_id=ana.id, text="The ferry service ends"),
            "rejected": Claim(article_id=times.id, text="Read more", rejected=True),
            "orphaned": Claim(article_id=times.id, text="An old sentence", orphaned=True),
            "board": Claim(article_id=wire.id, text="Fares rose twice", speaker_id=None),
        }
        for n, claim in enumerate(claims.values()):
            claim.uid, claim.normalized_text = f"u{n}", claim.text.lower()
            claim.start, claim.end, claim.kind = 0, len(claim.text), "indirect"
        s.add_all(claims.values())
        s.flush()
        for claim, source in (
            ("times", wire_src),
            ("wire", times_src),
            ("board", board),
            ("rejected", board),
            ("orphaned", board),
        ):
            s.add(Citation(claim_id=claims[claim].id, source_id=source.id, kind="media_report"))
        ids = {name: c.id for name, c in claims.items()}
        ids |= {"times_article": times.id, "wire_article": wire.id, "board_source": board.id}
        ids |= {"wire_src": wire_src.id, "ana": ana.id}
    return ids


def test_the_example_knowledge_base_becomes_a_graph_of_its_rows(example_db: Database) -> None:
    graph = build_graph(example_db)
    with example_db.sessions() as s:
        live = s.scalar(
            select(func.count()).select_from(Claim).where(~Claim.rejected, ~Claim.orphaned)
        )
        expected = {
            "article": s.scalar(select(func.count()).select_from(Article)),
            "claim": live,
            "source": s.scalar(select(func.count()).select_from(Source)),
            "speaker": s.scalar(select(func.count()).select_from(Speaker)),
        }
        citations = s.scalar(select(func.count()).select_from(Citation))
        first = s.scalars(select(Claim).order_by(Claim.id)).first()
        assert first is not None
    types = Counter(t for _, t in graph.nodes(data="type"))
    assert {k: types[k] for k in expected} == expected
    assert types["publisher"] >= 1
    assert sum(1 for *_, k in graph.edges(data="kind") if k == "citation") == citations
    assert graph.nodes[f"claim:{first.id}"]["text"] == first.text
    for _, attrs in graph.nodes(data=True):
        assert all(isinstance(v, str | int | float | bool) for v in attrs.values()), attrs
    report = full_report(graph)
    assert json.loads(json.dumps(report)) == report


def test_rejected_and_orphaned_claims_are_left_out(db: Database) -> None:
    ids = save_world(db)
    graph = build_graph(db)
    assert f"claim:{ids['rejected']}" not in graph
    assert f"claim:{ids['orphaned']}" not in graph
    assert f"claim:{ids['board']}" in graph


def test_sources_that_are_articles_close_a_circle_from_the_database(db: Database) -> None:
    ids = save_world(db)
    graph = build_graph(db)
    assert graph.has_edge(f"source:{ids['wire_src']}", f"article:{ids['wire_article']}")
    findings = {f["claim"]["id"]: f for f in self_citation(graph)}
    times = findings[ids["times"]]
    assert times["type"] == "circular"
    assert times["claim"]["text"] == "The ferry stops in May"
    assert times["chain"][:2] == [f"source:{ids['wire_src']}", f"article:{ids['wire_article']}"]


@pytest.mark.parametrize(
    ("url", "expected"),
    [("https://www.Wire.example/a/", "wire.example/a"), ("  ", ""), ("ftp://x.org", "x.org")],
)
def test_normalize_url(url: str, expected: str) -> None:
    assert normalize_url(url) == expected


def test_neighbourhoods_of_each_kind(db: Database) -> None:
    ids = save_world(db)
    claim = build_neighbourhood(db, "claim", ids["times"])
    assert claim.graph["focus"] == f"claim:{ids['times']}" and claim.graph["truncated"] is False
    assert {f"claim:{ids['times']}", f"source:{ids['wire_src']}", f"speaker:{ids['ana']}"} <= set(
        claim
    )
    source = build_neighbourhood(db, "source", ids["board_source"])
    claims = {n for n, t in source.nodes(data="type") if t == "claim"}
    assert claims == {f"claim:{ids['board']}"}  # the rejected and orphaned citers are left out
    speaker = build_neighbourhood(db, "speaker", ids["ana"])
    assert {n for n, t in speaker.nodes(data="type") if t == "claim"} == {
        f"claim:{ids['times']}",
        f"claim:{ids['wire']}",
    }
    article = build_neighbourhood(db, "article", ids["wire_article"])
    assert f"article:{ids['wire_article']}" in article
    assert {n for n, t in article.nodes(data="type") if t == "claim"} == {
        f"claim:{ids['wire']}",
        f"claim:{ids['board']}",
    }
    rejected = build_neighbourhood(db, "claim", ids["rejected"])  # asked for by id: shown
    assert f"claim:{ids['rejected']}" in rejected


def test_a_claim_neighbourhood_includes_claims_citing_the_same_sources(
    example_db: Database,
) -> None:
    with example_db.sessions() as s:
        claim_id, source_id = s.execute(select(Citation.claim_id, Citation.source_id)).first()  # type: ignore[misc]
        siblings = set(s.scalars(select(Citation.claim_id).where(Citation.source_id == source_id)))
    graph = build_neighbourhood(example_db, "claim", claim_id)
    claims = {n for n, t in graph.nodes(data="type") if t == "claim"}
    assert claims >= {f"claim:{c}" for c in siblings}
    assert len(siblings) > 1


def test_a_source_neighbourhood_shows_the_article_the_source_is(db: Database) -> None:
    ids = save_world(db)
    graph = build_neighbourhood(db, "source", ids["wire_src"])
    assert graph.has_edge(f"source:{ids['wire_src']}", f"article:{ids['wire_article']}")
    assert graph.nodes[f"article:{ids['wire_article']}"]["publisher"] == "Coast Wire"


def test_a_neighbourhood_is_cut_at_the_limit_and_says_so(db: Database) -> None:
    ids = save_world(db)
    graph = build_neighbourhood(db, "speaker", ids["ana"], limit=1)
    assert graph.graph["truncated"] is True
    assert sum(1 for _, t in graph.nodes(data="type") if t == "claim") == 1


def test_unknown_nodes_and_kinds_are_errors(db: Database) -> None:
    with pytest.raises(NotFound, match="claim 4242 does not exist"):
        build_neighbourhood(db, "claim", 4242)
    with pytest.raises(NotFound, match="does not exist"):
        build_neighbourhood(db, "source", 10**30)  # larger than any SQLite integer
    with pytest.raises(InputError, match="unknown node kind"):
        build_neighbourhood(db, "verdict", 1)


def test_exports_of_a_built_graph_parse_back(example_db: Database) -> None:
    graph = build_graph(example_db)
    for fmt, reader in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        back = reader(io.BytesIO(graph_bytes(graph, fmt)))
        assert back.number_of_nodes() == graph.number_of_nodes(), fmt
        assert back.number_of_edges() == graph.number_of_edges(), fmt
    data = json.loads(graph_bytes(graph, "json"))
    back = nx.node_link_graph(data, edges="links")
    assert set(back.nodes) == set(graph.nodes)
    assert back.nodes["claim:1"]["text"] == graph.nodes["claim:1"]["text"]
    assert nx.read_graphml(io.BytesIO(graph_bytes(graph, "graphml"))).nodes["claim:1"]["db_id"] == 1


def test_an_empty_knowledge_base_is_an_empty_graph_that_still_exports(db: Database) -> None:
    graph = build_graph(db)
    assert graph.number_of_nodes() == 0
    assert full_report(graph)["summary"]["unsourced_claims"] == 0
    for fmt in ("graphml", "gexf", "json"):
        assert graph_bytes(graph, fmt)


def test_the_cache_rebuilds_only_after_a_change(db: Database) -> None:
    ids = save_world(db)
    cache = GraphCache(db)
    first = cache.graph()
    assert cache.graph() is first
    report = cache.report()
    with db.unit() as s:
        claim = s.get(Claim, ids["board"])
        assert claim is not None
        claim.text = "Fares rose three times"
    second = cache.graph()
    assert second is not first
    assert second.nodes[f"claim:{ids['board']}"]["text"] == "Fares rose three times"
    assert cache.report() != report
