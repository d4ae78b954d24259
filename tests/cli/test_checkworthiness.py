"""``factcheck checkworthiness`` as a real subprocess: lines, CheckThat!-style TSV, bad input."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.conftest import run_factcheck

pytestmark = pytest.mark.model


def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return run_factcheck("checkworthiness", *args, stdin=stdin, timeout=180)


def rows(out: str) -> list[list[str]]:
    return [line.split("\t") for line in out.splitlines()]


def test_sentences_from_standard_input_one_per_line() -> None:
    result = run(stdin="Exports to Canada rose by 14 percent in 2023.\n\nThank you all so much.\n")
    assert result.returncode == 0, result.stderr
    table = rows(result.stdout)
    assert table[0] == ["Sentence_id", "score", "class_label"]
    assert [(r[0], r[2]) for r in table[1:]] == [("1", "Yes"), ("3", "No")]
    assert float(table[1][1]) > float(table[2][1])


def test_a_checkthat_table_keeps_its_ids(tmp_path: Path) -> None:
    table = tmp_path / "debate.tsv"
    table.write_text(
        "Sentence_id\tText\tclass_label\n"
        "s-17\tThe deficit tripled to 1.4 trillion dollars in 2009.\tYes\n"
        "s-18\tGood night, everybody.\tNo\n",
        encoding="utf-8",
    )
    result = run(str(table))
    assert result.returncode == 0, result.stderr
    assert [(r[0], r[2]) for r in rows(result.stdout)[1:]] == [("s-17", "Yes"), ("s-18", "No")]


@pytest.mark.parametrize(
    "content",
    [b"\xff\xfe\x00binary\x00", b"Sentence_id\tText\n1\tone\ttoo many\n"],
)
def test_a_bad_file_is_one_line_naming_it_and_exit_1(tmp_path: Path, content: bytes) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_bytes(content)
    result = run(str(bad))
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and str(bad) in result.stderr
    assert result.stdout == ""
