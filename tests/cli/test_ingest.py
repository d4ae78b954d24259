"""``factcheck ingest`` as a real subprocess on real SQLite files and the real spaCy pipeline."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import REPO, run_factcheck, start_factcheck

FIXTURES = REPO / "tests" / "fixtures" / "ingest"
BAD_FILES = sorted(p.name for p in (FIXTURES / "bad").iterdir())

PEOPLE = ["Amina Yusuf", "Tomas Brekke", "Keiko Brandt", "Ines Falk", "Ben Adeyemi", "Ola Sund"]
PLACES = ["the harbour", "the old mill", "the ring road", "the river bank", "the north school"]


def generated_article(n: int) -> str:
    """A short article of the test's own sentences, different for every ``n``."""
    who, place = PEOPLE[n % len(PEOPLE)], PLACES[n % len(PLACES)]
    surname = who.split()[-1]
    return (
        f"Works at {place} run late, report {n}\n\n"
        f"By Staff Reporter | Test Gazette | {1 + n % 28} May 2025\n\n"
        f"{who} said the works at {place} would cost {n + 3} million euros. "
        f"{surname} told reporters that the budget had grown by {n % 40 + 5} percent since 2021, "
        f"according to a council report seen by the Gazette.\n\n"
        f'"We warned about this in {2010 + n % 12}," said a resident who asked not to be named.\n'
    )


