"""Slugs: the one rule that turns names and titles into keys, shared by the pipeline (source keys)
and the store (article slugs, source and speaker keys). Accents fold first, so "Zoë" becomes
``zoe`` everywhere; every other character that is not an ASCII letter or digit separates words, so a
typographic apostrophe does what a straight one does ("Trump’s" and "Trump's": ``trump-s``)."""

from __future__ import annotations

import re
import unicodedata

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    """Lower-case ASCII words joined by hyphens ("Zoë's Café" -> "zoe-s-cafe"); "" when none."""
    folded = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return _NOT_SLUG.sub("-", folded.lower()).strip("-")


def slugify(value: str, max_length: int = 80) -> str:
    """``slug`` cut to ``max_length`` at most, ``untitled`` when nothing is left."""
    return slug(value)[:max_length].rstrip("-") or "untitled"
