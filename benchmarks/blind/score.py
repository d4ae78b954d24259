"""A blind probe of the extraction: articles nobody who wrote the rules has seen, scored.

``benchmarks/blind/`` holds articles (``NAME.txt``/``NAME.html``) written for this probe by a
helper who read neither the rules (``factcheck/nlp/``) nor the golden articles, in genres like the
hidden test set (conflict, leaks, court, politics, health, interview, wire copy, local paper, a
campaigning outlet with an appeal tail, an HTML page), each with ``NAME.expected.yaml`` in the
golden format of ``tests/test_golden.py`` (whose matching and field scoring this reuses) plus:

- ``speaker_kind: author`` marks an author claim (the article's own check-worthy statement);
- ``optional:`` texts an extracted claim may hold without being counted wrong (the author's
  minor facts, a second sentence of a quote already expected);
- ``not_claims:`` texts no attributed claim may hold (a question, "declined to comment").

Figures, per article and pooled:

- claims: expected attributed claims found (``find_claim``) with the right speaker name;
- author found: expected author claims that some ``author`` claim holds; false author: ``author``
  claims that hold no expected author claim nor an optional text;
- speaker precision: of the extracted attributed claims (any kind but ``author``) that are not only
  optional, the share that holds an expected attributed claim and names its speaker;
- evidence right: found attributed claims whose evidence kinds meet the expected ones (or both
  none);
- hedges: expected hedges found on the found claims, over all expected hedges;
- boilerplate: claims holding an ``absent:`` text; non-claims: attributed claims holding a
  ``not_claims:`` text or held in it ("declined an interview request" -> "an interview request");
- offsets: claim, speaker, cue, hedge and evidence offsets that point at their text in the article's
  (carried) text.

A measuring set, not a floor: no test reads it.

    .venv/bin/python benchmarks/blind/score.py [--dir PATH] [--misses] [--json] [NAME ...]

``--dir`` scores another folder of articles in the same format (``benchmarks/blind2/``, the second
blind probe); the default is this one.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(REPO))

from factcheck.config import Settings  # noqa: E402
from factcheck.extract import extract_articles  # noqa: E402
from factcheck.ingest.files import read_articles  # noqa: E402
from factcheck.nlp import build_nlp  # noqa: E402
from factcheck.records import ClaimRecord, ExtractedArticle  # noqa: E402
from tests.test_golden import (  # noqa: E402
    Tally,
    expected_text,
    find_claim,
    normal,
    overlaps,
    score_article,
)

AUTHOR = "author"
# the pooled figures printed, in order: (name, header)
COLUMNS = [
    ("claims", "claims"),
    ("found_any", "any spkr"),
    ("author", "author"),
    ("false_author", "false auth"),
    ("speaker_precision", "spkr prec"),
    ("evidence", "evidence"),
    ("hedges", "hedges"),
    ("boilerplate", "boilerpl."),
    ("non_claims", "non-claims"),
    ("offsets", "offsets"),
]
COUNTS = {"false_author", "boilerplate", "non_claims"}  # plain counts, not hits over totals


@dataclass
class Probe:
    """One article's figures (hits over totals, or counts) and what went wrong."""

    name: str
    figures: Tally = field(default_factory=Tally)
    golden: Tally = field(default_factory=Tally)
    notes: list[str] = field(default_factory=list)


def holds(claim: ClaimRecord, want: str) -> bool:
    """``find_claim``'s test: the claim holds the text, or most of it (a split quote)."""
    got = normal(claim.text)
    return bool(got) and (want in got or (got in want and len(got) >= 0.5 * len(want)))


def speaker_right(expected: dict[str, Any], claim: ClaimRecord) -> bool:
    if "speaker" in expected:
        return expected_text(expected, "speaker") in normal(claim.speaker.name)
    return claim.speaker.kind != AUTHOR


def describe(claim: ClaimRecord) -> str:
    cue = claim.cue.text if claim.cue else None
    kinds = sorted({e.kind for e in claim.evidence})
    hedges = [h.text for h in claim.hedges]
    return (
        f"[{claim.kind}] {claim.speaker.name!r} ({claim.speaker.kind}) cue={cue!r} "
        f"ev={kinds} hedges={hedges}"
    )


