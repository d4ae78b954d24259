"""A test helper: one plain text through the whole extraction (the library extracts Articles)."""

from __future__ import annotations

from spacy.language import Language

from factcheck.extract import extract_articles
from factcheck.records import Article, ExtractedArticle


def extract_text(text: str, nlp: Language) -> ExtractedArticle:
    """Extract claims from a plain text (an article with no metadata)."""
    return next(extract_articles([Article(text=text)], nlp))
