"""Hostile input files (issue 16, point 3): each bad file is one line naming it and the reason,
never a traceback, and every good file of the same run is extracted and stored."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.cli.test_extract import run_extract
from tests.cli.test_ingest import generated_article, query, run_ingest

SVG = (
    '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><text x="0" y="15">'
    "The mayor said that costs rose.</text><foreignObject><p>x</p></foreignObject></svg>"
)
BAD = {
    "b1-nested.jsonl": '{"text": ' + "[" * 100_000 + "]" * 100_000 + "}\n",
    "b2-long-number.jsonl": '{"text": "The mayor said so.", "n": ' + "9" * 5_000 + "}\n",
    "b3-surrogate-text.jsonl": '{"text": "The mayor said that \\ud800 costs rose."}\n',
    "b4-surrogate-title.jsonl": '{"text": "The mayor said costs rose.", "title": "T \\udc00"}\n',
    "b5-surrogate-url.jsonl": '{"text": "The mayor said costs rose.", "url": "https://x/\\udfff"}\n',
    "b6-rot13.html": '<html><head><meta charset="rot13"></head><body><p>said \xff</p></body></html>',
    "b7-base64.html": '<html><head><meta charset="base64"></head><body><p>said \xff</p></body></html>',
    "b8-svg.html": SVG,
}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Good articles between hostile files, and a symlink loop."""
    folder = tmp_path / "in"
    folder.mkdir()
    for name, content in BAD.items():
        (folder / name).write_bytes(content.encode("latin-1", "surrogateescape"))
    os.symlink("b9-loop.txt", folder / "b9-loop.txt")
    for n in range(4):
        (folder / f"g{n}-good.txt").write_text(generated_article(n))
    (folder / "g4-good.jsonl").write_text(
        '{"text": "The mayor said that the bridge would close."}\n'
    )
    return folder


def _one_line_each(stderr: str, names: list[str]) -> None:
    assert "Traceback" not in stderr, stderr
    lines = [line for line in stderr.splitlines() if line.strip()]
    for name in names:
        assert sum(name in line for line in lines) == 1, (name, stderr)
    assert len(lines) == len(names), stderr


def test_ingest_names_each_bad_file_and_stores_every_good_one(folder: Path, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'kb.db'}"
    assert run_ingest("db", "upgrade", db_url=url).returncode == 0
    result = run_ingest("ingest", str(folder), db_url=url)
    assert result.returncode == 1
    _one_line_each(result.stderr, [*BAD, "b9-loop.txt"])
    assert "5 new, 0 unchanged, 0 updated, 9 failed" in result.stdout
    assert query(tmp_path / "kb.db", "SELECT count(*) FROM articles")[0][0] == 5


def test_extract_names_each_bad_file_and_extracts_every_good_one(folder: Path) -> None:
    names = sorted(p.name for p in folder.iterdir())
    result = run_extract(*(str(folder / name) for name in names))
    assert result.returncode == 1
    _one_line_each(result.stderr, [*BAD, "b9-loop.txt"])
    assert len(result.stdout.splitlines()) == 5
