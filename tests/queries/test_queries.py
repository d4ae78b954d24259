"""The read services on a real SQLite file: filters and facets against a plain-Python reference,
keyset pagination under every sort while rows are added, and bad input as InputError."""

from __future__ import annotations

import base64
import json
from collections import Counter
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from factcheck import queries
from factcheck.db.models import Article, Claim, Speaker, Verdict
from factcheck.db.session import Database
from factcheck.errors import InputError, NotFound
from factcheck.queries import ClaimFilters
from factcheck.review.verdicts import consensus, refresh_status
from tests.api_data import Seeded, add_claims, seed


@pytest.fixture
def seeded(db: Database) -> Seeded:
    return seed(db)


def _reference(db: Database) -> list[dict[str, Any]]:
    """Every live claim with the facts the filters look at, computed without the services."""
    with db.sessions() as session:
        claims = session.scalars(
            select(Claim).options(selectinload(Claim.citations), selectinload(Claim.verdicts))
        ).all()
        articles = {a.id: a for a in session.scalars(select(Article))}
        speakers = {s.id: s for s in session.scalars(select(Speaker))}
        kinds = {s.id: s.kind for s in session.scalars(select(queries.claims.Source))}
        out = []
        for c in claims:
            decided = consensus(c.verdicts).deciding  # the status rule, one implementation
            out.append(
                {
                    "id": c.id,
                    "status": c.status,
                    "hedged": c.hedged,
                    "speaker": c.speaker_id,
                    "speaker_kind": speakers[c.speaker_id].kind if c.speaker_id else None,
                    "source_kinds": {kinds[ct.source_id] for ct in c.citations},
                    "sources": {ct.source_id for ct in c.citations},
                    "normalized": decided.normalized if decided else None,
                    "rating": decided.rating_label if decided else None,
                    "publisher": articles[c.article_id].publisher,
                    "published": articles[c.article_id].published,
                    "article": c.article_id,
                    "text": c.text,
                    "checkworthiness": c.checkworthiness,
                }
            )
        return out


def _all_ids(db: Database, filters: ClaimFilters, sort: str = "id", size: int = 7) -> list[int]:
    ids: list[int] = []
    cursor = None
    with db.sessions() as session:
        while True:
            page = queries.list_claims(session, filters, sort=sort, cursor=cursor, size=size)
            ids += [r["id"] for r in page.rows]
            if page.next is None:
                return ids
            cursor = page.next


CASES = [
    ("status", "decided", lambda r: r["status"] == "decided"),
    ("hedged", True, lambda r: r["hedged"]),
    ("hedged", False, lambda r: not r["hedged"]),
    ("unsourced", True, lambda r: not r["sources"]),
    ("unsourced", False, lambda r: bool(r["sources"])),
    ("speaker_kind", "anonymous", lambda r: r["speaker_kind"] == "anonymous"),
    ("source_kind", "interview", lambda r: "interview" in r["source_kinds"]),
    ("normalized", "FALSE", lambda r: r["normalized"] == "FALSE"),
    ("normalized", "mixture", lambda r: r["normalized"] == "MIXTURE"),
    ("rating", "true", lambda r: r["rating"] == "True"),
    ("publisher", "Hill Gazette", lambda r: r["publisher"] == "Hill Gazette"),
    ("date_from", "2025-03", lambda r: r["published"] >= "2025-03"),
    ("date_to", "2025-02", lambda r: "" < r["published"] < "2025-03"),
    ("q", "flood walls", lambda r: "flood walls" in r["text"]),
    ("q", "FLOOD", lambda r: "flood" in r["text"]),
    ("q", "ligh*", lambda r: "lights" in r["text"]),  # a prefix only when asked for
]


@pytest.mark.parametrize(("name", "value", "keep"), CASES, ids=lambda c: str(c))
def test_each_filter_matches_a_plain_python_reference(
    db: Database, seeded: Seeded, name: str, value: Any, keep: Any
) -> None:
    expected = sorted(r["id"] for r in _reference(db) if keep(r))
    assert expected, "the test data must contain matches"
    assert _all_ids(db, ClaimFilters(**{name: value})) == expected


def test_id_filters_take_ids_or_keys(db: Database, seeded: Seeded) -> None:
    reference = _reference(db)
    source, speaker, article = seeded.sources[1], seeded.speakers[2], seeded.articles[2]
    by_source = sorted(r["id"] for r in reference if source in r["sources"])
    assert _all_ids(db, ClaimFilters(source=source)) == by_source
    assert _all_ids(db, ClaimFilters(source="memo-roads-2023")) == by_source
    assert _all_ids(db, ClaimFilters(speaker=speaker)) == sorted(
        r["id"] for r in reference if r["speaker"] == speaker
    )
    in_article = sorted(r["id"] for r in reference if r["article"] == article)
    assert _all_ids(db, ClaimFilters(article=article)) == in_article
    assert _all_ids(db, ClaimFilters(article="town-budget-2")) == in_article
    assert _all_ids(db, ClaimFilters(article="no-such-article")) == []


