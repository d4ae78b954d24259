"""Commands for running the service: ``db upgrade``, ``serve``, ``user add|list|passwd|role|
deactivate|activate``."""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer

from factcheck.cli.common import (
    app,
    database_exists,
    db_app,
    load_settings,
    open_database,
    user_app,
)
from factcheck.db.models import ROLES, User
from factcheck.db.session import Database


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create the database or migrate it to the newest schema."""
    from factcheck.db.migrate import current_revision, head_revision

    settings = load_settings()
    existed = database_exists(settings.database_url)
    db = Database(settings.database_url)
    before = current_revision(db.engine) if existed else None
    db.upgrade()
    where = db.engine.url.render_as_string(hide_password=True)
    head = head_revision()
    if before is None:
        typer.echo(f"created the database at {where} (schema {head})")
    elif before != head:
        typer.echo(f"migrated the database at {where} from schema {before} to {head}")
    else:
        typer.echo(f"the database at {where} is up to date (schema {head})")
    db.dispose()


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


PasswordStdin = Annotated[
    bool, typer.Option("--password-stdin", help="Read the password from standard input.")
]


@user_app.command("add")
def user_add(
    name: Annotated[str, typer.Argument(help="Login name.")],
    role: Annotated[str, typer.Option(help=f"One of: {', '.join(ROLES)}.")] = "reviewer",
    password_stdin: PasswordStdin = False,
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


@user_app.command("list")
def user_list() -> None:
    """List the accounts: name, role, whether active, when created."""
    from factcheck.accounts.admin import list_users

    db = open_database(load_settings())
    with db.sessions() as session:
        users = list_users(session)
    if not users:
        typer.echo("no users yet: add one with 'factcheck user add NAME --role editor'")
    for user in users:
        state = "active" if user["active"] else "deactivated"
        typer.echo(f"{user['name']}\t{user['role']}\t{state}\tsince {user['created_at'][:10]}")


@user_app.command("passwd")
def user_passwd(
    name: Annotated[str, typer.Argument(help="Login name.")],
    password_stdin: PasswordStdin = False,
) -> None:
    """Set a user's password (asked for, or read from stdin or FACTCHECK_PASSWORD)."""
    from factcheck.accounts.users import set_password, user_named

    password = _read_password(password_stdin)
    db = open_database(load_settings())
    with db.unit() as session:
        set_password(session, user_named(session, name), password)
    typer.echo(f"set the password of {name}")


@user_app.command("role")
def user_role(
    name: Annotated[str, typer.Argument(help="Login name.")],
    role: Annotated[str, typer.Argument(help=f"One of: {', '.join(ROLES)}.")],
) -> None:
    """Give a user another role (audited, as done by the command line)."""
    from factcheck.accounts.admin import set_role
    from factcheck.accounts.users import user_named

    db = open_database(load_settings())
    with db.unit() as session:
        user = set_role(session, OPERATOR, user_named(session, name).id, role)
        typer.echo(f"{user.name} now has the role {user.role}")


@user_app.command("deactivate")
def user_deactivate(name: Annotated[str, typer.Argument(help="Login name.")]) -> None:
    """Stop an account: no login, no API token works; nothing is deleted ('activate' undoes)."""
    _set_active(name, False)


@user_app.command("activate")
def user_activate(name: Annotated[str, typer.Argument(help="Login name.")]) -> None:
    """Let a deactivated account log in again."""
    _set_active(name, True)


# The command line acts with the database's own authority: audited as "factcheck-cli".
OPERATOR = User(id=None, name="factcheck-cli", role="admin", active=True)


def _set_active(name: str, active: bool) -> None:
    from factcheck.accounts.admin import set_active
    from factcheck.accounts.users import user_named

    db = open_database(load_settings())
    with db.unit() as session:
        user = set_active(session, OPERATOR, user_named(session, name).id, active)
        typer.echo(f"{user.name} is {'active' if user.active else 'deactivated'}")