def run_ingest(
    *args: str, db_url: str, cwd: Path = REPO, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return run_factcheck(*args, db_url=db_url, cwd=cwd, env=env, timeout=300)


def query(db_path: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute(sql).fetchall()


@pytest.fixture
def migrated(tmp_path: Path) -> tuple[str, Path]:
    db_path = tmp_path / "kb.db"
    url = f"sqlite:///{db_path}"
    assert run_ingest("db", "upgrade", db_url=url).returncode == 0
    return url, db_path


def test_bad_files_get_one_line_each_and_the_rest_is_stored(migrated: tuple[str, Path]) -> None:
    url, db_path = migrated
    result = run_ingest("ingest", str(FIXTURES / "good"), str(FIXTURES / "bad"), db_url=url)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == len(BAD_FILES)
    for name, line in zip(BAD_FILES, lines, strict=True):
        assert line.startswith("factcheck: error: ") and name in line
    assert "8 new, 0 unchanged, 0 updated, 8 failed" in result.stdout
    slugs = {row[0]: row[1] for row in query(db_path, "SELECT slug, id FROM articles")}
    for slug, article_id in slugs.items():  # the summary names what was added and where
        assert f"new      {slug} (article {article_id}): " in result.stdout
        assert f"http://127.0.0.1:8000/articles/{article_id}\n" in result.stdout
    assert "review them at http://127.0.0.1:8000/queue" in result.stdout
    titles = {row[0] for row in query(db_path, "SELECT title FROM articles")}
    assert {"Inspectors find rust on old bridge", "Bus fares frozen"} <= titles
    assert len(titles) == 8
    bridge = query(db_path, "SELECT text FROM articles WHERE title LIKE 'Inspectors%'")[0][0]
    assert "[German]" in str(bridge)
    assert query(db_path, "SELECT count(*) FROM claims")[0][0] > 0

    again = run_ingest("ingest", str(FIXTURES / "good"), db_url=url)
    assert again.returncode == 0, again.stderr
    assert "0 new, 8 unchanged, 0 updated, 0 failed" in again.stdout


def test_an_edited_file_keeps_its_verdicts(migrated: tuple[str, Path], tmp_path: Path) -> None:
    url, db_path = migrated
    article = tmp_path / "harbor.txt"
    shutil.copy(REPO / "examples" / "articles" / "harbor-fuel-depot.txt", article)
    assert run_ingest("ingest", str(article), db_url=url).returncode == 0
    claim_id, claim_text = query(db_path, "SELECT id, text FROM claims ORDER BY start LIMIT 1")[0]
    with sqlite3.connect(db_path) as conn:
        conn.execute(
            "INSERT INTO verdicts (claim_id, reviewer, rating_label, normalized, rationale, "
            "evidence_urls, created_at) VALUES (?, 'ed', 'True', 'TRUE', '', '[]', "
            "'2026-01-01 00:00:00')",
            (claim_id,),
        )
    text = article.read_text(encoding="utf-8")
    article.write_text(text + "\nThe depot reopened on 2 March, the operator said.\n", "utf-8")
    result = run_ingest("ingest", str(article), db_url=url)
    assert result.returncode == 0, result.stderr
    assert "0 new, 0 unchanged, 1 updated" in result.stdout
    row = query(db_path, f"SELECT text, orphaned FROM claims WHERE id = {claim_id}")
    assert row == [(claim_text, 0)]
    assert query(db_path, "SELECT count(*) FROM articles")[0][0] == 1


def test_an_unmigrated_database_is_refused(tmp_path: Path) -> None:
    result = run_ingest("ingest", str(FIXTURES / "good"), db_url=f"sqlite:///{tmp_path / 'x.db'}")
    assert result.returncode == 1
    assert "factcheck db upgrade" in result.stderr
    assert not (tmp_path / "x.db").exists()  # no empty database left behind


def test_kill_9_mid_run_leaves_a_sound_database_and_a_re_run_completes(
    migrated: tuple[str, Path], tmp_path: Path
) -> None:
    url, db_path = migrated
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    total = 150
    for n in range(total):
        (corpus / f"article-{n:04d}.txt").write_text(generated_article(n), encoding="utf-8")
    proc = start_factcheck("ingest", str(corpus), db_url=url, quiet=True)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            if query(db_path, "SELECT count(*) FROM articles")[0][0] >= 10:
                break
            time.sleep(0.05)
        assert proc.poll() is None, "ingest ended before it could be killed"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    stored = query(db_path, "SELECT count(*) FROM articles")[0][0]
    assert 10 <= stored < total
    assert query(db_path, "PRAGMA integrity_check") == [("ok",)]
    orphans = "SELECT count(*) FROM claims WHERE article_id NOT IN (SELECT id FROM articles)"
    assert query(db_path, orphans)[0][0] == 0

    rerun = run_ingest("ingest", str(corpus), db_url=url)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{total - stored} new, {stored} unchanged" in rerun.stdout
    assert query(db_path, "SELECT count(*) FROM articles")[0][0] == total


def test_an_article_too_long_for_the_pipeline_is_reported_and_the_rest_stored(
    migrated: tuple[str, Path], tmp_path: Path
) -> None:
    url, db_path = migrated
    folder = tmp_path / "in"
    folder.mkdir()
    # Longer than spaCy's max_length (1,000,000 characters) but under FACTCHECK_MAX_FILE_BYTES.
    (folder / "a-long.txt").write_text("Long report\n\n" + "The wall held. " * 70_000)
    (folder / "b-short.txt").write_text(generated_article(7))
    result = run_ingest("ingest", str(folder), db_url=url)
    assert result.returncode == 1
    assert "a-long.txt" in result.stderr and "too long" in result.stderr
    assert "1 new, 0 unchanged, 0 updated, 1 failed" in result.stdout
    assert query(db_path, "SELECT count(*) FROM articles")[0][0] == 1


def test_an_article_over_the_time_budget_is_named_and_the_rest_stored(
    migrated: tuple[str, Path], tmp_path: Path
) -> None:
    url, db_path = migrated
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a-runaway.txt").write_text("he said " * 8_000)  # seconds of parsing
    (folder / "b-short.txt").write_text(generated_article(3))  # a few hundredths of a second
    budget = {"FACTCHECK_MAX_ARTICLE_SECONDS": "0.5"}
    result = run_ingest("ingest", str(folder), db_url=url, env=budget)
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "a-runaway.txt" in lines[0], result.stderr
    assert "more than 0.5 CPU seconds" in lines[0] and "Traceback" not in result.stderr
    assert "1 new, 0 unchanged, 0 updated, 1 failed" in result.stdout
    assert query(db_path, "SELECT count(*) FROM articles")[0][0] == 1
