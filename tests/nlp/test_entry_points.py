"""spaCy finds every factcheck component through the package's entry points: a pipeline saved with
``nlp.to_disk`` loads with ``spacy.load`` in a fresh process that never imported factcheck."""

from __future__ import annotations

import importlib
import pkgutil
from importlib.metadata import entry_points
from pathlib import Path

from spacy.language import Language
from spacy.util import registry

import factcheck.nlp
from tests.nlp.roundtrip import reloaded, spans_of

TEXT = (
    "The harbour master said on Monday that the depot had leaked for weeks. "
    "Officials reportedly knew, according to a council report."
)


def test_a_saved_pipeline_loads_in_a_fresh_process(nlp: Language, tmp_path: Path) -> None:
    loaded = reloaded(nlp, tmp_path, TEXT)
    assert loaded["pipe_names"] == nlp.pipe_names
    assert [n for n in nlp.pipe_names if n.startswith("factcheck_")]
    assert loaded["spans"] == spans_of(nlp(TEXT))
    assert any(loaded["spans"].values())


def test_every_component_and_rule_table_has_an_entry_point() -> None:
    for module in pkgutil.iter_modules(factcheck.nlp.__path__, "factcheck.nlp."):
        importlib.import_module(module.name)  # registers what it declares
    factories = {n for n in registry.factories.get_all() if n.startswith("factcheck_")}
    tables = {n for n in registry.misc.get_all() if n.startswith("factcheck.")}
    assert factories and tables
    declared_factories = {e.name for e in entry_points(group="spacy_factories")}
    declared_tables = {e.name for e in entry_points(group="spacy_misc")}
    assert factories - declared_factories == set()
    assert tables - declared_tables == set()
