"""Fixtures for the NLP tests: the real pipeline, loaded once per session."""

from __future__ import annotations

import pytest
from spacy.language import Language

from factcheck.config import Settings
from factcheck.nlp import build_nlp


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The full factcheck pipeline on the configured (pinned) English model."""
    return build_nlp(Settings().spacy_model)
