"""Exports on a real SQLite file: JSONL and CSV parse back to the list rows, ClaimReview objects use
only schema.org vocabulary, and ``factcheck export --format`` writes the same from the CLI."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, select

from factcheck import exports, queries
from factcheck.config import DEFAULT_RATING_SCALE
from factcheck.db.models import Claim
from factcheck.db.session import Database
from factcheck.errors import NotFound
from factcheck.queries import ClaimFilters
from factcheck.review.scale import load_scale
from tests.api_data import Seeded, seed
from tests.cli.test_cli import run_cli

# Properties each schema.org type has (its own or inherited from CreativeWork, Review or Thing),
# restricted to those a ClaimReview export may use. From https://schema.org/ClaimReview, /Rating,
# /Claim, /CreativeWork, /Person and /Organization.
SCHEMA_ORG: dict[str, set[str]] = {
    "ClaimReview": {
        "claimReviewed", "reviewRating", "itemReviewed", "reviewBody", "author", "datePublished",
        "url", "publisher", "headline", "name", "inLanguage", "sdPublisher",
    },
    "Rating": {
        "ratingValue", "bestRating", "worstRating", "alternateName", "ratingExplanation",
        "reviewAspect", "author", "name",
    },
    "Claim": {"appearance", "firstAppearance", "author", "datePublished", "claimInterpreter", "name", "text"},
    "CreativeWork": {"url", "headline", "datePublished", "publisher", "author", "name", "inLanguage"},
    "Person": {"name", "url", "jobTitle", "sameAs"},
    "Organization": {"name", "url", "sameAs", "logo"},
}  # fmt: skip
EXPECTED_TYPE = {
    "reviewRating": {"Rating"},
    "itemReviewed": {"Claim"},
    "appearance": {"CreativeWork"},
    "firstAppearance": {"CreativeWork"},
    "author": {"Person", "Organization"},
    "publisher": {"Organization", "Person"},
}


def check_schema_org(node: Any, expected: set[str] | None = None) -> None:
    """Every object has a known @type, only that type's properties, and typed children."""
    assert isinstance(node, dict) and node.get("@type") in SCHEMA_ORG, node
    kind = node["@type"]
    if expected is not None:
        assert kind in expected, f"{kind} is not one of {expected}"
    for key, value in node.items():
        if key in ("@type", "@context"):
            continue
        assert key in SCHEMA_ORG[kind], f"{kind} has no property {key!r}"
        if isinstance(value, dict):
            check_schema_org(value, EXPECTED_TYPE.get(key))
        else:
            assert isinstance(value, str | int | float), (key, value)


def check_claimreview(review: dict[str, Any], worst: int = 1, best: int = 5) -> None:
    assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
    check_schema_org(review)
    for key in ("claimReviewed", "reviewRating", "itemReviewed", "author", "datePublished", "url"):
        assert review[key], key
    rating = review["reviewRating"]
    assert (rating["worstRating"], rating["bestRating"]) == (worst, best)
    assert rating["alternateName"]
    if "ratingValue" in rating:
        assert worst <= rating["ratingValue"] <= best
    assert review["itemReviewed"]["appearance"]["headline"]


@pytest.fixture
def seeded(db: Database) -> Seeded:
    return seed(db)


def _decided(db: Database) -> list[int]:
    with db.sessions() as session:
        stmt = select(Claim.id).where(Claim.status == "decided").order_by(Claim.id)
        return list(session.scalars(stmt))


def test_one_valid_claimreview_per_decided_claim(db: Database, seeded: Seeded) -> None:
    scale = load_scale(DEFAULT_RATING_SCALE)
    with db.sessions() as session:
        lines = list(exports.claimreview_lines(session, ClaimFilters(), scale, "https://fc.test/"))
        reviews = [json.loads(line) for line in lines]
        one = exports.claimreview_for(session, int(reviews[0]["url"].rsplit("/", 1)[1]), scale, "x")
    decided = _decided(db)
    assert [r["url"] for r in reviews] == [f"https://fc.test/claims/{i}" for i in decided]
    for review in reviews:
        check_claimreview(review)
        assert review["reviewRating"]["alternateName"] in scale.labels
    assert one["claimReviewed"] == reviews[0]["claimReviewed"]


