"""A small rule matcher for patterns that start with a trigger word (used by hedges and evidence).

Patterns use a subset of spaCy's Matcher syntax: each token is a dict of ``LOWER``, ``ORTH``,
``POS``, ``TAG`` or ``IS_TITLE`` with a plain value or ``{"IN": [...]}``/``{"NOT_IN": [...]}``, and
an optional ``OP`` of ``?``, ``*`` or ``+``; the first token must be ``LOWER`` (a word or ``IN``).

Why not spaCy's Matcher: it tests every pattern at every token, and its set predicates run in
Python, so on news text it cost about as much as all the rest of both components together. Here a
dictionary lookup on each token's lower-case form finds the few places a rule can start, and only
there is the rest of the pattern tested. The longest match per rule and start is returned.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from spacy.attrs import LOWER
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token

_GETTERS: dict[str, Callable[[Token], Any]] = {
    "LOWER": lambda t: t.lower_,
    "ORTH": lambda t: t.text,
    "POS": lambda t: t.pos_,
    "TAG": lambda t: t.tag_,
    "IS_TITLE": lambda t: t.is_title,
    "ENT_TYPE": lambda t: t.ent_type_,
}


@dataclass(frozen=True)
class _Test:
    getter: Callable[[Token], Any]
    accept: frozenset[Any] | None
    reject: frozenset[Any] | None
    value: Any

    def __call__(self, token: Token) -> bool:
        got = self.getter(token)
        if self.accept is not None:
            return got in self.accept
        if self.reject is not None:
            return got not in self.reject
        return bool(got == self.value)


@dataclass(frozen=True)
class _Step:
    tests: tuple[_Test, ...]
    op: str  # "", "?", "*" or "+"

    def accepts(self, token: Token) -> bool:
        return all(test(token) for test in self.tests)


def _compile_token(spec: dict[str, Any]) -> _Step:
    tests = []
    for key, want in spec.items():
        if key == "OP":
            continue
        if key not in _GETTERS:
            raise ValueError(f"unsupported pattern key {key!r}")
        if isinstance(want, dict):
            accept = frozenset(want["IN"]) if "IN" in want else None
            reject = frozenset(want["NOT_IN"]) if "NOT_IN" in want else None
            tests.append(_Test(_GETTERS[key], accept, reject, None))
        else:
            tests.append(_Test(_GETTERS[key], None, None, want))
    return _Step(tuple(tests), str(spec.get("OP", "")))


def _first_words(pattern: list[dict[str, Any]]) -> frozenset[str]:
    first = pattern[0] if pattern else {}
    lower = first.get("LOWER")
    if set(first) == {"LOWER"} and isinstance(lower, str):
        return frozenset({lower})
    if set(first) == {"LOWER"} and isinstance(lower, dict) and "IN" in lower:
        return frozenset(lower["IN"])
    raise ValueError(f"a pattern must start with a LOWER word or IN list: {pattern!r}")


class TriggerMatcher:
    """Rules keyed by label; ``__call__`` yields ``(label, start, end)`` token ranges."""

    def __init__(self, window: int = 16) -> None:
        self.window = window
        self.by_word: dict[str, list[tuple[str, tuple[_Step, ...]]]] = {}
        self._by_key: dict[int, list[tuple[str, tuple[_Step, ...]]]] | None = None

    def add(self, label: str, pattern: list[dict[str, Any]]) -> None:
        """Add one pattern; raises ValueError for syntax this matcher does not support."""
        steps = tuple(_compile_token(spec) for spec in pattern)
        for word in _first_words(pattern):
            self.by_word.setdefault(word, []).append((label, steps))
        self._by_key = None

    def __call__(self, doc: Doc) -> Iterator[tuple[str, int, int]]:
        if self._by_key is None:  # the rules by the string id of their first word
            self._by_key = {get_string_id(word): rules for word, rules in self.by_word.items()}
        by_key, length = self._by_key, len(doc)
        # the lower-case forms as ids, read at once: no Token is made where no rule starts
        for i, key in enumerate(doc.to_array(LOWER).tolist() if length else ()):
            rules = by_key.get(key)
            if not rules:
                continue
            limit = min(length, i + self.window)
            for label, steps in rules:
                end = _longest(doc, steps, 0, i, limit)
                if end is not None and end > i:
                    yield label, i, end


def _longest(doc: Doc, steps: tuple[_Step, ...], k: int, i: int, limit: int) -> int | None:
    """The furthest token index where ``steps[k:]`` can finish when started at token ``i``."""
    if k == len(steps):
        return i
    step = steps[k]
    best: int | None = None
    if step.op in ("?", "*"):
        best = _longest(doc, steps, k + 1, i, limit)
    if i < limit and step.accepts(doc[i]):
        if step.op in ("*", "+"):
            again = _longest(
                doc, (*steps[:k], _Step(step.tests, "*"), *steps[k + 1 :]), k, i + 1, limit
            )
        else:
            again = _longest(doc, steps, k + 1, i + 1, limit)
        if again is not None and (best is None or again > best):
            best = again
    return best
