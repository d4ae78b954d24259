"""Schemathesis against ``/openapi.json`` of the app on a small real database: generated requests,
valid and invalid, get no 5xx and no response that breaks the documented schema. Bounded: a few
examples per operation, so the whole run stays within a minute."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import positive_data_acceptance

from factcheck.accounts.tokens import create_token
from factcheck.accounts.users import create_user
from factcheck.config import Settings
from factcheck.db.session import Database
from factcheck.web.app import create_app
from tests.api_data import seed
from tests.conftest import fresh_database_url

# The operations of factcheck.web.api (the other routers under /api/v1 have their own tests).
API_TAGS = {"claims", "articles", "sources", "speakers", "overview", "exports"}


@pytest.fixture(scope="module")
def api_schema(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    with fresh_database_url(backend, tmp_path_factory.mktemp("schema")) as url:
        db = Database(url)
        db.upgrade()
        seed(db, n_articles=2, per_article=6)
        with db.unit() as session:
            token = create_token(session, create_user(session, "schema", "reviewer", "x" * 12))
        app = create_app(Settings(database_url=url, secret_key="schema-key"), db)
        yield schemathesis.openapi.from_asgi("/openapi.json", app), token
        db.dispose()


def test_no_server_errors_and_responses_match_the_schema(api_schema: Any) -> None:
    schema, token = api_schema
    operations = [
        op
        for op in (result.ok() for result in schema.get_all_operations())
        if set(op.definition.raw.get("tags", ())) & API_TAGS
    ]
    assert len(operations) >= 15
    for operation in operations:
        _run(operation, {"Authorization": f"Bearer {token}"})


def _run(operation: Any, headers: dict[str, str]) -> None:
    @given(case=operation.as_strategy())
    @settings(
        max_examples=12,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
    )
    def check(case: Any) -> None:
        # A schema cannot say which opaque cursors exist, so a schema-valid request may rightly get a
        # 400 ("malformed cursor"); every other default check runs.
        case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])

    check()
