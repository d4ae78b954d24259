"""Schemathesis against ``/openapi.json`` of the app on a small real database, with every one of
its checks: no 5xx, only documented status codes, content types and shapes, every schema-valid
request accepted (``positive_data_acceptance``) and every schema-invalid one refused
(``negative_data_rejection``). So the schema and the behaviour agree: a constraint the API
enforces is written in the schema (enum, pattern, bounds), and what a schema cannot say (offsets
that do not fit the article's text, one offset without the other, a cursor that names no page) is
a documented 422 or 404, never a 400. Bounded: a fixed number of examples per operation and mode,
derandomized, so a run is repeatable and stays within a few minutes on a loaded machine."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.config import SchemathesisConfig

from factcheck.accounts.tokens import create_token
from factcheck.accounts.users import create_user
from factcheck.config import Settings
from factcheck.db.session import Database
from factcheck.web.app import create_app
from tests.api_data import seed
from tests.conftest import fresh_database_url

# Schemathesis's own default, plus 422: the API's documented answer to a request the schema
# allows but the stored text cannot take (factcheck.errors.Unprocessable). A 400 stays a failure.
ACCEPTED = ["2xx", "3xx", "401", "403", "404", "409", "422", "429"]
CONFIG = {"checks": {"positive_data_acceptance": {"expected-statuses": ACCEPTED}}}


def schema_of(app: Any) -> Any:
    """The app's OpenAPI schema, loaded by Schemathesis with every check on."""
    config = SchemathesisConfig.from_dict(CONFIG)
    return schemathesis.openapi.from_asgi("/openapi.json", app, config=config)


def operations(schema: Any, tags: set[str]) -> list[Any]:
    ops = [result.ok() for result in schema.get_all_operations()]
    return [op for op in ops if set(op.definition.raw.get("tags", ())) & tags]


def run_every_check(operation: Any, headers: dict[str, str], examples: int) -> int:
    """Positive and negative cases of one operation, every check of Schemathesis on each; how
    many modes ran (a negative case cannot be made for every operation: one without input, or
    whose only input is a free text in its path)."""
    ran = 0
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=examples,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def check(case: Any) -> None:
            case.call_and_validate(headers=headers)

        try:
            check()
        except Unsatisfiable:
            if mode is GenerationMode.POSITIVE:
                raise
            continue
        ran += 1
    return ran


@pytest.fixture(scope="module")
def api_schema(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    with fresh_database_url(backend, tmp_path_factory.mktemp("schema")) as url:
        db = Database(url)
        db.upgrade()
        seed(db, n_articles=2, per_article=6)
        with db.unit() as session:
            token = create_token(session, create_user(session, "schema", "editor", "x" * 12))
        app = create_app(Settings(database_url=url, secret_key="schema-key"), db)
        yield schema_of(app), token
        db.dispose()


# Every operation under /api/v1 but the graph's (tests/web/test_graph_api_schema.py runs those on
# the example knowledge base).
API_TAGS = {"claims", "articles", "sources", "speakers", "overview", "exports", "review"}


def test_the_api_and_its_schema_agree(api_schema: Any) -> None:
    schema, token = api_schema
    found = operations(schema, API_TAGS)
    assert len(found) >= 20
    ran = [run_every_check(op, {"Authorization": f"Bearer {token}"}, 12) for op in found]
    assert sum(ran) >= len(found) + 15  # negative cases for most operations too
