"""Ingest benchmark: throughput, the cost of everything outside spaCy, --jobs 2 speed-up, memory.

    .venv/bin/python benchmarks/ingest.py [--size 500]

Generates ``size`` varied articles (.txt, .md and .html, from sentence templates written for this
benchmark) and measures, each in a fresh process with the pipeline loaded before the clock starts:

- baseline: spaCy alone (the factcheck pipeline's ``nlp.pipe``) on the same texts, read beforehand,
  then ingest --jobs 1 (read + clean + spaCy + records + store in SQLite, as the command does), in
  the same process, in wall time and in CPU time (which other load on a shared machine does not
  inflate);
- ingest --jobs 2, for the speed-up (wall time);
- peak memory (ru_maxrss) of the baseline + ingest process on half the corpus and on all of it.

Goals (issue #4): storage and cleaning add <= 15% to the spaCy time; --jobs 2 is >= 1.6x --jobs 1;
peak memory does not grow with the corpus (streaming).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

PEOPLE = [
    ("Amina", "Yusuf", "the water board's chief engineer"),
    ("Tomas", "Brekke", "a council finance officer"),
    ("Keiko", "Brandt", "the ferry union's representative"),
    ("Ines", "Falk", "the county roads chief"),
    ("Ben", "Adeyemi", "a councillor for the east ward"),
    ("Lena", "Ortiz", "an independent surveyor"),
    ("Pavel", "Novak", "the harbour master"),
    ("Noor", "Haddad", "the head of the tenants' association"),
]
TOPICS = [
    ("the flood wall", "the river"),
    ("the new bus depot", "the ring road"),
    ("the school kitchens", "the north district"),
    ("the fuel depot", "the estuary"),
    ("the bridge repairs", "the old town"),
    ("the hospital wing", "the valley"),
]
SOURCES = [
    "an internal memo seen by the Gazette",
    "a 2022 audit report",
    "minutes of the March board meeting",
    "a leaked email from the ministry",
    "figures from the national statistics office",
]
OPENERS = [
    "{Full}, {role}, said the cost of {thing} had risen to {n} million euros since {year}.",
    '"We were told {thing} would be finished by {year}," said {Full}, {role}.',
    "{Thing} will be delayed by at least {m} months, according to {source}.",
    "{Full} told reporters that {thing} near {place} was {p} percent over budget.",
]
MIDDLES = [
    '{Last} said the problem was "known for years and quietly ignored".',
    "{Last} added that contractors had allegedly been paid twice for the same work.",
    "She said the council may have underestimated the risk to {place}.",
    "Critics argue that {thing} was approved without a proper survey, citing {source}.",
    "A resident who asked not to be named said crews had been told to keep quiet about it.",
    "The council said it would publish a full review of {thing} in {month}.",
    "Officials reportedly warned in {year} that {place} could flood again.",
    "According to {source}, {n} households near {place} were affected in {year}.",
]
CLOSERS = [
    "Sign up for our newsletter to get the morning briefing.",
    "Read more: how other towns pay for {thing}",
    "If you value local reporting, please consider supporting our journalism.",
    "Comments are closed.",
]
MONTHS = ["January", "March", "May", "July", "September", "November"]


def generate_article(n: int) -> tuple[str, str]:
    """One article (its suffix and content), different for every ``n``, fixed for a given ``n``."""
    rng = random.Random(n)
    first, last, role = rng.choice(PEOPLE)
    thing, place = rng.choice(TOPICS)
    values = {
        "Full": f"{first} {last}",
        "Last": last,
        "role": role,
        "thing": thing,
        "Thing": thing[0].upper() + thing[1:],
        "place": place,
        "source": rng.choice(SOURCES),
        "n": rng.randint(2, 90),
        "m": rng.randint(2, 18),
        "p": rng.randint(5, 60),
        "year": rng.randint(2015, 2025),
        "month": rng.choice(MONTHS),
    }
    paragraphs = [rng.choice(OPENERS).format(**values)]
    for _ in range(rng.randint(3, 7)):
        paragraphs.append(" ".join(rng.choice(MIDDLES).format(**values) for _ in range(2)))
    paragraphs.append(rng.choice(CLOSERS).format(**values))
    title = f"{values['Thing']} near {place}: questions over costs ({n})"
    byline = f"By Staff Reporter | Test Gazette | {rng.randint(1, 28)} {rng.choice(MONTHS)} 2025"
    if n % 10 == 0:
        body = "".join(f"<p>{p}</p>\n" for p in paragraphs)
        html = (
            f"<html><head><meta charset='utf-8'><title>{title}</title></head><body><article>"
            f"<h1>{title}</h1>\n{body}</article></body></html>"
        )
        return ".html", html
    suffix = ".md" if n % 10 == 5 else ".txt"
    heading = f"# {title}" if suffix == ".md" else title
    return suffix, "\n\n".join([heading, byline, *paragraphs]) + "\n"


def write_corpus(folder: Path, size: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(size):
        suffix, content = generate_article(n)
        (folder / f"article-{n:05d}{suffix}").write_text(content, encoding="utf-8")


def corpus_files(corpus: Path | None, size: int, folder: Path) -> list[Path]:
    """The first ``size`` files of ``corpus``, or ``size`` generated articles under ``folder``."""
    if corpus is None:
        write_corpus(folder / "corpus", size)
        corpus = folder / "corpus"
    return sorted(corpus.iterdir())[:size]


# --- workers (each runs in its own process) -----------------------------------------------------


def _load_nlp() -> tuple[int, Language]:
    from factcheck.config import Settings
    from factcheck.nlp import build_nlp

    return Settings().max_file_bytes, build_nlp(Settings().spacy_model)


def _clock() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def worker_pair(corpus: Path, db_path: Path) -> dict[str, float]:
    """Baseline and ingest --jobs 1 in one process, one after the other, on the same texts.

    Baseline: the pipeline alone (``nlp.pipe`` over ``make_doc``) on the articles read beforehand.
    Ingest: what ``factcheck ingest`` does, from the first file read to the last commit. Both in
    wall time and in this process's CPU time (which other load on the machine does not inflate).
    """
    from factcheck.extract import make_doc
    from factcheck.ingest.files import read_inputs

    max_bytes, nlp = _load_nlp()
    articles = list(read_inputs([corpus], max_bytes=max_bytes, on_error=print))
    wall, cpu = _clock()
    for _doc in nlp.pipe((make_doc(a, nlp) for a in articles), batch_size=16):
        pass
    end_wall, end_cpu = _clock()
    del articles
    result = {"base_wall": end_wall - wall, "base_cpu": end_cpu - cpu}
    result.update(_ingest(corpus, db_path, nlp, max_bytes, jobs=1))
    return result


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def worker_ingest(corpus: Path, db_path: Path, jobs: int) -> dict[str, float]:
    """Ingest alone with ``jobs`` spaCy processes."""
    max_bytes, nlp = _load_nlp()
    return _ingest(corpus, db_path, nlp, max_bytes, jobs=jobs)


def _ingest(
    corpus: Path, db_path: Path, nlp: Language, max_bytes: int, *, jobs: int
) -> dict[str, float]:
    from factcheck.db.session import Database
    from factcheck.extract import extract_articles
    from factcheck.ingest.files import read_inputs
    from factcheck.store.articles import IngestSummary, save_all

    db = Database(f"sqlite:///{db_path}")
    db.upgrade()
    summary = IngestSummary()
    children = _children_cpu()
    wall, cpu = _clock()
    articles = read_inputs([corpus], max_bytes=max_bytes, on_error=print)
    for result in save_all(db, extract_articles(articles, nlp, n_process=jobs)):
        summary.add(result)
    end_wall, end_cpu = _clock()
    db.dispose()
    return {
        "wall": end_wall - wall,
        "cpu": end_cpu - cpu,
        "workers_cpu": _children_cpu() - children,
        "articles": summary.articles,
        "claims": summary.claims,
        "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def run_worker(*args: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--worker", *args],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


# --- the report -----------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=500, help="articles in the corpus (>= 2)")
    parser.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(_dispatch(args.worker)))
        return
    report(max(args.size, 2))


def _dispatch(argv: list[str]) -> dict[str, float]:
    if argv[0] == "pair":
        return worker_pair(Path(argv[1]), Path(argv[2]))
    return worker_ingest(Path(argv[1]), Path(argv[2]), int(argv[3]))


def report(size: int) -> None:
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="fc-bench-") as tmp:
        root = Path(tmp)
        write_corpus(root / "full", size)
        write_corpus(root / "half", size // 2)
        one = run_worker("pair", str(root / "full"), str(root / "j1.db"))
        two = run_worker("ingest", str(root / "full"), str(root / "j2.db"), "2")
        half = run_worker("pair", str(root / "half"), str(root / "h.db"))
    rows = [
        ("articles (claims stored)", f"{int(one['articles'])} ({int(one['claims'])})", ""),
        ("spaCy alone: wall / CPU", f"{one['base_wall']:.1f} s / {one['base_cpu']:.1f} s", ""),
        ("ingest --jobs 1: wall / CPU", f"{one['wall']:.1f} s / {one['cpu']:.1f} s", ""),
        ("claims stored per second, --jobs 1 (wall)", f"{one['claims'] / one['wall']:.1f}", ""),
        ("time added to spaCy, CPU", f"{one['cpu'] / one['base_cpu'] - 1:.1%}", "<= 15%"),
        ("time added to spaCy, wall", f"{one['wall'] / one['base_wall'] - 1:.1%}", "<= 15%"),
        ("ingest --jobs 2: wall", f"{two['wall']:.1f} s", ""),
        (
            "ingest --jobs 2: CPU of the main process / of the spaCy workers",
            f"{two['cpu']:.1f} s / {two['workers_cpu']:.1f} s",
            "",
        ),
        (
            "speed-up of --jobs 2 over --jobs 1 (wall)",
            f"{one['wall'] / two['wall']:.2f}x",
            ">= 1.6x",
        ),
        (f"peak memory, {int(half['articles'])} articles", f"{half['peak_mib']:.0f} MiB", ""),
        (f"peak memory, {int(one['articles'])} articles", f"{one['peak_mib']:.0f} MiB", "flat"),
    ]
    load_after = os.getloadavg()[0]
    print(
        f"ingest benchmark, {date.today().isoformat()}, {platform.machine()}, {_cpus()} cores, "
        f"load average {load_before:.1f} before, {load_after:.1f} after"
    )
    print("| measure | value | goal |\n|---|---|---|")
    for name, value, goal in rows:
        print(f"| {name} | {value} | {goal} |")


def _cpus() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


if __name__ == "__main__":
    main()
