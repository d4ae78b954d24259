"""Schemathesis against the graph operations of ``/openapi.json`` on the example knowledge base:
generated requests, valid and invalid, get no 5xx and only documented status codes."""

from __future__ import annotations

from typing import Any

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import positive_data_acceptance

from factcheck.config import Settings
from factcheck.db.session import Database
from factcheck.web.app import create_app


def test_graph_operations_hold_to_their_schema(settings: Settings, example_db: Database) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(settings, example_db))
    operations = [
        op
        for op in (result.ok() for result in schema.get_all_operations())
        if "graph" in op.definition.raw.get("tags", ())
    ]
    assert len(operations) >= 9
    for operation in operations:
        _run(operation)


def _run(operation: Any) -> None:
    @given(case=operation.as_strategy())
    @settings(
        max_examples=8,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
    )
    def check(case: Any) -> None:
        # A valid-looking id may name no node (404) and a cursor may be malformed (400).
        case.call_and_validate(excluded_checks=[positive_data_acceptance])

    check()
