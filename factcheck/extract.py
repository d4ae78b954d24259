"""Doc -> plain records: the only place that turns the spaCy pipeline's output into data.

Offsets in the records are character offsets into ``Article.text`` and ``text ==
article.text[start:end]`` holds for every claim, speaker, cue, hedge and evidence item. The
pipeline parses a copy of the text in which a few characters that confuse the parser (no-break and
other odd spaces, carriage returns) are replaced one for one by plain ones, so offsets carry over
unchanged; the strings in the records are always cut from the original text.
"""

from __future__ import annotations

import multiprocessing
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from multiprocessing.pool import AsyncResult
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from factcheck.budget import Expired, within_budget
from factcheck.errors import InputError
from factcheck.nlp.attribution import CLAIMS_KEY
from factcheck.nlp.claim_context import doc_length, span_extension
from factcheck.nlp.doc_index import forget_doc, remember_text
from factcheck.nlp.evidence_sources import PUBLISHER_KEY
from factcheck.nlp.patterns import boilerplate_patterns_v2
from factcheck.nlp.quotes import paragraph_bounds
from factcheck.records import (
    Article,
    ClaimRecord,
    Cue,
    Evidence,
    ExtractedArticle,
    Hedge,
    SpeakerRef,
)
from factcheck.streams import batched

# one-for-one replacements, so that offsets into the parsed copy are offsets into the original
_SPACE_LIKE = {
    c: " " for c in "\u00a0\u2007\u202f\u2009\u200a\u2002\u2003\u2004\u2005\u2006\u3000\r\t\f\v"
}
_ZERO_WIDTH = {c: " " for c in "\u200b\u200c\u200d\ufeff\u2060"}
# a lone surrogate (possible in a Python str, never in a decoded file) would stop the tokenizer
_SURROGATES = {chr(c): "\ufffd" for c in range(0xD800, 0xE000)}
_NORMALIZE = str.maketrans({**_SPACE_LIKE, **_ZERO_WIDTH, **_SURROGATES})
_BOILERPLATE = [re.compile(p, re.IGNORECASE) for p in boilerplate_patterns_v2()]


def parse_text(text: str) -> str:
    """The copy of ``text`` the pipeline parses: same length, odd spaces made plain."""
    return text.translate(_NORMALIZE)


def skip_regions(article: Article) -> list[tuple[int, int]]:
    """Headings, bylines, captions and boilerplate: the regions that never yield claims."""
    regions = [tuple(r) for r in (*article.headings, *article.boilerplate)]
    for start, end in paragraph_bounds(article.text):
        if any(p.search(article.text[start:end]) for p in _BOILERPLATE):
            regions.append((start, end))
    return sorted({(int(s), int(e)) for s, e in regions})


def check_length(article: Article, nlp: Language) -> None:
    """Raise InputError when the article is longer than the pipeline accepts (``nlp.max_length``)."""
    if len(article.text) > nlp.max_length:
        raise InputError(
            f"too long to extract: {len(article.text):,} characters, over the pipeline's limit "
            f"of {nlp.max_length:,}",
            path=article.path or None,
        )


def make_doc(article: Article, nlp: Language) -> Doc:
    """A tokenized Doc of the article with ``fc_skip`` and ``fc_links`` set, ready for the pipeline.

    Raises InputError when the article is too long for the pipeline (see ``check_length``).
    """
    check_length(article, nlp)
    text = parse_text(article.text)
    doc = nlp.make_doc(text)
    remember_text(doc, text)  # the tokenizer keeps the text: no component joins the tokens again
    doc._.fc_skip = skip_regions(article)
    doc._.fc_links = [{"start": ln.start, "end": ln.end, "href": ln.href} for ln in article.links]
    if article.publisher:  # the article's own outlet: "told the Echo", "as the Courier reported"
        doc.user_data[PUBLISHER_KEY] = article.publisher
    return doc


def extract_articles(
    articles: Iterable[Article],
    nlp: Language,
    *,
    n_process: int = 1,
    batch_size: int = 16,
    max_seconds: float | None = None,
    on_error: Callable[[InputError], None] | None = None,
) -> Iterator[ExtractedArticle]:
    """Extract claims from each article, streaming and in input order (``n_process`` workers).

    With several processes (where the platform can fork), each worker runs the whole extraction,
    Doc to records, and sends back only the plain records: shipping Docs back to this process, as
    ``nlp.pipe(n_process=...)`` does, costs about as much as the parse saves. At most two batches
    per worker are in flight, so memory stays flat however many articles stream through.

    ``max_seconds`` is a budget of CPU seconds per article (``FACTCHECK_MAX_ARTICLE_SECONDS``): a
    batch gets the budget of all its articles; a batch over it is run again one article at a time,
    and an article over its own budget becomes an ``ArticleTimeout`` passed to ``on_error`` (raised
    when there is none) while the others are extracted. The budget holds on any thread
    (``factcheck.budget``: a Ray actor runs its calls off the main thread).

    An article longer than ``nlp.max_length`` raises InputError when its turn comes; callers that
    must go on past it check ``check_length`` first.
    """
    budget = max_seconds or None
    if n_process > 1 and "fork" in multiprocessing.get_all_start_methods():
        results = _extract_in_workers(articles, nlp, n_process, batch_size, budget)
    else:
        results = (
            item
            for batch in batched(articles, batch_size)
            for item in _run_batch(batch, nlp, budget)
        )
    for item in results:
        if isinstance(item, InputError):
            if on_error is None:
                raise item
            on_error(item)
        else:
            yield item


class ArticleTimeout(InputError):
    """An article took longer than the per-article time budget; it was skipped."""


