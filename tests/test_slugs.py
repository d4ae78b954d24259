"""One slug rule for the pipeline's source keys and the store's slugs and keys."""

from __future__ import annotations

import pytest

from factcheck.db.repository import speaker_key
from factcheck.slugs import slug, slugify


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Zoë", "zoe"),
        ("Interior Ministry's", "interior-ministry-s"),
        ("Leaked cable, 2009", "leaked-cable-2009"),
        ("Émile Öztürk", "emile-ozturk"),
        ("—", ""),
        ("Trump’s campaign", "trump-s-campaign"),
        ("Trump's campaign", "trump-s-campaign"),
        ("Jorge Castañeda", "jorge-castaneda"),
    ],
)
def test_slug_folds_accents_and_joins_words(text: str, expected: str) -> None:
    assert slug(text) == expected


def test_slugify_cuts_and_never_returns_empty() -> None:
    assert slugify("Zoë Ärger") == "zoe-arger"
    assert slugify("a b c d", max_length=4) == "a-b"
    assert slugify("—") == "untitled"


def test_the_store_keys_fold_accents_too() -> None:
    assert speaker_key("Zoë Lund", "person", "any") == "person:zoe-lund"
