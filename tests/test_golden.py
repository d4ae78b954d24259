"""The golden corpus: the project's own articles (tests/golden/) run through the real pipeline.

Each ``NAME.txt``/``NAME.html`` has ``NAME.expected.yaml``: the claims a careful reader finds
(a distinctive content substring, the speaker's resolved name and kind, the cue, the hedges, the
evidence kinds and, where stable, source ids) and ``absent:`` substrings that must never be in a
claim (headlines, bylines, boilerplate). A missing ``hedges``/``evidence`` key means "none".

Scores are pooled over the corpus and checked against floors the pipeline reaches today, so a
regression in any field fails; every article must also keep most of its claims and yield nothing
from boilerplate. Run with ``-s`` to see the per-article table.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from spacy.language import Language

from factcheck.config import Settings
from factcheck.extract import extract_articles
from factcheck.ingest.files import read_articles
from factcheck.nlp import build_nlp
from factcheck.records import ClaimRecord, ExtractedArticle

GOLDEN = Path(__file__).resolve().parent / "golden"
ARTICLES = sorted(p for p in GOLDEN.iterdir() if p.suffix in {".txt", ".html"})

# Floors on the pooled scores: what the pipeline reaches on this corpus, minus a small margin.
FLOORS = {
    "claims_found": 0.85,
    "speaker": 0.75,
    "speaker_kind": 0.75,
    "cue": 0.9,
    "hedge_recall": 0.9,
    "hedge_precision": 0.9,
    "evidence_recall": 0.9,
    "evidence_precision": 0.9,
    "source_ids": 0.9,
}
ARTICLE_FLOOR = 0.5  # every article keeps at least half of its expected claims

pytestmark = [pytest.mark.model, pytest.mark.slow]


def normal(text: str) -> str:
    """Text for matching: straight quotes, plain spaces, one space between words, case folded."""
    text = text.translate(str.maketrans("“”„‘’\u00a0\u202f", '"""\'\'  '))
    return re.sub(r"\s+", " ", text).strip().casefold()


@dataclass
class Tally:
    """Hits over totals for each scored field."""

    hits: dict[str, int] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)

    def add(self, name: str, hits: int, total: int) -> None:
        self.hits[name] = self.hits.get(name, 0) + hits
        self.totals[name] = self.totals.get(name, 0) + total

    def score(self, name: str) -> float:
        """Hits over total; NaN when nothing was expected (never a free 1.0)."""
        total = self.totals.get(name, 0)
        return self.hits.get(name, 0) / total if total else math.nan

    def merge(self, other: Tally) -> None:
        for name, total in other.totals.items():
            self.add(name, other.hits.get(name, 0), total)


@dataclass
class ArticleResult:
    name: str
    tally: Tally
    misses: list[str]
    boilerplate: list[str]


def overlaps(a: str, b: str) -> bool:
    """One text holds the other; an empty text matches nothing."""
    return bool(a) and bool(b) and (a in b or b in a)


def expected_text(expected: dict[str, Any], key: str) -> str:
    """A field of an expectation, normalized; an empty one is a mistake in the expectations."""
    value = normal(str(expected[key]))
    assert value, f"empty {key!r} expected in {expected}"
    return value


def find_claim(expected: dict[str, Any], claims: tuple[ClaimRecord, ...]) -> ClaimRecord | None:
    """The extracted claim holding the expected content (or most of it, for a split quote); an
    attributed one first when a speaker is expected (a sentence of the article that holds an
    attributed claim is an author claim too)."""
    want = expected_text(expected, "content")
    authored = expected.get("speaker_kind") == "author"
    for claim in sorted(claims, key=lambda c: (c.kind == "author") != authored):
        got = normal(claim.text)
        if got and (want in got or (got in want and len(got) >= 0.5 * len(want))):
            return claim
    return None


def score_claim(expected: dict[str, Any], claim: ClaimRecord, tally: Tally) -> list[str]:
    """Score one found claim field by field; returns what was wrong, for the report."""
    wrong = []
    if "speaker" in expected:
        name_ok = expected_text(expected, "speaker") in normal(claim.speaker.name)
        tally.add("speaker", int(name_ok), 1)
        if not name_ok:
            wrong.append(f"speaker {claim.speaker.name!r}")
    if "speaker_kind" in expected:
        kind_ok = expected["speaker_kind"] == claim.speaker.kind
        tally.add("speaker_kind", int(kind_ok), 1)
        if not kind_ok:
            wrong.append(f"speaker kind {claim.speaker.kind} ({claim.speaker.name!r})")
    if "cue" in expected:
        cue_ok = claim.cue is not None and expected_text(expected, "cue") in normal(claim.cue.text)
        tally.add("cue", int(cue_ok), 1)
        if not cue_ok:
            wrong.append(f"cue {claim.cue.text if claim.cue else None!r}")
    wrong += score_set(
        "hedge",
        [normal(h) for h in expected.get("hedges", [])],
        [normal(h.text) for h in claim.hedges],
        tally,
    )
    wrong += score_set(
        "evidence",
        list(expected.get("evidence", [])),
        sorted({e.kind for e in claim.evidence}),
        tally,
    )
    sources = {e.source for e in claim.evidence}
    for source in expected.get("sources", []):
        tally.add("source_ids", int(source in sources), 1)
        if source not in sources:
            wrong.append(f"source {source} not in {sorted(sources)}")
    return wrong


