"""``factcheck extract``: print attributed claims without storing them (issue #3)."""

from __future__ import annotations

from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from factcheck.cli.common import app, load_settings
from factcheck.config import Settings
from factcheck.errors import InputError
from factcheck.records import Article, ClaimRecord, ExtractedArticle

if TYPE_CHECKING:
    from spacy.language import Language


class OutputFormat(StrEnum):
    jsonl = "jsonl"
    text = "text"


class Engine(StrEnum):
    local = "local"
    ray = "ray"


class ShardFormat(StrEnum):
    jsonl = "jsonl"
    parquet = "parquet"


RAY_ADDRESS_HELP = "Ray cluster to run on (default: RAY_ADDRESS, else a local Ray)."


@app.command()
def extract(
    files: Annotated[list[Path], typer.Argument(help="Article files (.txt .md .html .jsonl).")],
    output_format: Annotated[
        OutputFormat,
        typer.Option(
            "--format", help="jsonl (the extraction contract, one line per article) or text."
        ),
    ] = OutputFormat.jsonl,
    jobs: Annotated[
        int, typer.Option("--jobs", min=1, help="Worker processes for the spaCy pipeline.")
    ] = 1,
    engine: Annotated[
        Engine, typer.Option("--engine", help="local processes, or Ray Data (the cluster extra).")
    ] = Engine.local,
    output: Annotated[
        Path | None,
        typer.Option("--output", help="--engine ray: write shards to this folder, not stdout."),
    ] = None,
    shard_format: Annotated[
        ShardFormat, typer.Option("--shard-format", help="Shards as JSONL or Parquet.")
    ] = ShardFormat.jsonl,
    shard_size: Annotated[
        int, typer.Option("--shard-size", min=1, help="Articles per shard.")
    ] = 1000,
    address: Annotated[str | None, typer.Option("--address", help=RAY_ADDRESS_HELP)] = None,
) -> None:
    """Print the attributed claims of articles, without storing them.

    A file that cannot be read is named on stderr with the reason; the others are still
    extracted, and the command exits with 1 at the end.
    """
    settings = load_settings()
    if engine is Engine.ray:
        failed_count = _extract_on_ray(
            files, settings, jobs, output, output_format, shard_format, shard_size, address
        )
        if failed_count:
            raise typer.Exit(1)
        return
    if output is not None:
        raise typer.BadParameter("--output needs --engine ray", param_hint="--output")
    from factcheck.extract import extract_articles  # spaCy loads only for this command
    from factcheck.nlp import build_nlp

    nlp = build_nlp(settings.spacy_model, attribution_mode=settings.attribution)
    failed: list[Path] = []
    articles = _read_all(files, settings.max_file_bytes, failed, nlp)

    def report(exc: InputError) -> None:
        typer.echo(f"factcheck: error: {exc.message}", err=True)
        failed.append(Path(exc.path or ""))

    results = extract_articles(
        articles,
        nlp,
        n_process=jobs,
        max_seconds=settings.max_article_seconds,
        on_error=report,
    )
    for result in results:
        typer.echo(_render(result, output_format))
    if failed:
        raise typer.Exit(1)


def _extract_on_ray(
    files: list[Path],
    settings: Settings,
    workers: int,
    output: Path | None,
    output_format: OutputFormat,
    shard_format: ShardFormat,
    shard_size: int,
    address: str | None,
) -> int:
    """``extract --engine ray``: print the records, or write them as shards; the failures."""
    from factcheck.extract_ray import (
        ExtractSettings,
        ShardWriter,
        extract_on_ray,
        ray_prints_to_stderr,
    )

    writer = ShardWriter(output, shard_format.value, shard_size) if output else None
    outcomes = extract_on_ray(
        files,
        ExtractSettings.of(settings),
        workers=workers,
        skip=writer.done() if writer else (),
        address=address,
    )
    failed = 0
    with ray_prints_to_stderr() as stdout:
        for outcome in outcomes:
            if outcome.error:
                failed += 1
                typer.echo(f"factcheck: error: {outcome.error}", err=True)
            elif outcome.result is None:
                continue  # already written by an earlier run
            elif writer is not None:
                writer.add(outcome.content_hash, outcome.result)
            else:
                typer.echo(_render(outcome.result, output_format), file=stdout)
    if writer is not None:
        writer.flush()
        typer.echo(f"{writer.written} articles written to {output}", err=True)
    return failed


def _read_all(
    files: list[Path], max_bytes: int, failed: list[Path], nlp: Language
) -> Iterator[Article]:
    """The articles of every readable file; each unreadable one gets one line on stderr."""
    from factcheck.extract import check_length
    from factcheck.ingest.files import read_articles

    for path in files:
        try:
            articles = read_articles(path, max_bytes=max_bytes)
            for article in articles:
                check_length(article, nlp)
        except InputError as exc:
            typer.echo(f"factcheck: error: {exc.message}", err=True)
            failed.append(path)
            continue
        yield from articles


def _render(result: ExtractedArticle, output_format: OutputFormat) -> str:
    if output_format is OutputFormat.jsonl:
        return result.to_jsonl()
    return format_text(result)


def format_text(result: ExtractedArticle) -> str:
    """A readable summary: one block per claim with speaker, cue, hedges and evidence."""
    article = result.article
    head = f"== {article.path or '(text)'}"
    if article.title:
        head += f" - {article.title}"
    lines = [head, f"   {len(result.claims)} claims"]
    for number, claim in enumerate(result.claims, 1):
        lines.extend(_claim_lines(number, claim))
    return "\n".join(lines) + "\n"


def _claim_lines(number: int, claim: ClaimRecord) -> list[str]:
    speaker = claim.speaker
    who = (
        speaker.name if speaker.text in (None, speaker.name) else f"{speaker.text} = {speaker.name}"
    )
    cue = f' "{claim.cue.text}"' if claim.cue else ""
    lines = [
        f"{number:3}. [{claim.kind}] {who} ({speaker.kind}){cue}"
        f"  chars {claim.start}-{claim.end}, check-worthiness {claim.checkworthiness:.2f}",
        f"     {_one_line(claim.text)}",
    ]
    if claim.hedges:
        lines.append("     hedges: " + ", ".join(h.text for h in claim.hedges))
    for item in claim.evidence:
        lines.append(f"     evidence: {item.kind} {item.source}: {_one_line(item.text)}")
    return lines


def _one_line(text: str, limit: int = 200) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
