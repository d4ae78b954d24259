"""``factcheck extract``: print attributed claims without storing them (issue #3)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from factcheck.cli.common import app, load_settings
from factcheck.errors import InputError
from factcheck.records import Article, ClaimRecord, ExtractedArticle

if TYPE_CHECKING:
    from spacy.language import Language


class OutputFormat(StrEnum):
    jsonl = "jsonl"
    text = "text"


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
) -> None:
    """Print the attributed claims of articles, without storing them.

    A file that cannot be read is named on stderr with the reason; the others are still
    extracted, and the command exits with 1 at the end.
    """
    from factcheck.extract import extract_articles  # spaCy loads only for this command
    from factcheck.nlp import build_nlp

    settings = load_settings()
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
        return json.dumps(result.to_json(), ensure_ascii=False)
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
