"""The two example articles the product was specified from, against expectations written by hand.

The articles are read from ``../shared/data/seeds/`` (the test skips when they are absent or
changed); ``tests/golden/seeds.expected.yaml`` holds only offsets, kinds and labels: each expected
claim's content span and kind, the span of the mention that names its speaker (null for an
unnamed one), the speaker's kind and the evidence kinds a fact-checker would accept, the hedges,
and regions (boilerplate) that yield no claim.

A claim is found when an extracted claim covers 60% of its content; its speaker is right when
every word of the extracted speaker name (bar "anonymous") is in the expected mention, or, for
an unnamed speaker, when the extracted one is anonymous without a mention; its evidence is right
when one of its kinds is accepted (or it has none where none is expected). Speaker precision is
over all attributed claims extracted outside the no-claim regions. Floors are what the pipeline
reaches today; the issue's targets are printed beside them (run with ``-s``).
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from spacy.language import Language

from factcheck.extract import extract_articles
from factcheck.ingest.files import read_articles
from factcheck.records import ClaimRecord

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "seeds"
EXPECTED = Path(__file__).resolve().parents[1] / "golden" / "seeds.expected.yaml"
COVERAGE = 0.6
# measure: (floor today, the target)
FLOORS = {
    "attributed": (19, 18),
    "author": (9, 5),
    "speaker_precision": (0.85, 0.85),
    "hedges": (6, 4),
    "evidence": (18, 17),
}

pytestmark = [pytest.mark.model, pytest.mark.slow]


def _words(text: str) -> set[str]:
    return {w.casefold() for w in re.findall(r"\w[\w-]*", text)}


def covers(claim: ClaimRecord, span: list[int]) -> bool:
    inside = min(claim.end, span[1]) - max(claim.start, span[0])
    return inside >= COVERAGE * (span[1] - span[0])


def right_speaker(claim: ClaimRecord, expected: dict[str, Any], text: str) -> bool:
    mention = expected["speaker"]
    if mention is None:
        return claim.speaker.kind == "anonymous" and claim.speaker.start is None
    name = _words(claim.speaker.name) - {"anonymous"}
    return bool(name) and name <= _words(text[mention[0] : mention[1]])


def right_evidence(claim: ClaimRecord, accepted: list[str]) -> bool:
    kinds = {e.kind for e in claim.evidence}
    return bool(kinds & set(accepted)) if accepted else not kinds


def score_article(name: str, expected: dict[str, Any], nlp: Language) -> dict[str, int]:
    path = SEEDS / name
    article = next(iter(read_articles(path, max_bytes=1_000_000)))
    text = article.text
    claims = next(extract_articles([article], nlp)).claims
    quiet = [
        c for c in claims if not any(s < c.end and c.start < e for s, e in expected["no_claims"])
    ]
    attributed = [c for c in quiet if c.kind != "author"]
    found = {"attributed": 0, "author": 0, "right": 0, "evidence": 0}
    found["boilerplate"] = len(claims) - len(quiet)
    for want in expected["claims"]:
        pool = attributed if want["kind"] != "author" else [c for c in quiet if c.kind == "author"]
        hits = [c for c in pool if covers(c, want["content"])]
        if want["kind"] == "author":
            found["author"] += bool(hits)
            continue
        right = [c for c in hits if right_speaker(c, want, text)]
        found["attributed"] += bool(right)
        found["evidence"] += any(right_evidence(c, want["evidence"]) for c in right)
        found["right"] += len(right)
    hedges = {(h.start, h.end) for c in claims for h in c.hedges}
    found["hedges"] = sum(1 for h in expected["hedges"] if tuple(h) in hedges)
    found["extracted"] = len(attributed)
    return found


def test_the_example_articles(nlp: Language) -> None:
    expectations = yaml.safe_load(EXPECTED.read_text(encoding="utf-8"))
    totals: dict[str, int] = {}
    wanted = {"attributed": 0, "author": 0, "hedges": 0, "evidence": 0}
    for name, expected in expectations.items():
        path = SEEDS / name
        if not path.exists():
            pytest.skip(f"{path} is absent")
        if hashlib.sha256(path.read_bytes()).hexdigest() != expected["sha256"]:
            pytest.skip(f"{path} changed since the expectations were written")
        for key, value in score_article(name, expected, nlp).items():
            totals[key] = totals.get(key, 0) + value
        wanted["attributed"] += sum(1 for c in expected["claims"] if c["kind"] != "author")
        wanted["evidence"] += sum(1 for c in expected["claims"] if c["kind"] != "author")
        wanted["author"] += sum(1 for c in expected["claims"] if c["kind"] == "author")
        wanted["hedges"] += len(expected["hedges"])
    precision = totals["right"] / totals["extracted"] if totals["extracted"] else 1.0
    scores = {**{k: totals[k] for k in wanted}, "speaker_precision": precision}
    for key, (floor, target) in FLOORS.items():
        print(
            f"{key:18} {scores[key]:>6.2f} of {wanted.get(key, 1):>2}  floor {floor}  target {target}"
        )
    assert totals["boilerplate"] == 0, "a claim from boilerplate"
    assert all(scores[key] >= floor for key, (floor, _) in FLOORS.items()), scores
