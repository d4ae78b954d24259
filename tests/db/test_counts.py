"""Maintained figures (factcheck/db/counts.py) equal a recount after every kind of write."""

from __future__ import annotations

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from factcheck.accounts.users import create_user
from factcheck.config import Settings
from factcheck.db.models import Article, Citation, Claim, Verdict
from factcheck.db.session import Database
from factcheck.kb.files import import_kb
from factcheck.queries import ClaimFilters, claim_facets, stats
from factcheck.queries.claims import claim_select
from factcheck.queries.entities import counted_stats
from factcheck.queries.facets import _counted
from factcheck.review.corrections import add_citation, reject_claim, remove_citation
from factcheck.review.scale import load_scale
from factcheck.review.verdicts import consensus, record_verdict, undo_verdict
from factcheck.store.articles import save_article
from tests.conftest import REPO
from tests.store.test_articles import CLAIMS_V1, CLAIMS_V2, V1, V2, build

RATING = ("rating_label", "rating_value", "rating_normalized")
FACETS = ("status", "normalized", "hedged", "article", "source_kind", "speaker_kind", "publisher")


def check(db: Database) -> dict:
    """Stats, facets and every claim's kept rating and citation flag equal a recount."""
    with db.sessions() as session:
        figures = stats(session)
        assert figures == counted_stats(session)
        kept = claim_facets(session, None, FACETS)
        for name in FACETS:
            assert kept[name] == _counted(session, name, ClaimFilters()), name
        _check_claim_columns(session)
        return figures


def _check_claim_columns(session: Session) -> None:
    kept = {
        r["id"]: tuple(r[c] for c in RATING) for r in session.execute(claim_select()).mappings()
    }
    verdicts: dict[int, list[Verdict]] = {i: [] for i in kept}
    for verdict in session.scalars(select(Verdict).order_by(Verdict.id)):
        verdicts[verdict.claim_id].append(verdict)
    derived = {}  # the decided rating by the status rule
    for claim_id, history in verdicts.items():
        v = consensus(history).deciding
        derived[claim_id] = (v.rating_label, v.rating_value, v.normalized) if v else (None,) * 3
    assert kept == derived
    cited = dict(session.execute(select(Claim.id, Claim.cited)).all())
    with_citations = set(session.scalars(select(Citation.claim_id)))
    assert cited == {i: i in with_citations for i in cited}


def test_counts_follow_import_ingest_verdicts_undo_reject_and_citations(
    db: Database, settings: Settings
) -> None:
    empty = check(db)
    assert empty["totals"]["claims"] == 0
    import_kb(db, REPO)
    imported = check(db)
    assert imported["totals"]["claims"] > 0 and imported["claims_by_rating"]
    with db.unit() as session:
        article = save_article(session, build(V1, CLAIMS_V1, path="dam.txt")).article_id
    check(db)
    with db.unit() as session:
        save_article(session, build(V2, CLAIMS_V2, path="dam.txt"))  # orphans some claims
    check(db)
    with db.unit() as session:
        rui = create_user(session, "rui", "reviewer", "a long enough password")
        rosa = create_user(session, "rosa", "reviewer", "a long enough password")
        eda = create_user(session, "eda", "editor", "a long enough password")
        claim_ids = list(
            session.scalars(
                select(Claim.id).where(Claim.article_id == article, Claim.orphaned.is_(False))
            )
        )
    scale = load_scale(settings.rating_scale)
    first, second = claim_ids[0], claim_ids[1]
    for user, claim_id, label in (
        (rui, first, "False"),
        (rosa, first, "True"),
        (rui, second, "True"),
    ):
        with db.unit() as session:
            record_verdict(session, claim_id, user, label, "checked", [], scale)
    rated = check(db)
    assert rated["totals"]["verdicts"] == imported["totals"]["verdicts"] + 3
    with db.unit() as session:
        undo_verdict(session, first, rosa)  # rui's False alone: in review, no decided rating
    with db.sessions() as session:
        row = session.execute(select(Claim.status, Claim.rating_label).where(Claim.id == first))
    assert tuple(row.one()) == ("in_review", None)
    check(db)
    with db.unit() as session:
        citation = add_citation(session, second, eda, "memo-2019-dam-inspection", "leaked_document")
    check(db)
    with db.unit() as session:
        remove_citation(session, citation.id, eda)
        reject_claim(session, second, eda, "not a claim")
    rejected = check(db)
    assert sum(rejected["claims_by_status"].values()) == sum(rated["claims_by_status"].values()) - 1
    with db.unit() as session:  # a source changes kind, a speaker too; a source is deleted
        session.execute(
            text("UPDATE sources SET kind = 'interview' WHERE key = 'memo-2019-dam-inspection'")
        )
        session.execute(
            text("UPDATE speakers SET kind = 'group' WHERE id = (SELECT min(id) FROM speakers)")
        )
    check(db)
    with db.unit() as session:
        session.execute(
            text("DELETE FROM sources WHERE id = (SELECT min(source_id) FROM citations)")
        )
    check(db)
    with db.unit() as session:  # raw SQL and cascades are counted too
        session.execute(text("DELETE FROM articles WHERE id = :id"), {"id": article})
    check(db)


def test_facet_cache_is_invalidated_by_a_write(example_db: Database) -> None:
    filters = ClaimFilters(hedged=False)
    with example_db.sessions() as session:
        before = claim_facets(session, filters, ["publisher"])["publisher"]
        assert claim_facets(session, filters, ["publisher"])["publisher"] == before
    with example_db.unit() as session:
        claim = session.scalars(select(Claim).where(Claim.hedged.is_(False))).first()
        assert claim is not None
        publisher = session.get(Article, claim.article_id).publisher  # type: ignore[union-attr]
        claim.hedged = True
    with example_db.sessions() as session:
        after = {
            r["value"]: r["count"]
            for r in claim_facets(session, filters, ["publisher"])["publisher"]
        }
    assert after.get(publisher, 0) == {r["value"]: r["count"] for r in before}[publisher] - 1
