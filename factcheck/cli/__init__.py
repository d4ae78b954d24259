"""The ``factcheck`` command line. Commands live in one module per area; this wires them up.

Thin: a command parses its options, calls one library function and prints the result. Library
errors (``FactcheckError``) become one line on stderr and exit status 1; database errors likewise.

May import every package. Nothing imports ``cli``.
"""

from __future__ import annotations

import sys

import typer
from sqlalchemy.exc import SQLAlchemyError

from factcheck.cli import (  # noqa: F401  (register commands)
    admin,
    checkworthiness,
    export,
    extract,
    graph,
    ingest,
    kb,
    tokens,
)
from factcheck.cli.common import app
from factcheck.errors import FactcheckError

__all__ = ["app", "main"]


def main() -> None:
    """Entry point: run the app, turning library errors into one line and exit status 1."""
    try:
        app()
    except FactcheckError as exc:
        typer.echo(f"factcheck: error: {exc.message}", err=True)
        sys.exit(1)
    except SQLAlchemyError as exc:
        detail = getattr(exc, "orig", None) or exc
        typer.echo(f"factcheck: error: database: {detail}", err=True)
        sys.exit(1)
