"""Hostile knowledge bases (issue 16, point 4): ``import`` and ``check`` read only regular files of
bounded size inside the folder, refuse YAML aliases, and report out-of-range numbers, offsets that
are not a span of the text and ratings off the scale as ``file:line``; never a hang or a traceback,
and nothing is written when anything is wrong."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from factcheck.kb.read import MAX_FILE_BYTES
from tests.cli.test_ingest import query, run_ingest
from tests.conftest import REPO

CLAIMS = "claims/harbor-fuel-depot.yaml"


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    folder = tmp_path / "kb"
    for sub in ("claims", "sources"):
        shutil.copytree(REPO / sub, folder / sub)
    return folder


def _import(kb: Path, tmp_path: Path) -> tuple[int, str, Path]:
    """Run ``factcheck import`` in a subprocess (a hang fails on the timeout, not forever)."""
    db_path = tmp_path / "kb.db"
    result = run_ingest("import", str(kb), db_url=f"sqlite:///{db_path}")
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode, result.stderr, db_path


def _articles(db_path: Path) -> int:
    return int(query(db_path, "SELECT count(*) FROM articles")[0][0])


def _edit(kb: Path, old: str, new: str) -> int:
    """Replace the first ``old`` in the example claims file; the line it is on."""
    path = kb / CLAIMS
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def test_only_regular_files_inside_the_folder_are_read(kb: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text("id: outside\nkind: memo\n", encoding="utf-8")
    os.symlink(outside, kb / "sources" / "outside.yaml")
    os.symlink("/dev/zero", kb / "sources" / "zero.yaml")
    os.mkfifo(kb / "sources" / "fifo.yaml")
    (kb / "sources" / "folder.yaml").mkdir()
    with (kb / "sources" / "huge.yaml").open("wb") as handle:  # sparse: no disk used
        handle.truncate(MAX_FILE_BYTES + 1)
    status, stderr, db_path = _import(kb, tmp_path)
    assert status == 1
    reported = dict(re.findall(r"^(\S+): unreadable: (.*)$", stderr, re.MULTILINE))
    assert set(reported) == {
        str(kb / "sources" / f"{name}.yaml")
        for name in ("outside", "zero", "fifo", "folder", "huge")
    }, stderr
    assert "symlink" in reported[str(kb / "sources" / "outside.yaml")]
    assert "larger than" in reported[str(kb / "sources" / "huge.yaml")]
    assert "not a regular file" in reported[str(kb / "sources" / "fifo.yaml")]
    assert _articles(db_path) == 0
    check = run_ingest("check", str(kb), db_url=f"sqlite:///{db_path}")
    assert check.returncode == 2 and "Traceback" not in check.stderr, check.stderr
    for name in ("outside", "zero", "fifo", "folder", "huge"):
        assert f"sources/{name}.yaml" in check.stdout, check.stdout


def test_yaml_aliases_are_refused_with_their_line(kb: Path, tmp_path: Path) -> None:
    # nine aliases of nine aliases, nine levels deep: 9**9 values to whoever walks them
    lines = ["id: laughs", "kind: memo", "notes:", '  l0: &l0 ["lol"]']
    for level in range(1, 10):
        lines.append(f"  l{level}: &l{level} [" + ", ".join([f"*l{level - 1}"] * 9) + "]")
    (kb / "sources" / "laughs.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    status, stderr, db_path = _import(kb, tmp_path)
    assert status == 1
    assert f"{kb / 'sources' / 'laughs.yaml'}:5: yaml-syntax:" in stderr
    assert "aliases are not allowed" in stderr
    assert _articles(db_path) == 0


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("    value: 4\n", "    value: 99999999999999999999\n", "'value' is out of range"),
        ("  start: 119\n", "  start: -5\n", "offsets -5..233 are not a span of the article text"),
        ("  start: 119\n", "  start: 300\n", "offsets 300..233 are not a span"),
        ("  end: 233\n", "  end: 99999999\n", "offsets 119..99999999 are not a span"),
        ("  end: 233\n", "  end: 9223372036854775808\n", "'end' is out of range"),
        ("rating: Mostly true", "rating: Pants on fire", "rating 'Pants on fire' is not on"),
    ],
    ids=["int64-value", "negative", "reversed", "past-text", "int64-offset", "off-scale"],
)
def test_bad_numbers_and_ratings_are_errors_with_file_and_line(
    kb: Path, tmp_path: Path, old: str, new: str, message: str
) -> None:
    line = _edit(kb, old, new)
    status, stderr, db_path = _import(kb, tmp_path)
    assert status == 1
    assert f"{kb / CLAIMS}:{line}: " in stderr and message in stderr, stderr
    assert "nothing imported" in stderr
    assert _articles(db_path) == 0


def test_text_that_does_not_match_its_offsets_is_a_printed_warning(
    kb: Path, tmp_path: Path
) -> None:
    path = kb / CLAIMS
    text = path.read_text(encoding="utf-8")
    claim_text = re.search(r"^  text: (.+)$", text, re.MULTILINE)
    assert claim_text is not None
    line = _edit(kb, claim_text.group(0), "  text: Something the article does not say here")
    status, stderr, db_path = _import(kb, tmp_path)
    assert status == 0, stderr
    assert re.search(rf"^{re.escape(str(kb / CLAIMS))}:\d+: warning: offsets: ", stderr, re.M)
    assert line > 0 and _articles(db_path) == 4
