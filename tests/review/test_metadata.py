"""Editors' fixes of an article's metadata and a source's fields: audited, validated, and kept
when the article is ingested again."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from sqlalchemy import select

from factcheck.accounts.users import create_user
from factcheck.db.models import Article, AuditEvent, Claim, Source, Speaker
from factcheck.db.session import Database
from factcheck.errors import InputError, PermissionDenied
from factcheck.kb.files import export_kb, import_kb
from factcheck.review.metadata import edit_article, edit_source
from factcheck.store.articles import save_article
from tests.store.test_articles import CLAIMS_V1, CLAIMS_V2, V1, V2, C, build


def _editor(db: Database, role: str = "editor") -> None:
    with db.unit() as session:
        create_user(session, role, role, "a long enough password")


def _user(session, name: str = "editor"):  # type: ignore[no-untyped-def]
    from factcheck.db.models import User

    return session.scalar(select(User).where(User.name == name))


def test_an_edited_article_keeps_its_editor_values_when_ingested_again(db: Database) -> None:
    _editor(db)
    with db.unit() as session:
        first = save_article(session, build(V1, CLAIMS_V1, path="dam.txt"))
    values = {
        "title": "Dam repairs are delayed",
        "byline": "Lena Ortiz",
        "publisher": "The Valley Courier",
        "published": "2026-03-14",
        "url": "https://courier.example/dam",
    }
    with db.unit() as session:
        changes = edit_article(session, first.article_id, _user(session), values, "byline missed")
    assert changes["byline"] == ["", "Lena Ortiz"]
    assert changes["title"] == ["Dam repairs delayed", "Dam repairs are delayed"]
    with db.unit() as session:
        second = save_article(session, build(V2, CLAIMS_V2, path="dam.txt"))
    assert second.status == "updated" and second.article_id == first.article_id
    with db.sessions() as session:
        article = session.get(Article, first.article_id)
        assert article is not None and article.text == V2
        assert {name: getattr(article, name) for name in values} == values
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "article.edit")).one()
        assert event.actor == "editor" and event.entity_id == first.article_id
        assert event.data["note"] == "byline missed"
        assert event.data["changes"]["url"] == ["", "https://courier.example/dam"]


def test_fields_not_edited_still_follow_the_file(db: Database) -> None:
    _editor(db)
    with db.unit() as session:
        first = save_article(session, build(V1, CLAIMS_V1, path="dam.txt"))
    with db.unit() as session:
        edit_article(session, first.article_id, _user(session), {"byline": "Lena Ortiz"})
    with db.unit() as session:
        save_article(session, build(V2, CLAIMS_V2, path="dam.txt"))
    with db.sessions() as session:
        article = session.get(Article, first.article_id)
        assert article is not None
        assert article.title == "Dam repairs delayed again"  # the file's new title
        assert article.byline == "Lena Ortiz"


def test_an_edited_byline_names_the_author_of_the_article_s_own_claims(db: Database) -> None:
    _editor(db)
    author = C("repairs would cost 3 million euros", "nobody here", "", kind="author")
    with db.unit() as session:
        first = save_article(session, build(V1, [author], path="dam.txt"))
    with db.unit() as session:
        edit_article(session, first.article_id, _user(session), {"byline": "Lena Ortiz"})
    with db.sessions() as session:
        claim = session.scalars(select(Claim).where(Claim.article_id == first.article_id)).one()
        speaker = session.get(Speaker, claim.speaker_id)
        assert speaker is not None and (speaker.name, speaker.kind) == ("Lena Ortiz", "author")
    reworded = V1.replace("3 million", "4 million")
    changed = dataclasses.replace(author, text="repairs would cost 4 million euros")
    with db.unit() as session:
        save_article(session, build(reworded, [changed], path="dam.txt"))
    with db.sessions() as session:
        claim = session.scalars(select(Claim).where(Claim.article_id == first.article_id)).one()
        speaker = session.get(Speaker, claim.speaker_id)
        assert speaker is not None and speaker.name == "Lena Ortiz"


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"published": "14/03/2026"}, "is not a date"),
        ({"published": "2026-13-01"}, "is not a date"),
        ({"url": "javascript:alert(1)"}, r"is not an http\(s\) URL"),
        ({"title": "  "}, "needs a title"),
        ({"publisher": "x" * 201}, "longer than 200"),
    ],
)
def test_bad_article_values_are_refused_with_a_reason(
    db: Database, values: dict[str, str], message: str
) -> None:
    _editor(db)
    with db.unit() as session:
        first = save_article(session, build(V1, CLAIMS_V1, path="dam.txt"))
    with db.unit() as session, pytest.raises(InputError, match=message):
        edit_article(session, first.article_id, _user(session), values)


def test_a_reviewer_may_not_edit_metadata(db: Database) -> None:
    _editor(db, "reviewer")
    with db.unit() as session:
        first = save_article(session, build(V1, CLAIMS_V1, path="dam.txt"))
    with db.unit() as session, pytest.raises(PermissionDenied):
        edit_article(session, first.article_id, _user(session, "reviewer"), {"title": "x"})


def test_an_edited_source_is_audited_and_kept_across_re_ingest(db: Database) -> None:
    _editor(db)
    with db.unit() as session:
        save_article(session, build(V1, CLAIMS_V1, path="dam.txt"))
        source = session.scalars(select(Source)).one()
    values = {
        "title": "Regional board inspection memo, 2019",
        "identifier": "RB-2019-114",
        "url": "https://board.example/memo-2019",
        "kind": "leaked_document",
    }
    with db.unit() as session:
        changes = edit_source(session, source.id, _user(session), values)
    assert set(changes) == {"title", "identifier", "url"}  # the kind was already right
    reworded = V1.replace("A resident", "One resident")
    with db.unit() as session:
        save_article(session, build(reworded, CLAIMS_V1, path="dam.txt"))
    with db.sessions() as session:
        kept = session.get(Source, source.id)
        assert kept is not None
        assert {k: getattr(kept, k) for k in values} == values
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "source.edit")).one()
        assert event.data["changes"]["identifier"] == ["", "RB-2019-114"]
    with db.unit() as session, pytest.raises(InputError, match="kind is one of"):
        edit_source(session, source.id, _user(session), {"kind": "rumour"})


def test_the_edits_travel_with_the_knowledge_base_files(db: Database, tmp_path: Path) -> None:
    _editor(db)
    with db.unit() as session:
        first = save_article(session, build(V1, CLAIMS_V1, path="dam.txt"))
    with db.unit() as session:
        edit_article(session, first.article_id, _user(session), {"byline": "Lena Ortiz"})
    export_kb(db, tmp_path)
    other = Database(f"sqlite:///{tmp_path / 'other.db'}")
    other.upgrade()
    import_kb(other, tmp_path)
    with other.unit() as session:  # a later ingest into the imported knowledge base
        save_article(session, build(V2, CLAIMS_V2, path="dam.txt"))
    with other.sessions() as session:
        article = session.scalars(select(Article)).one()
        assert article.text == V2 and article.byline == "Lena Ortiz"
        assert article.title == "Dam repairs delayed again"
    other.dispose()
