"""spaCy finds every factcheck component through the package's entry points: a pipeline saved with
``nlp.to_disk`` loads with ``spacy.load`` in a fresh process that never imported factcheck."""

from __future__ import annotations

import importlib
import json
import pkgutil
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

from spacy.language import Language
from spacy.util import registry

import factcheck.nlp

TEXT = (
    "The harbour master said on Monday that the depot had leaked for weeks. "
    "Officials reportedly knew, according to a council report."
)
SCRIPT = """
import json, sys, spacy
nlp = spacy.load(sys.argv[1])
doc = nlp(sys.argv[2])
print(json.dumps({
    "pipe_names": nlp.pipe_names,
    "spans": {k: [[s.start_char, s.end_char, s.label_] for s in v] for k, v in doc.spans.items()},
}))
"""


def _spans(nlp: Language) -> dict[str, list[list]]:
    doc = nlp(TEXT)
    return {k: [[s.start_char, s.end_char, s.label_] for s in v] for k, v in doc.spans.items()}


def test_a_saved_pipeline_loads_in_a_fresh_process(nlp: Language, tmp_path: Path) -> None:
    nlp.to_disk(tmp_path / "pipeline")
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path / "pipeline"), TEXT],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,  # not the repository: the factories must come from the entry points
    )
    loaded = json.loads(out.stdout)
    assert loaded["pipe_names"] == nlp.pipe_names
    assert [n for n in nlp.pipe_names if n.startswith("factcheck_")]
    assert loaded["spans"] == _spans(nlp)
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
