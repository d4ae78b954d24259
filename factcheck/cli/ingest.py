"""``factcheck ingest``: read, extract and store articles, ``--write-batch`` to a transaction."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy import func, select

from factcheck.cli.common import app, load_settings, open_database
from factcheck.cli.extract import RAY_ADDRESS_HELP, Engine
from factcheck.config import Settings
from factcheck.db.models import Source
from factcheck.db.session import Database
from factcheck.errors import InputError
from factcheck.ingest.files import iter_input_files, read_inputs, resolved
from factcheck.records import Article, ExtractedArticle
from factcheck.store.articles import WRITE_BATCH, IngestSummary, SaveResult, save_all


@app.command()
def ingest(
    paths: Annotated[
        list[Path], typer.Argument(help="Files and folders of .txt .md .html .htm .jsonl articles.")
    ],
    jobs: Annotated[
        int, typer.Option("--jobs", min=1, help="Worker processes for spaCy (n_process).")
    ] = 1,
    batch_size: Annotated[
        int, typer.Option("--batch-size", min=1, help="Articles per spaCy batch.")
    ] = 16,
    engine: Annotated[
        Engine, typer.Option("--engine", help="local processes, or Ray Data (the cluster extra).")
    ] = Engine.local,
    address: Annotated[str | None, typer.Option("--address", help=RAY_ADDRESS_HELP)] = None,
    write_batch: Annotated[
        int,
        typer.Option(
            "--write-batch",
            min=1,
            help="Articles per database transaction (a batch that fails is saved again one by "
            "one, so only the article at fault is lost).",
        ),
    ] = WRITE_BATCH,
) -> None:
    """Extract claims from articles and store them; unchanged articles are skipped.

    A file that cannot be used gets one line on stderr naming it and the reason; the others are
    still stored, and the command exits with 1 at the end. Needs 'factcheck db upgrade' first.
    """
    settings = load_settings()
    db = open_database(settings)
    files = [resolved(p) for p in iter_input_files(paths)]
    summary = IngestSummary()
    stored: list[SaveResult] = []  # the new and updated articles, named in the summary

    def report(exc: InputError | str) -> None:
        summary.failed += 1
        typer.echo(f"factcheck: error: {getattr(exc, 'message', exc)}", err=True)

    def not_stored(item: ExtractedArticle, exc: Exception) -> None:
        summary.failed += 1
        detail = getattr(exc, "orig", None) or exc
        typer.echo(f"factcheck: error: {item.article.path}: not stored: {detail}", err=True)

    if engine is Engine.ray:
        extracted = _extracted_on_ray(
            db, files, settings, jobs, batch_size, address, summary, report
        )
    else:
        from factcheck.extract import check_length, extract_articles  # spaCy loads only here
        from factcheck.nlp import build_nlp

        nlp = build_nlp(settings.spacy_model, attribution_mode=settings.attribution)
        articles = read_inputs(files, max_bytes=settings.max_file_bytes, on_error=report)
        fitting = _fitting(articles, lambda article: check_length(article, nlp), report)
        extracted = extract_articles(
            fitting,
            nlp,
            n_process=jobs,
            batch_size=batch_size,
            max_seconds=settings.max_article_seconds,
            on_error=report,
        )
    try:
        with _ray_quiet(engine), _progress(_count_articles(files)) as advance:
            for result in save_all(db, extracted, on_error=not_stored, batch=write_batch):
                summary.add(result)
                if result.status != "unchanged":
                    stored.append(result)
                advance(result)
        db_sources = _count_sources(db)
    finally:
        db.dispose()
    site = settings.public_url.rstrip("/") or f"http://{settings.host}:{settings.port}"
    typer.echo(format_summary(summary, db_sources=db_sources, stored=stored, site=site))
    if summary.failed:
        raise typer.Exit(1)


def _extracted_on_ray(
    db: Database,
    files: list[Path],
    settings: Settings,
    workers: int,
    batch_size: int,
    address: str | None,
    summary: IngestSummary,
    report: Callable[[str], None],
) -> Iterator[ExtractedArticle]:
    """``ingest --engine ray``: the records extracted on Ray, in input order, for ``save_all``;
    articles whose text the database already holds are not parsed again (counted unchanged)."""
    from factcheck.db.models import Article as StoredArticle
    from factcheck.extract_ray import ExtractSettings, extract_on_ray

    with db.sessions() as session:
        known = set(session.scalars(select(StoredArticle.content_hash)))
    outcomes = extract_on_ray(
        files,
        ExtractSettings.of(settings, batch_size),
        workers=workers,
        skip=known,
        address=address,
    )
    for outcome in outcomes:
        if outcome.error:
            report(outcome.error)
        elif outcome.result is None:
            summary.unchanged += 1
        else:
            yield outcome.result


def _ray_quiet(engine: Engine) -> AbstractContextManager[object]:
    """On Ray, what its driver prints of its own goes to stderr: stdout is for the summary."""
    if engine is Engine.ray:
        from factcheck.extract_ray import ray_prints_to_stderr

        return ray_prints_to_stderr()
    return nullcontext()


def _fitting(
    articles: Iterable[Article],
    check: Callable[[Article], None],
    report: Callable[[InputError], None],
) -> Iterator[Article]:
    """The articles the pipeline can take; one that is too long is reported and skipped.

    Checked before queuing: an over-long article raised inside the pipeline would end the stream.
    """
    for article in articles:
        try:
            check(article)
        except InputError as exc:
            report(exc)
            continue
        yield article


SHOWN_ARTICLES = 20  # a big run names its first articles and counts the rest


def format_summary(
    summary: IngestSummary,
    *,
    db_sources: int,
    stored: list[SaveResult] | None = None,
    site: str = "",
) -> str:
    """The closing lines of a run: each new or updated article (slug, id, claims and its page),
    then articles by outcome, claims and sources, and where to review them."""
    lines = []
    for result in (stored or [])[:SHOWN_ARTICLES]:
        lines.append(
            f"{result.status:8} {result.slug} (article {result.article_id}): "
            f"{plural(result.claims, 'claim')}, {result.added} added -> "
            f"{site}/articles/{result.article_id}"
        )
    if stored and len(stored) > SHOWN_ARTICLES:
        lines.append(f"         ... and {len(stored) - SHOWN_ARTICLES} more")
    lines += [
        f"articles: {summary.new} new, {summary.unchanged} unchanged, {summary.updated} updated, "
        f"{summary.failed} failed",
        f"claims: {summary.claims} stored ({summary.added} added, {summary.orphaned} orphaned)",
        f"sources: {len(summary.source_ids)} cited ({db_sources} in the database)",
    ]
    if stored:
        first = stored[0].slug
        lines.append(
            f"see them at {site}/articles and review them at {site}/queue"
            + (f"?article={first}" if len(stored) == 1 else "")
            + " ('factcheck serve' or 'make run' serves the site)"
        )
    return "\n".join(lines)


def plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _count_articles(files: list[Path]) -> int:
    """How many articles the files hold (JSONL: its non-blank lines), for the progress bar."""
    total = 0
    for path in files:
        if path.suffix.lower() != ".jsonl":
            total += 1
            continue
        try:
            with path.open("rb") as handle:
                total += sum(1 for line in handle if line.strip())
        except OSError:
            total += 1
    return total


@contextmanager
def _progress(total: int) -> Iterator[Callable[[SaveResult], None]]:
    """A rich progress bar on stderr, only when it is a terminal and the run is not tiny."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    console = Console(stderr=True)
    enabled = console.is_terminal and sys.stderr.isatty() and total > 1
    progress = Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console,
        disable=not enabled,
    )
    with progress:
        task = progress.add_task("ingest", total=total)

        def advance(result: SaveResult) -> None:
            progress.update(task, advance=1, description=f"ingest {result.slug[:30]}")

        yield advance


def _count_sources(db: Database) -> int:
    with db.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(Source)) or 0)
