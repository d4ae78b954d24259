"""The knowledge base as files: ``import`` and the CI sourcing ``check`` (issue #7)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from factcheck.cli.common import app, load_settings, not_yet, open_database
from factcheck.errors import InputError


@app.command("import")
def import_command(
    directory: Annotated[Path, typer.Argument(help="Folder holding claims/ and sources/.")],
) -> None:
    """Load a knowledge base from files into the database (one transaction)."""
    from factcheck.kb import import_kb

    if not (directory / "claims").is_dir() and not (directory / "sources").is_dir():
        raise InputError("no claims/ or sources/ folder here", path=str(directory))
    summary = import_kb(open_database(load_settings(), migrate=True), directory)
    typer.echo(
        f"imported {summary.sources} sources, {summary.articles} articles, "
        f"{summary.claims} claims, {summary.verdicts} new verdicts"
    )


@app.command()
def check(
    directory: Annotated[Path, typer.Argument(help="Knowledge-base folder.")] = Path("."),
) -> None:
    """Apply sourcing policies to a knowledge base; exit 1 when any fails."""
    not_yet("check", 7)
