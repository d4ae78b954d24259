"""Fuzz suite (issue 16, "keep it this way"): Hypothesis over hostile text, HTML, JSONL and
knowledge-base YAML, with a fixed seed and a bounded budget.

What must hold for every input: no exception but the library's own ``InputError`` (or a
knowledge-base problem), every offset cuts its text out of the article, and a knowledge base with
any error writes nothing. A longer run: ``FUZZ_EXAMPLES=2000 pytest tests/test_fuzz_hostile.py``.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language
from sqlalchemy import func, select

from factcheck.config import Settings
from factcheck.db.models import Article as DbArticle
from factcheck.db.session import Database
from factcheck.errors import InputError
from factcheck.ingest.files import iter_articles
from factcheck.ingest.html import parse_html
from factcheck.kb.files import KnowledgeBaseInvalid, import_kb
from factcheck.kb.read import read_kb
from factcheck.nlp import build_nlp
from factcheck.records import Article
from tests.extracting import extract_text
from tests.test_extract_properties import assert_offsets_valid

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "60"))
FUZZ = settings(
    max_examples=EXAMPLES,
    derandomize=True,  # the same examples on every run of `make test`
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# lone surrogates: possible in a Python str (a JSON escape \ud800), never in a decoded file
surrogates = st.characters(categories=["Cs"])
hostile_text = st.lists(
    st.one_of(
        st.text(max_size=30),
        surrogates,
        st.sampled_from(['"', "“", "\n\n", "he said ", "According to X, ", "\x00", "\u2028"]),
    ),
    min_size=1,
    max_size=25,
).map("".join)


def _assert_article(article: Article) -> None:
    text = article.text
    for start, end in (*article.paragraphs, *article.boilerplate):
        assert 0 <= start <= end <= len(text)
    for link in article.links:
        assert text[link.start : link.end] == link.text


@pytest.fixture(scope="module")
def pipeline() -> Iterator[Language]:
    yield build_nlp(Settings().spacy_model)


@pytest.mark.model
@FUZZ
@given(text=hostile_text)
def test_any_text_with_surrogates_extracts_with_valid_offsets(
    pipeline: Language, text: str
) -> None:
    assert_offsets_valid(extract_text(text, pipeline))


TAGS = ["p", "a", "div", "svg", "script", "style", "table", "td", "title", "article", "br", "b"]
html_piece = st.one_of(
    st.sampled_from(TAGS).map(lambda t: f"<{t}>"),
    st.sampled_from(TAGS).map(lambda t: f"</{t}>"),
    st.sampled_from(
        [
            '<a href="javascript:alert(1)">',
            '<meta charset="rot13">',
            "<!--",
            "-->",
            "<![CDATA[",
            "&amp;",
            "&#0;",
            "&#xD800;",
            "&#99999999;",
            "<?xml version='1.0'?>",
            '<svg xmlns="http://www.w3.org/2000/svg">',
            "<foreignObject>",
        ]
    ),
    st.text(max_size=40),
)
hostile_html = st.lists(html_piece, min_size=1, max_size=40).map("".join)


@FUZZ
@given(html=hostile_html)
def test_any_html_is_an_article_or_one_input_error(html: str) -> None:
    try:
        article = parse_html(html, path="x.html")
    except InputError as exc:
        assert exc.path == "x.html" and "\n" not in exc.reason
        return
    _assert_article(article)


json_value = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(allow_nan=True),
        st.text(max_size=20),
    ),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=10,
)
jsonl_line = st.one_of(
    st.fixed_dictionaries(
        {"text": st.one_of(hostile_text, json_value)},
        optional={"title": json_value, "url": json_value, "published": json_value},
    ).map(lambda d: json.dumps(d, ensure_ascii=True)),
    st.binary(max_size=60).map(lambda b: b.decode("latin-1")),
    st.sampled_from(["[" * 5000, '{"text": 1e999}', '{"text": "' + "\\ud800" + '"}']),
)


@FUZZ
@given(lines=st.lists(jsonl_line, min_size=1, max_size=4))
def test_any_jsonl_file_is_articles_or_one_input_error(lines: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.jsonl"
        path.write_bytes("\n".join(lines).encode("utf-8", "surrogatepass"))
        try:
            articles = list(iter_articles(path, max_bytes=1_000_000))
        except InputError as exc:
            assert exc.path == str(path) and "\n" not in exc.reason
            return
    for article in articles:
        _assert_article(article)


yaml_scalar = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from(["yes", "~", "2026-13-45", ".nan", "-.inf", "'quoted'", "!!binary aGk=", "*a"]),
    st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\r"), max_size=12),
)


@st.composite
def claims_files(draw: st.DrawFn) -> str:
    """A claims file near the real shape, with hostile values in any place."""
    text = draw(st.text(max_size=40))
    claim = {
        "id": draw(st.one_of(yaml_scalar, st.just("c1"))),
        "text": draw(st.one_of(yaml_scalar, st.just(text[:5]))),
        "start": draw(st.one_of(yaml_scalar, st.integers(-3, 50))),
        "end": draw(st.one_of(yaml_scalar, st.integers(-3, 50))),
        "verdicts": draw(
            st.one_of(
                yaml_scalar,
                st.just(
                    "\n    - {reviewer: a, rating: "
                    + draw(st.sampled_from(["False", "Nope", "[1]"]))
                    + ", created_at: '2026-01-01T00:00:00'}"
                ),
            )
        ),
    }
    lines = ["article:", "  slug: fuzz", f"  text: {_quote(text)}", "claims:"]
    first = True
    for key, value in claim.items():
        lines.append(f"{'- ' if first else '  '}{key}: {_yaml(value)}")
        first = False
    return "\n".join(lines) + "\n" + draw(st.sampled_from(["", "&a x: 1\n", "\t\n", "---\n"]))


def _quote(text: str) -> str:
    return '"' + "".join(f"\\U{ord(c):08x}" if not c.isalnum() else c for c in text) + '"'


def _yaml(value: object) -> str:
    return _quote(value) if isinstance(value, str) and value.isprintable() is False else str(value)


@pytest.fixture(scope="module")
def empty_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated database file, copied for each example (migrating takes a second)."""
    path = tmp_path_factory.mktemp("fuzz") / "empty.db"
    db = Database(f"sqlite:///{path}")
    db.upgrade()
    db.dispose()  # the last connection closed: the write-ahead log is folded into the file
    return path


@FUZZ
@given(content=claims_files())
def test_any_knowledge_base_imports_whole_or_not_at_all(empty_db: Path, content: str) -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        (folder / "claims").mkdir()
        (folder / "sources").mkdir()
        (folder / "claims" / "fuzz.yaml").write_text(content, encoding="utf-8")
        kb = read_kb(folder)  # never raises
        for problem in kb.problems:
            assert problem.path == "claims/fuzz.yaml" and "\n" not in problem.message
        shutil.copy(empty_db, folder / "kb.db")
        db = Database(f"sqlite:///{folder / 'kb.db'}")
        try:
            summary = import_kb(db, folder)
        except KnowledgeBaseInvalid as exc:
            assert exc.problems == kb.errors()
            with db.sessions() as session:
                assert session.scalar(select(func.count()).select_from(DbArticle)) == 0
            return
        finally:
            db.dispose()
        assert summary.articles == 1 and not kb.errors()
