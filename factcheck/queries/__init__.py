"""Read services shared by the JSON API and the pages: every function returns plain, JSON-safe data.

Owns: claims (``claims``, ``claims_json``, ``filters``, ``facets``, ``keyset``), articles, sources
and speakers (``entities``), the figures (``counts``) and the review queue (``queue``).

Each HTML page and its JSON twin call the same function here, so they always agree. Lists are keyset
paginated (``Page``: rows and the opaque cursor of the next page); unknown ids raise ``NotFound``;
bad filters, sorts, sizes and cursors raise ``InputError``. Import from this package; the modules
behind it may be rearranged.

May import: ``factcheck.db``, ``factcheck.errors``, ``factcheck.records`` (the field lists),
``factcheck.review`` (the rating scale and which verdicts stand). Never ``web``, ``cli`` or spaCy.
"""

from __future__ import annotations

from factcheck.queries.claims import (
    CLAIM_SORTS,
    claim_row,
    claim_rows,
    get_claim,
    iter_claims,
    list_claims,
    verdict_history,
)
from factcheck.queries.entities import (
    ARTICLE_SORTS,
    SOURCE_SORTS,
    SPEAKER_SORTS,
    article_text,
    get_article,
    get_source,
    get_speaker,
    list_articles,
    list_sources,
    list_speakers,
    overview,
    source_value_counts,
    speaker_kinds,
    stats,
)
from factcheck.queries.facets import CLAIM_FACETS, claim_facets
from factcheck.queries.filters import ClaimFilters
from factcheck.queries.keyset import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, Page

__all__ = [
    "ARTICLE_SORTS",
    "CLAIM_FACETS",
    "CLAIM_SORTS",
    "DEFAULT_PAGE_SIZE",
    "MAX_PAGE_SIZE",
    "SOURCE_SORTS",
    "SPEAKER_SORTS",
    "ClaimFilters",
    "Page",
    "article_text",
    "claim_facets",
    "claim_row",
    "claim_rows",
    "get_article",
    "get_claim",
    "get_source",
    "get_speaker",
    "iter_claims",
    "list_articles",
    "list_claims",
    "list_sources",
    "list_speakers",
    "overview",
    "source_value_counts",
    "speaker_kinds",
    "stats",
    "verdict_history",
]
