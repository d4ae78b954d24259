"""Slugs: the one rule that turns names and titles into keys, shared by the pipeline (source keys)
and the store (article slugs, source and speaker keys). Accents fold to ASCII first, so "Zoë"
becomes ``zoe`` everywhere."""

from __future__ import annotations

import re
import unicodedata

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    """Lower-case ASCII words joined by hyphens ("Zoë's Café" -> "zoe-s-cafe"); "" when none."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NOT_SLUG.sub("-", ascii_text.lower()).strip("-")


def slugify(value: str, max_length: int = 80) -> str:
    """``slug`` cut to ``max_length`` at most, ``untitled`` when nothing is left."""
    return slug(value)[:max_length].rstrip("-") or "untitled"
