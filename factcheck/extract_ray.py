"""The extraction on Ray Data (``extract --engine ray``, ``ingest --engine ray``), for archives.

The driver lists the input files; a pool of Ray actors, each loading the spaCy pipeline once,
reads batches of files and runs the same extraction as the local engine (``extract_articles``),
returning the same plain records (``ExtractedArticle``, pickled) in input order. A file that cannot
be read, or an article that cannot be extracted, comes back as an error row naming it, so one bad
article never ends the run, nor does one over its time budget (``FACTCHECK_MAX_ARTICLE_SECONDS``,
which holds on the actor's own thread). A worker process that dies (killed, out of memory) is
started again by Ray and its batch is run again (Ray Data's defaults for an actor pool, without a
limit). Articles whose content hash the caller already has (written shards, stored articles) are
skipped before they are parsed: the workers ask actors that hold those hashes, a shard each, and
never receive the set.

``RAY_ADDRESS`` (or ``address``) names an existing cluster, whose workers need factcheck and the
pipeline installed and the input files at the same paths; with neither, a local Ray instance is
started with ``workers`` CPUs. Ray is imported only here, and only when this engine runs: it is the
optional ``cluster`` extra.
"""

from __future__ import annotations

import logging
import os
import pickle
import sys
from collections.abc import Collection, Iterable, Iterator
from contextlib import contextmanager, redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from factcheck.config import Settings
from factcheck.errors import InputError
from factcheck.records import Article, ExtractedArticle
from factcheck.store.articles import content_hash
from factcheck.streams import batched

FILES_PER_BATCH = 4  # files a worker takes at a time (a JSONL file may hold many articles)
HASHES_PER_SHARD = 1_000_000  # done content hashes an actor holds (about 64 MB of them)


@dataclass(frozen=True)
class ExtractSettings:
    """What every worker needs to extract as the local engine does (from ``Settings``)."""

    model: str
    attribution: str
    max_bytes: int
    max_seconds: float | None = None
    batch_size: int = 16

    @classmethod
    def of(cls, settings: Settings, batch_size: int = 16) -> ExtractSettings:
        return cls(
            model=settings.spacy_model,
            attribution=settings.attribution,
            max_bytes=settings.max_file_bytes,
            max_seconds=settings.max_article_seconds,
            batch_size=batch_size,
        )


@dataclass(frozen=True)
class Outcome:
    """One row back from the workers: an extracted article, a skipped one, or an error."""

    path: str
    content_hash: str = ""
    result: ExtractedArticle | None = None  # None: skipped (its hash was known) or failed
    error: str = ""  # the one-line reason, naming the file


