"""Benchmark: ``factcheck check`` on a generated knowledge base, against baselines of the same run.

Generates an exported knowledge base (``claims/*.yaml`` and ``sources/*.yaml`` written by the same
writer as ``factcheck export``) of ``--claims`` claims in a temporary folder, then times, on the
same files:

- baseline ``read``: reading every file's bytes (the floor);
- baseline ``yaml``: ``yaml.load`` of every file with PyYAML's C loader, in one process;
- ``factcheck check`` as a user runs it (a subprocess, start-up included), with one process and
  with one process per core.

Prints the figures and their ratios to the YAML baseline; the goal is under 10 s for 100,000 claims.

    .venv/bin/python benchmarks/check.py --claims 100000
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from factcheck.kb.yaml_io import dump_yaml

WORDS = [
    "council",
    "budget",
    "harbour",
    "report",
    "minister",
    "agency",
    "figures",
    "tanks",
    "spill",
    "repairs",
    "contract",
    "audit",
    "police",
    "village",
    "hospital",
    "ward",
    "election",
    "ballots",
    "witnesses",
    "commander",
    "ceasefire",
    "convoy",
    "memo",
]
SOURCE_KINDS = ("statement", "leaked_document", "testimony", "interview", "dataset", "court_record")


def _sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize()


def make_article(rng: random.Random, number: int, n_claims: int, n_sources: int) -> dict:
    """One article with ``n_claims`` claims whose offsets point into its text."""
    parts, claims, offset = [f"Report number {number}\n\n"], [], 0
    offset = len(parts[0])
    for i in range(n_claims):
        speaker, text = f"Official {i}", _sentence(rng, rng.randint(8, 20))
        sentence = f"{speaker} said {text}.\n\n"
        start = offset + len(speaker) + len(" said ")
        claims.append(_claim(rng, i, text, start, speaker, offset, n_sources))
        parts.append(sentence)
        offset += len(sentence)
    slug = f"article-{number:06d}"
    return {
        "article": {
            "slug": slug,
            "title": f"Report number {number}",
            "url": f"https://example.org/{slug}",
            "byline": "Bench Writer",
            "publisher": "Bench Ledger",
            "published": "2026-01-01",
            "language": "en",
            "text": "".join(parts),
        },
        "claims": claims,
    }


def _claim(
    rng: random.Random, i: int, text: str, start: int, speaker: str, at: int, n_sources: int
) -> dict:
    cited = rng.sample(range(n_sources), k=rng.randint(0 if rng.random() < 0.01 else 1, 2))
    hedged = rng.random() < 0.2
    return {
        "id": f"{rng.getrandbits(48):012x}",
        "text": text,
        "start": start,
        "end": start + len(text),
        "kind": "indirect",
        "status": "decided" if i % 7 == 0 else "unreviewed",
        "checkworthiness": round(rng.random(), 3),
        "speaker": {
            "text": speaker,
            "start": at,
            "end": at + len(speaker),
            "name": speaker,
            "kind": "person",
        },
        "cue": {"text": "said", "start": at + len(speaker) + 1, "end": at + len(speaker) + 5},
        "hedges": [{"text": "said", "start": at + len(speaker) + 1, "end": at + len(speaker) + 5}]
        if hedged
        else [],
        "citations": [
            {
                "source": f"source-{s:05d}",
                "kind": "statement",
                "relation": "cites",
                "evidence": {"text": speaker, "start": at, "end": at + len(speaker)},
            }
            for s in sorted(cited)
        ],
        "verdicts": [
            {
                "reviewer": "bench",
                "rating": "Mostly true",
                "value": 4,
                "normalized": "TRUE",
                "rationale": "Checked against the agency's figures.",
                "evidence_urls": ["https://example.org/evidence"],
                "created_at": "2026-01-02T10:00:00",
            }
        ]
        if i % 7 == 0
        else [],
    }


def make_source(number: int) -> dict:
    return {
        "id": f"source-{number:05d}",
        "kind": SOURCE_KINDS[number % len(SOURCE_KINDS)],
        "title": f"Source {number}",
        "publisher": f"Publisher {number % 50}",
        "date": "2025-12-01",
        "url": f"https://example.org/source/{number}",
        "identifier": "",
        "language": "en",
        "credibility": "anonymous" if number % 9 == 0 else "official",
        "notes": "",
    }


def generate(folder: Path, n_claims: int, per_article: int, seed: int = 7) -> int:
    """Write the knowledge base; return the number of files.

    Articles are rendered from up to 200 templates (each written by ``dump_yaml``) with the slug
    changed per file: parsing costs the same, and generating 100,000 claims takes seconds, not
    minutes.
    """
    rng = random.Random(seed)
    n_sources = max(1, n_claims // 20)
    (folder / "sources").mkdir(parents=True)
    (folder / "claims").mkdir()
    for s in range(n_sources):
        (folder / "sources" / f"source-{s:05d}.yaml").write_text(dump_yaml(make_source(s)))
    n_full, rest = divmod(n_claims, per_article)
    templates = [
        dump_yaml(make_article(rng, t, per_article, n_sources)) for t in range(min(n_full, 200))
    ]
    for a in range(n_full):
        template = templates[a % len(templates)]
        slug = f"article-{a:06d}"
        text = template.replace(f"slug: article-{a % len(templates):06d}\n", f"slug: {slug}\n", 1)
        (folder / "claims" / f"{slug}.yaml").write_text(text)
    if rest:
        data = make_article(rng, n_full, rest, n_sources)
        (folder / "claims" / f"{data['article']['slug']}.yaml").write_text(dump_yaml(data))
    return n_sources + n_full + (1 if rest else 0)


def _files(folder: Path) -> list[Path]:
    return sorted(folder.glob("sources/*.yaml")) + sorted(folder.glob("claims/*.yaml"))


@dataclass(frozen=True)
class Timing:
    """Wall-clock seconds, and CPU seconds (user + system, all processes of the run).

    On a machine shared with other work the wall clock mostly measures the wait for a core; the
    CPU time is what the run itself costs.
    """

    wall: float
    cpu: float


def time_read(folder: Path) -> Timing:
    return _in_process(lambda: [path.read_bytes() for path in _files(folder)])


def time_yaml(folder: Path) -> Timing:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return _in_process(lambda: [yaml.load(p.read_bytes(), Loader=loader) for p in _files(folder)])  # noqa: S506


def _in_process(work: Callable[[], object]) -> Timing:
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    return Timing(time.perf_counter() - wall, time.process_time() - cpu)


def time_check(folder: Path, jobs: int) -> tuple[Timing, int]:
    command = [sys.executable, "-m", "factcheck", "check", str(folder), "--format", "json"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = time.perf_counter()
    result = subprocess.run([*command, "--jobs", str(jobs)], capture_output=True, check=False)
    wall = time.perf_counter() - wall
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode not in (0, 1):
        raise SystemExit(f"factcheck check failed ({result.returncode}): {result.stderr!r}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Timing(wall, cpu), result.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--claims", type=int, default=100_000, help="number of claims (100000)")
    parser.add_argument("--per-article", type=int, default=10, help="claims per article (10)")
    args = parser.parse_args()
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    with tempfile.TemporaryDirectory(prefix="factcheck-bench-check-") as tmp:
        folder = Path(tmp)
        start = time.perf_counter()
        n_files = generate(folder, args.claims, args.per_article)
        size = sum(p.stat().st_size for p in _files(folder)) / 1e6
        print(
            f"{dt.date.today()}  {cores} cores  load {_load():.1f}  libyaml={yaml.__with_libyaml__}"
        )
        print(
            f"generated {args.claims} claims in {n_files} files ({size:.0f} MB) "
            f"in {time.perf_counter() - start:.1f} s"
        )
        read, load = time_read(folder), time_yaml(folder)
        serial, status = time_check(folder, 1)
        parallel, _ = time_check(folder, 0)
        print(f"{'':32}{'wall':>9}{'cpu':>9}   cpu vs baseline")
        _row("baseline: read the files", read, load)
        _row("baseline: yaml.load (C loader)", load, load)
        _row(f"factcheck check --jobs 1 (exit {status})", serial, load)
        _row(f"factcheck check --jobs {cores}", parallel, load)
        print(f"load average after the runs: {_load():.1f}")
        goal = 10.0 * args.claims / 100_000
        verdict = (
            "met" if parallel.wall < goal else "NOT met (see the cpu column on a busy machine)"
        )
        print(f"goal: under {goal:.1f} s wall for {args.claims} claims: {verdict}")


def _row(name: str, timing: Timing, baseline: Timing) -> None:
    print(f"{name:32}{timing.wall:8.2f}s{timing.cpu:8.2f}s   {timing.cpu / baseline.cpu:.2f}x")


def _load() -> float:
    return os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")


if __name__ == "__main__":
    main()
