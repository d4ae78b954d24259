"""Hand-built parsed Docs for component tests that need no trained model.

A sentence is written one token per line: ``word POS dep head [lemma] [entity]``, where head is
the 0-based index of the head token (a root points at itself) and entity a BILUO-free label such as
``PERSON`` (consecutive tokens with the same label form one entity). A token ``\\n`` is a paragraph
break. Tokens are joined with single spaces except before punctuation and around line breaks.
"""

from __future__ import annotations

import spacy
from spacy.language import Language
from spacy.tokens import Doc

_NO_SPACE_BEFORE = {",", ".", ":", ";", "”", "'s", "n't", "?", "!", "%"}
_NO_SPACE_AFTER = {"“", "$"}


def blank_pipeline(*components: str) -> Language:
    """A blank English pipeline with the named factcheck components (no trained parts)."""
    import factcheck.nlp  # noqa: F401  (registers the factories)

    nlp = spacy.blank("en")
    for name in components:
        nlp.add_pipe(name)
    return nlp


def build_doc(nlp: Language, table: str) -> Doc:
    """A Doc with the tags, dependencies, lemmas and entities written in ``table``."""
    rows = [line.split() for line in table.strip().splitlines() if line.strip()]
    words = ["\n\n" if r[0] == "\\n" else r[0] for r in rows]
    spaces = [_space_after(words, i) for i in range(len(words))]
    pos = [r[1] for r in rows]
    deps = [r[2] for r in rows]
    heads = [int(r[3]) for r in rows]
    lemmas = [
        r[4] if len(r) > 4 and r[4] != "-" else w.lower() for r, w in zip(rows, words, strict=True)
    ]
    ents = _entity_tags([r[5] if len(r) > 5 else "O" for r in rows])
    return Doc(
        nlp.vocab,
        words=words,
        spaces=spaces,
        pos=pos,
        deps=deps,
        heads=heads,
        lemmas=lemmas,
        ents=ents,
    )


def run(nlp: Language, doc: Doc) -> Doc:
    """Apply every component of ``nlp`` to an already parsed Doc."""
    for _, component in nlp.pipeline:
        doc = component(doc)
    return doc


def _space_after(words: list[str], i: int) -> bool:
    if i + 1 >= len(words) or "\n" in words[i] or "\n" in words[i + 1]:
        return False
    return words[i + 1] not in _NO_SPACE_BEFORE and words[i] not in _NO_SPACE_AFTER


def _entity_tags(labels: list[str]) -> list[str]:
    tags = []
    for i, label in enumerate(labels):
        if label == "O":
            tags.append("O")
        else:
            tags.append(("I-" if i > 0 and labels[i - 1] == label else "B-") + label)
    return tags
