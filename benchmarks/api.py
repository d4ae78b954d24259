"""JSON API latency on a large database, side by side with Datasette serving the same SQLite file.

Builds (or reuses, with ``--db``) a migrated SQLite database of ``--claims`` claims (default
1,000,000) by bulk ``executemany`` inserts, with articles, speakers, sources, citations, verdicts and
the FTS5 index populated; then starts two servers on 127.0.0.1 as subprocesses, ``factcheck serve``
(uvicorn) and ``datasette serve`` on the same file, and times over HTTP with keep-alive, alternating:


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
from urllib.parse import quote

import httpx
from sqlalchemy import create_engine

from factcheck.db.counts import create_counts, drop_counts
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


CLAIM_INSERT = (
    'id, uid, article_id, speaker_id, text, normalized_text, start, "end", kind, speaker_text, '
    "speaker_start, speaker_end, cue_text, cue_start, cue_end, hedges, hedged, checkworthiness, "
    "status, orphaned, rejected, corrected, created_at, updated_at"
)


def claim_text(rng: random.Random, i: int) -> str:
    words = rng.choices(VOCABULARY, weights=[1 / (k + 1) for k in range(len(VOCABULARY))], k=7)
    return f"Claim {i}: the {' '.join(words)} rose by {rng.randrange(2, 90)} percent"


def build(path: Path, n_claims: int, per_article: int = 10, seed: int = 7) -> None:
    """A migrated database of ``n_claims`` claims, bulk-inserted (executemany), FTS5 index filled.

    The FTS and count triggers are dropped during the load; the index is rebuilt and the maintained
    figures computed in one pass each at the end (the schema's own DDL recreates the triggers),
    which is several times faster than triggers per row.
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
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        drop_counts(conn)  # the maintained figures are computed once at the end
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
    con.close()
    with engine.begin() as conn:
        create_counts(conn)
        conn.exec_driver_sql("ANALYZE")
    engine.dispose()


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
    con.executemany(f"INSERT INTO claims ({CLAIM_INSERT}) VALUES ({','.join('?' * 24)})", claims)
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
         "-m", str(metadata), "--setting", "sql_time_limit_ms", "600000",
         "--setting", "facet_time_limit_ms", "600000"],
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
# suggestions): the strongest baseline for these requests. Our lists hold live claims only
# (not orphaned, not rejected), so Datasette's requests ask for that too.
LEAN = "&_nocount=1&_nosuggest=1"
LIVE = "orphaned=0&rejected=0"
DS = "/bench/claims.json?" + LIVE + LEAN + "&_size=50"


def _where(sql: str) -> str:
    return "&_where=" + quote(sql, safe="{}")


def _facet_sql(select: str, joins: str = "", group: str = "1", count: str = "count(*)") -> str:
    """Datasette's SQL endpoint counting live claims by a joined property, as our facet does."""
    sql = (
        f"select {select} as value, {count} as n from claims c {joins} "
        f"where c.orphaned = 0 and c.rejected = 0 group by {group} order by n desc limit 30"
    )
    return "/bench.json?_shape=array&sql=" + quote(sql, safe="{}")


# The matrix: (name, our path, Datasette's path for the same question or None). ``{w}`` is a
# search word, ``{a}`` an article id, ``{c}`` a claim id, ``{s}`` a speaker id, ``{src}`` a source
# id; ``rating columns`` rows need the denormalised latest verdict (migration 0004).
API = "/api/v1/claims?_size=50"
# Datasette gets the fastest SQL we know for each question (EXISTS, as our filters use)
PERSON = _where("exists (select 1 from speakers where speakers.id = claims.speaker_id "
                "and speakers.kind = 'person')")  # fmt: skip
DATASET = _where("exists (select 1 from citations join sources on sources.id = citations.source_id"
                 " where citations.claim_id = claims.id and sources.kind = 'dataset')")  # fmt: skip
