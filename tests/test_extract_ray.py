"""The Ray engine (``factcheck/extract_ray.py``) on a local Ray with two workers: the same output
as the local engine, byte for byte; shards that a re-run does not write again; ingest on Ray."""

from __future__ import annotations

import json
import logging
import pickle
from collections.abc import Callable, Iterator
from pathlib import Path

import psutil
import pyarrow.parquet as pq
import pytest
import ray
from sqlalchemy import select
from typer.testing import CliRunner, Result

from factcheck.cli.common import app
from factcheck.db.models import Article, Claim, Speaker
from factcheck.db.session import Database
from factcheck.extract_ray import DoneHashes
from factcheck.store.articles import content_hash
from tests.cli.test_ingest import generated_article
from tests.conftest import fresh_database_url

pytestmark = [pytest.mark.model, pytest.mark.slow]

HTML = (
    "<html><head><title>Ferry timetable cut</title></head><body><article>"
    "<h1>Ferry timetable cut</h1>"
    "<p>The island ferry company said that it would drop the late sailing from October, "
    "<a href='https://example.org/timetable'>according to its new timetable</a>.</p>"
    "<p>“Fewer than ten people take the last boat,” said Petra Lind, its operations manager.</p>"
    "</article></body></html>"
)
JSONL_ARTICLES = [
    {
        "title": "Library hours",
        "text": "The county said the central library would close on "
        "Mondays from March. Librarian Omar Haddad said that visits had fallen by a fifth.",
    },
    {
        "title": "Bridge tolls",
        "text": "Drivers will pay a toll of 2 euros on the east bridge, "
        "the transport office said on Tuesday, adding that the money would pay for repairs.",
    },
    {
        "title": "School meals",
        "text": "“Every child will get a hot lunch,” said Mayor Rita "
        "Olsen. The council said that the plan would cost 1.2 million a year.",
    },
]


