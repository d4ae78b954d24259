"""The Typer app and helpers shared by the command modules of ``factcheck.cli``.

Each command module registers its commands on ``app`` (or a sub-app) and stays thin: parse options,
call one library function, print the result. Library errors propagate to ``main``.
"""

from __future__ import annotations

import typer

from factcheck.config import Settings
from factcheck.db.session import Database

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


def load_settings() -> Settings:
    """The settings, read from the environment once per command."""
    return Settings()


def open_database(settings: Settings, *, migrate: bool = False) -> Database:
    """The configured database; migrated first when ``migrate``, else it must be at head."""
    db = Database(settings.database_url)
    if migrate:
        db.upgrade()
    else:
        db.require_migrated()
    return db
