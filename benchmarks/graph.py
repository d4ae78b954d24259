"""Benchmark: build the provenance graph and run every analysis on a generated knowledge base.

    .venv/bin/python benchmarks/graph.py [--claims 100000] [--db PATH]

Generates a SQLite knowledge base of N claims on the real schema (``factcheck.db.migrate``
upgrade, then bulk ``executemany`` inserts): N/10 articles from 150 publishers, N/5 sources (a
third of the testimonies and interviews anonymous, 1% of them being articles of the knowledge
base, so circular chains exist), named speakers shared across articles and an anonymous and an
author speaker per article, 0-3 citations per claim, and one claim in ten a reworded copy of a
claim of another article. Claim text is drawn from a Zipf-distributed vocabulary of 40,000 words
with names and numbers, like news text.

Measured in one run: the baseline (a plain SELECT of the same rows the builder reads), then build +
every analysis (timed without tracing), then the same again under tracemalloc for the peak of
Python allocations; ru_maxrss is the peak resident size of the whole process. Goal: build + all
analyses < 30 s and < 2 GiB at 100,000 claims.
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import json
import os
import platform
import random
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from factcheck.db.repository import normalize_text  # noqa: E402
from factcheck.db.session import Database  # noqa: E402
from factcheck.graph import ANALYSES, build_graph, run_analysis, summary  # noqa: E402
from factcheck.graph.build import read_rows  # noqa: E402
from factcheck.graph.model import gc_paused  # noqa: E402

NOW = datetime(2026, 1, 1, tzinfo=UTC).strftime("%Y-%m-%d %H:%M:%S")
SOURCE_KINDS = (
    "statement",
    "testimony",
    "interview",
    "leaked_document",
    "media_report",
    "dataset",
    "court_record",
    "self_citation",
    "social_media",
    "link",
)


class Words:
    """A pseudo-word vocabulary sampled with Zipf frequencies."""

    def __init__(self, rng: random.Random, size: int = 40_000) -> None:
        syllables = [c + v for c in "bdfgklmnprstvz" for v in ("a", "e", "i", "o", "u", "ar", "en")]
        seen: set[str] = set()
        while len(seen) < size:
            seen.add("".join(rng.choices(syllables, k=rng.randint(2, 4))))
        self.words = sorted(seen)
        rng.shuffle(self.words)
        self.cumulative = list(itertools.accumulate(1 / (r + 1) ** 1.05 for r in range(size)))
        self.rng = rng

    def sample(self, k: int) -> list[str]:
        top = self.cumulative[-1]
        return [
            self.words[bisect.bisect(self.cumulative, self.rng.random() * top)] for _ in range(k)
        ]


def generate(path: Path, n_claims: int, seed: int = 8) -> dict[str, int]:
    """Write a knowledge base of ``n_claims`` claims into the SQLite file ``path``."""
    Database(f"sqlite:///{path}").upgrade()
    rng = random.Random(seed)
    words = Words(rng)
    n_articles, n_sources = max(n_claims // 10, 2), max(n_claims // 5, 2)
    publishers = [
        f"{w.title()} {t}"
        for w, t in zip(
            words.sample(150),
            itertools.cycle(("Times", "Ledger", "Post", "Wire", "Herald")),
            strict=False,
        )
    ]
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA synchronous=OFF")
    articles = _articles(conn, rng, words, n_articles, publishers)
    _sources(conn, rng, words, n_sources, publishers, articles)
    speakers = _speakers(conn, rng, words, n_claims // 20, n_articles)
    n_citations = _claims(conn, rng, words, n_claims, n_articles, n_sources, speakers)
    conn.commit()
    conn.close()
    return {
        "articles": n_articles,
        "sources": n_sources,
        "claims": n_claims,
        "citations": n_citations,
    }


def _articles(
    conn: sqlite3.Connection, rng: random.Random, words: Words, n: int, publishers: list[str]
) -> list[str]:
    rows, urls = [], []
    for i in range(1, n + 1):
        url = f"https://news.example/{i}"
        urls.append(url)
        title = " ".join(words.sample(8))
        byline = " ".join(words.sample(2)).title()
        rows.append(
            (
                f"bench-{i}",
                title,
                url,
                byline,
                rng.choice(publishers),
                "2026-01-01",
                "en",
                title,
                f"{i:064x}",
                "",
                "{}",
                NOW,
                NOW,
            )
        )
    conn.executemany(
        "INSERT INTO articles (slug, title, url, byline, publisher, published, language, text,"
        " content_hash, source_path, meta, created_at, updated_at)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        rows,
    )
    return urls


def _sources(
    conn: sqlite3.Connection,
    rng: random.Random,
    words: Words,
    n: int,
    publishers: list[str],
    article_urls: list[str],
) -> None:
    others = [" ".join(words.sample(2)).title() + " Agency" for _ in range(250)]
    rows = []
    for i in range(1, n + 1):
        kind = rng.choice(SOURCE_KINDS)
        anonymous = kind in ("testimony", "interview") and rng.random() < 0.33
        url = rng.choice(article_urls) if rng.random() < 0.01 else f"https://src.example/{i}"
        publisher = rng.choice(publishers if rng.random() < 0.4 else others)
        rows.append(
            (
                f"source-{i}",
                kind,
                " ".join(words.sample(5)),
                publisher,
                "2025-12-01",
                url,
                "",
                "en",
                "anonymous" if anonymous else "named",
                "",
                NOW,
            )
        )
    conn.executemany(
        "INSERT INTO sources (key, kind, title, publisher, date, url, identifier, language,"
        " credibility, notes, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        rows,
    )


def _speakers(
    conn: sqlite3.Connection, rng: random.Random, words: Words, n_named: int, n_articles: int
) -> dict[str, Any]:
    rows = [
        (
            f"person:{i}",
            " ".join(words.sample(2)).title(),
            rng.choice(("person", "organization")),
            "[]",
            NOW,
        )
        for i in range(1, n_named + 1)
    ]
    for a in range(1, n_articles + 1):
        rows.append(
            (f"anonymous:a{a}", "a person familiar with the matter", "anonymous", "[]", NOW)
        )
        rows.append((f"author:a{a}", "the article", "author", "[]", NOW))
    conn.executemany(
        "INSERT INTO speakers (key, name, kind, aliases, created_at) VALUES (?,?,?,?,?)", rows
    )
    # ids follow insertion order: named 1..n_named, then (anonymous, author) per article
    return {
        "named": max(n_named, 1),
        "per_article": lambda a: (n_named + 2 * a - 1, n_named + 2 * a),
    }


def _claim_text(rng: random.Random, words: Words, previous: list[str]) -> str:
    if previous and rng.random() < 0.1:
        tokens = rng.choice(previous).split()
        tokens[rng.randrange(len(tokens))] = words.sample(1)[0]  # the same claim, reworded
        return " ".join(tokens)
    tokens = words.sample(rng.randint(6, 18))
    tokens.insert(rng.randrange(len(tokens)), str(rng.randint(2, 99_999)))
    text = " ".join(tokens)
    if len(previous) < 50_000:
        previous.append(text)
    return text


def _claims(
    conn: sqlite3.Connection,
    rng: random.Random,
    words: Words,
    n: int,
    n_articles: int,
    n_sources: int,
    speakers: dict[str, Any],
) -> int:
    previous: list[str] = []
    claim_rows, citation_rows = [], []
    for i in range(1, n + 1):
        article = (i - 1) % n_articles + 1
        anonymous, author = speakers["per_article"](article)
        speaker = rng.choice((anonymous, author, rng.randint(1, speakers["named"])))
        text = _claim_text(rng, words, previous)
        claim_rows.append(
            (
                f"{i:012x}",
                article,
                speaker,
                text,
                normalize_text(text),
                0,
                len(text),
                "indirect",
                None,
                None,
                None,
                None,
                None,
                None,
                "[]",
                False,
                0.5,
                "unreviewed",
                False,
                False,
                False,
                NOW,
                NOW,
            )
        )
        for s in rng.sample(range(1, n_sources + 1), rng.choice((0, 1, 1, 1, 2, 2, 3))):
            citation_rows.append((i, s, "", s, s + 1, "statement", "cites"))
    conn.executemany(
        'INSERT INTO claims (uid, article_id, speaker_id, text, normalized_text, start, "end", kind,'
        " speaker_text, speaker_start, speaker_end, cue_text, cue_start, cue_end, hedges, hedged,"
        " checkworthiness, status, orphaned, rejected, corrected, created_at, updated_at)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        claim_rows,
    )
    conn.executemany(
        "INSERT INTO citations (claim_id, source_id, evidence_text, evidence_start, evidence_end,"
        " kind, relation) VALUES (?,?,?,?,?,?,?)",
        citation_rows,
    )
    return len(citation_rows)


def baseline(db: Database) -> tuple[float, float]:
    """The rows the builder reads (its own query), fetched into Python: the floor for a build.
    Returns (wall, cpu) seconds."""
    wall, cpu = time.perf_counter(), time.process_time()
    with db.engine.connect() as conn:
        read_rows(conn, claim_ids=None)
    return time.perf_counter() - wall, time.process_time() - cpu


def build_and_analyse(db: Database) -> tuple[dict[str, float], dict[str, float], dict[str, int]]:
    """Build the whole graph and run every analysis; wall and CPU seconds per step, and sizes."""
    wall: dict[str, float] = {}
    cpu: dict[str, float] = {}
    sizes: dict[str, int] = {}
    graph = None
    for step in ("build", "summary", *ANALYSES):
        started, cpu_started = time.perf_counter(), time.process_time()
        if step == "build":
            graph = build_graph(db)
        elif step == "summary":
            with gc_paused():  # as full_report runs it
                summary(graph)
        else:
            result = run_analysis(graph, step)
            sizes[step] = len(result) if isinstance(result, list) else len(result["sources"])
        wall[step] = time.perf_counter() - started
        cpu[step] = time.process_time() - cpu_started
    assert graph is not None
    sizes["nodes"], sizes["edges"] = graph.number_of_nodes(), graph.number_of_edges()
    return wall, cpu, sizes


def measure(path: Path) -> dict[str, Any]:
    """Baseline, then build + analyses untraced (times, peak RSS), then traced (Python peak)."""
    db = Database(f"sqlite:///{path}")
    base_wall, base_cpu = baseline(db)
    wall, cpu, sizes = build_and_analyse(db)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    tracemalloc.start()
    build_and_analyse(db)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    db.dispose()
    total_wall, total_cpu = sum(wall.values()), sum(cpu.values())
    return {
        "baseline_select_seconds": {"wall": round(base_wall, 2), "cpu": round(base_cpu, 2)},
        "build_and_analyses_seconds": {"wall": round(total_wall, 2), "cpu": round(total_cpu, 2)},
        "ratio_to_baseline": {
            "wall": round(total_wall / base_wall, 1),
            "cpu": round(total_cpu / base_cpu, 1),
        },
        "wall_seconds": {k: round(v, 2) for k, v in wall.items()},
        "cpu_seconds": {k: round(v, 2) for k, v in cpu.items()},
        "findings": sizes,
        "peak_rss_mib": round(rss / 2**20),
        "tracemalloc_peak_mib": round(peak / 2**20),
        "goal_met": total_wall < 30 and rss < 2 * 2**30,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("--claims", type=int, default=100_000, help="claims to generate")
    parser.add_argument("--db", type=Path, help="reuse (if it exists) or create this SQLite file")
    parser.add_argument("--measure-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure_only:  # the child process: its peak RSS is the graph's, not the generator's
        print(json.dumps(measure(args.db)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or Path(tmp) / "bench.db"
        started = time.perf_counter()
        counts = generate(path, args.claims) if not path.exists() else "reused " + str(path)
        generated = time.perf_counter() - started
        child = subprocess.run(
            [sys.executable, __file__, "--db", str(path), "--measure-only"],
            capture_output=True,
            text=True,
            check=True,
        )
    report = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d"),
        "machine": f"{platform.machine()}, {len(os.sched_getaffinity(0))} cores",
        "load_average_1min": round(os.getloadavg()[0], 1),
        "generated": counts,
        "generate_seconds": round(generated, 1),
        **json.loads(child.stdout),
        "goal": "build + all analyses < 30 s (wall) and < 2 GiB (peak RSS) at 100,000 claims",
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
