"""The knowledge base as files: ``import`` and the CI sourcing ``check`` (issue #7)."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from sqlalchemy.exc import SQLAlchemyError

from factcheck.cli.common import app, load_settings, open_database
from factcheck.errors import ConfigError, FactcheckError, InputError

if TYPE_CHECKING:
    from factcheck.kb.check import CheckResult
    from factcheck.kb.read import Problem


@app.command("import")
def import_command(
    directory: Annotated[Path, typer.Argument(help="Folder holding claims/ and sources/.")],
    only_new: Annotated[
        bool,
        typer.Option(
            "--only-new",
            help="Skip sources and articles already in the database (keeps edits made since).",
        ),
    ] = False,
) -> None:
    """Load a knowledge base from files into the database (one transaction).

    Every file is validated first; any problem is printed as file:line and nothing is written.
    """
    from factcheck.kb.files import KnowledgeBaseInvalid, import_kb
    from factcheck.review.scale import load_scale

    if not (directory / "claims").is_dir() and not (directory / "sources").is_dir():
        raise InputError("no claims/ or sources/ folder here", path=str(directory))
    settings = load_settings()
    scale = load_scale(settings.rating_scale)
    try:
        summary = import_kb(
            open_database(settings, migrate=True), directory, only_new=only_new, scale=scale
        )
    except KnowledgeBaseInvalid as exc:
        _print_problems(directory, exc.problems)
        typer.echo(f"factcheck: error: {len(exc.problems)} problems; nothing imported", err=True)
        raise typer.Exit(1) from None
    _print_problems(directory, summary.warnings)
    removed = f", {summary.removed_claims} claims removed" if summary.removed_claims else ""
    typer.echo(
        f"imported {summary.sources} sources, {summary.articles} articles, "
        f"{summary.claims} claims, {summary.verdicts} new verdicts{removed}"
    )


def _print_problems(directory: Path, problems: Iterable[Problem]) -> None:
    from factcheck.kb.files import display_path

    for p in problems:
        where = display_path(directory, p.path) + ("" if p.line is None else f":{p.line}")
        label = "warning: " if p.severity == "warning" else ""
        typer.echo(f"{where}: {label}{p.code}: {p.message}", err=True)


@app.command()
def check(
    directory: Annotated[
        Path | None,
        typer.Argument(help="Knowledge-base folder (claims/ and sources/); default '.'."),
    ] = None,
    db: Annotated[
        str | None,
        typer.Option("--db", metavar="URL", help="Check this database instead of a folder."),
    ] = None,
    config: Annotated[
        Path | None,
        typer.Option(help="Policy file; default DIR/factcheck-check.yaml when it exists."),
    ] = None,
    output_format: Annotated[
        str, typer.Option("--format", help="text, json, junit or github (annotations).")
    ] = "text",
    jobs: Annotated[
        int, typer.Option(min=0, help="Processes that read files; 0 = one per core.")
    ] = 0,
) -> None:
    """Apply sourcing policies; exit 0 when all hold, 1 when any fails, 2 on unusable input."""
    from factcheck.kb.report import FORMATTERS

    if output_format not in FORMATTERS:
        _unusable(f"--format must be one of {', '.join(FORMATTERS)}")
    if db is not None and directory is not None:
        _unusable("give a folder or --db, not both")
    try:
        result, shown = _run_check(directory or Path("."), db, config, jobs)
    except (InputError, ConfigError) as exc:
        _unusable(exc.message)
    typer.echo(FORMATTERS[output_format](result, shown), nl=False)
    raise typer.Exit(result.exit_status)


def _run_check(
    directory: Path, db: str | None, config: Path | None, jobs: int
) -> tuple[CheckResult, Callable[[str], str]]:
    from factcheck.kb.check import auto_jobs, check_kb, find_config
    from factcheck.kb.files import display_path
    from factcheck.review.scale import load_scale

    settings = load_settings()
    scale = load_scale(settings.rating_scale)
    jobs = jobs or auto_jobs()
    if db is None:
        policies = find_config(directory, config)
        return check_kb(directory, scale, policies, jobs), lambda rel: display_path(directory, rel)
    policies = find_config(Path("."), config)
    with tempfile.TemporaryDirectory(prefix="factcheck-check-") as tmp:
        _export_database(db, Path(tmp))
        # The files are temporary: findings name claims/<article-slug>.yaml and the claim id.
        return check_kb(Path(tmp), scale, policies, jobs), lambda rel: rel


def _export_database(url: str, folder: Path) -> None:
    from factcheck.cli.common import database_exists, no_database
    from factcheck.db.session import Database
    from factcheck.kb.files import export_kb

    if not database_exists(url):  # connecting would leave an empty file behind
        raise ConfigError(no_database(url))
    try:
        database = Database(url)
        database.require_migrated()
        export_kb(database, folder)
    except FactcheckError as exc:
        raise ConfigError(exc.message) from exc
    except (SQLAlchemyError, OSError) as exc:  # a database that cannot be read: exit 2
        detail = getattr(exc, "orig", None) or exc
        raise ConfigError(f"database {url}: {detail}") from exc


def _unusable(message: str) -> NoReturn:
    typer.echo(f"factcheck: error: {message}", err=True)
    raise typer.Exit(2)
