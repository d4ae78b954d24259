"""``factcheck token create|list|revoke``: API tokens for scripts and notebooks."""

from __future__ import annotations

from typing import Annotated

import typer
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.cli.common import app, load_settings, open_database
from factcheck.db.models import User
from factcheck.errors import NotFound

token_app = typer.Typer(
    help="API tokens (sent as 'Authorization: Bearer TOKEN').", no_args_is_help=True
)
app.add_typer(token_app, name="token")


def _user(session: Session, name: str) -> User:
    user = session.scalar(select(User).where(User.name == name))
    if user is None:
        raise NotFound(f"no user {name!r}")
    return user


@token_app.command("create")
def token_create(
    user: Annotated[str, typer.Argument(help="Name of the account the token acts for.")],
    name: Annotated[
        str, typer.Option(help="A label for the token, e.g. the notebook using it.")
    ] = "",
) -> None:
    """Create an API token and print it once (only its hash is stored)."""
    from factcheck.accounts.tokens import create_token

    with open_database(load_settings()).unit() as session:
        raw = create_token(session, _user(session, user), name)
    typer.echo(raw)


@token_app.command("list")
def token_list(user: Annotated[str, typer.Argument(help="Name of the account.")]) -> None:
    """List a user's tokens (id, name, created, last used, revoked); never the tokens."""
    from factcheck.accounts.tokens import list_tokens

    with open_database(load_settings()).unit() as session:
        for t in list_tokens(session, _user(session, user)):
            state = "revoked" if t["revoked"] else "active"
            typer.echo(
                f"{t['id']}\t{t['name']}\t{t['created_at']}\t{t['last_used_at'] or '-'}\t{state}"
            )


@token_app.command("revoke")
def token_revoke(
    token_id: Annotated[int, typer.Argument(help="Id of the token (see 'token list').")],
) -> None:
    """Revoke an API token; requests using it get 401 from then on."""
    from factcheck.accounts.tokens import revoke_token

    with open_database(load_settings()).unit() as session:
        revoke_token(session, token_id)
    typer.echo(f"revoked token {token_id}")