def test_filters_combine_with_and(db: Database, seeded: Seeded) -> None:
    expected = sorted(
        r["id"]
        for r in _reference(db)
        if r["status"] == "disputed" and r["publisher"] == "Valley Courier" and r["sources"]
    )
    filters = ClaimFilters(status="disputed", publisher="Valley Courier", unsourced=False)
    assert _all_ids(db, filters) == expected


def test_orphaned_and_rejected_claims_are_left_out_unless_asked(
    db: Database, seeded: Seeded
) -> None:
    with db.unit() as session:
        session.get_one(Claim, seeded.claims[0]).rejected = True
        session.get_one(Claim, seeded.claims[1]).orphaned = True
    ids = _all_ids(db, ClaimFilters())
    assert seeded.claims[0] not in ids and seeded.claims[1] not in ids
    everything = _all_ids(db, ClaimFilters(include_orphaned=True, include_rejected=True))
    assert everything == sorted(seeded.claims)


SORTS = ["id", "-id", "checkworthiness", "-checkworthiness", "published", "-published", "status"]


@pytest.mark.parametrize("sort", [*SORTS, "-status"])
def test_keyset_pages_have_no_duplicates_or_gaps_while_rows_are_added(
    db: Database, seeded: Seeded, sort: str
) -> None:
    before = set(seeded.claims)
    seen: list[int] = []
    cursor = None
    added = 0
    with db.sessions() as session:
        while True:
            page = queries.list_claims(session, ClaimFilters(), sort=sort, cursor=cursor, size=5)
            seen += [r["id"] for r in page.rows]
            _check_order(page.rows, sort)
            if page.next is None:
                break
            cursor = page.next
            session.rollback()  # end the read snapshot so the next page sees the new rows
            add_claims(db, seeded.articles[added % 4], 1000 + added * 3, 3)
            added += 1
    assert len(seen) == len(set(seen)), "a claim appeared twice"
    assert before <= set(seen), f"claims skipped: {sorted(before - set(seen))}"
    assert added >= 8


def _check_order(rows: list[dict[str, Any]], sort: str) -> None:
    name = sort.lstrip("-")

    def key(r: dict[str, Any]) -> tuple[Any, int]:
        value = r["article"]["published"] if name == "published" else r[name]
        return (value, r["id"])

    keys = [key(r) for r in rows]
    assert keys == sorted(keys, reverse=sort.startswith("-"))


def test_pages_in_every_sort_hold_the_same_claims(db: Database, seeded: Seeded) -> None:
    everything = sorted(seeded.claims)
    for sort in SORTS:
        assert sorted(_all_ids(db, ClaimFilters(), sort=sort, size=11)) == everything


def _forged(document: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(document).encode()).decode().rstrip("=")


@pytest.mark.parametrize("cursor", ["not base64 !!", "x" * 5000, "abc=", "abc\x00"])
def test_a_cursor_not_written_as_one_is_an_input_error(
    db: Database, seeded: Seeded, cursor: str
) -> None:
    with db.sessions() as session, pytest.raises(InputError, match="cursor"):
        queries.list_claims(session, ClaimFilters(), sort="id", cursor=cursor, size=5)


@pytest.mark.parametrize(
    "cursor",
    [
        "",
        "gYGB",
        base64.urlsafe_b64encode(b"\xff\xfe").decode().rstrip("="),
        _forged([1, 2]),
        _forged({"v": 1, "s": "-id", "k": [5, 5]}),  # made for another sort
        _forged({"v": 1, "s": "id", "k": [5]}),
        _forged({"v": 1, "s": "id", "k": ["5", 5]}),
        _forged({"v": 1, "s": "id", "k": [5, True]}),
        _forged({"v": 2, "s": "id", "k": [5, 5]}),
    ],
)
def test_a_cursor_that_names_no_page_is_not_found(
    db: Database, seeded: Seeded, cursor: str
) -> None:
    """Written in the cursor alphabet, so the API's schema allows it: a 404, as an unknown id."""
    with db.sessions() as session, pytest.raises(NotFound, match="_next"):
        queries.list_claims(session, ClaimFilters(), sort="id", cursor=cursor, size=5)


@pytest.mark.parametrize(
    "call",
    [
        lambda s: queries.list_claims(s, ClaimFilters(), sort="text"),
        lambda s: queries.list_claims(s, ClaimFilters(), size=0),
        lambda s: queries.list_claims(s, ClaimFilters(), size=queries.MAX_PAGE_SIZE + 1),
        lambda s: ClaimFilters(status="maybe"),
        lambda s: ClaimFilters(normalized="PANTS"),
        lambda s: ClaimFilters(date_from="14 March"),
        lambda s: queries.claim_facets(s, ClaimFilters(), ["colour"]),
    ],
)
def test_bad_filters_sorts_and_sizes_are_input_errors(db: Database, call: Any) -> None:
    with db.sessions() as session, pytest.raises(InputError):
        call(session)


