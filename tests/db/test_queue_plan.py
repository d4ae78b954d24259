"""The review queue's order is read from an index, not sorted: SQLite's plan for its queries
(SQLite only, as db/test_counts.py: PostgreSQL plans by its own statistics)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import event, text

from factcheck.db.session import Database
from factcheck.queries.queue import find_claim_id
from factcheck.web.params import queue_filters, queue_position


def _queue_statements(db: Database, params: dict[str, str]) -> list[tuple[str, Any]]:
    """The SQL that finding the queue's claim runs, with its parameters."""
    seen: list[tuple[str, Any]] = []

    def record(conn: Any, cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if "FROM claims" in statement and "ORDER BY" in statement:
            seen.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        with db.sessions() as session:
            find_claim_id(session, queue_filters(params), "ann", queue_position(params))
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    return seen


@pytest.mark.parametrize(
    "params",
    [{}, {"status": "disputed"}, {"after": "7"}, {"before": "7"}],
    ids=["first", "disputed", "after", "before"],
)
def test_the_queue_walks_the_status_and_score_index(example_db: Database, params: dict) -> None:
    statements = _queue_statements(example_db, params)
    assert statements
    with example_db.engine.connect() as conn:
        for statement, parameters in statements:
            plan = " ".join(
                row[-1]
                for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)
            )
            assert "ix_claims_live_queue" in plan and "TEMP B-TREE" not in plan, plan


def test_without_the_index_the_queue_would_sort(example_db: Database) -> None:
    """The check above can fail: dropping the index brings back the sort."""
    with example_db.engine.begin() as conn:
        conn.execute(text("DROP INDEX ix_claims_live_queue"))
    statement, parameters = _queue_statements(example_db, {})[0]
    with example_db.engine.connect() as conn:
        plan = " ".join(
            row[-1] for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)
        )
    assert "TEMP B-TREE" in plan
