"""JSON API latency on a large database, side by side with Datasette serving the same SQLite file.

Builds (or reuses, with ``--db``) a migrated SQLite database of ``--claims`` claims (default
1,000,000) by bulk ``executemany`` inserts, with articles, speakers, sources, citations, verdicts and
the FTS5 index populated; then starts two servers on 127.0.0.1 as subprocesses, ``factcheck serve``
(uvicorn) and ``datasette serve`` on the same file, and times over HTTP with keep-alive, alternating:

- a filtered page:  /api/v1/claims?status=disputed&_size=50  vs  /bench/claims.json?status=disputed&_size=50
- a facet query:    /api/v1/claims?_facet=status&_size=50    vs  /bench/claims.json?_facet=status&_size=50
- full-text search: /api/v1/claims?q=WORD&_size=50           vs  /bench/claims.json?_search=WORD&_size=50

Datasette runs with its defaults except the time limits, raised so that it answers every query
(its default would cut the facet short); its requests carry ``_nocount=1&_nosuggest=1`` so that it
does the same work as ours (no total count, no facet suggestions). Prints median and p95 in ms and
our/Datasette ratios.
Goals: filtered page < 15 ms median, full text < 50 ms p95, and no slower than Datasette on any.

    .venv/bin/python benchmarks/api.py [--claims 1000000] [--requests 200] [--db FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from factcheck.db.fts import FTS_DDL, FTS_DROP
from factcheck.db.session import Database

REPO = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
STATUSES = ["unreviewed"] * 10 + ["in_review"] * 4 + ["disputed"] * 3 + ["decided"] * 3
SPEAKER_KINDS = ("person", "organization", "anonymous", "group", "document", "publication")
SOURCE_KINDS = ("leaked_document", "interview", "statement", "media_report", "dataset", "testimony")
RATINGS = (("False", 1, "FALSE"), ("Mixed", 3, "MIXTURE"), ("True", 5, "TRUE"))
NOW = "2026-01-01 00:00:00.000000"
# A vocabulary with a long tail, so words have realistic, varied frequencies in the claims.
VOCABULARY = [f"{stem}{suffix}" for stem in (
    "budget", "harbour", "council", "tanker", "grain", "levy", "river", "school", "clinic", "bridge",
    "ferry", "depot", "permit", "tariff", "pension", "border", "audit", "memo", "cable", "ministry",
) for suffix in ("", "s", "ing", "ed", "er", "al", "ist", "ure", "ion", "ment")]  # fmt: skip
SEARCH_WORDS = ("tanker", "audits", "ferrying")


def claim_text(rng: random.Random, i: int) -> str:
    words = rng.choices(VOCABULARY, weights=[1 / (k + 1) for k in range(len(VOCABULARY))], k=7)
    return f"Claim {i}: the {' '.join(words)} rose by {rng.randrange(2, 90)} percent"


def build(path: Path, n_claims: int, per_article: int = 10, seed: int = 7) -> None:
    """A migrated database of ``n_claims`` claims, bulk-inserted (executemany), FTS5 index filled.

    The FTS triggers are dropped during the load and the index rebuilt in one pass at the end (the
    schema's own DDL recreates the triggers), which is several times faster than a trigger per row.
    """
    db = Database(f"sqlite:///{path}")
    db.upgrade()
    db.dispose()
    rng = random.Random(seed)
    con = sqlite3.connect(path)
    con.execute("PRAGMA synchronous=OFF")
    con.execute("PRAGMA cache_size=-262144")  # 256 MB
    for statement in FTS_DROP[:3]:  # the triggers, not the table
        con.execute(statement)
    n_articles = max(1, n_claims // per_article)
    n_speakers, n_sources = max(1, n_claims // 50), max(1, n_claims // 200)
    with con:
        _insert_articles(con, n_articles, rng)
        _insert_speakers(con, n_speakers)
        _insert_sources(con, n_sources)
    for start in range(0, n_claims, 20_000):
        with con:
            _insert_claims(
                con, start, min(n_claims, start + 20_000), per_article, n_speakers, n_sources, rng
            )
    with con:
        con.execute("INSERT INTO claims_fts(claims_fts) VALUES ('rebuild')")
        for statement in FTS_DDL:
            con.execute(statement)
    con.execute("ANALYZE")
    con.close()


def _insert_articles(con: sqlite3.Connection, n: int, rng: random.Random) -> None:
    rows = (
        (i + 1, f"article-{i}", f"Report {i}", "", "", f"Publisher {i % 40}",
         f"20{10 + i % 16:02d}-{1 + i % 12:02d}-{1 + i % 28:02d}", "en", f"Text of report {i}.",
         f"h{i}", "", "{}", NOW, NOW)
        for i in range(n)
    )  # fmt: skip
    con.executemany(f"INSERT INTO articles VALUES ({','.join('?' * 14)})", rows)


def _insert_speakers(con: sqlite3.Connection, n: int) -> None:
    rows = ((i + 1, f"s{i}", f"Speaker {i}", SPEAKER_KINDS[i % 6], "[]", NOW) for i in range(n))
    con.executemany("INSERT INTO speakers VALUES (?,?,?,?,?,?)", rows)


def _insert_sources(con: sqlite3.Connection, n: int) -> None:
    rows = (
        (i + 1, f"src-{i}", SOURCE_KINDS[i % 6], f"Source {i}", "", "", "", "", "en", "medium", "", NOW)
        for i in range(n)
    )  # fmt: skip
    con.executemany(f"INSERT INTO sources VALUES ({','.join('?' * 12)})", rows)


def _insert_claims(
    con: sqlite3.Connection, lo: int, hi: int, per_article: int, n_speakers: int, n_sources: int,
    rng: random.Random,
) -> None:  # fmt: skip
    claims, citations, verdicts = [], [], []
    for i in range(lo, hi):
        text, status = claim_text(rng, i), rng.choice(STATUSES)
        hedged = rng.random() < 0.2
        claims.append((
            i + 1, f"u{i}", i // per_article + 1, rng.randrange(n_speakers) + 1, text, text.lower(),
            0, len(text), "direct", "Speaker", 0, 7, "said", 8, 12,
            '[{"text":"reportedly","start":0,"end":10}]' if hedged else "[]", hedged,
            round(rng.random(), 3), status, False, False, False, NOW, NOW,
        ))  # fmt: skip
        if rng.random() < 0.8:
            source = rng.randrange(n_sources) + 1
            citations.append(
                (i + 1, source, "a record", None, None, SOURCE_KINDS[(source - 1) % 6], "cites")
            )
        for n in range(0 if status == "unreviewed" else (1 if status == "in_review" else 2)):
            label, value, normalized = rng.choice(RATINGS)
            verdicts.append((i + 1, None, f"reviewer{n}", label, value, normalized, "", "[]", NOW))
    con.executemany(f"INSERT INTO claims VALUES ({','.join('?' * 24)})", claims)
    con.executemany(
        "INSERT INTO citations (claim_id, source_id, evidence_text, evidence_start, evidence_end, "
        "kind, relation) VALUES (?,?,?,?,?,?,?)",
        citations,
    )
    con.executemany(
        "INSERT INTO verdicts (claim_id, user_id, reviewer, rating_label, rating_value, normalized, "
        "rationale, evidence_urls, created_at) VALUES (?,?,?,?,?,?,?,?,?)",
        verdicts,
    )


def count_claims(path: Path) -> int:
    con = sqlite3.connect(path)
    try:
        return int(con.execute("SELECT count(*) FROM claims").fetchone()[0])
    except sqlite3.Error:
        return -1
    finally:
        con.close()


# --- servers ------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start(
    command: list[str], port: int, env: dict[str, str], probe: str
) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}{probe}", timeout=60).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.3)
        if process.poll() is not None:
            raise RuntimeError(f"{command[0]} exited: {process.stderr.read().decode()[-2000:]}")  # type: ignore[union-attr]
    process.kill()
    raise RuntimeError(f"{command[0]} did not start")


@contextmanager
def servers(path: Path) -> Iterator[tuple[Server, Server]]:
    """Start both servers; yield (base URL, process id) of each; stop them."""
    ours_port, theirs_port = free_port(), free_port()
    env = {**os.environ, "FACTCHECK_DATABASE_URL": f"sqlite:///{path}"}
    metadata = path.with_suffix(".datasette.json")
    metadata.write_text(
        json.dumps(
            {
                "databases": {
                    "bench": {"tables": {"claims": {"fts_table": "claims_fts", "fts_pk": "id"}}}
                }
            }
        )
    )
    ours = start(
        [str(VENV_BIN / "python"), "-m", "factcheck", "serve", "--port", str(ours_port)],
        ours_port, env, "/api/v1/stats",
    )  # fmt: skip
    link = Path(tempfile.mkdtemp()) / "bench.db"  # datasette names the database after the file
    link.symlink_to(path.resolve())
    theirs = start(
        [str(VENV_BIN / "datasette"), "serve", str(link), "-p", str(theirs_port), "-h", "127.0.0.1",
         "-m", str(metadata), "--setting", "sql_time_limit_ms", "60000",
         "--setting", "facet_time_limit_ms", "60000"],
        theirs_port, env, "/bench.json",
    )  # fmt: skip
    try:
        yield (
            (f"http://127.0.0.1:{ours_port}", ours.pid),
            (f"http://127.0.0.1:{theirs_port}", theirs.pid),
        )
    finally:
        for process in (ours, theirs):
            process.terminate()
            process.wait(timeout=30)
        link.unlink()
        link.parent.rmdir()


# --- timing -------------------------------------------------------------------------------------


# Datasette's _nocount and _nosuggest make it do the same work as ours (no total, no facet
# suggestions): the strongest baseline for these requests.
LEAN = "&_nocount=1&_nosuggest=1"
QUERIES = {
    "filtered page": ("/api/v1/claims?status=disputed&_size=50", "/bench/claims.json?status=disputed&_size=50" + LEAN),
    "facet (status)": ("/api/v1/claims?_facet=status&_size=50", "/bench/claims.json?_facet=status&_size=50" + LEAN),
    "full text": ("/api/v1/claims?q={w}&_size=50", "/bench/claims.json?_search={w}&_size=50" + LEAN),
}  # fmt: skip


def timed(client: httpx.Client, url: str) -> float:
    started = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise RuntimeError(f"{url}: {response.status_code} {response.text[:300]}")
    return elapsed


Server = tuple[str, int]  # base URL, process id
Timings = dict[str, dict[str, Any]]


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc), all its threads included."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(ours: Server, theirs: Server, requests: int) -> Timings:
    """Per query: each server's latencies (ms) and its CPU time per request (ms)."""
    results: Timings = {}
    with httpx.Client(timeout=120) as client:
        for name, (our_path, their_path) in QUERIES.items():
            n = requests if "facet" not in name else max(10, requests // 10)
            times: dict[str, list[float]] = {"ours": [], "datasette": []}
            pairs = (("ours", ours[0] + our_path), ("datasette", theirs[0] + their_path))
            for i in range(3):  # the first requests warm caches
                for _, url in pairs:
                    timed(client, url.format(w=SEARCH_WORDS[i % len(SEARCH_WORDS)]))
            cpu = {"ours": cpu_seconds(ours[1]), "datasette": cpu_seconds(theirs[1])}
            for i in range(n):
                word = SEARCH_WORDS[i % len(SEARCH_WORDS)]
                for who, url in pairs if i % 2 else reversed(pairs):
                    times[who].append(timed(client, url.format(w=word)))
            used = {
                "ours": (cpu_seconds(ours[1]) - cpu["ours"]) * 1000 / n,
                "datasette": (cpu_seconds(theirs[1]) - cpu["datasette"]) * 1000 / n,
            }
            results[name] = {"times": times, "cpu": used}
    return results


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def report(results: Timings, n_claims: int) -> None:
    print(f"\n{n_claims:,} claims; latency median / p95 and server CPU per request, in ms")
    print(f"{'query':<15} {'ours':>24} {'Datasette':>24} {'ratio median':>13} {'ratio CPU':>10}")
    for name, result in results.items():
        ours, theirs = result["times"]["ours"], result["times"]["datasette"]
        cpu = result["cpu"]
        print(
            f"{name:<15} {statistics.median(ours):7.1f} /{p95(ours):6.1f} /{cpu['ours']:6.1f} "
            f"{statistics.median(theirs):10.1f} /{p95(theirs):6.1f} /{cpu['datasette']:6.1f} "
            f"{statistics.median(ours) / statistics.median(theirs):13.2f} "
            f"{cpu['ours'] / cpu['datasette']:10.2f}"
        )
    print("ratios = ours / Datasette (below 1: we are faster)")
    print("goals: filtered page < 15 ms median; full text < 50 ms p95; every ratio <= 1")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--db", type=Path, help="database file to reuse (built if missing)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or Path(tmp) / "api-bench.db"
        if count_claims(path) != args.claims:
            path.unlink(missing_ok=True)
            started = time.perf_counter()
            build(path, args.claims)
            print(f"built {path} ({args.claims:,} claims) in {time.perf_counter() - started:.0f} s")
        else:
            Database(f"sqlite:///{path}").upgrade()  # new migrations (indexes) on a reused file
        with servers(path) as (ours, theirs):
            report(measure(ours, theirs, args.requests), args.claims)


if __name__ == "__main__":
    main()
