"""What the CLI and the web call: the whole graph and its report, cached while the data is unchanged.

Building the graph of 100,000 claims takes seconds, so the web app keeps the last graph and report
and rebuilds only when the database has changed. "Changed" is judged by a fingerprint: row counts,
highest ids and newest update times of the tables the graph reads, and, for a SQLite file, the size
and modification time of the file and its write-ahead log (every commit touches one of them); on
PostgreSQL, the next transaction id (every committed write moves it).
"""

from __future__ import annotations

import os
import threading
from typing import Any

import networkx as nx
from sqlalchemy import func, select, text

from factcheck.db.models import Article, Citation, Claim, Source, Speaker
from factcheck.db.session import Database
from factcheck.graph.build import build_graph
from factcheck.graph.report import full_report, run_analysis


def fingerprint(db: Database) -> tuple[Any, ...]:
    """A value that changes whenever the rows the graph is built from may have changed."""
    parts: list[Any] = []
    with db.engine.connect() as conn:
        for model in (Article, Claim, Citation, Source, Speaker):
            parts.append(tuple(conn.execute(select(func.count(), func.max(model.id))).one()))
        parts.append(conn.scalar(select(func.max(Claim.updated_at))))
        parts.append(conn.scalar(select(func.max(Article.updated_at))))
        if conn.dialect.name == "postgresql":
            # the next transaction id moves with every committed write (reads take none): an edit
            # in the same second as the newest updated_at is still seen
            parts.append(conn.scalar(text("SELECT pg_snapshot_xmax(pg_current_snapshot())")))
    path = db.engine.url.database if db.engine.dialect.name == "sqlite" else None
    if path and path != ":memory:":
        for name in (path, f"{path}-wal"):
            try:
                stat = os.stat(name)
            except OSError:
                continue
            parts.append((stat.st_size, stat.st_mtime_ns))
    return tuple(parts)


class GraphCache:
    """The last whole graph and its report, for one database; safe to share between threads."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._lock = threading.Lock()
        self._key: tuple[Any, ...] | None = None
        self._graph: nx.MultiDiGraph | None = None
        self._results: dict[str, Any] = {}

    def graph(self) -> nx.MultiDiGraph:
        """The graph of the whole knowledge base, rebuilt if the database changed."""
        with self._lock:
            return self._current()

    def analysis(self, name: str) -> Any:
        """One analysis of the whole graph (a name of ``report.ANALYSES``), cached with it."""
        with self._lock:
            graph = self._current()
            if name not in self._results:
                self._results[name] = run_analysis(graph, name)
            return self._results[name]

    def report(self) -> dict[str, Any]:
        with self._lock:
            graph = self._current()
            if "__report__" not in self._results:
                self._results["__report__"] = full_report(graph)
            return dict(self._results["__report__"])

    def _current(self) -> nx.MultiDiGraph:
        key = fingerprint(self.db)
        if self._graph is None or key != self._key:
            self._graph = build_graph(self.db)
            self._key = key
            self._results = {}
        return self._graph
