"""``factcheck ingest``: extract and store articles (issue #4)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from factcheck.cli.common import app, not_yet


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files and folders of articles.")],
) -> None:
    """Extract claims from articles and store them in the database."""
    not_yet("ingest", 4)
