"""Verdicts, the status rule, undo and editors' corrections, on a real SQLite file."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck import queries
from factcheck.accounts.users import create_user
from factcheck.config import Settings
from factcheck.db.models import Article, AuditEvent, Citation, Claim, Source, User, Verdict
from factcheck.db.session import Database
from factcheck.errors import Conflict, InputError, NotFound, PermissionDenied
from factcheck.review.corrections import (
    add_citation,
    correct_evidence,
    correct_span,
    correct_speaker,
    reject_claim,
    remove_citation,
)
from factcheck.review.scale import RatingScale, load_scale
from factcheck.review.verdicts import (
    RETRACTED,
    claim_consensus,
    record_verdict,
    undo_verdict,
)

PASSWORD = "a long enough password"


@pytest.fixture
def scale(settings: Settings) -> RatingScale:
    return load_scale(settings.rating_scale)


@pytest.fixture
def people(example_db: Database) -> dict[str, User]:
    with example_db.unit() as session:
        users = {
            name: create_user(session, name, role, PASSWORD)
            for name, role in (
                ("vera", "viewer"),
                ("rui", "reviewer"),
                ("rosa", "reviewer"),
                ("rami", "reviewer"),
                ("eda", "editor"),
            )
        }
    return users


def _unreviewed_claim(db: Database) -> int:
    with db.sessions() as session:
        claim_id = session.scalar(
            select(Claim.id)
            .where(Claim.status == "unreviewed", Claim.rejected.is_(False))
            .order_by(Claim.id)
        )
    assert claim_id is not None
    return claim_id


def _verdict(db: Database, claim_id: int, user: User, label: str, scale: RatingScale) -> str:
    with db.unit() as session:
        record_verdict(session, claim_id, user, label, "checked", ["https://example.org/a"], scale)
    with db.sessions() as session:
        return session.get_one(Claim, claim_id).status


def test_status_follows_the_rule(
    example_db: Database, people: dict[str, User], scale: RatingScale
) -> None:
    claim_id = _unreviewed_claim(example_db)
    assert _verdict(example_db, claim_id, people["rui"], "True", scale) == "in_review"
    assert _verdict(example_db, claim_id, people["rui"], "False", scale) == "in_review"
    assert _verdict(example_db, claim_id, people["rosa"], "Mostly true", scale) == "disputed"
    assert _verdict(example_db, claim_id, people["rui"], "mostly TRUE", scale) == "decided"
    assert _verdict(example_db, claim_id, people["rami"], "Mixed", scale) == "disputed"
    assert _verdict(example_db, claim_id, people["eda"], "Mixed", scale) == "decided"
    with example_db.sessions() as session:
        result = claim_consensus(session, claim_id)
    assert result.normalized == "MIXTURE" and result.label == "Mixed"
    assert result.disagreement  # reviewers still disagree; the editor ruled
    assert [v.reviewer for v in result.latest] == ["rosa", "rui", "rami", "eda"]


def test_verdicts_are_validated_and_roles_enforced(
    example_db: Database, people: dict[str, User], scale: RatingScale
) -> None:
    claim_id = _unreviewed_claim(example_db)
    cases = [
        (people["vera"], "True", [], PermissionDenied),
        (people["rui"], "Probably", [], InputError),
        (people["rui"], RETRACTED, [], InputError),
        (people["rui"], "True", ["javascript:alert(1)"], InputError),
        (people["rui"], "True", ["https://"], InputError),
        (people["rui"], "True", ["https://exa mple.org"], InputError),
    ]
    for user, label, urls, error in cases:
        with pytest.raises(error), example_db.unit() as session:
            record_verdict(session, claim_id, user, label, "", urls, scale)
    with pytest.raises(NotFound), example_db.unit() as session:
        record_verdict(session, 10**9, people["rui"], "True", "", [], scale)
    with pytest.raises(InputError), example_db.unit() as session:
        record_verdict(session, claim_id, people["rui"], "True", "x\x00y", [], scale)
    with example_db.sessions() as session:
        assert session.scalar(select(Verdict).where(Verdict.claim_id == claim_id)) is None


def test_undo_appends_a_retraction_and_restores_the_status(
    example_db: Database, people: dict[str, User], scale: RatingScale
) -> None:
    claim_id = _unreviewed_claim(example_db)
    _verdict(example_db, claim_id, people["rui"], "True", scale)
    assert _verdict(example_db, claim_id, people["rosa"], "True", scale) == "decided"
    with example_db.unit() as session:
        undo_verdict(session, claim_id, people["rosa"])
    with example_db.sessions() as session:
        assert session.get_one(Claim, claim_id).status == "in_review"
        history = queries.verdict_history(session, claim_id)
        actions = session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert [(h["reviewer"], h["label"], h["retracted"]) for h in history] == [
        ("rui", "True", False),
        ("rosa", "True", True),
        ("rosa", RETRACTED, False),
    ]
    # the retraction names what it withdraws by its stable key, never by a database id
    assert history[2]["retracts"] == history[1]["key"]
    assert str(history[1]["id"]) not in history[2]["rationale"].replace(
        history[1]["created_at"], ""
    )
    assert actions[-1] == "verdict.retract"
    with pytest.raises(NotFound), example_db.unit() as session:
        undo_verdict(session, claim_id, people["rosa"])  # nothing of rosa's left to undo
    with pytest.raises(Conflict), example_db.unit() as session:
        later = session.get_one(Verdict, history[0]["id"]).created_at + timedelta(hours=2)
        undo_verdict(session, claim_id, people["rui"], now=later)


def test_corrections_are_audited_marked_and_need_an_editor(
    example_db: Database, people: dict[str, User]
) -> None:
    claim_id = _unreviewed_claim(example_db)
    with pytest.raises(PermissionDenied), example_db.unit() as session:
        correct_span(session, claim_id, people["rui"], 0, 10)
    with example_db.unit() as session:
        claim = session.get_one(Claim, claim_id)
        text = session.get_one(Article, claim.article_id).text
        uid, start, end = claim.uid, claim.start, claim.end
        correct_span(session, claim_id, people["eda"], start, end - 1, "trim the quote mark")
        correct_speaker(session, claim_id, people["eda"], "Chief Engineer", "person")
        citation = add_citation(
            session,
            claim_id,
            people["eda"],
            "new-report-2026",
            "dataset",
            new_source={"kind": "dataset", "title": "A new report", "url": "https://example.org/r"},
        )
        correct_evidence(session, citation.id, people["eda"], 0, 5, "dataset")
        citation_id = citation.id
    with example_db.sessions() as session:
        claim = session.get_one(Claim, claim_id)
        assert (claim.text, claim.uid, claim.corrected) == (text[start : end - 1], uid, True)
        assert session.get_one(Citation, citation_id).evidence_text == text[0:5]
        assert session.scalar(select(Source).where(Source.key == "new-report-2026")) is not None
    with example_db.unit() as session:
        remove_citation(session, citation_id, people["eda"])
        reject_claim(session, claim_id, people["eda"], "a description, not a claim")
    with example_db.sessions() as session:
        assert session.get_one(Claim, claim_id).rejected
        actions = session.scalars(
            select(AuditEvent.action).where(AuditEvent.entity_id == claim_id)
        ).all()
    assert actions == [
        "claim.correct_span",
        "claim.correct_speaker",
        "claim.add_citation",
        "claim.correct_evidence",
        "claim.remove_citation",
        "claim.reject",
    ]


def test_bad_corrections_change_nothing(example_db: Database, people: dict[str, User]) -> None:
    claim_id = _unreviewed_claim(example_db)
    with example_db.sessions() as session:
        before = kb_snapshot(session, claim_id)
    bad = [
        lambda s: correct_span(s, claim_id, people["eda"], 5, 2),
        lambda s: correct_span(s, claim_id, people["eda"], 0, 10**7),
        lambda s: correct_speaker(s, claim_id, people["eda"], "X", "alien"),
        lambda s: correct_speaker(s, claim_id, people["eda"], "  ", "person"),
        lambda s: add_citation(s, claim_id, people["eda"], "no-such-source", "dataset"),
        lambda s: add_citation(s, claim_id, people["eda"], "Bad Key!", "dataset"),
    ]
    for call in bad:
        with pytest.raises((InputError, NotFound)), example_db.unit() as session:
            call(session)
    with example_db.sessions() as session:
        assert kb_snapshot(session, claim_id) == before
        assert session.scalar(select(AuditEvent)) is None


def kb_snapshot(session: Session, claim_id: int) -> tuple:
    """What a correction could change: the claim's fields and its citations."""
    claim = session.get_one(Claim, claim_id)
    citations = session.execute(
        select(Citation.source_id, Citation.evidence_start, Citation.kind).where(
            Citation.claim_id == claim_id
        )
    ).all()
    fields = (claim.text, claim.start, claim.end, claim.speaker_id, claim.corrected, claim.rejected)
    return fields, sorted(citations)
