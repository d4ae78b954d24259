"""Schemathesis against the graph operations of ``/openapi.json`` on the example knowledge base,
with every one of its checks (see tests/web/test_api_schema.py): generated requests, valid and
invalid, get no 5xx, only documented status codes, and valid ones are accepted."""

from __future__ import annotations

from factcheck.config import Settings
from factcheck.db.session import Database
from factcheck.web.app import create_app
from tests.web.test_api_schema import operations, run_every_check, schema_of


def test_graph_operations_hold_to_their_schema(settings: Settings, example_db: Database) -> None:
    schema = schema_of(create_app(settings, example_db))
    found = operations(schema, {"graph"})
    assert len(found) >= 9
    ran = [run_every_check(operation, {}, examples=8) for operation in found]
    assert sum(ran) >= len(found) + 7  # negative cases for most operations too
