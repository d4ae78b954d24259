"""Commands for running the service: ``db upgrade``, ``serve``, ``user add``."""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer

from factcheck.cli.common import app, db_app, load_settings, open_database, user_app
from factcheck.db.models import ROLES


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create the database or migrate it to the newest schema."""
    db = open_database(load_settings(), migrate=True)
    typer.echo(f"database at {db.engine.url.render_as_string(hide_password=True)} is up to date")


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Address to listen on (FACTCHECK_HOST).")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on (FACTCHECK_PORT).")] = None,
) -> None:
    """Serve the reviewer website and the JSON API."""
    import uvicorn

    from factcheck.web.app import create_app

    settings = load_settings()
    db = open_database(settings)
    host, port = host or settings.host, port or settings.port
    typer.echo(f"serving on http://{host}:{port}/")
    uvicorn.run(create_app(settings, db), host=host, port=port)


@user_app.command("add")
def user_add(
    name: Annotated[str, typer.Argument(help="Login name.")],
    role: Annotated[str, typer.Option(help=f"One of: {', '.join(ROLES)}.")] = "reviewer",
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
) -> None:
    """Add a user account. The password is asked for, or read from stdin or FACTCHECK_PASSWORD."""
    from factcheck.accounts.users import create_user

    password = _read_password(password_stdin)
    db = open_database(load_settings())
    with db.unit() as session:
        user = create_user(session, name, role, password)
        typer.echo(f"added user {user.name} ({user.role})")


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if os.environ.get("FACTCHECK_PASSWORD"):
        return os.environ["FACTCHECK_PASSWORD"]
    return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))
