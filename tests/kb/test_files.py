"""The knowledge base as files: round trips, one-edit diffs, validation with file and line."""

from __future__ import annotations

import difflib
import re
import shutil
from datetime import datetime
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from factcheck.db.models import Article, Citation, Claim, Source, Verdict
from factcheck.db.repository import get_or_create_speaker
from factcheck.db.session import Database
from factcheck.errors import InputError
from factcheck.kb.files import KnowledgeBaseInvalid, export_kb, import_kb
from factcheck.kb.yaml_io import YamlError, dump_yaml, load_yaml
from factcheck.review.verdicts import refresh_status
from tests.conftest import REPO, run_factcheck


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for sub in ("claims", "sources")
        for p in sorted((folder / sub).glob("*.yaml"))
    }


def _fresh(tmp_path: Path, name: str) -> Database:
    database = Database(f"sqlite:///{tmp_path / name}")
    database.upgrade()
    return database


def _copy_kb(dest: Path) -> Path:
    for sub in ("claims", "sources"):
        shutil.copytree(REPO / sub, dest / sub)
    return dest


# --- round trips --------------------------------------------------------------------------------


def test_the_shipped_example_round_trips_byte_for_byte(
    example_db: Database, tmp_path: Path
) -> None:
    first = tmp_path / "first"
    export_kb(example_db, first)
    assert _tree(first) == _tree(REPO)
    second_db = _fresh(tmp_path, "second.db")
    import_kb(second_db, first)
    second = tmp_path / "second"
    export_kb(second_db, second)
    assert _tree(second) == _tree(first)


HOSTILE = [
    "Ünïcödé — “curly quotes”, 'single', \"double\" and emoji 🛢️",
    "line one  \nline two has trailing spaces   \n\tindented by a tab\n",
    "  leading spaces\nand a last line without newline",
    "ends with blank lines\n\n\n",
    "yes",
    "null",
    "1.0",
    "012",
    "- not a list",
    "key: not a mapping",
    "---",
    "# not a comment",
    "carriage\r\nreturn and a line separator\u2028here and NEL\x85 too",
    "x" * 250 + " " + "long words " * 30,
    "",
]


def _edge_case_database(db: Database) -> None:
    """Every hostile string in every kind of text field, plus empty and missing values."""
    with db.unit() as session:
        text = "\n".join(HOSTILE)
        shared = [0, 5]  # one object twice: the file must not grow YAML anchors
        meta = {
            "paragraphs": [shared, [6, 9], shared],
            "links": [{"text": "x", "start": 0, "end": 1, "href": 'https://e.org/?a=1&b="2"'}],
            "boilerplate": [],
        }
        article = Article(
            slug="edge-cases", text=text, content_hash="", meta=meta, title=HOSTILE[0]
        )
        article.source_path = "examples/articles/edge cases.txt"
        article.publisher, article.byline = "Ledger “Daily”", ""
        session.add(article)
        empty_source = Source(key="empty-fields", kind="statement", identifier="x")
        odd_source = Source(key="odd-source", kind="dataset", title=HOSTILE[1], notes=HOSTILE[12])
        session.add_all([empty_source, odd_source])
        session.flush()
        speaker = get_or_create_speaker(session, "Zoë O'Brien", "person", "edge-cases")
        for i, value in enumerate(HOSTILE):
            start = text.index(value) if value else 0
            claim = Claim(
                uid=f"edge{i:02d}",
                article_id=article.id,
                speaker_id=speaker.id if i % 2 else None,
                text=value,
                normalized_text=value.casefold(),
                start=start,
                end=start + len(value),
                kind="author",
                speaker_text=None if i % 3 else value,
                speaker_start=None if i % 3 else start,
                speaker_end=None if i % 3 else start + len(value),
                hedges=[{"text": value, "start": start, "end": start + len(value)}]
                if i % 4
                else [],
                checkworthiness=1 / 3,
                rejected=i == 5,
            )
            session.add(claim)
            session.flush()
            source = odd_source if i % 2 else empty_source
            session.add(
                Citation(
                    claim_id=claim.id, source_id=source.id, evidence_text=value, kind="dataset"
                )
            )
            session.add(
                Verdict(
                    claim_id=claim.id,
                    reviewer="rév",
                    rating_label="Mixed",
                    rating_value=None,
                    normalized="MIXTURE",
                    rationale=value,
                    evidence_urls=[value] if value else [],
                    created_at=datetime(2026, 3, 1, 12, i),
                )
            )
            refresh_status(session, claim)


