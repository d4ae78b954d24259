"""A pipeline saved with ``nlp.to_disk`` and loaded with ``spacy.load`` in a fresh Python process
that runs outside the repository, so that spaCy can only find factcheck's components and rule
tables through the installed package's entry points."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

SCRIPT = """
import json, sys, spacy
nlp = spacy.load(sys.argv[1])
doc = nlp(sys.argv[2])
print(json.dumps({
    "pipe_names": nlp.pipe_names,
    "spans": {k: [[s.start_char, s.end_char, s.label_] for s in v] for k, v in doc.spans.items()},
}))
"""


def spans_of(doc: Doc) -> dict[str, list[list]]:
    """Every span group of ``doc`` as [start_char, end_char, label] lists."""
    return {k: [[s.start_char, s.end_char, s.label_] for s in v] for k, v in doc.spans.items()}


def reloaded(nlp: Language, folder: Path, text: str) -> dict:
    """``nlp`` saved under ``folder``, loaded and run on ``text`` in a fresh process: its
    ``pipe_names`` and the doc's ``spans`` (as ``spans_of`` gives them)."""
    nlp.to_disk(folder / "pipeline")
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(folder / "pipeline"), text],
        capture_output=True,
        text=True,
        check=True,
        cwd=folder,  # not the repository: the factories must come from the entry points
    )
    return json.loads(out.stdout)  # type: ignore[no-any-return]