HTML_FACETS = (
    "&_facet=status&_facet=hedged&_facet=rating_normalized&_facet=speaker_id&_facet=article_id"
)
MATRIX: list[tuple[str, str, str | None]] = [
    ("page, no filter", API, DS),
    ("status=disputed", API + "&status=disputed", DS + "&status=disputed"),
    ("rating=False", API + "&rating=False", DS + "&rating_key=false"),
    ("normalized=TRUE", API + "&normalized=TRUE", DS + "&rating_normalized=TRUE"),
    ("speaker={s}", API + "&speaker={s}", DS + "&speaker_id={s}"),
    ("speaker_kind=person", API + "&speaker_kind=person", DS + PERSON),
    ("source={src}", API + "&source={src}",
     DS + _where("id in (select claim_id from citations where source_id = {src})")),
    ("source_kind=dataset", API + "&source_kind=dataset", DS + DATASET),
    ("article={a}", API + "&article={a}", DS + "&article_id={a}"),
    ("publisher=Publisher 7", API + "&publisher=Publisher%207",
     DS + _where("article_id in (select id from articles where publisher = 'Publisher 7')")),
    ("date 2015-03", API + "&date_from=2015-03&date_to=2015-03",
     DS + _where("article_id in (select id from articles where published >= '2015-03' "
                 "and published <= '2015-03\x7f')")),
    ("hedged=true", API + "&hedged=true", DS + "&hedged=1"),
    ("unsourced=true", API + "&unsourced=true",
     DS + _where("not exists (select 1 from citations where claim_id = claims.id)")),
    ("q=WORD", API + "&q={w}", DS + "&_search={w}"),
    ("disputed+person", API + "&status=disputed&speaker_kind=person",
     DS + "&status=disputed" + PERSON),
    ("decided+FALSE+dataset", API + "&status=decided&normalized=FALSE&source_kind=dataset",
     DS + "&status=decided&rating_normalized=FALSE" + DATASET),
    ("_sort=-id", API + "&_sort=-id", DS + "&_sort_desc=id"),
    ("_sort=checkworthiness", API + "&_sort=checkworthiness", DS + "&_sort=checkworthiness"),
    ("_sort=-checkworthiness", API + "&_sort=-checkworthiness", DS + "&_sort_desc=checkworthiness"),
    ("_sort=published", API + "&_sort=published", None),
    ("_sort=-published", API + "&_sort=-published", None),
    ("_sort=status", API + "&_sort=status", DS + "&_sort=status"),
    ("_sort=-status", API + "&_sort=-status", DS + "&_sort_desc=status"),
    ("disputed, -checkworth.", API + "&status=disputed&_sort=-checkworthiness",
     DS + "&status=disputed&_sort_desc=checkworthiness"),
    ("facet status", API + "&_facet=status", DS + "&_facet=status"),
    ("facet normalized", API + "&_facet=normalized", DS + "&_facet=rating_normalized"),
    ("facet speaker_kind", API + "&_facet=speaker_kind",
     _facet_sql("s.kind", "left join speakers s on s.id = c.speaker_id", "s.kind")),
    ("facet source_kind", API + "&_facet=source_kind",
     _facet_sql("s.kind", "join citations t on t.claim_id = c.id join sources s on s.id = t.source_id",
                "s.kind", "count(distinct c.id)")),
    ("facet publisher", API + "&_facet=publisher",
     _facet_sql("a.publisher", "join articles a on a.id = c.article_id", "a.publisher")),
    ("facet article", API + "&_facet=article", DS + "&_facet=article_id"),
    ("facet hedged", API + "&_facet=hedged", DS + "&_facet=hedged"),
    ("facet status, disputed+person", API + "&status=disputed&speaker_kind=person&_facet=status",
     DS + "&status=disputed&_facet=status" + PERSON),
    ("/api/v1/stats", "/api/v1/stats", None),
    ("/api/v1/claims/{c}", "/api/v1/claims/{c}", None),
    ("/api/v1/articles/{a}", "/api/v1/articles/{a}", None),
    ("HTML /", "/", None),
    ("HTML /claims", "/claims", "/bench/claims?" + LIVE + HTML_FACETS + LEAN),
    ("HTML /claims?status=disputed", "/claims?status=disputed",
     "/bench/claims?" + LIVE + "&status=disputed" + HTML_FACETS + LEAN),
    ("HTML /claims/{c}", "/claims/{c}", None),
    ("HTML /articles/{a}", "/articles/{a}", None),
]  # fmt: skip
NEEDS_RATING_COLUMNS = ("rating_normalized", "rating_key")
SLOW_ROUNDS = 3  # rounds in which Datasette is asked a question it takes over a second to answer


def timed(client: httpx.Client, url: str) -> float:
    started = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise RuntimeError(f"{url}: {response.status_code} {response.text[:300]}")
    return elapsed


Server = tuple[str, int]  # base URL, process id
Timings = dict[str, dict[str, list[float]]]  # question -> "ours"/"datasette" (+ " cpu") -> ms


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc), all its threads included."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def matrix(path: Path) -> list[tuple[str, str, str | None]]:
    """The matrix, Datasette's side dropped where the file lacks the columns it needs."""
    con = sqlite3.connect(path)
    columns = {row[1] for row in con.execute("PRAGMA table_info(claims)")}
    con.close()
    return [
        (name, ours, None if theirs and any(
            c in theirs and c not in columns for c in NEEDS_RATING_COLUMNS) else theirs)
        for name, ours, theirs in MATRIX
    ]  # fmt: skip


