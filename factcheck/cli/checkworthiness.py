"""``factcheck checkworthiness``: score sentences without an article (issue #15)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from factcheck.cli.common import app, load_settings
from factcheck.sentences import Sentence, parse_sentences, read_sentences


@app.command()
def checkworthiness(
    files: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Files of one sentence per line, or TSV with a Text column (CheckThat!); "
            "standard input when none."
        ),
    ] = None,
) -> None:
    """Print the check-worthiness of sentences as TSV: id, score, Yes/No at the threshold.

    The id is the table's first column (Sentence_id in CheckThat!) or the line number. A file
    that cannot be read or parsed is named in one line on stderr, and the command exits with 1.
    """
    from factcheck.nlp import load_model  # spaCy loads only for this command
    from factcheck.nlp.sentence_scores import score_texts

    sentences = _read(files or [])
    nlp = load_model(load_settings().spacy_model)
    typer.echo("Sentence_id\tscore\tclass_label")
    for sentence, result in zip(
        sentences, score_texts(nlp, [s.text for s in sentences]), strict=True
    ):
        label = "Yes" if result.check_worthy else "No"
        typer.echo(f"{sentence.id}\t{result.score:.3f}\t{label}")


def _read(files: list[Path]) -> list[Sentence]:
    """Every sentence of every file (or of standard input); the first unusable file raises."""
    if not files:
        return parse_sentences(sys.stdin.read(), "<stdin>")
    return [sentence for path in files for sentence in read_sentences(path)]
