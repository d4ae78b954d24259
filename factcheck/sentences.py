"""Sentences to score without an article: one per line, or a CheckThat!-style TSV.

A file whose first line has a ``Text`` column (tab-separated) is a table: the first column is the
sentence id (``Sentence_id`` in CheckThat!), ``class_label`` (``Yes``/``No``) is read when present.
Any other file is one sentence per line, numbered from 1; blank lines are skipped.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from factcheck.errors import InputError


@dataclass(frozen=True)
class Sentence:
    id: str
    text: str
    label: bool | None = None  # the gold Yes/No of a labelled table


def parse_sentences(content: str, path: str = "-") -> list[Sentence]:
    """The sentences of one file's ``content``; InputError names ``path`` when it is unusable."""
    first = content.split("\n", 1)[0].rstrip("\r").split("\t")
    if "Text" in first:
        return _table(content, path)
    return [
        Sentence(str(n), line.strip())
        for n, line in enumerate(content.splitlines(), 1)
        if line.strip()
    ]


def read_sentences(path: Path) -> list[Sentence]:
    """The sentences of the file at ``path`` (UTF-8)."""
    try:
        content = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read: {exc}", path=str(path)) from exc
    return parse_sentences(content, str(path))


def _table(content: str, path: str) -> list[Sentence]:
    reader = csv.DictReader(io.StringIO(content), delimiter="\t", quoting=csv.QUOTE_NONE)
    columns = reader.fieldnames or []
    rows = []
    for line, row in enumerate(reader, 2):
        text = row.get("Text")
        if text is None or None in row:
            raise InputError(
                f"line {line}: expected {len(columns)} tab-separated columns", path=path
            )
        label = row.get("class_label")
        gold = None if label is None else label.strip() == "Yes"
        rows.append(Sentence(row[columns[0]].strip(), text.strip(), gold))
    return rows