def measure(
    ours: Server, theirs: Server, requests: int, rows: list[tuple[str, str, str | None]],
    values: dict[str, Any],
) -> Timings:  # fmt: skip
    """Per question, each server's latencies (ms), in one interleaved run: every round asks every
    question of both servers (which one first alternates), so load changes hit both alike."""
    keys = ("ours", "datasette", "ours cpu", "datasette cpu")
    results: Timings = {name: {key: [] for key in keys} for name, _, _ in rows}
    pids = {"ours": ours[1], "datasette": theirs[1]}
    slow: set[str] = (
        set()
    )  # questions Datasette takes over a second to answer: asked SLOW_ROUNDS times
    with httpx.Client(timeout=900) as client:
        for i in range(requests + 1):  # round 0 warms caches and is not counted
            word = SEARCH_WORDS[i % len(SEARCH_WORDS)]
            for name, our_path, their_path in rows:
                pairs = [("ours", ours[0] + our_path)]
                if their_path is not None and (name not in slow or i <= SLOW_ROUNDS):
                    pairs.append(("datasette", theirs[0] + their_path))
                for who, url in pairs if i % 2 else reversed(pairs):
                    before = cpu_seconds(pids[who])
                    elapsed = timed(client, url.format(w=word, **values))
                    if i:
                        results[name][who].append(elapsed)
                        results[name][who + " cpu"].append((cpu_seconds(pids[who]) - before) * 1000)
                    elif who == "datasette" and elapsed > 1000:
                        slow.add(name)
    return results


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def report(results: Timings, n_claims: int, cpu: dict[str, float], load: tuple[str, str]) -> None:
    print(f"\n{n_claims:,} claims; milliseconds, median / p95; ratio = ours / Datasette (median)")
    print(f"load average (1, 5, 15 min) before: {load[0]}; after: {load[1]}")
    print("CPU: the server's CPU time per request, mean (clock ticks of 10 ms, so a mean of many)")
    print(
        f"| {'request':<32} | {'ours':>15} | {'Datasette':>15} | {'ratio':>5} "
        f"| {'CPU ours / theirs':>17} | {'ratio CPU':>9} | target |"
    )
    print(f"|{'-' * 34}|{'-' * 17}|{'-' * 17}|{'-' * 7}|{'-' * 19}|{'-' * 11}|--------|")
    for name, times in results.items():
        ours, theirs = times["ours"], times["datasette"]
        cpu_ours = statistics.fmean(times["ours cpu"])
        cpu_theirs = statistics.fmean(times["datasette cpu"]) if theirs else None
        cpus = f"{cpu_ours:.1f} / " + (f"{cpu_theirs:.1f}" if cpu_theirs is not None else "—")
        cpu_ratio = f"{cpu_ours / cpu_theirs:.2f}" if cpu_theirs else "—"
        mine = f"{statistics.median(ours):.1f} / {p95(ours):.1f}"
        other = f"{statistics.median(theirs):.1f} / {p95(theirs):.1f}" if theirs else "—"
        ratio = statistics.median(ours) / statistics.median(theirs) if theirs else None
        ok = statistics.median(ours) <= 50 and p95(ours) <= 150 and (ratio is None or ratio <= 1)
        print(
            f"| {name:<32} | {mine:>15} | {other:>15} | "
            f"{f'{ratio:.2f}' if ratio is not None else '—':>5} | {cpus:>17} | {cpu_ratio:>9} "
            f"| {'met' if ok else 'MISSED':<6} |"
        )
    print(f"server CPU over the run: ours {cpu['ours']:.1f} s, Datasette {cpu['datasette']:.1f} s")
    print("targets: median <= 50 ms, p95 <= 150 ms, ratio <= 1 where Datasette answers")


def sample_ids(path: Path) -> dict[str, Any]:
    """Ids the item and filter requests name: a claim, article, speaker and source in the middle."""
    con = sqlite3.connect(path)
    try:
        claim, article, speaker = con.execute(
            "SELECT id, article_id, speaker_id FROM claims WHERE speaker_id IS NOT NULL "
            "ORDER BY id LIMIT 1 OFFSET (SELECT count(*) / 2 FROM claims)"
        ).fetchone()
        source = con.execute(
            "SELECT source_id FROM citations WHERE claim_id >= ? ORDER BY claim_id LIMIT 1",
            (claim,),
        ).fetchone()[0]
    finally:
        con.close()
    return {"c": claim, "a": article, "s": speaker, "src": source}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=30, help="rounds of the whole matrix")
    parser.add_argument("--only", nargs="*", help="only the requests whose name contains a word")
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
        rows, values = matrix(path), sample_ids(path)
        if args.only:
            rows = [row for row in rows if any(word in row[0] for word in args.only)]
        with servers(path) as (ours, theirs):
            load = loadavg()
            cpu = {"ours": cpu_seconds(ours[1]), "datasette": cpu_seconds(theirs[1])}
            results = measure(ours, theirs, args.requests, rows, values)
            used = {
                "ours": cpu_seconds(ours[1]) - cpu["ours"],
                "datasette": cpu_seconds(theirs[1]) - cpu["datasette"],
            }
            report(results, args.claims, used, (load, loadavg()))


if __name__ == "__main__":
    main()
