"""Boilerplate paragraphs found by what they are, not by their phrases.

Two parts, both on plain text (no spaCy):

- a paragraph classifier with jusText's signals and two of its own: stop-word density (jusText's
  English stoplist: running prose has many), link density (HTML), length, list bullets, short
  call-to-action headings ("Get involved!", "We need your help ..."), second-person appeals (the
  article's "we" asking "you" for something: "Can you help us ...?", "With your help we can"),
  imperatives addressed to the reader ("Support us", "Ask your MP to ...", "– See more here");
  paragraphs with quotation marks or transcript speakers ("Q:", "SMITH:") are someone's words,
  never an appeal of the article's;
- the tail rule: boilerplate at the end of an article runs to its end. From the first paragraph of
  the second half that is a call to action (a call heading, an appeal, a short imperative) or a
  rule line alone ("---", "* * *", which sites put between the story and what follows it), when
  most paragraphs from there on are boilerplate-like and under a quarter are prose, everything to
  the end is boilerplate.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

Span = tuple[int, int]

_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_QUOTE_MARK = re.compile(r"[“”\"«»]|''")
# the reader asked for something: "can you help", "we need your support", "with your help"
# ("please" alone is not enough: "Please take your seats" opens a column that plays a host)
_ASK = re.compile(
    r"\b(?:can|could|will|would) you\b|\bneed (?:you|your)\b|\byour (?:help|support|contribution)",
    re.IGNORECASE,
)
_TRANSCRIPT = re.compile(r"^\s*[A-Z][A-Za-z.]*(?:\s[A-Z][A-Za-z.]*)?:\s")  # "Q: ...", "FALLIN: ..."
# a line of rule characters alone: "---", "***", "* * *", "___", "• • •" (a thematic break)
_BREAK = re.compile(r"^(?:[-*_=~•·–—]\s*){3,}$")
_BULLET = re.compile(r"^\s*(?:[–—\-*•·]|\d+[.)])\s+")
_SENTENCE_START = re.compile(r"(?:^|[.!?…]\s+|\n\s*)(?:[–—\-*•·]\s+)?([A-Z][a-z]+)\b(\s+\S+)?")
_YOU = {"you", "your", "yours", "yourself", "yourselves"}
_WE = {"we", "us", "our", "ours", "ourselves"}
# closed-class words that open sentences but never as a bare verb
_FUNCTION_WORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "this",
        "that",
        "these",
        "those",
        "it",
        "he",
        "she",
        "they",
        "we",
        "you",
        "i",
        "our",
        "your",
        "his",
        "her",
        "their",
        "its",
        "there",
        "here",
        "when",
        "while",
        "if",
        "as",
        "but",
        "and",
        "or",
        "so",
        "then",
        "now",
        "yet",
        "after",
        "before",
        "because",
        "since",
        "although",
        "though",
        "in",
        "on",
        "at",
        "by",
        "for",
        "from",
        "with",
        "of",
        "to",
        "please",
    ]
)


@lru_cache(maxsize=1)
def _stoplist() -> frozenset[str]:
    """jusText's English stoplist (installed with trafilatura); a small fallback without it."""
    try:
        import justext

        return frozenset(w.lower() for w in justext.get_stoplist("English"))
    except (ImportError, ValueError):  # pragma: no cover - justext comes with trafilatura
        return frozenset(
            [
                "the",
                "a",
                "an",
                "and",
                "or",
                "of",
                "to",
                "in",
                "on",
                "for",
                "with",
                "at",
                "by",
                "from",
                "is",
                "are",
                "was",
                "were",
                "be",
            ]
        )


@dataclass(frozen=True)
class Paragraph:
    """The signals of one paragraph."""

    words: int
    stop_density: float
    link_density: float
    bullet: bool
    call_heading: bool  # "Get involved!", "We need your help ...", "In return, you get:"
    appeal: bool  # "you" with "we"/"us"/"our", outside quotations
    imperative: bool  # a sentence opening with a bare verb addressed to the reader
    addressed: bool  # "you" or "we"/"us"/"our" outside quotations
    thematic_break: bool = False  # a rule line alone ("---", "* * *")
    second_person: bool = False  # "you", "your", "you'll" outside quotations

    @property
    def strong(self) -> bool:
        """Boilerplate wherever it stands (short appeals and calls to action)."""
        short_call = self.imperative and self.addressed and self.words <= 15  # "Support us"
        return self.words <= 60 and (self.appeal or self.call_heading or short_call)

    @property
    def opens_tail(self) -> bool:
        """A call to action, or a rule line, which sites put between the story and its tail."""
        return self.strong or self.thematic_break

    @property
    def boilerplate_like(self) -> bool:
        """What the end of an article after a call to action is made of."""
        return (
            self.appeal
            or self.call_heading
            or (self.imperative and self.words <= 40)
            or self.bullet
            or self.second_person  # the article's own voice speaking to the reader
            or self.link_density > 0.5
            or self.words <= 8
            or self.stop_density < 0.3
        )


