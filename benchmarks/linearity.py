"""Linearity: time per 1k characters of reading + extraction, from 1 KB to 1 MB, on normal and
adversarial texts, as a ratio against spaCy's bare parse of the same text in the same run.

    .venv/bin/python benchmarks/linearity.py [--max-size 1000000] [--shapes said,according,...]
        [--sizes 16000,1000000]

For each shape and size: the article is read (``parse_plain`` for text, ``parse_html`` for the
HTML shapes: that is the ingest stage), then extracted with the full pipeline
(``extract_articles``); the bare parse is ``spacy.load(model)`` on the article's text. Times are
CPU seconds of this process (the machine is shared; wall time mostly measures the neighbours).

A stage that is quadratic shows as a full/bare ratio that grows with the size. Goal: at every
size from 16 KB up the ratio stays <= 2.0 (before the fix of issue 16: 13x at 64 KB of
"he said "), and the per-1k time of the full run at the largest size is at most 2x the one at 16 KB
times the same growth of the bare parse.

Shapes: ``normal`` (the example articles, repeated), ``said`` ("he said " repeated: one long
nested sentence), ``according`` ("According to X, " repeated), ``punctuation`` (seeded random
punctuation), ``quotes`` (unbalanced quotation marks between words), ``paragraphs`` (thousands
of one-line paragraphs), ``html_links`` (one paragraph of links), ``html_entities``.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

import spacy

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from factcheck.config import Settings  # noqa: E402
from factcheck.extract import extract_articles  # noqa: E402
from factcheck.ingest.html import parse_html  # noqa: E402
from factcheck.ingest.text import parse_plain  # noqa: E402
from factcheck.nlp import build_nlp  # noqa: E402
from factcheck.records import Article  # noqa: E402

RATIO_GOAL = 2.0
GROWTH_GOAL = 2.0
SIZES = (1_000, 4_000, 16_000, 64_000, 256_000, 1_000_000)


def _repeat(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def _examples(size: int) -> str:
    texts = [p.read_text(encoding="utf-8") for p in sorted((REPO / "examples").rglob("*.txt"))]
    return _repeat("\n\n".join(texts) + "\n\n", size)


def _punctuation(size: int) -> str:
    rng = random.Random(16)
    return "".join(rng.choice("!?.,;:\"'()[]-—–…“”‘’/*&%$#@") for _ in range(size))


def _html(inner_unit: str, size: int) -> str:
    head = "<html><head><title>Linearity</title></head><body><article><p>"
    tail = "</p></article></body></html>"
    body = inner_unit * max(1, (size - len(head) - len(tail)) // len(inner_unit))
    return head + body + tail


SHAPES: dict[str, tuple[str, Callable[[int], str]]] = {
    "normal": ("text", _examples),
    "said": ("text", lambda n: _repeat("he said ", n)),
    "according": ("text", lambda n: _repeat("According to X, ", n)),
    "punctuation": ("text", _punctuation),
    "quotes": ("text", lambda n: _repeat('word " said “ she ” ', n)),
    "paragraphs": ("text", lambda n: _repeat("Officials said so.\n\n", n)),
    "and_said": ("text", lambda n: _repeat("and said that ", n)),  # finite verbs with no subject
    # organisations named and referred to again ("it"): in sentences, and in one run-on sentence
    "org_it": ("text", lambda n: _repeat("Acme Holdings said it would appeal. ", n)),
    "org_run": ("text", lambda n: _repeat("Acme Holdings said it would appeal, and ", n)),
    "transcript": (
        "text",
        lambda n: _repeat(
            "Q: Why did the ferry stop?\n\nA: The engine failed, the crew said.\n\n"
            "Lena Dahl: We will have it rebuilt by May.\n\n",
            n,
        ),
    ),
    "html_links": ("html", lambda n: _html('<a href="https://example.org/a">word</a> ', n)),
    "html_entities": ("html", lambda n: _html("&amp;&lt;&#8220;&gt; ", n)),
}


def cpu(run: Callable[[], object]) -> tuple[float, object]:
    start = time.process_time()
    result = run()
    return time.process_time() - start, result


def measure(kind: str, raw: str, bare: spacy.Language, full: spacy.Language) -> dict[str, float]:
    """CPU seconds of reading, extracting and the bare parse of one input."""

    def read() -> Article:
        return parse_html(raw, path="x.html") if kind == "html" else parse_plain(raw, path="x.txt")

    read_s, article = cpu(read)
    assert isinstance(article, Article)
    extract_s, _ = cpu(lambda: list(extract_articles([article], full)))
    bare_s, _ = cpu(lambda: bare(article.text))
    return {"read": read_s, "extract": extract_s, "bare": bare_s, "chars": len(raw)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--max-size", type=int, default=SIZES[-1], help="largest input, characters")
    ap.add_argument("--shapes", default=",".join(SHAPES), help="comma-separated shape names")
    ap.add_argument(
        "--sizes",
        default=",".join(map(str, SIZES)),
        help="comma-separated sizes in characters (16000 and a larger one give the growth)",
    )
    args = ap.parse_args(argv)

    model = Settings().spacy_model
    bare = spacy.load(model)
    full = build_nlp(model)
    sizes = [s for s in map(int, args.sizes.split(",")) if s <= args.max_size]
    measure("text", _examples(2_000), bare, full)  # warm up (and import trafilatura)
    measure("html", SHAPES["html_links"][1](2_000), bare, full)
    print(f"model {model}; CPU ms per 1k characters; ratio = (read + extract) / bare parse")
    print(f"{'shape':14} {'size':>9} {'read':>8} {'extract':>8} {'bare':>8} {'ratio':>6}")
    failures = []
    for name in args.shapes.split(","):
        kind, make = SHAPES[name]
        rows = []
        for size in sizes:
            m = measure(kind, make(size), bare, full)
            per_k = {k: 1000 * m[k] / (m["chars"] / 1000) for k in ("read", "extract", "bare")}
            ratio = (m["read"] + m["extract"]) / max(m["bare"], 1e-6)
            rows.append((size, per_k, ratio))
            print(
                f"{name:14} {size:>9,} {per_k['read']:8.2f} {per_k['extract']:8.2f} "
                f"{per_k['bare']:8.2f} {ratio:6.2f}",
                flush=True,
            )
        big = [r for r in rows if r[0] >= 16_000]
        if big:
            worst = max(r[2] for r in big)
            first, last = big[0], big[-1]
            full_growth = (last[1]["read"] + last[1]["extract"]) / max(
                first[1]["read"] + first[1]["extract"], 1e-9
            )
            bare_growth = last[1]["bare"] / max(first[1]["bare"], 1e-9)
            growth = full_growth / max(bare_growth, 1e-9)
            ok = worst <= RATIO_GOAL and growth <= GROWTH_GOAL
            print(
                f"{name:14} worst ratio {worst:.2f} (goal <= {RATIO_GOAL}), per-1k growth "
                f"16 KB -> {last[0]:,}: {full_growth:.2f}x vs bare {bare_growth:.2f}x "
                f"(goal <= {GROWTH_GOAL}x bare) {'ok' if ok else 'OVER GOAL'}"
            )
            if not ok:
                failures.append(name)
    print("all shapes linear" if not failures else f"over goal: {', '.join(failures)}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
