"""``factcheck export``: the knowledge base as files, and (issue #6) JSONL, CSV, ClaimReview."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from factcheck.cli.common import app, load_settings, open_database


@app.command("export")
def export_command(
    directory: Annotated[Path, typer.Argument(help="Folder to write claims/ and sources/ into.")],
) -> None:
    """Write the database as files: sources/<id>.yaml and claims/<article-slug>.yaml."""
    from factcheck.kb import export_kb

    n_sources, n_articles = export_kb(open_database(load_settings()), directory)
    typer.echo(f"wrote {n_sources} sources and {n_articles} articles under {directory}")