def paragraph_signals(
    text: str, span: Span, links: Sequence[Span] = (), verbs: frozenset[str] = frozenset()
) -> Paragraph:
    """The signals of the paragraph ``text[span[0]:span[1]]``; ``verbs`` are the article's
    lower-case words that it also uses after "to" or a modal, so are verbs ("to support")."""
    body = text[span[0] : span[1]]
    quoted = bool(_QUOTE_MARK.search(body)) or bool(_TRANSCRIPT.match(body))
    words = [w.lower() for w in _WORD.findall(body)]
    # words the article says in its own voice, contractions by their pronoun ("you'll": "you")
    own = set() if quoted else {re.split(r"['’]", w, maxsplit=1)[0] for w in words}
    stops = _stoplist()
    linked = sum(max(0, min(e, span[1]) - max(s, span[0])) for s, e in links)
    stripped = body.strip()
    return Paragraph(
        words=len(words),
        stop_density=sum(w in stops for w in words) / len(words) if words else 0.0,
        link_density=linked / max(1, len(stripped)),
        bullet=_mostly_bullets(body),
        call_heading=not quoted and _call_heading(stripped, words, own),
        appeal=bool(own & _YOU) and bool(own & _WE) and bool(_ASK.search(body)),
        imperative=not quoted and _imperative(body, verbs),
        addressed=bool(own & (_YOU | _WE)),
        thematic_break=bool(_BREAK.match(stripped)),
        second_person=bool(own & _YOU),
    )


def _mostly_bullets(body: str) -> bool:
    """A list: it opens with a bullet, or most of its lines do ("Members get:" and three items)."""
    lines = [line for line in body.splitlines() if line.strip()]
    if not lines:
        return False
    items = sum(bool(_BULLET.match(line)) for line in lines)
    return bool(_BULLET.match(lines[0])) or items > len(lines) / 2


def _call_heading(stripped: str, words: list[str], own: set[str]) -> bool:
    """A short line that calls out rather than states: ends in "!", "..." or ":" with "you"
    (``own``: its words, contractions by their pronoun)."""
    if not words or len(words) > 10:
        return False
    if stripped.endswith(("!", "...", "…")):
        return True
    return stripped.endswith(":") and bool(own & _YOU)


def _imperative(unquoted: str, verbs: frozenset[str]) -> bool:
    """A sentence opening with a bare verb ("Support us", "Ask your MP", "Find out more")."""
    for match in _SENTENCE_START.finditer(unquoted):
        first = match.group(1).lower()
        if first in verbs and first not in _FUNCTION_WORDS:
            return True
    return False


def article_verbs(text: str) -> frozenset[str]:
    """Words the article uses as verbs: after "to", "can", "will", "please" ("to support us")."""
    found = re.findall(
        r"\b(?:to|can|could|will|would|should|must|please|help|let's)\s+([a-z][a-z-]+)\b", text
    )
    return frozenset(found)


def boilerplate_paragraphs(
    text: str, paragraphs: Sequence[Span], links: Sequence[Span] = ()
) -> list[Span]:
    """The paragraphs that are boilerplate by the classifier and the tail rule."""
    verbs = article_verbs(text)
    signals = [paragraph_signals(text, p, links, verbs) for p in paragraphs]
    found = [p for p, s in zip(paragraphs, signals, strict=True) if s.strong]
    tail = _tail_start(signals, [p[0] >= len(text) // 2 for p in paragraphs])
    if tail is not None:
        found.extend(paragraphs[tail:])
    return sorted(set(found))


def _tail_start(signals: Sequence[Paragraph], late: Sequence[bool]) -> int | None:
    """The first paragraph in the second half of the text that opens a boilerplate tail: from it
    to the end, at least 60% of the paragraphs are boilerplate-like and under 25% are prose.
    Counts from the end (suffix sums), so the search is linear in the paragraphs."""
    count = len(signals)
    like = [0] * (count + 1)  # like[i]: boilerplate-like paragraphs from i to the end
    prose = [0] * (count + 1)
    for i in range(count - 1, -1, -1):
        like[i] = like[i + 1] + signals[i].boilerplate_like
        prose[i] = prose[i + 1] + (not signals[i].boilerplate_like and signals[i].words > 20)
    for i in range(1, count):
        if not late[i] or not signals[i].opens_tail:
            continue
        rest = count - i
        if like[i] >= 0.6 * rest and prose[i] < 0.25 * rest:
            return i
    return None


def with_classified(
    text: str, paragraphs: Sequence[Span], found: Sequence[Span], links: Sequence[Any] = ()
) -> tuple[Span, ...]:
    """The boilerplate regions ``found`` by a reader plus the classified paragraphs, sorted.

    ``links`` are records with ``start`` and ``end`` (``factcheck.records.Link``)."""
    ranges = [(link.start, link.end) for link in links]
    return tuple(sorted(set(found) | set(boilerplate_paragraphs(text, paragraphs, ranges))))
