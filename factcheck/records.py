"""Plain, frozen records passed between stages (ingest -> nlp -> extract -> store and beyond).

Nothing here imports spaCy or SQLAlchemy. ``ExtractedArticle.to_json()`` is the extraction contract
of DESIGN.md: every ``start``/``end`` is a character offset into the article's decoded text, and
``text == article_text[start:end]``; offsets are None only for things not in the text.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from typing import Any

CLAIM_KINDS = ("direct", "block", "indirect", "according_to", "reported", "author")
SPEAKER_KINDS = (
    "person",
    "organization",
    "anonymous",
    "group",
    "document",
    "publication",
    "author",
)
EVIDENCE_KINDS = (
    "leaked_document",
    "testimony",
    "interview",
    "statement",
    "media_report",
    "self_citation",
    "video",
    "image",
    "social_media",
    "foreign_language_source",
    "link",
    "dataset",
    "court_record",
)
# An article's descriptive fields, as files hold them and pages and the API show them.
ARTICLE_FIELDS = ("title", "url", "byline", "publisher", "published", "language")
# A canonical source's descriptive fields, as files hold them and editors change them.
SOURCE_FIELDS = (
    "kind",
    "title",
    "publisher",
    "date",
    "url",
    "identifier",
    "language",
    "credibility",
    "notes",
)


@dataclass(frozen=True)
class Link:
    """A hyperlink kept from HTML input: the anchor text's offsets in the cleaned text and its target."""

    text: str
    start: int
    end: int
    href: str


@dataclass(frozen=True)
class Article:
    """A decoded, cleaned article, ready for the NLP stage (the output of ``ingest``)."""

    text: str
    path: str = ""
    title: str = ""
    byline: str = ""
    published: str = ""  # ISO 8601 date (YYYY-MM-DD) when known
    publisher: str = ""
    url: str = ""
    paragraphs: tuple[tuple[int, int], ...] = ()  # (start, end) of each paragraph
    headings: tuple[tuple[int, int], ...] = ()  # (start, end) of title, headings, bylines, captions
    boilerplate: tuple[tuple[int, int], ...] = ()  # regions that never yield claims
    links: tuple[Link, ...] = ()


@dataclass(frozen=True)
class Cue:
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Hedge:
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class SpeakerRef:
    """Who made a claim: the mention the cue governs (maybe "he") and the resolved speaker."""

    text: str | None
    start: int | None
    end: int | None
    name: str
    kind: str


@dataclass(frozen=True)
class Evidence:
    """What a claim rests on, with the canonical id of the cited source."""

    text: str
    start: int
    end: int
    kind: str
    source: str
    url: str = ""


@dataclass(frozen=True)
class ClaimRecord:
    text: str
    start: int
    end: int
    kind: str
    speaker: SpeakerRef
    cue: Cue | None = None
    hedges: tuple[Hedge, ...] = ()
    checkworthiness: float = 0.0
    evidence: tuple[Evidence, ...] = ()
    # the hand signals found in the claim (number, date, causal, ...): why it scored as it did
    checkworthiness_signals: tuple[str, ...] = ()


@dataclass(frozen=True)
class ExtractedArticle:
    """One article with its claims: what ``factcheck extract`` prints and ``store`` saves."""

    article: Article
    claims: tuple[ClaimRecord, ...] = field(default_factory=tuple)

    def to_json(self) -> dict[str, Any]:
        """The extraction contract (DESIGN.md) as a JSON-safe dict.

        When the article's text is derived from the file (HTML, JSONL) rather than its decoded
        text, the record carries it as ``"text"``, so that every offset can be checked.
        """
        record: dict[str, Any] = {"path": self.article.path, "title": self.article.title}
        if text_is_derived(self.article.path):
            record["text"] = self.article.text
        record["claims"] = [_claim_json(c) for c in self.claims]
        return record

    def to_jsonl(self) -> str:
        """``to_json()`` as one line of ``factcheck extract --format jsonl`` (no newline)."""
        return json.dumps(self.to_json(), ensure_ascii=False)


# files whose article text is not the file's text; a JSONL article's path ends in ":LINE"
_DERIVED = re.compile(r"\.(?:html?|jsonl)(?::\d+)?$", re.IGNORECASE)


def text_is_derived(path: str) -> bool:
    """Whether an article read from ``path`` (HTML, a JSONL line) has a text of its own."""
    return _DERIVED.search(path) is not None


def _claim_json(claim: ClaimRecord) -> dict[str, Any]:
    data = asdict(claim)
    data["hedges"] = [asdict(h) for h in claim.hedges]
    data["evidence"] = [asdict(e) for e in claim.evidence]
    return data