def score_set(name: str, want: list[str], got: list[str], tally: Tally) -> list[str]:
    """Recall of ``want`` in ``got`` and precision of ``got``; items match by containment."""
    assert all(want), f"an empty {name} expected in {want}"
    found = [w for w in want if any(overlaps(w, g) for g in got)]
    right = [g for g in got if any(overlaps(w, g) for w in want)]
    tally.add(f"{name}_recall", len(found), len(want))
    tally.add(f"{name}_precision", len(right), len(got))
    if len(found) == len(want) and len(right) == len(got):
        return []
    return [f"{name}s {got} (expected {want})"]


def score_article(path: Path, result: ExtractedArticle) -> ArticleResult:
    expected = yaml.safe_load(path.with_suffix(".expected.yaml").read_text(encoding="utf-8"))
    tally, misses = Tally(), []
    for item in expected["claims"]:
        claim = find_claim(item, result.claims)
        tally.add("claims_found", int(claim is not None), 1)
        if claim is None:
            misses.append(f"MISSING {item['content']!r}")
            continue
        problems = score_claim(item, claim, tally)
        misses += [f"{item['content'][:40]!r}: {p}" for p in problems]
    absent = [normal(a) for a in expected.get("absent", [])]
    assert all(absent), f"an empty 'absent' text in {path.name}"
    leaked = [c.text for c in result.claims if any(a in normal(c.text) for a in absent)]
    return ArticleResult(path.name, tally, misses, leaked)


@pytest.fixture(scope="module")
def golden_nlp() -> Iterator[Language]:
    settings = Settings()  # FACTCHECK_ATTRIBUTION=rules|hybrid chooses the mode measured
    yield build_nlp(settings.spacy_model, attribution_mode=settings.attribution)


@pytest.fixture(scope="module")
def extracted(golden_nlp: Language) -> dict[str, ExtractedArticle]:
    """Every golden article through ingest and the full pipeline, by file name."""
    articles = [
        a for path in ARTICLES for a in read_articles(path, max_bytes=Settings().max_file_bytes)
    ]
    results = list(extract_articles(articles, golden_nlp))
    return {Path(r.article.path).name: r for r in results}


@pytest.fixture(scope="module")
def results(extracted: dict[str, ExtractedArticle]) -> list[ArticleResult]:
    scored = [score_article(path, extracted[path.name]) for path in ARTICLES]
    print_report(scored)
    return scored


def print_report(scored: list[ArticleResult]) -> None:
    names = list(FLOORS)
    print("\n" + "article".ljust(28) + " ".join(n[:10].rjust(10) for n in names))
    pooled = Tally()
    for result in scored:
        pooled.merge(result.tally)
        print(
            result.name[:27].ljust(28) + " ".join(f"{result.tally.score(n):10.2f}" for n in names)
        )
        for miss in result.misses:
            print("    " + miss)
    print("OVERALL".ljust(28) + " ".join(f"{pooled.score(n):10.2f}" for n in names))


def test_corpus_is_big_enough() -> None:
    assert len(ARTICLES) >= 12
    assert any(p.suffix == ".html" for p in ARTICLES)
    for path in ARTICLES:
        assert path.with_suffix(".expected.yaml").exists(), path


@pytest.mark.parametrize("field_name", list(FLOORS))
def test_pooled_scores_reach_their_floors(results: list[ArticleResult], field_name: str) -> None:
    pooled = Tally()
    for result in results:
        pooled.merge(result.tally)
    misses = [f"{r.name}: {m}" for r in results for m in r.misses]
    assert pooled.totals.get(field_name, 0) > 0, f"the corpus expects no {field_name}"
    assert pooled.score(field_name) >= FLOORS[field_name], "\n".join(misses)


@pytest.mark.parametrize("path", ARTICLES, ids=[p.name for p in ARTICLES])
def test_each_article_keeps_its_claims_and_no_boilerplate(
    results: list[ArticleResult], path: Path
) -> None:
    result = next(r for r in results if r.name == path.name)
    assert result.boilerplate == []
    assert result.tally.totals.get("claims_found", 0) > 0, "an article with no expected claim"
    assert result.tally.score("claims_found") >= ARTICLE_FLOOR, "\n".join(result.misses)


@pytest.mark.parametrize("path", ARTICLES, ids=[p.name for p in ARTICLES])
def test_offsets_point_into_the_article(extracted: dict[str, ExtractedArticle], path: Path) -> None:
    result = extracted[path.name]
    text = result.article.text
    for claim in result.claims:
        assert text[claim.start : claim.end] == claim.text
        parts = [claim.speaker, claim.cue, *claim.hedges, *claim.evidence]
        for part in parts:
            if part is not None and part.start is not None and part.end is not None:
                assert text[part.start : part.end] == part.text


def test_extracting_again_gives_the_same_records(
    golden_nlp: Language, extracted: dict[str, ExtractedArticle]
) -> None:
    """Re-ingesting an article must change nothing: same claims, same evidence and source ids."""
    paths = [p for p in ARTICLES if p.name in {"leaked-cables.txt", "linked-report.html"}]
    articles = [a for p in paths for a in read_articles(p, max_bytes=Settings().max_file_bytes)]
    for result in extract_articles(articles, golden_nlp):
        assert result.to_json() == extracted[Path(result.article.path).name].to_json()