def probe_article(path: Path, result: ExtractedArticle) -> Probe:
    spec = yaml.safe_load(path.with_suffix(".expected.yaml").read_text(encoding="utf-8"))
    probe = Probe(path.name)
    golden = score_article(path, result)
    probe.golden = golden.tally
    figures, notes = probe.figures, probe.notes
    claims = result.claims
    authored = tuple(c for c in claims if c.speaker.kind == AUTHOR)
    attributed = [c for c in claims if c.speaker.kind != AUTHOR]
    expected_attr = [e for e in spec["claims"] if e.get("speaker_kind") != AUTHOR]
    expected_auth = [e for e in spec["claims"] if e.get("speaker_kind") == AUTHOR]
    optional = [normal(t) for t in spec.get("optional", [])]
    not_claims = [normal(t) for t in spec.get("not_claims", [])]

    for item in expected_attr:
        claim = find_claim(item, claims)
        figures.add("found_any", int(claim is not None), 1)
        right = claim is not None and speaker_right(item, claim)
        figures.add("claims", int(right), 1)
        hedges = [normal(h) for h in item.get("hedges", [])]
        head = f"{item['content'][:60]!r}"
        if claim is None:
            notes.append(f"MISSING {head}")
            figures.add("hedges", 0, len(hedges))
            continue
        if not right:
            notes.append(f"SPEAKER {head}: want {item.get('speaker')!r}, got {describe(claim)}")
        want = set(item.get("evidence", []))
        got = {e.kind for e in claim.evidence}
        figures.add("evidence", int(bool(want & got) or (not want and not got)), 1)
        if want != got:
            notes.append(f"EVIDENCE {head}: want {sorted(want)}, got {describe(claim)}")
        found_hedges = [h for h in hedges if any(overlaps(h, normal(x.text)) for x in claim.hedges)]
        figures.add("hedges", len(found_hedges), len(hedges))
        extra = [
            x.text for x in claim.hedges if not any(overlaps(h, normal(x.text)) for h in hedges)
        ]
        if len(found_hedges) < len(hedges) or extra:
            notes.append(f"HEDGES {head}: want {item.get('hedges', [])}, got {describe(claim)}")
        if "cue" in item and (
            claim.cue is None or expected_text(item, "cue") not in normal(claim.cue.text)
        ):
            notes.append(f"CUE {head}: want {item['cue']!r}, got {describe(claim)}")

    for item in expected_auth:
        claim = find_claim(item, authored)
        figures.add("author", int(claim is not None), 1)
        hedges = [normal(h) for h in item.get("hedges", [])]
        head = f"{item['content'][:60]!r}"
        if claim is None:
            other = find_claim(item, claims)
            seen = f" (extracted as {describe(other)})" if other else ""
            notes.append(f"AUTHOR MISSING {head}{seen}")
            figures.add("hedges", 0, len(hedges))
            continue
        found_hedges = [h for h in hedges if any(overlaps(h, normal(x.text)) for x in claim.hedges)]
        figures.add("hedges", len(found_hedges), len(hedges))
        if len(found_hedges) < len(hedges):
            notes.append(f"HEDGES {head}: want {item.get('hedges', [])}, got {describe(claim)}")

    wanted = [expected_text(e, "content") for e in spec["claims"]]
    wanted_auth = [expected_text(e, "content") for e in expected_auth]
    for claim in authored:
        if not any(holds(claim, w) for w in wanted_auth + optional):
            figures.add("false_author", 1, 0)
            notes.append(f"FALSE AUTHOR {claim.text[:90]!r}")

    for claim in attributed:
        if any(overlaps(t, normal(claim.text)) for t in not_claims):
            figures.add("non_claims", 1, 0)
            figures.add("speaker_precision", 0, 1)
            notes.append(f"NON-CLAIM {claim.text[:70]!r} {describe(claim)}")
            continue
        matches = [e for e in expected_attr if holds(claim, expected_text(e, "content"))]
        if matches:
            right = any(speaker_right(e, claim) for e in matches)
            figures.add("speaker_precision", int(right), 1)
        elif any(holds(claim, o) or overlaps(o, normal(claim.text)) for o in optional):
            continue
        elif any(holds(claim, w) for w in wanted):
            figures.add("speaker_precision", 0, 1)
            notes.append(f"AUTHOR CLAIM ATTRIBUTED {claim.text[:70]!r} {describe(claim)}")
        else:
            figures.add("speaker_precision", 0, 1)
            notes.append(f"SPURIOUS {claim.text[:70]!r} {describe(claim)}")

    for text in golden.boilerplate:
        figures.add("boilerplate", 1, 0)
        notes.append(f"BOILERPLATE {text[:80]!r}")

    text = result.article.text
    for claim in claims:
        parts = [claim, claim.speaker, claim.cue, *claim.hedges, *claim.evidence]
        for part in parts:
            if part is None or part.start is None or part.end is None:
                continue
            ok = text[part.start : part.end] == part.text
            figures.add("offsets", int(ok), 1)
            if not ok:
                notes.append(f"OFFSET {str(part.text)[:40]!r} at {part.start}:{part.end}")
    return probe


