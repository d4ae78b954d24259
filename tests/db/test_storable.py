"""Values one backend stores and another refuses (issue 16, point 6) are refused before any backend
sees them, with the same message: a NUL character, text longer than its column, integers past
the column's range, dates inside JSON. On SQLite each of these used to be stored silently."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from factcheck.db.models import Article, Claim, Source
from factcheck.db.session import Database
from factcheck.errors import InputError
from factcheck.kb.files import KnowledgeBaseInvalid, import_kb
from factcheck.records import Article as ArticleRecord
from factcheck.records import ExtractedArticle
from factcheck.store.articles import save_all
from tests.conftest import REPO


def _article(**fields: object) -> Article:
    base: dict[str, object] = {"slug": "a", "text": "The mayor said so.", "content_hash": "x"}
    return Article(**{**base, **fields, "meta": fields.get("meta", {})})


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (_article(title="a\x00b"), "articles.title: a NUL character cannot be stored"),
        (_article(published="9" * 500), "articles.published: 500 characters, at most 32"),
        (_article(language="x" * 300), "articles.language: 300 characters, at most 16"),
        (_article(meta={"when": date(2026, 1, 2)}), "articles.meta: not plain JSON"),
        (_article(meta={"a": "b\x00"}), "articles.meta: a NUL character cannot be stored"),
        (Source(key="s", kind="memo", notes="x\x00"), "sources.notes: a NUL character"),
    ],
    ids=["nul", "published", "language", "date-in-meta", "nul-in-meta", "source-nul"],
)
def test_unstorable_values_are_input_errors_before_the_database(
    db: Database, row: object, message: str
) -> None:
    with pytest.raises(InputError, match=message.replace("(", r"\(")), db.unit() as session:
        session.add(row)
        session.flush()
    with db.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Article)) == 0


def test_offsets_past_the_integer_column_are_refused(db: Database) -> None:
    with db.unit() as session:
        session.add(_article())
    refused = pytest.raises(InputError, match="claims.start: 1099511627776 is out of the range")
    with refused, db.unit() as session:
        article = session.scalars(select(Article)).one()
        session.add(Claim(uid="u", article_id=article.id, text="t", start=2**40, end=2**40))
    with db.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Claim)) == 0


def test_ingest_reports_the_unstorable_article_and_stores_the_rest(db: Database) -> None:
    good = ExtractedArticle(ArticleRecord(text="The mayor said that costs rose.", path="g.txt"))
    bad = ExtractedArticle(
        ArticleRecord(text="Officials said it.", path="b.txt", published="2026" * 100)
    )
    failed: list[tuple[str, str]] = []
    results = list(
        save_all(
            db, [bad, good], on_error=lambda item, exc: failed.append((item.article.path, str(exc)))
        )
    )
    assert [r.article_id is not None for r in results] == [True]
    assert failed == [("b.txt", failed[0][1])] and "articles.published" in failed[0][1]


def test_kb_files_with_unstorable_values_name_the_file_and_line(
    db: Database, tmp_path: Path
) -> None:
    for sub in ("claims", "sources"):
        shutil.copytree(REPO / sub, tmp_path / sub)
    path = tmp_path / "claims" / "harbor-fuel-depot.yaml"
    text = path.read_text(encoding="utf-8")
    long_language = "  language: " + "x" * 300 + "\n  meta: {when: 2026-01-02}\n"
    text = text.replace("  language: en\n", long_language, 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(KnowledgeBaseInvalid) as caught:
        import_kb(db, tmp_path)
    found = {(p.path, p.line, p.message) for p in caught.value.problems}
    message = "article: 'language' is 300 characters, at most 16"
    assert ("claims/harbor-fuel-depot.yaml", 3, message) in found
    assert any(line == 4 and "'meta' holds a value JSON cannot" in m for _, line, m in found), found