def test_hostile_full_text_is_harmless(db: Database, seeded: Seeded) -> None:
    for q in ['"', "AND OR NOT", "*", "x' OR 1=1 --", "\x00", "é" * 500, "NEAR(a b)"]:
        _all_ids(db, ClaimFilters(q=q))


FACET_KEYS = {
    "status": lambda r: [r["status"]],
    "hedged": lambda r: [r["hedged"]],
    "speaker_kind": lambda r: [r["speaker_kind"]],
    "source_kind": lambda r: sorted(r["source_kinds"]),
    "normalized": lambda r: [r["normalized"]],
    "publisher": lambda r: [r["publisher"]],
    "article": lambda r: [r["article"]],
}


@pytest.mark.parametrize("filters", [ClaimFilters(), ClaimFilters(status="disputed", hedged=False)])
def test_facet_counts_match_the_reference(
    db: Database, seeded: Seeded, filters: ClaimFilters
) -> None:
    with db.sessions() as session:
        facets = queries.claim_facets(session, filters, list(queries.CLAIM_FACETS))
    kept = set(_all_ids(db, filters))
    reference = [r for r in _reference(db) if r["id"] in kept]
    for name, values_of in FACET_KEYS.items():
        expected = Counter(v for r in reference for v in values_of(r))
        got = {f["value"]: f["count"] for f in facets[name]}
        assert got == dict(expected), name
        counts = [f["count"] for f in facets[name]]
        assert counts == sorted(counts, reverse=True)


def test_get_claim_has_attribution_citations_history_and_related(
    db: Database, seeded: Seeded
) -> None:
    with db.sessions() as session:
        disputed = session.scalar(
            select(Claim.id).where(Claim.status == "disputed", Claim.speaker_id.is_not(None))
        )
        assert disputed is not None
        data = queries.get_claim(session, disputed)
        json.dumps(data)  # JSON-safe
    assert data["speaker"]["name"] and data["speaker"]["kind"]
    assert [v["reviewer"] for v in data["verdicts"]] == ["reviewer0", "reviewer1"]
    assert data["status"] == "disputed" and data["rating"] is None  # only a decided claim has one
    if data["citations"]:
        source_id = data["citations"][0]["source"]["id"]
        reference = [r for r in _reference(db) if source_id in r["sources"] and r["id"] != disputed]
        assert {c["id"] for c in data["related"]} == {r["id"] for r in reference}
    with db.sessions() as session, pytest.raises(NotFound):
        queries.get_claim(session, 10**9)


def test_article_source_speaker_lists_and_items(db: Database, seeded: Seeded) -> None:
    reference = _reference(db)
    with db.sessions() as session:
        article = queries.get_article(session, "town-budget-1")
        assert article == queries.get_article(session, article["id"])
        assert [c["id"] for c in article["claims"]] == sorted(
            r["id"] for r in reference if r["article"] == article["id"]
        )
        listed = queries.list_articles(session, size=3)
        assert len(listed.rows) == 3 and listed.next
        rest = queries.list_articles(session, size=3, cursor=listed.next)
        assert {r["id"] for r in listed.rows + rest.rows} == set(seeded.articles)
        sources = queries.list_sources(session, kind="interview").rows
        assert [s["key"] for s in sources] == ["interview-brandt-2025"]
        assert sources[0]["claims"] == sum(1 for r in reference if sources[0]["id"] in r["sources"])
        source = queries.get_source(session, "interview-brandt-2025")
        assert len(source["citing_claims"]) == sources[0]["claims"]
        speakers = queries.list_speakers(session, q="mayor").rows
        assert [s["name"] for s in speakers] == ["Mayor Ilse Brandt"]
        speaker = queries.get_speaker(session, speakers[0]["id"])
        assert speaker["counts"]["total"] == len(speaker["claims"])
        for missing in (
            lambda: queries.get_article(session, "nope"),
            lambda: queries.get_source(session, 999),
            lambda: queries.get_speaker(session, 999),
        ):
            with pytest.raises(NotFound):
                missing()


def test_stats_count_live_claims(db: Database, seeded: Seeded) -> None:
    reference = _reference(db)
    with db.sessions() as session:
        data = queries.stats(session)
    assert data["totals"]["claims"] == len(reference)
    assert data["claims_by_status"] == dict(Counter(r["status"] for r in reference))
    assert data["unsourced_claims"] == sum(1 for r in reference if not r["sources"])
    rated = Counter(r["normalized"] for r in reference if r["normalized"])
    assert data["claims_by_rating"] == dict(rated)