def test_the_vocabulary_check_can_fail() -> None:
    bad = {"@type": "Rating", "ratingValue": 3, "colour": "red"}
    with pytest.raises(AssertionError, match="colour"):
        check_schema_org(bad)
    with pytest.raises(AssertionError):
        check_schema_org({"@type": "ClaimReview", "itemReviewed": {"@type": "Rating"}})


def test_undecided_and_missing_claims_have_no_claimreview(db: Database, seeded: Seeded) -> None:
    scale = load_scale(DEFAULT_RATING_SCALE)
    with db.sessions() as session:
        undecided = session.scalar(select(Claim.id).where(Claim.status == "disputed"))
        assert undecided is not None
        with pytest.raises(NotFound, match="no decided rating"):
            exports.claimreview_for(session, undecided, scale, "x")
        with pytest.raises(NotFound, match="no claim"):
            exports.claimreview_for(session, 10**9, scale, "x")


def test_jsonl_and_csv_parse_back_to_the_list_rows(db: Database, seeded: Seeded) -> None:
    filters = ClaimFilters(unsourced=False)
    with db.sessions() as session:
        rows = list(queries.iter_claims(session, filters))
        jsonl = "".join(exports.jsonl_lines(session, filters))
        text = "".join(exports.csv_lines(session, filters))
    assert [json.loads(line) for line in jsonl.splitlines()] == rows
    records = list(csv.DictReader(io.StringIO(text)))
    assert [int(r["id"]) for r in records] == [r["id"] for r in rows]
    assert [r["text"] for r in records] == [r["text"] for r in rows]
    assert all(r["source_keys"] for r in records)


def test_csv_cells_cannot_become_spreadsheet_formulas(db: Database, seeded: Seeded) -> None:
    with db.unit() as session:
        session.get_one(Claim, seeded.claims[0]).text = '=HYPERLINK("http://evil.test","x")'
    with db.sessions() as session:
        text = "".join(exports.csv_lines(session, ClaimFilters()))
    first = next(csv.DictReader(io.StringIO(text)))
    assert first["text"] == '\'=HYPERLINK("http://evil.test","x")'


def test_claims_are_read_lazily_one_chunk_at_a_time(db: Database, seeded: Seeded) -> None:
    pages: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if "FROM claims" in statement and "LIMIT" in statement:  # a page of ids
            pages.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        with db.sessions() as session:
            rows = queries.iter_claims(session, ClaimFilters(), chunk=5)
            assert next(rows)["id"] == min(seeded.claims)
            assert len(pages) == 1  # the first chunk only
            assert len(list(rows)) == len(seeded.claims) - 1
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert len(pages) == -(-len(seeded.claims) // 5)


def test_cli_export_formats(db_url: str, db: Database, seeded: Seeded, tmp_path: Path) -> None:
    out = tmp_path / "decided.jsonl"
    refused = run_cli("export", "--format", "claimreview", "--output", str(out), db_url=db_url)
    assert refused.returncode == 1 and not out.exists()
    assert "FACTCHECK_PUBLIC_URL" in refused.stderr and "--base-url" in refused.stderr
    site = "https://checks.example.org"
    done = run_cli(
        "export", "--format", "claimreview", "--output", str(out), db_url=db_url,
        env={"FACTCHECK_PUBLIC_URL": site},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    reviews = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(reviews) == len(_decided(db))
    for review in reviews:
        check_claimreview(review)
        assert review["url"].startswith(f"{site}/claims/")
    flag = run_cli(
        "export", "--format", "claimreview", "--base-url", "https://other.example/", db_url=db_url
    )
    assert flag.returncode == 0 and '"url":"https://other.example/claims/' in flag.stdout
    hedged = run_cli("export", "--format", "csv", "--hedged", "--status", "decided", db_url=db_url)
    assert hedged.returncode == 0, hedged.stderr
    with db.sessions() as session:
        expected = [
            r["id"]
            for r in queries.iter_claims(session, ClaimFilters(hedged=True, status="decided"))
        ]
    assert [int(r["id"]) for r in csv.DictReader(io.StringIO(hedged.stdout))] == expected
    bad = run_cli("export", "--format", "jsonl", "--date-from", "last week", db_url=db_url)
    assert bad.returncode == 1 and "date_from" in bad.stderr
    nowhere = run_cli(
        "export", "--format", "jsonl", "--output", str(tmp_path / "no" / "x"), db_url=db_url
    )
    assert nowhere.returncode == 1 and not (tmp_path / "no").exists()
