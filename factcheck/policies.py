"""The sourcing policies that the CI check (``factcheck.kb.check``) and the graph analyses
(``factcheck.graph.analyses``) both apply, defined once on plain values.

- anonymous-only: a claim that cites sources, all of them anonymous (credibility ``anonymous``);
  or a claim that cites none and whose speaker is of kind ``anonymous``.
- self-citation: a citation of kind ``self_citation``, a source of kind ``self_citation``, or a
  source from the article's own outlet (its publisher or its byline, compared by
  ``publisher_key``). The graph also follows chains back to the article itself.

Imports nothing of the project: both sides may use it.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Collection

ANONYMOUS = "anonymous"
SELF_CITATION = "self_citation"


@functools.lru_cache(maxsize=65536)
def publisher_key(name: str) -> str:
    """Case-, accent- and space-insensitive key of a publisher name ("" when there is none)."""
    folded = unicodedata.normalize("NFKC", name or "").casefold()
    return re.sub(r"\s+", " ", folded).strip()


def own_outlet(publisher: str, byline: str = "") -> set[str]:
    """Who counts as "the outlet itself" for an article: its publisher and its byline (writer)."""
    return {publisher_key(publisher), publisher_key(byline)} - {""}


def is_anonymous_source(credibility: str) -> bool:
    """A source whose credibility is "anonymous" (an unnamed witness, insider or official)."""
    return (credibility or "").casefold() == ANONYMOUS


def anonymous_only(source_credibilities: Collection[str], speaker_kind: str | None) -> str | None:
    """Why a claim rests only on anonymous sources (``anonymous_sources``: every cited source is
    anonymous; ``anonymous_speaker``: no source, an anonymous speaker), or None."""
    if source_credibilities:
        anonymous = all(is_anonymous_source(c) for c in source_credibilities)
        return "anonymous_sources" if anonymous else None
    return "anonymous_speaker" if speaker_kind == ANONYMOUS else None


def self_citation_kind(citation_kinds: Collection[str], source_kind: str) -> bool:
    """The source, or the way the claim cites it, is marked as the outlet citing itself."""
    return source_kind == SELF_CITATION or SELF_CITATION in citation_kinds


def same_outlet(source_publisher: str, own: Collection[str]) -> bool:
    """The source comes from the article's own outlet (``own``: from ``own_outlet``)."""
    return publisher_key(source_publisher) in own


def self_citation(
    citation_kinds: Collection[str], source_kind: str, source_publisher: str, own: Collection[str]
) -> str | None:
    """Why citing this source is the outlet citing itself (``self_citation_kind`` or
    ``same_publisher``), or None."""
    if self_citation_kind(citation_kinds, source_kind):
        return "self_citation_kind"
    return "same_publisher" if same_outlet(source_publisher, own) else None