def test_edge_cases_round_trip_byte_for_byte_and_keep_every_value(
    db: Database, tmp_path: Path
) -> None:
    _edge_case_database(db)
    first = tmp_path / "first"
    export_kb(db, first)
    again = _fresh(tmp_path, "again.db")
    import_kb(again, first)
    second = tmp_path / "second"
    export_kb(again, second)
    assert _tree(second) == _tree(first)
    with again.sessions() as session:
        texts = {c.uid: c.text for c in session.scalars(select(Claim))}
        rationales = sorted(session.scalars(select(Verdict.rationale)))
        notes = session.scalar(select(Source.notes).where(Source.key == "odd-source"))
        article_text = session.scalar(select(Article.text))
    assert texts == {f"edge{i:02d}": value for i, value in enumerate(HOSTILE)}
    assert rationales == sorted(HOSTILE)
    assert notes == HOSTILE[12]
    assert article_text == "\n".join(HOSTILE)
    exported = (first / "claims" / "edge-cases.yaml").read_text(encoding="utf-8")
    assert "&id" not in exported and "paragraphs: [[0, 5], [6, 9], [0, 5]]" in exported


def test_the_yaml_is_what_safe_load_reads_too(db: Database, tmp_path: Path) -> None:
    _edge_case_database(db)
    export_kb(db, tmp_path)
    for path in sorted(tmp_path.glob("*/*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert load_yaml(text) == yaml.safe_load(text), path.name


# --- one edit, one diff -------------------------------------------------------------------------


def _one_line_changed(before: bytes, after: bytes) -> list[str]:
    diff = difflib.unified_diff(
        before.decode().splitlines(), after.decode().splitlines(), lineterm="", n=0
    )
    return [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")]


@pytest.mark.parametrize(
    ("file", "old", "new"),
    [
        (
            "claims/harbor-fuel-depot.yaml",
            "- checkworthiness: 0.6\n",
            "- checkworthiness: 0.65\n",
        ),
        (
            "sources/memo-2021-06-09-eastgate-depot.yaml",
            "credibility: unverified",
            "credibility: corroborated",
        ),
        (
            "claims/harbor-fuel-depot.yaml",
            "  publisher: Coastal Ledger\n",
            "  publisher: The Coastal Ledger\n",
        ),
    ],
    ids=["claim-field", "source-field", "article-field"],
)
def test_one_edit_then_import_and_export_shows_only_that_edit(
    example_db: Database, tmp_path: Path, file: str, old: str, new: str
) -> None:
    export_kb(example_db, tmp_path)
    before = _tree(tmp_path)
    path = tmp_path / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    import_kb(example_db, tmp_path)
    export_kb(example_db, tmp_path)
    after = _tree(tmp_path)
    changed = [name for name in before if before[name] != after[name]]
    assert changed == [file]
    diff = _one_line_changed(before[file], after[file])
    assert len(diff) == 2, diff
    assert new.strip().splitlines()[0] in diff[1]


def test_a_claim_deleted_from_its_file_is_deleted_unless_it_has_verdicts(
    example_db: Database, tmp_path: Path
) -> None:
    kb = _copy_kb(tmp_path)
    path = kb / "claims" / "harbor-fuel-depot.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    unjudged = next(c for c in data["claims"] if not c["verdicts"])
    judged = next(c for c in data["claims"] if c["verdicts"])
    data["claims"].remove(unjudged)

    path.write_text(dump_yaml(data), encoding="utf-8")
    summary = import_kb(example_db, kb)
    assert summary.removed_claims == 1
    data["claims"].remove(judged)
    path.write_text(dump_yaml(data), encoding="utf-8")
    memo = kb / "sources" / "memo-2021-06-09-eastgate-depot.yaml"  # imported before the refusal
    memo.write_text(
        memo.read_text(encoding="utf-8").replace("credibility: unverified", "credibility: x")
    )
    with pytest.raises(InputError, match=f"claim {judged['id']} has verdicts"):
        import_kb(example_db, kb)
    with example_db.sessions() as session:
        assert (
            session.scalar(select(func.count()).select_from(Claim).where(Claim.uid == judged["id"]))
            == 1
        )
        credibility = session.scalar(
            select(Source.credibility).where(Source.key == "memo-2021-06-09-eastgate-depot")
        )
    assert credibility == "unverified"  # the whole import was rolled back


# --- validation ---------------------------------------------------------------------------------


def _counts(db: Database) -> tuple[int, int, int]:
    with db.sessions() as session:
        return tuple(  # type: ignore[return-value]
            session.scalar(select(func.count()).select_from(model))
            for model in (Source, Article, Claim)
        )


def test_malformed_yaml_names_file_and_line_and_nothing_is_written(
    db: Database, tmp_path: Path
) -> None:
    kb = _copy_kb(tmp_path)
    bad = kb / "claims" / "zz-broken.yaml"
    bad.write_text("article:\n  slug: zz-broken\n  text: [unclosed\nclaims: []\n", encoding="utf-8")
    with pytest.raises(KnowledgeBaseInvalid) as caught:
        import_kb(db, kb)
    problem = caught.value.problems[0]
    assert (problem.code, problem.path, problem.severity) == (
        "yaml-syntax",
        "claims/zz-broken.yaml",
        "fatal",
    )
    assert problem.line == 4
    assert _counts(db) == (0, 0, 0)


def test_a_dangling_source_names_the_line_of_the_citation(db: Database, tmp_path: Path) -> None:
    kb = _copy_kb(tmp_path)
    (kb / "sources" / "interview-priya-raman-2026-03.yaml").unlink()
    lines = (kb / "claims" / "harbor-fuel-depot.yaml").read_text(encoding="utf-8").splitlines()
    expected = [
        i + 1
        for i, line in enumerate(lines)
        if line.strip() == "source: interview-priya-raman-2026-03"
    ]
    with pytest.raises(KnowledgeBaseInvalid) as caught:
        import_kb(db, kb)
    found = [(p.path, p.line) for p in caught.value.problems]
    assert found == [("claims/harbor-fuel-depot.yaml", n) for n in expected]
    assert "unknown source 'interview-priya-raman-2026-03'" in caught.value.problems[0].message
    assert _counts(db) == (0, 0, 0)


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("a: 1\nb: 2\na: 3\n", 3, "duplicate key 'a'"),
        ("a: [1, 2\nb: 3\n", 2, "expected ','"),
        ("---\na: 1\n---\nb: 2\n", 3, "several"),
        ("a: !!python/object:os.system ls\n", 1, "constructor"),
        ("a: *nowhere\n", 1, "unknown alias"),
        ("? [1, 2]\n: 3\n", 1, "plain value"),
    ],
)
def test_the_loader_reports_bad_yaml_with_its_line(text: str, line: int, message: str) -> None:
    with pytest.raises(YamlError) as caught:
        load_yaml(text)
    assert caught.value.line == line
    assert message in caught.value.message


def test_wrong_fields_are_reported_with_their_lines(db: Database, tmp_path: Path) -> None:
    kb = _copy_kb(tmp_path)
    path = kb / "claims" / "harbor-fuel-depot.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("  status: decided\n", "  status: settled\n", 1)
    text = text.replace("- created_at: '2026-03-16T10:12:00'", "- created_at: last tuesday", 1)
    text = text.replace("  hedges: []\n", "  hedges: []\n  citation: oops\n", 1)
    path.write_text(text, encoding="utf-8")
    lines = text.splitlines()

    def line_of(fragment: str) -> int:
        return next(i + 1 for i, line in enumerate(lines) if fragment in line)

    with pytest.raises(KnowledgeBaseInvalid) as caught:
        import_kb(db, kb)
    got = {(p.line, p.message.split(": ", 1)[1]) for p in caught.value.problems}
    assert got == {
        (
            line_of("status: settled"),
            "status 'settled' is not one of unreviewed, in_review, disputed, decided",
        ),
        (line_of("created_at: last tuesday"), "created_at is not an ISO time"),
        (line_of("citation: oops"), "unknown key 'citation'"),
    }


def test_binary_and_non_utf8_files_are_reported_not_raised(db: Database, tmp_path: Path) -> None:
    kb = _copy_kb(tmp_path)
    (kb / "sources" / "latin1.yaml").write_bytes("id: caf\xe9\n".encode("latin-1"))
    (kb / "claims" / "binary.yaml").write_bytes(b"\x00\x01\x02\xff")
    with pytest.raises(KnowledgeBaseInvalid) as caught:
        import_kb(db, kb)
    assert {(p.path, p.code) for p in caught.value.problems} == {
        ("sources/latin1.yaml", "unreadable"),
        ("claims/binary.yaml", "unreadable"),
    }


@settings(max_examples=300, deadline=None)
@given(st.text(), st.lists(st.text(max_size=20), max_size=3))
def test_any_text_survives_dump_and_load(text: str, items: list[str]) -> None:
    data = {"text": text, "items": items, "nested": {"a": text[:5], "n": len(text)}}
    dumped = dump_yaml(data)
    assert load_yaml(dumped) == data
    assert dump_yaml(load_yaml(dumped)) == dumped


def test_the_import_command_lists_every_problem_and_writes_nothing(tmp_path: Path) -> None:
    kb = _copy_kb(tmp_path / "kb")
    (kb / "claims" / "zz-broken.yaml").write_text("article: [\n", encoding="utf-8")
    (kb / "sources" / "interview-priya-raman-2026-03.yaml").unlink()
    db_url = f"sqlite:///{tmp_path / 'cli.db'}"
    result = run_factcheck("import", "kb", cwd=tmp_path, db_url=db_url)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert lines[-1] == f"factcheck: error: {len(lines) - 1} problems; nothing imported"
    assert any(
        re.match(r"kb/claims/zz-broken\.yaml:2: yaml-syntax: malformed YAML", ln) for ln in lines
    )
    dangling = [ln for ln in lines if "unknown source 'interview-priya-raman-2026-03'" in ln]
    assert dangling and all(
        re.match(r"kb/claims/harbor-fuel-depot\.yaml:\d+: ", ln) for ln in dangling
    )
    database = Database(db_url)
    assert _counts(database) == (0, 0, 0)


def test_only_new_leaves_what_the_database_has_and_adds_the_rest(
    example_db: Database, tmp_path: Path
) -> None:
    with example_db.unit() as session:  # an editor's change made in the browser
        claim = session.scalars(select(Claim).where(Claim.uid == "e4f6f5aca567")).one()
        claim.status = "in_review"
        source = session.scalars(
            select(Source).where(Source.key == "testimony-eastgate-dock-worker")
        ).one()
        source.notes = "Checked again by the desk."
    kb = _copy_kb(tmp_path)
    extra = yaml.safe_load((kb / "claims" / "harbor-fuel-depot.yaml").read_text(encoding="utf-8"))
    extra["article"]["slug"] = "harbor-fuel-depot-copy"
    (kb / "claims" / "harbor-fuel-depot-copy.yaml").write_text(dump_yaml(extra), encoding="utf-8")
    summary = import_kb(example_db, kb, only_new=True)
    assert (summary.articles, summary.sources) == (1, 0)
    with example_db.sessions() as session:
        statuses = dict(
            session.execute(
                select(Article.slug, Claim.status).join(Claim).where(Claim.uid == "e4f6f5aca567")
            ).all()
        )
        notes = session.scalar(
            select(Source.notes).where(Source.key == "testimony-eastgate-dock-worker")
        )
    assert statuses == {"harbor-fuel-depot": "in_review", "harbor-fuel-depot-copy": "unreviewed"}
    assert notes == "Checked again by the desk."


def test_a_verdict_recorded_in_the_database_adds_only_its_own_lines(
    example_db: Database, tmp_path: Path
) -> None:
    export_kb(example_db, tmp_path)
    before = _tree(tmp_path)
    with example_db.unit() as session:
        claim = session.scalars(select(Claim).where(Claim.uid == "0a8b128a652d")).one()
        session.add(
            Verdict(
                claim_id=claim.id,
                reviewer="desk",
                rating_label="Mixed",
                rating_value=3,
                normalized="MIXTURE",
                rationale="Inspected yearly, but the surveyor was hired by the authority.",
                evidence_urls=[],
                created_at=datetime(2026, 3, 20, 9, 0),
            )
        )
        refresh_status(session, claim)
    export_kb(example_db, tmp_path)
    after = _tree(tmp_path)
    name = "claims/harbor-fuel-depot.yaml"
    assert [n for n in before if before[n] != after[n]] == [name]
    diff = _one_line_changed(before[name], after[name])
    assert diff[:2] == ["-  status: unreviewed", "+  status: in_review"]
    assert diff[2] == "-  verdicts: []" and diff[3] == "+  verdicts:"
    assert all(line.startswith("+  ") for line in diff[3:]) and len(diff) == 4 + 9