def test_iter_claims_streams_every_match_in_chunks(db: Database, seeded: Seeded) -> None:
    with db.sessions() as session:
        ids = [r["id"] for r in queries.iter_claims(session, ClaimFilters(hedged=True), chunk=4)]
    assert ids == sorted(r["id"] for r in _reference(db) if r["hedged"])


def test_an_undo_withdraws_a_rating_from_filters_and_history(db: Database, seeded: Seeded) -> None:
    with db.unit() as session:
        claim = session.scalars(select(Claim).where(Claim.status == "decided")).first()
        assert claim is not None
        verdicts = list(session.scalars(select(Verdict).where(Verdict.claim_id == claim.id)))
        first, second = verdicts
        session.add(
            Verdict(
                claim_id=claim.id,
                reviewer=second.reviewer,
                rating_label="retracted",
                normalized="RETRACTED",
                rationale="",
                evidence_urls=[],
            )
        )
        refresh_status(session, claim)
        claim_id = claim.id
    with db.sessions() as session:
        data = queries.get_claim(session, claim_id)
        facets = queries.claim_facets(session, ClaimFilters(), ["normalized"])
    assert data["status"] == "in_review" and data["rating"] is None
    assert [(v["retraction"], v["retracted"]) for v in data["verdicts"]] == [
        (False, False),
        (False, True),
        (True, False),
    ]
    assert "RETRACTED" not in {f["value"] for f in facets["normalized"]}
    assert claim_id not in _all_ids(db, ClaimFilters(normalized=first.normalized))
    assert claim_id in _all_ids(db, ClaimFilters(status="in_review"))


@pytest.mark.parametrize(("name", "value", "keep"), CASES[:13], ids=lambda c: str(c))
def test_every_facet_works_under_every_filter(
    db: Database, seeded: Seeded, name: str, value: Any, keep: Any
) -> None:
    # The facet queries join the tables the filters look into (a correlation trap).
    filters = ClaimFilters(**{name: value})
    kept = {r["id"] for r in _reference(db) if keep(r)}
    with db.sessions() as session:
        facets = queries.claim_facets(session, filters, list(queries.CLAIM_FACETS))
    assert sum(f["count"] for f in facets["status"]) == len(kept)
    assert sum(f["count"] for f in facets["publisher"]) == len(kept)
    with_sources = sum(1 for r in _reference(db) if r["id"] in kept and r["sources"])
    assert sum(f["count"] for f in facets["source_kind"]) == with_sources


@pytest.mark.parametrize("sort", ["id", "-id", "checkworthiness"])
def test_full_text_pages_in_every_direction(db: Database, seeded: Seeded, sort: str) -> None:
    # id-ordered full text is read from the FTS index in rowid order; other sorts are not
    expected = sorted(r["id"] for r in _reference(db) if "school meals" in r["text"])
    got = _all_ids(db, ClaimFilters(q="school meals"), sort=sort, size=3)
    assert sorted(got) == expected and len(got) == len(set(got))
    if sort == "-id":
        assert got == expected[::-1]


def test_full_text_matches_whole_words(db: Database, seeded: Seeded) -> None:
    assert _all_ids(db, ClaimFilters(q="ligh")) == []
    assert _all_ids(db, ClaimFilters(q="lights")) == _all_ids(db, ClaimFilters(q="ligh*"))


def test_rows_rendered_by_sqlite_equal_the_python_rows(db: Database, seeded: Seeded) -> None:
    from datetime import datetime

    from factcheck.db.models import Citation
    from factcheck.queries.claims_json import list_claims_json

    with db.unit() as session:  # the awkward cases: escapes, lone mentions, repeated sources
        odd = session.get_one(Claim, seeded.claims[3])
        odd.text = 'He said "no" \\ \x01 <b>tag</b> — é 🙂\n'
        odd.speaker_id, odd.speaker_text, odd.cue_text = None, "someone", None
        odd.updated_at = datetime(2025, 5, 6, 7, 8, 9, 123456)
        cited = session.scalars(select(Citation).where(Citation.claim_id == odd.id)).first()
        if cited is not None:
            session.add(Citation(claim_id=odd.id, source_id=cited.source_id, kind="link",
                                 evidence_start=99, evidence_text="again"))  # fmt: skip
    with db.sessions() as session:
        for sort in SORTS:
            for filters in (ClaimFilters(), ClaimFilters(q="school"), ClaimFilters(hedged=True)):
                page = queries.list_claims(session, filters, sort=sort, size=9)
                texts, cursor = list_claims_json(session, filters, sort=sort, size=9)
                assert [json.loads(t) for t in texts] == page.rows, (sort, filters)
                assert cursor == page.next
