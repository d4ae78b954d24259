"""An article's text as safe HTML with its claims, speakers, cues and evidence marked in place.

Spans come from character offsets and may nest or cross (a claim inside a longer quote, a speaker
mention inside another claim). The text is cut at every span boundary; the pieces are escaped with
``html.escape``, and tags are opened and closed like a stack: when a span ends while spans opened after
it are still running, those are closed and reopened right after, so the HTML is always well nested.
Nothing from the article is ever inserted unescaped.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from factcheck.db.models import CLAIM_STATUSES

# Lower ranks open first (outside) when spans start at the same place and have the same end.
_RANK = {"claim": 0, "evidence": 1, "speaker": 2, "cue": 3}


def _esc(value: str) -> str:
    """HTML-escape text or an attribute value (& < > " ' all escaped)."""
    return html.escape(value, quote=True)


@dataclass(frozen=True)
class Mark:
    """One highlighted span: where, what kind, and the HTML attributes of its tag."""

    start: int
    end: int
    kind: str  # claim | speaker | cue | evidence
    attrs: tuple[tuple[str, str], ...]  # ("class", ...) first
    _rendered: list[str] = field(default_factory=list, compare=False, repr=False)

    def opener(self, depth: int) -> str:
        """The opening tag; claims nested in claims get a depth class (shaded darker)."""
        if not self._rendered:  # escape the attributes once, however often the tag reopens
            self._rendered.append("".join(f' {n}="{_esc(v)}"' for n, v in self.attrs[1:]))
            self._rendered.append(_esc(self.attrs[0][1]))
        extra = f" depth-{min(depth, 3)}" if self.kind == "claim" and depth > 1 else ""
        return f'<mark class="{self._rendered[1]}{extra}"{self._rendered[0]}>'


def _status_class(claim: dict[str, Any]) -> str:
    if claim.get("rejected"):
        return "rejected"
    status = claim.get("status")
    return status if status in CLAIM_STATUSES else "unreviewed"


def claim_marks(claim: dict[str, Any]) -> list[Mark]:
    """The marks of one claim (as returned by ``queries.get_article``): text, speaker, cue, evidence."""
    cid = str(claim["id"])
    speaker = claim.get("speaker") or {}
    label = f"claim {cid} · {_status_class(claim).replace('_', ' ')}"
    if speaker.get("name"):
        label += f" · {speaker['name']}"
    marks = [
        Mark(
            claim["start"],
            claim["end"],
            "claim",
            (
                ("class", f"claim s-{_status_class(claim)}"),
                ("data-claim", cid),
                ("title", label),
            ),
        )
    ]
    for kind, span in (("speaker", speaker), ("cue", claim.get("cue") or {})):
        if span.get("start") is not None and span.get("end") is not None:
            marks.append(
                Mark(
                    span["start"], span["end"], kind, (("class", f"attr {kind}"), ("data-of", cid))
                )
            )
    for citation in claim.get("citations") or []:
        evidence = citation.get("evidence") or {}
        if evidence.get("start") is not None and evidence.get("end") is not None:
            title = f"evidence: {citation.get('kind', '')} · {citation['source']['key']}"
            attrs = (("class", "evidence"), ("data-of", cid), ("title", title))
            marks.append(Mark(evidence["start"], evidence["end"], "evidence", attrs))
    return marks


def highlight(text: str, marks: Iterable[Mark]) -> Markup:
    """``text`` escaped, with ``marks`` as well-nested ``<mark>`` tags (bad offsets are dropped)."""
    spans = _valid(text, marks)
    starts: dict[int, list[Mark]] = {}
    for mark in spans:
        starts.setdefault(mark.start, []).append(mark)
    cuts = sorted({0, len(text), *(m.start for m in spans), *(m.end for m in spans)})
    out: list[str] = []
    stack: list[Mark] = []
    for here, following in zip(cuts, cuts[1:] + [len(text)], strict=True):
        _close_ending(out, stack, here)
        for mark in sorted(starts.get(here, []), key=lambda m: (-m.end, _RANK[m.kind])):
            stack.append(mark)
            out.append(mark.opener(_claim_depth(stack)))
        out.append(_esc(text[here:following]))
    out.extend("</mark>" for _ in stack)
    return Markup("".join(out))


def _valid(text: str, marks: Iterable[Mark]) -> list[Mark]:
    """Marks with offsets inside the text and not empty; a bad span is skipped, not fatal."""
    return [
        m
        for m in marks
        if isinstance(m.start, int) and isinstance(m.end, int) and 0 <= m.start < m.end <= len(text)
    ]


def _close_ending(out: list[str], stack: list[Mark], here: int) -> None:
    """Close the marks ending at ``here``; close and reopen any opened inside them that go on."""
    ending = [i for i, mark in enumerate(stack) if mark.end == here]
    if not ending:
        return
    lowest = ending[0]
    popped = stack[lowest:]
    del stack[lowest:]
    out.extend("</mark>" for _ in popped)
    for mark in popped:
        if mark.end != here:
            stack.append(mark)
            out.append(mark.opener(_claim_depth(stack)))


def _claim_depth(stack: Sequence[Mark]) -> int:
    return sum(1 for m in stack if m.kind == "claim")


def article_html(text: str, claims: Iterable[dict[str, Any]]) -> Markup:
    """The article page's text: every claim with its speaker, cue and evidence marked."""
    return highlight(text, [m for claim in claims for m in claim_marks(claim)])


def _window(text: str, lo: int, hi: int) -> tuple[int, int]:
    """``lo..hi`` widened to whole lines (paragraphs) of ``text``."""
    lo = text.rfind("\n", 0, max(lo, 0)) + 1 if lo > 0 else 0
    newline = text.find("\n", min(hi, len(text)))
    return lo, len(text) if newline == -1 else newline


def _window_html(text: str, marks: list[Mark], lo: int, hi: int) -> Markup:
    shifted = [
        Mark(m.start - lo, m.end - lo, m.kind, m.attrs)
        for m in marks
        if m.start >= lo and m.end <= hi
    ]
    return highlight(text[lo:hi], shifted)


def context_html(text: str, claim: dict[str, Any], radius: int = 300) -> Markup:
    """A window of the article around one claim (whole sentences' worth), for the queue."""
    marks = _valid(text, claim_marks(claim))
    if not marks:
        return Markup("")
    lo, hi = _window(
        text,
        min(m.start for m in marks) - radius,
        max(m.end for m in marks) + radius,
    )
    prefix = "… " if lo > 0 else ""
    suffix = " …" if hi < len(text) else ""
    return Markup(prefix) + _window_html(text, marks, lo, hi) + Markup(suffix)


def paragraph_html(text: str, claim: dict[str, Any]) -> dict[str, Any]:
    """The paragraph(s) holding a claim, its speaker and its cue, with them marked (evidence too
    when it falls inside); ``start`` is where the shown text begins in the article, so that a
    selection in the page can be turned into article offsets."""
    marks = _valid(text, claim_marks(claim))
    own = [m for m in marks if m.kind != "evidence"] or marks
    if not own:
        return {"start": 0, "html": Markup(""), "before": False, "after": False}
    lo, hi = _window(text, min(m.start for m in own), max(m.end for m in own))
    html_ = _window_html(text, marks, lo, hi)
    return {"start": lo, "html": html_, "before": lo > 0, "after": hi < len(text)}