class DoneHashes:
    """The content hashes already done (written shards, stored articles), held by Ray actors, a
    shard of them each (by hash), that the workers ask about each batch's articles: a worker never
    receives the set (64 bytes a hash, 640 MB at 10 million articles), only these handles."""

    def __init__(self, shards: list[Any]) -> None:
        self.shards = shards

    @classmethod
    def load(cls, hashes: Collection[str], per_shard: int = HASHES_PER_SHARD) -> DoneHashes:
        """Actors holding ``hashes``, at most about ``per_shard`` each (none for none)."""
        import ray

        shard_class = ray.remote(num_cpus=0)(_DoneShard)
        done = cls([shard_class.remote() for _ in range(-(-len(hashes) // per_shard))])
        filled = []
        for chunk in batched(hashes, 100_000):
            for shard, keys in done._by_shard(chunk).items():
                filled.append(done.shards[shard].add.remote(keys))
        ray.get(filled)
        return done

    def known(self, keys: list[str]) -> set[str]:
        """Those of ``keys`` that are done."""
        if not self.shards or not keys:
            return set()
        import ray

        asked = [self.shards[shard].known.remote(ks) for shard, ks in self._by_shard(keys).items()]
        return {key for reply in ray.get(asked) for key in reply}

    def _by_shard(self, keys: Iterable[str]) -> dict[int, list[str]]:
        out: dict[int, list[str]] = {}
        for key in keys:
            out.setdefault(int(key[:8], 16) % len(self.shards), []).append(key)
        return out


class _DoneShard:
    """A Ray actor: one shard of the done content hashes."""

    def __init__(self) -> None:
        self.hashes: set[str] = set()

    def add(self, keys: list[str]) -> None:
        self.hashes.update(keys)

    def known(self, keys: list[str]) -> list[str]:
        return [key for key in keys if key in self.hashes]


class Extractor:
    """A Ray actor: the pipeline, loaded once, applied to batches of files."""

    def __init__(self, settings: ExtractSettings, done: DoneHashes) -> None:
        from factcheck.nlp import build_nlp

        self.nlp = build_nlp(settings.model, attribution_mode=settings.attribution)
        self.settings = settings
        self.done = done

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[bytes]]:
        files = [(Path(str(path)), self.read(Path(str(path)))) for path in batch["path"]]
        keyed = [
            [(article, content_hash(article.text)) for article in articles]
            for _, articles in files
            if not isinstance(articles, str)
        ]
        done = self.done.known([key for articles in keyed for _, key in articles])
        readable = iter(keyed)
        outcomes: list[Outcome] = []
        for path, articles in files:
            if isinstance(articles, str):
                outcomes.append(Outcome(str(path), error=articles))
            else:
                outcomes.extend(self.extract_file(next(readable), done))
        return {"outcome": [pickle.dumps(o, protocol=pickle.HIGHEST_PROTOCOL) for o in outcomes]}

    def read(self, path: Path) -> list[Article] | str:
        """The articles of one file, or why it cannot be read."""
        from factcheck.ingest.files import read_articles

        try:
            return read_articles(path, max_bytes=self.settings.max_bytes)
        except InputError as exc:
            return exc.message

    def extract_file(self, articles: list[tuple[Article, str]], done: set[str]) -> list[Outcome]:
        """Every article of one file, in order: extracted, skipped (``done``), or failed."""
        from factcheck.extract import check_length

        outcomes: list[Outcome] = []
        todo: list[tuple[int, Article, str]] = []
        for article, key in articles:
            if key in done:
                outcomes.append(Outcome(article.path, key))
                continue
            try:
                check_length(article, self.nlp)
            except InputError as exc:
                outcomes.append(Outcome(article.path, key, error=exc.message))
                continue
            todo.append((len(outcomes), article, key))
            outcomes.append(Outcome(article.path, key))
        for (at, article, key), result in zip(todo, self._extract(todo), strict=True):
            if isinstance(result, str):
                outcomes[at] = Outcome(article.path, key, error=result)
            else:
                outcomes[at] = Outcome(article.path, key, result=result)
        return outcomes

    def _extract(self, todo: list[tuple[int, Article, str]]) -> list[ExtractedArticle | str]:
        """The records of each article, or the reason it has none (over its time budget, or an
        error of the pipeline: then each article is run alone, to keep the others)."""
        articles = [article for _, article, _ in todo]
        try:
            return self._run(articles)
        except Exception:  # noqa: BLE001
            return [self._one(article) for article in articles]

    def _run(self, articles: list[Article]) -> list[ExtractedArticle | str]:
        from factcheck.extract import extract_articles

        failed: dict[str, str] = {}

        def report(exc: InputError) -> None:
            failed[exc.path or ""] = exc.message

        extracted = extract_articles(
            articles,
            self.nlp,
            batch_size=self.settings.batch_size,
            max_seconds=self.settings.max_seconds,
            on_error=report,
        )
        results = list(extracted)[::-1]
        return [failed[a.path] if a.path in failed else results.pop() for a in articles]

    def _one(self, article: Article) -> ExtractedArticle | str:
        try:
            return self._run([article])[0]
        except Exception as exc:  # noqa: BLE001
            return f"{article.path}: not extracted: {type(exc).__name__}: {exc}"


def start_ray(address: str | None, workers: int) -> Any:
    """Connect to ``address`` (or ``RAY_ADDRESS``), else start a local Ray with ``workers`` CPUs."""
    import ray

    target = address or os.environ.get("RAY_ADDRESS") or None
    if not ray.is_initialized():
        options: dict[str, Any] = {"log_to_driver": False, "logging_level": logging.WARNING}
        if target is None:
            options.update(num_cpus=workers, include_dashboard=False)
        ray.init(address=target, **options)
    context = ray.data.DataContext.get_current()  # imports Ray Data, which sets up its logs
    for handler in logging.getLogger("ray.data").handlers:
        if isinstance(handler, logging.StreamHandler):  # the console, not Ray's session log file
            handler.setLevel(logging.ERROR)  # stderr is for the failures of articles
    context.execution_options.preserve_order = True  # input order, as the local engine
    context.enable_progress_bars = False
    return ray


@contextmanager
def ray_prints_to_stderr() -> Iterator[TextIO]:
    """Stdout as it was, for the records, while ``sys.stdout`` is stderr: Ray's driver prints
    messages of its own there (a worker lost, its batch retried), and stdout is for records."""
    records = sys.stdout
    with redirect_stdout(sys.stderr):
        yield records


def extract_on_ray(
    files: Iterable[Path],
    settings: ExtractSettings,
    *,
    workers: int = 2,
    skip: Collection[str] = (),
    address: str | None = None,
) -> Iterator[Outcome]:
    """Every article of ``files`` extracted on Ray by ``workers`` actors, streamed back in input
    order as ``Outcome`` rows; those whose content hash is in ``skip`` come back skipped."""
    paths = [str(p) for p in files]
    if not paths:
        return
    ray = start_ray(address, workers)
    done = DoneHashes.load(skip)
    items = [{"path": p} for p in paths]
    blocks = max(1, -(-len(paths) // FILES_PER_BATCH))
    dataset = ray.data.from_items(items, override_num_blocks=blocks)
    extracted = dataset.map_batches(
        Extractor,
        fn_constructor_kwargs={"settings": settings, "done": done},
        compute=ray.data.ActorPoolStrategy(size=workers),
        batch_size=FILES_PER_BATCH,
        batch_format="numpy",
        num_cpus=1,
    )  # a lost actor restarted, its batch retried: Ray Data's defaults (max_restarts and
    # max_task_retries -1; passing them is deprecated since Ray 2.60); a test kills a worker
    for batch in extracted.iter_batches(batch_size=None, batch_format="numpy"):
        for data in batch["outcome"]:
            yield pickle.loads(data)


class ShardWriter:
    """Records written to ``folder`` in shards of ``shard_size`` articles, JSONL or Parquet.

    A JSONL shard holds the lines of ``factcheck extract --format jsonl``; a Parquet shard one row
    per article (``path``, ``content_hash``, ``record``: that same line). A shard is written under a
    temporary name and renamed when complete; then the content hashes of its articles are appended
    to ``folder/_written``. A re-run reads that file and skips those articles, so an interrupted
    run resumes and a finished one writes nothing new.
    """

    def __init__(self, folder: Path, shard_format: str = "jsonl", shard_size: int = 1000) -> None:
        self.folder = folder
        self.format = shard_format
        self.shard_size = shard_size
        folder.mkdir(parents=True, exist_ok=True)
        self.index = folder / "_written"
        numbers = [int(p.name.split(".")[0].split("-")[1]) for p in folder.glob("part-*.*")]
        self.next_number = max(numbers) + 1 if numbers else 0
        self.pending: list[tuple[str, ExtractedArticle]] = []
        self.written = 0

    def done(self) -> set[str]:
        """The content hashes of the articles already in complete shards."""
        if not self.index.exists():
            return set()
        return set(self.index.read_text(encoding="utf-8").split())

    def add(self, key: str, result: ExtractedArticle) -> None:
        self.pending.append((key, result))
        if len(self.pending) >= self.shard_size:
            self.flush()

    def flush(self) -> None:
        """Write what is pending as one complete shard."""
        if not self.pending:
            return
        name = self.folder / f"part-{self.next_number:05d}.{self.format}"
        partial = name.with_name(f".{name.name}.partial")
        if self.format == "parquet":
            self._write_parquet(partial)
        else:
            lines = "".join(result.to_jsonl() + "\n" for _, result in self.pending)
            partial.write_text(lines, encoding="utf-8")
        partial.replace(name)
        with self.index.open("a", encoding="utf-8") as handle:
            handle.write("".join(f"{key}\n" for key, _ in self.pending))
        self.written += len(self.pending)
        self.next_number += 1
        self.pending = []

    def _write_parquet(self, target: Path) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.table(
            {
                "path": [r.article.path for _, r in self.pending],
                "content_hash": [key for key, _ in self.pending],
                "record": [r.to_jsonl() for _, r in self.pending],
            }
        )
        pq.write_table(table, target)