@pytest.fixture(scope="module")
def kill_marker(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Created by a test: the first Ray worker then found extracting a file kills itself."""
    return tmp_path_factory.mktemp("kill") / "kill-a-worker"


def killer(marker: Path) -> Callable[[], None]:
    """A setup hook for every Ray worker process: a thread that, once ``marker`` exists, waits
    until this process is inside ``Extractor.extract_file`` (a batch half done), takes the marker
    (renaming it to ``killed-PID``: one process wins) and sends itself SIGKILL."""

    def start() -> None:
        import os
        import signal
        import sys
        import threading
        import time

        def extracting() -> bool:
            for frame in sys._current_frames().values():
                while frame is not None:
                    if frame.f_code.co_name == "extract_file":
                        return True
                    frame = frame.f_back  # type: ignore[assignment]
            return False

        def watch() -> None:
            while True:
                time.sleep(0.02)
                if marker.exists() and extracting():
                    try:
                        marker.rename(marker.with_name(f"killed-{os.getpid()}"))
                    except FileNotFoundError:
                        continue  # another worker took it
                    os.kill(os.getpid(), signal.SIGKILL)

        threading.Thread(target=watch, daemon=True).start()

    return start


@pytest.fixture(scope="module")
def local_ray(kill_marker: Path) -> Iterator[None]:
    """A local Ray of two CPUs for the module (the engine reuses a Ray that is running)."""
    ray.init(
        num_cpus=2,
        include_dashboard=False,
        log_to_driver=False,
        logging_level=logging.ERROR,
        runtime_env={"worker_process_setup_hook": killer(kill_marker)},
    )
    yield
    ray.shutdown()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Eight articles in text, HTML and JSONL files, an unreadable file and one too long."""
    folder = tmp_path_factory.mktemp("corpus")
    files = []
    for n in range(4):
        files.append(folder / f"works-{n}.txt")
        files[-1].write_text(generated_article(n), encoding="utf-8")
    files.append(folder / "ferry.html")
    files[-1].write_text(HTML, encoding="utf-8")
    files.append(folder / "photo.txt")
    files[-1].write_bytes(b"\x89PNG\x00\x00\x01\x02")
    files.append(folder / "briefs.jsonl")
    files[-1].write_text("".join(json.dumps(a) + "\n" for a in JSONL_ARTICLES), encoding="utf-8")
    files.append(folder / "long.txt")
    files[-1].write_text("The tide rose again today. " * 40_000, encoding="utf-8")
    return files


def run(*args: str | Path, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(app, [str(a) for a in args], env=env, catch_exceptions=False)


@pytest.fixture(scope="module")
def local_output(corpus: list[Path]) -> Result:
    """``factcheck extract`` on the local engine: the output to match."""
    result = run("extract", "--jobs", "1", *corpus)
    assert result.exit_code == 1  # the two bad files
    return result


def test_ray_prints_what_the_local_engine_prints(
    local_ray: None, corpus: list[Path], local_output: Result
) -> None:
    result = run("extract", "--engine", "ray", "--jobs", "2", *corpus)
    assert result.exit_code == 1
    assert result.stdout == local_output.stdout
    assert result.stderr == local_output.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 8
    assert sum(len(json.loads(line)["claims"]) for line in lines) >= 8
    errors = result.stderr.splitlines()
    assert len(errors) == 2 and "photo.txt" in errors[0] and "long.txt" in errors[1]


def test_shards_hold_the_local_lines_and_a_re_run_writes_nothing(
    local_ray: None, corpus: list[Path], local_output: Result, tmp_path: Path
) -> None:
    out = tmp_path / "shards"
    first = run("extract", "--engine", "ray", "--output", out, "--shard-size", "3", *corpus)
    assert first.exit_code == 1 and "8 articles written" in first.stderr
    shards = sorted(out.glob("part-*.jsonl"))
    assert [p.name for p in shards] == [f"part-0000{i}.jsonl" for i in range(3)]
    assert "".join(p.read_text(encoding="utf-8") for p in shards) == local_output.stdout

    again = run("extract", "--engine", "ray", "--output", out, *corpus)
    assert "0 articles written" in again.stderr
    assert sorted(out.glob("part-*")) == shards

    extra = tmp_path / "extra.txt"
    extra.write_text(generated_article(11), encoding="utf-8")
    more = run("extract", "--engine", "ray", "--output", out, *corpus, extra)
    assert "1 articles written" in more.stderr
    assert json.loads((out / "part-00003.jsonl").read_text(encoding="utf-8"))["path"] == str(extra)


def test_workers_ask_sharded_actors_for_done_hashes_and_never_hold_them(local_ray: None) -> None:
    hashes = [content_hash(f"article {n}") for n in range(50_000)]
    done = DoneHashes.load(set(hashes), per_shard=20_000)
    assert len(done.shards) == 3
    assert len(pickle.dumps(done)) < 10_000  # what each worker is given (the set: 3.7 MB)
    asked = [*hashes[::997], content_hash("an article not seen")]
    assert done.known(asked) == set(hashes[::997])
    assert DoneHashes.load(set()).known(asked) == set()


def test_parquet_shards_hold_the_same_records(
    local_ray: None, corpus: list[Path], local_output: Result, tmp_path: Path
) -> None:
    out = tmp_path / "parquet"
    result = run(
        "extract", "--engine", "ray", "--output", out, "--shard-format", "parquet", *corpus
    )
    assert result.exit_code == 1
    table = pq.read_table(out / "part-00000.parquet")
    assert table.column_names == ["path", "content_hash", "record"]
    assert "".join(r + "\n" for r in table.column("record").to_pylist()) == local_output.stdout


def test_a_killed_worker_and_a_runaway_article_leave_the_output_as_the_local_engine_s(
    local_ray: None, kill_marker: Path, tmp_path: Path
) -> None:
    """A worker process killed (SIGKILL) half-way through a batch is started again and the batch
    run again; an article over its time budget inside a worker is a named failure."""
    files = []
    for n in range(4):
        files.append(tmp_path / f"works-{n}.txt")
        files[-1].write_text(generated_article(20 + n), encoding="utf-8")
    files.insert(2, tmp_path / "runaway.txt")
    files[2].write_text("he said " * 8_000, encoding="utf-8")  # seconds of parsing
    budget = {"FACTCHECK_MAX_ARTICLE_SECONDS": "0.5"}
    local = run("extract", "--jobs", "1", *files, env=budget)
    kill_marker.touch()
    on_ray = run("extract", "--engine", "ray", "--jobs", "2", *files, env=budget)
    (killed,) = kill_marker.parent.glob("killed-*")
    assert not psutil.pid_exists(int(killed.name.split("-")[1]))
    assert (on_ray.exit_code, on_ray.stdout) == (1, local.stdout)
    assert len(on_ray.stdout.splitlines()) == 4
    (error,) = [line for line in on_ray.stderr.splitlines() if line.startswith("factcheck:")]
    assert error == local.stderr.strip()  # Ray adds lines of its own about the lost worker
    assert "runaway.txt" in error and "more than 0.5 CPU seconds" in error


def stored_claims(url: str) -> set[tuple[str, int, int, str, str | None]]:
    db = Database(url)
    try:
        with db.sessions() as session:
            rows = session.execute(
                select(Article.source_path, Claim.start, Claim.end, Claim.text, Speaker.name)
                .join(Article, Article.id == Claim.article_id)
                .outerjoin(Speaker, Speaker.id == Claim.speaker_id)
            ).all()
    finally:
        db.dispose()
    return {tuple(row) for row in rows}  # type: ignore[misc]


def test_ingest_on_ray_stores_what_the_local_engine_stores(
    local_ray: None, corpus: list[Path], backend: str, db_url: str, tmp_path: Path
) -> None:
    env = {"FACTCHECK_DATABASE_URL": db_url}
    assert run("db", "upgrade", env=env).exit_code == 0
    on_ray = run("ingest", "--engine", "ray", "--jobs", "2", *corpus, env=env)
    assert on_ray.exit_code == 1
    assert "8 new, 0 unchanged, 0 updated, 2 failed" in on_ray.stdout
    (tmp_path / "local").mkdir()
    with fresh_database_url(backend, tmp_path / "local") as local_url:
        local_env = {"FACTCHECK_DATABASE_URL": local_url}
        assert run("db", "upgrade", env=local_env).exit_code == 0
        local = run("ingest", *corpus, env=local_env)
        assert "8 new, 0 unchanged, 0 updated, 2 failed" in local.stdout
        expected = stored_claims(local_url)
    assert len(expected) >= 8
    assert stored_claims(db_url) == expected

    again = run("ingest", "--engine", "ray", *corpus, env=env)
    assert "0 new, 8 unchanged, 0 updated, 2 failed" in again.stdout
