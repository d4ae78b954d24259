"""The Typer app and helpers shared by the command modules of ``factcheck.cli``.

Each command module registers its commands on ``app`` (or a sub-app) and stays thin: parse options,
call one library function, print the result. Library errors propagate to ``main``.
"""

from __future__ import annotations

from pathlib import Path

import typer
from sqlalchemy.engine import make_url

from factcheck.config import Settings
from factcheck.db.session import Database
from factcheck.errors import ConfigError

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


def database_exists(url: str) -> bool:
    """False only for a SQLite file that is not there (other databases are servers: assumed)."""
    parsed = make_url(url)
    if not parsed.drivername.startswith("sqlite") or parsed.database in (None, "", ":memory:"):
        return True
    return Path(parsed.database).is_file()


def no_database(url: str) -> str:
    return (
        f"no database at {url}: create it with 'factcheck db upgrade' (or 'make run'), "
        "or point FACTCHECK_DATABASE_URL at yours"
    )


def open_database(settings: Settings, *, migrate: bool = False) -> Database:
    """The configured database; migrated first when ``migrate``, else it must be at head.

    A SQLite file that does not exist is not created by a command that only uses the database:
    it says how to make one instead (and leaves no empty file behind)."""
    if not migrate and not database_exists(settings.database_url):
        raise ConfigError(no_database(settings.database_url))
    db = Database(settings.database_url)
    if migrate:
        db.upgrade()
    else:
        db.require_migrated()
    return db
