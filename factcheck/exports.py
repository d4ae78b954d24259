"""Streamed exports of claims: JSON Lines, CSV, and ClaimReview JSON-LD (schema.org).

Every function yields text a chunk at a time from ``queries.iter_claims`` (keyset chunks of 1,000), so
an export of a million claims holds one chunk in memory. The web API wraps these generators in a
StreamingResponse; the CLI writes them to a file or standard output.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.db.models import Verdict
from factcheck.errors import NotFound
from factcheck.queries import ClaimFilters, claim_row, iter_claims
from factcheck.review.scale import RatingScale
from factcheck.review.verdicts import consensus

CSV_COLUMNS = (
    "id",
    "uid",
    "text",
    "start",
    "end",
    "kind",
    "status",
    "checkworthiness",
    "hedged",
    "hedges",
    "speaker_id",
    "speaker_name",
    "speaker_kind",
    "speaker_text",
    "cue",
    "rating_label",
    "rating_value",
    "rating_normalized",
    "source_keys",
    "source_kinds",
    "article_id",
    "article_slug",
    "article_title",
    "publisher",
    "published",
    "article_url",
)
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PERSON_KINDS = frozenset({"person", "anonymous", "author"})


def jsonl_lines(session: Session, filters: ClaimFilters) -> Iterator[str]:
    """Each matching claim (the list row shape) as one line of JSON."""
    for row in iter_claims(session, filters):
        yield json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n"


def csv_lines(session: Session, filters: ClaimFilters) -> Iterator[str]:
    """A header line, then each matching claim as one CSV record (``CSV_COLUMNS``)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in iter_claims(session, filters):
        writer.writerow([_cell(v) for v in csv_record(row)])
        if buffer.tell() > 64_000:
            yield _drain(buffer)
    yield _drain(buffer)


def _drain(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def _cell(value: Any) -> Any:
    """Spreadsheets run cells starting with = + - @ as formulas; a leading ' keeps them text."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def csv_record(row: dict[str, Any]) -> list[Any]:
    """A claim row flattened in ``CSV_COLUMNS`` order; lists are joined with "; "."""
    speaker, rating, article = row["speaker"] or {}, row["rating"] or {}, row["article"]
    return [
        *(row[k] for k in ("id", "uid", "text", "start", "end", "kind", "status")),
        row["checkworthiness"],
        "true" if row["hedged"] else "false",
        "; ".join(str(h.get("text", "")) for h in row["hedges"]),
        *(speaker.get(k) for k in ("id", "name", "kind", "text")),
        (row["cue"] or {}).get("text"),
        *(rating.get(k) for k in ("label", "value", "normalized")),
        "; ".join(s["key"] for s in row["sources"]),
        "; ".join(s["kind"] for s in row["sources"]),
        *(article[k] for k in ("id", "slug", "title", "publisher", "published", "url")),
    ]


# --- ClaimReview -------------------------------------------------------------------------------


def claimreview_lines(
    session: Session, filters: ClaimFilters, scale: RatingScale, base_url: str
) -> Iterator[str]:
    """One ClaimReview JSON-LD object per line, for each decided claim matching ``filters``."""
    chunk: list[dict[str, Any]] = []
    for row in iter_claims(session, replace(filters, status="decided")):
        chunk.append(row)
        if len(chunk) == 500:
            yield from _review_lines(session, chunk, scale, base_url)
            chunk = []
    yield from _review_lines(session, chunk, scale, base_url)


def _review_lines(
    session: Session, rows: Sequence[dict[str, Any]], scale: RatingScale, base_url: str
) -> Iterator[str]:
    for review in claimreviews(session, rows, scale, base_url):
        yield json.dumps(review, ensure_ascii=False, separators=(",", ":")) + "\n"


def claimreview_for(
    session: Session, claim_id: int, scale: RatingScale, base_url: str
) -> dict[str, Any]:
    """The ClaimReview of one claim; NotFound unless the claim exists and is decided."""
    reviews = claimreviews(session, [claim_row(session, claim_id)], scale, base_url)
    if not reviews:
        raise NotFound(f"claim {claim_id} has no decided rating, so no ClaimReview")
    return reviews[0]


def claimreviews(
    session: Session, rows: Sequence[dict[str, Any]], scale: RatingScale, base_url: str
) -> list[dict[str, Any]]:
    """ClaimReviews for the decided claims among ``rows`` (claim row dicts), in order."""
    verdicts = _verdicts_by_claim(session, [r["id"] for r in rows])
    out = []
    for row in rows:
        deciding = consensus(verdicts.get(row["id"], [])).deciding
        if deciding is not None:
            out.append(claimreview(row, deciding, scale, base_url))
    return out


def _verdicts_by_claim(session: Session, ids: Iterable[int]) -> dict[int, list[Verdict]]:
    out: dict[int, list[Verdict]] = {}
    stmt = select(Verdict).where(Verdict.claim_id.in_(list(ids))).order_by(Verdict.id)
    for verdict in session.scalars(stmt):
        out.setdefault(verdict.claim_id, []).append(verdict)
    return out


def claimreview(
    row: dict[str, Any], verdict: Verdict, scale: RatingScale, base_url: str
) -> dict[str, Any]:
    """A schema.org ClaimReview of a claim row, rated by its deciding verdict."""
    base = base_url.rstrip("/")
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"{base}/claims/{row['id']}",
        "claimReviewed": row["text"],
        "datePublished": verdict.created_at.date().isoformat(),
        "author": {"@type": "Person", "name": verdict.reviewer},
        "reviewRating": _rating(verdict, scale),
        "itemReviewed": _item_reviewed(row),
    }


def _rating(verdict: Verdict, scale: RatingScale) -> dict[str, Any]:
    """The Rating; ``ratingValue`` is left out for labels off the ordinal scale (Unverifiable)."""
    rating: dict[str, Any] = {
        "@type": "Rating",
        "bestRating": scale.best,
        "worstRating": scale.worst,
        "alternateName": verdict.rating_label,
    }
    if verdict.rating_value is not None:
        rating["ratingValue"] = verdict.rating_value
    if verdict.rationale:
        rating["ratingExplanation"] = verdict.rationale
    return rating


def _item_reviewed(row: dict[str, Any]) -> dict[str, Any]:
    article, speaker = row["article"], row["speaker"] or {}
    appearance: dict[str, Any] = {"@type": "CreativeWork", "headline": article["title"]}
    if article["url"]:
        appearance["url"] = article["url"]
    if article["published"]:
        appearance["datePublished"] = article["published"]
    if article["publisher"]:
        appearance["publisher"] = {"@type": "Organization", "name": article["publisher"]}
    claim: dict[str, Any] = {"@type": "Claim", "appearance": appearance}
    name = speaker.get("name") or speaker.get("text")
    if name:
        kind = "Person" if speaker.get("kind") in PERSON_KINDS else "Organization"
        claim["author"] = {"@type": kind, "name": name}
    if article["published"]:
        claim["datePublished"] = article["published"]
    return claim
