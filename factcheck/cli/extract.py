"""``factcheck extract``: print attributed claims without storing them (issue #3)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from factcheck.cli.common import app, not_yet


@app.command()
def extract(
    files: Annotated[list[Path], typer.Argument(help="Article files (.txt .md .html .jsonl).")],
    output_format: Annotated[
        str, typer.Option("--format", help="jsonl (the extraction contract) or text.")
    ] = "jsonl",
) -> None:
    """Print the attributed claims of articles, without storing them."""
    not_yet("extract", 3)