def _run_batch(
    batch: list[Article], nlp: Language, budget: float | None
) -> list[ExtractedArticle | InputError]:
    """A batch through the pipeline within its budget; over it, or when it fails, each article on
    its own, so that the one at fault is named and the others are extracted."""

    def whole() -> list[ExtractedArticle | InputError]:
        docs = [make_doc(article, nlp) for article in batch]
        parsed = nlp.pipe(docs, batch_size=len(batch))
        return [doc_to_records(doc, article) for doc, article in zip(parsed, batch, strict=True)]

    try:
        return within_budget(budget * len(batch) if budget else None, whole)
    except (Expired, Exception):
        pass  # find the article at fault: each on its own, the others still extracted
    results: list[ExtractedArticle | InputError] = []
    for article in batch:
        try:
            results.append(within_budget(budget, partial(_extract_one, article, nlp)))
        except Expired:
            results.append(
                ArticleTimeout(
                    f"skipped: extraction took more than {budget:g} CPU seconds "
                    "(FACTCHECK_MAX_ARTICLE_SECONDS)",
                    path=article.path or None,
                )
            )
        except InputError as exc:
            results.append(exc)
        except Exception as exc:  # a bug in a component must not end the run for every article
            reason = f"skipped: extraction failed ({type(exc).__name__}: {exc})"[:300]
            results.append(InputError(reason, path=article.path or None))
    return results


def _extract_one(article: Article, nlp: Language) -> ExtractedArticle:
    return doc_to_records(nlp(make_doc(article, nlp)), article)


_WORKER_NLP: Language | None = None  # the pipeline a forked worker inherited


def _extract_batch(
    batch: list[Article], budget: float | None
) -> list[ExtractedArticle | InputError]:
    """In a worker: extract a batch of articles with the inherited pipeline."""
    assert _WORKER_NLP is not None
    return _run_batch(batch, _WORKER_NLP, budget)


def _extract_in_workers(
    articles: Iterable[Article],
    nlp: Language,
    n_process: int,
    batch_size: int,
    budget: float | None,
) -> Iterator[ExtractedArticle | InputError]:
    global _WORKER_NLP
    _WORKER_NLP = nlp  # forked workers inherit it; nothing is pickled but articles and records
    in_flight: deque[AsyncResult[list[ExtractedArticle | InputError]]] = deque()
    with multiprocessing.get_context("fork").Pool(n_process) as pool:
        for batch in batched(articles, batch_size):
            in_flight.append(pool.apply_async(_extract_batch, (batch, budget)))
            while len(in_flight) >= 2 * n_process:
                yield from in_flight.popleft().get()
        while in_flight:
            yield from in_flight.popleft().get()


# ----------------------------------------------------------------------------- Doc -> records


def doc_to_records(doc: Doc, article: Article) -> ExtractedArticle:
    """The claims of a processed Doc as plain records with offsets into ``article.text``."""
    if doc_length(doc) != len(article.text):
        raise ValueError("the Doc was not made from this article's text")
    spans = doc.spans.get(CLAIMS_KEY, [])
    claims = tuple(_claim(span, article) for span in spans)
    forget_doc(doc)  # its scratch indices hold Spans, which would keep the Doc alive
    return ExtractedArticle(article=article, claims=claims)


def _claim(span: Span, article: Article) -> ClaimRecord:
    text = article.text
    kind = span_extension(span, "fc_kind") or "author"
    return ClaimRecord(
        text=text[span.start_char : span.end_char],
        start=span.start_char,
        end=span.end_char,
        kind=kind,
        speaker=_speaker(span, article),
        cue=_cue(span, text),
        hedges=_hedges(span, text),
        checkworthiness=float(span_extension(span, "fc_checkworthiness") or 0.0),
        evidence=_evidence(span, text),
        checkworthiness_signals=tuple(span_extension(span, "fc_checkworthiness_signals") or ()),
    )


def _range(value: Any) -> tuple[int, int] | None:
    """A (start, end) pair from an extension value (tuples come back as lists from workers)."""
    if value is None:
        return None
    start, end = int(value[0]), int(value[1])
    return (start, end) if start < end else None


def _speaker(span: Span, article: Article) -> SpeakerRef:
    kind = span_extension(span, "fc_speaker_kind") or (
        "author" if span_extension(span, "fc_kind") == "author" else "person"
    )
    name = span_extension(span, "fc_speaker_name") or ""
    if kind == "author":
        name = article.byline or article.publisher or "author"
    rng = _range(span_extension(span, "fc_speaker"))
    if rng is None:
        return SpeakerRef(text=None, start=None, end=None, name=name, kind=kind)
    mention = article.text[rng[0] : rng[1]]
    return SpeakerRef(text=mention, start=rng[0], end=rng[1], name=name or mention, kind=kind)


def _cue(span: Span, text: str) -> Cue | None:
    rng = _range(span_extension(span, "fc_cue"))
    return Cue(text=text[rng[0] : rng[1]], start=rng[0], end=rng[1]) if rng else None


def _hedges(span: Span, text: str) -> tuple[Hedge, ...]:
    if not Span.has_extension("fc_hedges"):
        return ()
    ranges = [_range(r) for r in (span_extension(span, "fc_hedges") or [])]
    return tuple(Hedge(text=text[r[0] : r[1]], start=r[0], end=r[1]) for r in ranges if r)


def _evidence(span: Span, text: str) -> tuple[Evidence, ...]:
    if not Span.has_extension("fc_evidence"):
        return ()
    items = []
    for item in span_extension(span, "fc_evidence") or []:
        rng = _range((item["start"], item["end"]))
        if rng is None:
            continue
        items.append(
            Evidence(
                text=text[rng[0] : rng[1]],
                start=rng[0],
                end=rng[1],
                kind=str(item["kind"]),
                source=str(item["source"]),
                url=str(item.get("url") or ""),
            )
        )
    return tuple(items)
