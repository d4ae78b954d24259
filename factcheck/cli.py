"""The ``factcheck`` command line: thin wrappers over library functions.

Errors of the library (``FactcheckError``) become one line on stderr and exit status 1.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from factcheck.config import Settings
from factcheck.db.models import ROLES
from factcheck.db.session import Database
from factcheck.errors import FactcheckError, InputError

app = typer.Typer(
    help="Claim-level fact-checking knowledge base.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
user_app = typer.Typer(help="User accounts.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(user_app, name="user")


def _settings() -> Settings:
    return Settings()


def _database(settings: Settings, *, migrate: bool = False) -> Database:
    db = Database(settings.database_url)
    if migrate:
        db.upgrade()
    else:
        db.require_migrated()
    return db


def _not_yet(what: str, issue: int) -> None:
    typer.echo(f"factcheck: {what} is not available yet (issue #{issue})", err=True)
    raise typer.Exit(2)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create the database or migrate it to the newest schema."""
    settings = _settings()
    db = _database(settings, migrate=True)
    typer.echo(f"database at {db.engine.url.render_as_string(hide_password=True)} is up to date")


@app.command()
def extract(
    files: Annotated[list[Path], typer.Argument(help="Article files (.txt .md .html .jsonl).")],
    output_format: Annotated[
        str, typer.Option("--format", help="jsonl (the extraction contract) or text.")
    ] = "jsonl",
) -> None:
    """Print the attributed claims of articles, without storing them."""
    _not_yet("extract", 3)


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files and folders of articles.")],
) -> None:
    """Extract claims from articles and store them in the database."""
    _not_yet("ingest", 4)


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Address to listen on (FACTCHECK_HOST).")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on (FACTCHECK_PORT).")] = None,
) -> None:
    """Serve the reviewer website and the JSON API."""
    import uvicorn

    from factcheck.web.app import create_app

    settings = _settings()
    _database(settings).dispose()
    typer.echo(f"serving on http://{host or settings.host}:{port or settings.port}/")
    uvicorn.run(create_app(settings), host=host or settings.host, port=port or settings.port)


@app.command()
def check(
    directory: Annotated[Path, typer.Argument(help="Knowledge-base folder.")] = Path("."),
) -> None:
    """Apply sourcing policies to a knowledge base; exit 1 when any fails."""
    _not_yet("check", 7)


@app.command("export")
def export_command(
    directory: Annotated[Path, typer.Argument(help="Folder to write claims/ and sources/ into.")],
) -> None:
    """Write the database as files: sources/<id>.yaml and claims/<article-slug>.yaml."""
    from factcheck.kb import export_kb

    n_sources, n_articles = export_kb(_database(_settings()), directory)
    typer.echo(f"wrote {n_sources} sources and {n_articles} articles under {directory}")


@app.command("import")
def import_command(
    directory: Annotated[Path, typer.Argument(help="Folder holding claims/ and sources/.")],
) -> None:
    """Load a knowledge base from files into the database (one transaction)."""
    from factcheck.kb import import_kb

    if not (directory / "claims").is_dir() and not (directory / "sources").is_dir():
        raise InputError("no claims/ or sources/ folder here", path=str(directory))
    summary = import_kb(_database(_settings(), migrate=True), directory)
    typer.echo(
        f"imported {summary.sources} sources, {summary.articles} articles, "
        f"{summary.claims} claims, {summary.verdicts} new verdicts"
    )


@user_app.command("add")
def user_add(
    name: Annotated[str, typer.Argument(help="Login name.")],
    role: Annotated[str, typer.Option(help=f"One of: {', '.join(ROLES)}.")] = "reviewer",
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
) -> None:
    """Add a user account. The password is asked for, or read from stdin or FACTCHECK_PASSWORD."""
    from factcheck.users import create_user

    password = _read_password(password_stdin)
    db = _database(_settings())
    with db.unit() as session:
        user = create_user(session, name, role, password)
        typer.echo(f"added user {user.name} ({user.role})")


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if os.environ.get("FACTCHECK_PASSWORD"):
        return os.environ["FACTCHECK_PASSWORD"]
    return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))


def main() -> None:
    """Entry point: run the app, turning library errors into one line and exit status 1."""
    try:
        app()
    except FactcheckError as exc:
        typer.echo(f"factcheck: error: {exc.message}", err=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
