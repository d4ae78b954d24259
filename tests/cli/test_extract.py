"""``factcheck extract`` as a real subprocess: the JSONL contract, the text summary, bad files."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import run_factcheck

ARTICLE = (
    "Harbour Board Raises Fees\n\n"
    "The harbour board said that mooring fees would rise by 9% in April.\n\n"
    "“We held prices for five years,” said Tomas Varga, the board’s chair.\n"
)
HTML = (
    "<html><head><title>Lock repairs</title></head><body><article><h1>Lock repairs</h1>"
    "<p>The canal trust said that the lock gates would be replaced in 2026, "
    "<a href='https://example.org/report'>according to its annual report</a>.</p>"
    "<p>Engineers found cracks in 14 of the 20 gates last winter, the trust said.</p>"
    "</article></body></html>"
)


def run_extract(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return run_factcheck("extract", *args, env=env, timeout=180)


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    good = tmp_path / "harbour.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    page = tmp_path / "lock.html"
    page.write_text(HTML, encoding="utf-8")
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\x00\x00\x01\x02")
    long = tmp_path / "long.txt"
    long.write_text("The tide rose again today. " * 40_000, encoding="utf-8")  # 1.08M chars
    return {"good": good, "html": page, "binary": binary, "long": long}


@pytest.mark.model
def test_jsonl_contract_and_bad_files(files: dict[str, Path]) -> None:
    names = [str(files[k]) for k in ("good", "binary", "long", "html")]
    result = run_extract(*names, "--jobs", "1")
    assert result.returncode == 1
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 2
    assert str(files["binary"]) in errors[0]
    assert str(files["long"]) in errors[1] and "too long" in errors[1]
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [Path(r["path"]).name for r in records] == ["harbour.txt", "lock.html"]
    text = ARTICLE
    for claim in records[0]["claims"]:
        assert text[claim["start"] : claim["end"]] == claim["text"]
        for part in (claim["speaker"], claim["cue"] or {}):
            if part.get("start") is not None:
                assert text[part["start"] : part["end"]] == part["text"]
    kinds = {(c["kind"], c["speaker"]["name"]) for c in records[0]["claims"]}
    assert ("direct", "Tomas Varga") in kinds
    assert ("indirect", "harbour board") in kinds
    assert all(c["claims"] is not None for c in records)


def check_offsets(text: str, record: dict[str, Any]) -> int:
    """Assert every offset of ``record`` against ``text``; return how many were checked."""
    checked = 0
    for claim in record["claims"]:
        parts = [claim, claim["speaker"], claim["cue"] or {}, *claim["hedges"], *claim["evidence"]]
        for part in parts:
            if part.get("start") is not None:
                assert text[part["start"] : part["end"]] == part["text"]
                checked += 1
    return checked


@pytest.mark.model
def test_derived_texts_are_carried_and_every_offset_holds(
    files: dict[str, Path], tmp_path: Path
) -> None:
    """HTML and JSONL articles carry their text; a plain-text record does not (it is the file)."""
    lines = tmp_path / "two.jsonl"
    rows = [{"html": HTML, "url": "https://example.org/lock"}, {"text": ARTICLE}]
    lines.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    result = run_extract(str(files["html"]), str(lines), str(files["good"]))
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [("text" in r) for r in records] == [True, True, True, False]
    assert records[2]["text"] == ARTICLE
    checked = sum(check_offsets(r["text"], r) for r in records[:3])
    evidence = [e for c in records[0]["claims"] for e in c["evidence"]]
    assert "link" in {e["kind"] for e in evidence}
    assert checked >= 10
    assert check_offsets(ARTICLE, records[3]) > 0


@pytest.mark.model
def test_text_summary(files: dict[str, Path]) -> None:
    result = run_extract(str(files["good"]), "--format", "text")
    assert result.returncode == 0, result.stderr
    assert "harbour.txt" in result.stdout
    assert "[direct] Tomas Varga" in result.stdout
    assert "that mooring fees would rise by 9% in April" in result.stdout


def test_unknown_model_is_one_clear_line(files: dict[str, Path]) -> None:
    result = run_extract(str(files["good"]), env={"FACTCHECK_SPACY_MODEL": "no_such_pipeline"})
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "no_such_pipeline" in lines[0] and "not installed" in lines[0]


def test_bad_format_is_refused(files: dict[str, Path]) -> None:
    result = run_extract(str(files["good"]), "--format", "xml")
    assert result.returncode == 2
    assert result.stdout == ""
