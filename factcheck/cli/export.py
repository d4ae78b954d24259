"""``factcheck export``: the knowledge base as files, or claims as JSONL, CSV or ClaimReview."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit

import typer

from factcheck.cli.common import app, load_settings, open_database
from factcheck.errors import InputError
from factcheck.queries import ClaimFilters


class Format(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    claimreview = "claimreview"


FILTERS = "Filters (as the API's /claims)"


@app.command("export")
def export_command(
    directory: Annotated[
        Path | None, typer.Argument(help="Folder to write claims/ and sources/ into.")
    ] = None,
    fmt: Annotated[
        Format | None,
        typer.Option(
            "--format", help="Export claims instead: jsonl, csv or claimreview (JSON-LD)."
        ),
    ] = None,
    output: Annotated[
        Path | None, typer.Option(help="File to write (default: standard output).")
    ] = None,
    base_url: Annotated[
        str | None,
        typer.Option(help="The site's public address for ClaimReview urls (FACTCHECK_PUBLIC_URL)."),
    ] = None,
    status: Annotated[str | None, typer.Option(rich_help_panel=FILTERS)] = None,
    rating: Annotated[str | None, typer.Option(rich_help_panel=FILTERS)] = None,
    normalized: Annotated[str | None, typer.Option(rich_help_panel=FILTERS)] = None,
    speaker_kind: Annotated[str | None, typer.Option(rich_help_panel=FILTERS)] = None,
    source: Annotated[str | None, typer.Option(rich_help_panel=FILTERS)] = None,
    source_kind: Annotated[str | None, typer.Option(rich_help_panel=FILTERS)] = None,
    article: Annotated[str | None, typer.Option(rich_help_panel=FILTERS)] = None,
    publisher: Annotated[str | None, typer.Option(rich_help_panel=FILTERS)] = None,
    date_from: Annotated[str | None, typer.Option(rich_help_panel=FILTERS)] = None,
    date_to: Annotated[str | None, typer.Option(rich_help_panel=FILTERS)] = None,
    hedged: Annotated[
        bool | None, typer.Option("--hedged/--not-hedged", rich_help_panel=FILTERS)
    ] = None,
    unsourced: Annotated[
        bool | None, typer.Option("--unsourced/--sourced", rich_help_panel=FILTERS)
    ] = None,
    q: Annotated[
        str | None, typer.Option("--q", help="Full text.", rich_help_panel=FILTERS)
    ] = None,
) -> None:
    """Write the database as files (sources/<id>.yaml, claims/<article-slug>.yaml) into DIRECTORY,
    or, with --format, the claims as JSON Lines, CSV or ClaimReview JSON-LD (one per decided claim)."""
    if fmt is None:
        _export_kb(directory)
        return
    if directory is not None:
        raise InputError("with --format, name the file with --output, not a directory")
    filters = ClaimFilters(
        status=status,
        rating=rating,
        normalized=normalized,
        speaker_kind=speaker_kind,
        source=source,
        source_kind=source_kind,
        article=article,
        publisher=publisher,
        date_from=date_from,
        date_to=date_to,
        hedged=hedged,
        unsourced=unsourced,
        q=q,
    )
    _export_claims(fmt, filters, output, base_url)


def _export_kb(directory: Path | None) -> None:
    from factcheck.kb.files import export_kb

    if directory is None:
        raise InputError("name a DIRECTORY for the knowledge-base files, or give --format")
    n_sources, n_articles = export_kb(open_database(load_settings()), directory)
    typer.echo(f"wrote {n_sources} sources and {n_articles} articles under {directory}")


def _export_claims(
    fmt: Format, filters: ClaimFilters, output: Path | None, base_url: str | None
) -> None:
    from factcheck import exports
    from factcheck.review.scale import load_scale

    settings = load_settings()
    db = open_database(settings)
    with db.sessions() as session:
        if fmt is Format.jsonl:
            lines = exports.jsonl_lines(session, filters)
        elif fmt is Format.csv:
            lines = exports.csv_lines(session, filters)
        else:
            site = public_base_url(base_url or settings.public_url)
            lines = exports.claimreview_lines(
                session, filters, load_scale(settings.rating_scale), site
            )
        _write(lines, output)
    if output is not None:
        typer.echo(f"wrote {output}", err=True)


def public_base_url(value: str) -> str:
    """The public address ClaimReview urls start with; an InputError when missing or not http(s)."""
    value = value.strip().rstrip("/")
    if not value:
        raise InputError(
            "ClaimReview urls need the site's public address: pass --base-url "
            "https://factcheck.example.org or set FACTCHECK_PUBLIC_URL"
        )
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(f"--base-url / FACTCHECK_PUBLIC_URL {value!r} is not an http(s) address")
    return value


def _write(lines: Iterator[str], output: Path | None) -> None:
    """Write to stdout, or to a temporary file renamed over ``output`` once complete (so a failed
    export never leaves a half-written file)."""
    if output is None:
        sys.stdout.writelines(lines)
        return
    from factcheck.kb.files import write_atomic

    folder = output.resolve().parent
    if not folder.is_dir():
        raise InputError(f"{output}: folder {folder} does not exist")
    write_atomic(output, lines, newline="")
