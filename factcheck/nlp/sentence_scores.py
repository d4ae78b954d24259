"""Check-worthiness of loose sentences (no article): what ``factcheck checkworthiness`` prints.

Each text is parsed by the spaCy pipeline alone (no attribution components) and scored whole by the
same scorer as the claims of an article.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import islice

from spacy.language import Language

from factcheck.nlp.checkworthiness import CheckworthinessModel
from factcheck.nlp.checkworthiness_encoder import HybridModel
from factcheck.nlp.claims import CheckworthinessScorer
from factcheck.nlp.patterns import checkworthiness_rules_v1


@dataclass(frozen=True)
class SentenceScore:
    score: float
    check_worthy: bool  # score reaches the scorer's threshold
    signals: tuple[str, ...]


def trained_scorer() -> CheckworthinessScorer:
    """The default scorer: the model shipped in the package, with the hand signals."""
    return CheckworthinessScorer(
        checkworthiness_rules_v1(), CheckworthinessModel.load(), HybridModel.load()
    )


def score_texts(
    nlp: Language, texts: Sequence[str], scorer: CheckworthinessScorer | None = None
) -> Iterator[SentenceScore]:
    """The score of each text, in order (parsed in batches)."""
    scorer = scorer or trained_scorer()
    docs = nlp.pipe(texts, batch_size=256)
    while batch := [doc[:] for doc in islice(docs, 256)]:
        for score, found in scorer.assess_many(batch, [False] * len(batch)):
            yield SentenceScore(score, score >= scorer.threshold, tuple(found))