def cell(figures: Tally, name: str) -> str:
    if name in COUNTS:
        return str(figures.hits.get(name, 0))
    total = figures.totals.get(name, 0)
    if not total:
        return "-"
    return f"{figures.hits.get(name, 0)}/{total}"


def report(probes: list[Probe], misses: bool) -> dict[str, Any]:
    pooled, golden = Tally(), Tally()
    width = 24
    print("article".ljust(width) + "".join(h.rjust(11) for _, h in COLUMNS))
    for probe in probes:
        pooled.merge(probe.figures)  # a count is kept with a total of 0, so merge() adds it too
        golden.merge(probe.golden)
        row = "".join(cell(probe.figures, n).rjust(11) for n, _ in COLUMNS)
        print(probe.name[: width - 1].ljust(width) + row)
        if misses:
            for note in probe.notes:
                print("    " + note)
    print("POOLED".ljust(width) + "".join(cell(pooled, n).rjust(11) for n, _ in COLUMNS))
    ratios = {
        n: round(pooled.score(n), 3) for n, _ in COLUMNS if n not in COUNTS and pooled.totals.get(n)
    }
    print("pooled ratios: " + ", ".join(f"{n} {v:.2f}" for n, v in ratios.items()))
    fields = sorted(golden.totals)
    print("golden-scorer fields: " + ", ".join(f"{n} {golden.score(n):.2f}" for n in fields))
    return {
        "articles": {
            p.name: {n: cell(p.figures, n) for n, _ in COLUMNS} | {"notes": p.notes} for p in probes
        },
        "pooled": {n: cell(pooled, n) for n, _ in COLUMNS},
        "ratios": ratios,
        "golden_fields": {n: round(golden.score(n), 3) for n in fields},
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("names", nargs="*", help="only these articles (file names or stems)")
    ap.add_argument("--misses", action="store_true", help="print what went wrong, per article")
    ap.add_argument("--json", type=Path, help="also write the figures and notes to this file")
    ap.add_argument(
        "--dir", type=Path, default=HERE, help="the folder of articles to score (default: this one)"
    )
    args = ap.parse_args(argv)
    paths = sorted(p for p in args.dir.iterdir() if p.suffix in {".txt", ".html"})
    if args.names:
        paths = [p for p in paths if p.name in args.names or p.stem in args.names]
    settings = Settings()
    nlp = build_nlp(settings.spacy_model, attribution_mode=settings.attribution)
    articles = [a for p in paths for a in read_articles(p, max_bytes=settings.max_file_bytes)]
    results = {Path(r.article.path).name: r for r in extract_articles(articles, nlp)}
    probes = [probe_article(p, results[p.name]) for p in paths]
    figures = report(probes, args.misses)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
