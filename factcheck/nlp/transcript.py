"""Interview transcripts: paragraphs that open with a speaker label and a colon.

"Q: Why were the crossings cancelled?" / "A: Two of the ferries failed ..." and "Lee: The council
has set aside ..." are turns of an interview the article prints. An answer is the interviewee's
claim, given to the article (``interview``); a question is neither a claim nor the article's own
statement. A label is a transcript's only when the article has at least two labelled turns and
the label is "Q"/"A" ("Question"/"Answer") or a person's name (a PERSON entity or a surname of
one), so "Update: ...", "Poll: ..." and "The Latest: ..." are no turns.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from factcheck.nlp.candidates import Candidate
from factcheck.nlp.doc_index import doc_cache, doc_text
from factcheck.nlp.evidence_sources import Mention
from factcheck.nlp.quotes import doc_paragraphs

_QUESTION_LABELS = {"q", "question"}
_ANSWER_LABELS = {"a", "answer"}
_MAX_LABEL_TOKENS = 3
_MIN_TURNS = 2
_TURN_END = set(".!?\"”’')…")


@dataclass(frozen=True)
class Turn:
    """One labelled paragraph; token ranges [start, end)."""

    label: tuple[int, int]  # the label's tokens ("A", "Lena Dahl")
    colon: int  # the colon's token
    content: tuple[int, int]  # the words after the colon, to the paragraph's end
    question: bool  # asked by the interviewer: no claim
    answer: bool  # labelled "A"/"Answer": the interviewee's words, the name given elsewhere


def transcript_turns(doc: Doc) -> list[Turn]:
    """The transcript turns of the Doc, in text order (computed once per Doc)."""
    cache = doc_cache(doc)
    found: list[Turn] | None = cache.get("transcript_turns")
    if found is None:
        found = cache["transcript_turns"] = _turns(doc)
    return found


def interviewee(doc: Doc, turns: list[Turn]) -> tuple[int, int] | None:
    """The token range of the person an "A:" answers as: the person the text before the first
    turn names most often (by surname; the earliest on a tie), outside bylines."""
    if not turns:
        return None
    before = doc[turns[0].label[0]].idx
    skip = (
        [(int(r[0]), int(r[1])) for r in (doc._.fc_skip or [])]
        if doc.has_extension("fc_skip")
        else []
    )
    people = [
        e
        for e in doc.ents
        if e.label_ == "PERSON"
        and e.end_char <= before
        and not any(s <= e.start_char < t for s, t in skip)
    ]
    if not people:
        return None
    counts = Counter(e[-1].lower_ for e in people)
    best = max(counts.values())
    chosen = next(e for e in people if counts[e[-1].lower_] == best)
    fullest = max((e for e in people if e[-1].lower_ == chosen[-1].lower_), key=len)
    return fullest.start, fullest.end


def _turns(doc: Doc) -> list[Turn]:
    text = doc_text(doc)
    if ":" not in text:
        return []
    surnames = {e[-1].lower_ for e in doc.ents if e.label_ == "PERSON"}
    found: list[Turn] = []
    paragraphs = doc_paragraphs(doc)
    ends: list[int] = []  # the paragraph index of each turn
    for index, (start, end) in enumerate(paragraphs):
        colon = text.find(":", start, min(end, start + 40))
        if colon < 0 or colon + 1 >= end:
            continue
        label = doc.char_span(start, colon, alignment_mode="strict")
        colon_span = doc.char_span(colon, colon + 1, alignment_mode="strict")
        after = doc.char_span(colon + 1, end, alignment_mode="expand")
        if (
            label is None
            or colon_span is None
            or after is None
            or not 0 < len(label) <= _MAX_LABEL_TOKENS
        ):
            continue
        lower = label.text.lower()
        question = lower in _QUESTION_LABELS
        answer = lower in _ANSWER_LABELS
        asked = question or text[end - 1] == "?"
        named = _names_a_person(label, surnames)
        if not (question or answer or named or asked and _looks_like_label(label)):
            continue  # "Coastal Ledger: Will the council pay?" asks as the interviewer
        first = after.start
        while first < after.end and doc[first].is_space:
            first += 1
        words = doc[first : after.end]
        if not words or text[end - 1] not in _TURN_END or _heading(words) or not _clause(words):
            continue  # "Jeb Bush: Student loans", "Sanders: 'It Is Not A Radical Idea'.", "Lee: 46."
        found.append(
            Turn((label.start, label.end), colon_span.start, (first, after.end), asked, answer)
        )
        ends.append(index)
    if len(found) < _MIN_TURNS or not _exchange(doc, found):
        return []
    return [_run_on(doc, turn, paragraphs, ends, i) for i, turn in enumerate(found)]


def _run_on(
    doc: Doc, turn: Turn, paragraphs: list[tuple[int, int]], ends: list[int], i: int
) -> Turn:
    """An "A:" answer runs over the unlabelled paragraphs up to the next turn (not after the
    last)."""
    if not turn.answer or i + 1 >= len(ends) or ends[i + 1] == ends[i] + 1:
        return turn
    text = doc_text(doc)
    stop = ends[i] + 1
    while stop < ends[i + 1] and text[paragraphs[stop][1] - 1] != "?":
        stop += 1  # not over a question set without a label ("QWhat happened then?")
    if stop == ends[i] + 1:
        return turn
    last = doc.char_span(*paragraphs[stop - 1], alignment_mode="expand")
    if last is None or last.end <= turn.content[1]:
        return turn
    return Turn(turn.label, turn.colon, (turn.content[0], last.end), turn.question, turn.answer)


def _exchange(doc: Doc, turns: list[Turn]) -> bool:
    """Turns that make an interview: an "A", a question answered by the next turn, or a speaker
    with two turns (not a list that names each candidate once)."""
    if any(t.answer for t in turns):
        return True
    labels = [doc[t.label[0] : t.label[1]].text.lower() for t in turns]
    for i in range(len(turns) - 1):
        if turns[i].question and not turns[i + 1].question and labels[i] != labels[i + 1]:
            return True  # "TAPPER: ... ?" / "FALLIN: ..."
    return max(Counter(labels).values()) > 1


def _clause(words: Span) -> bool:
    return any(t.pos_ in ("VERB", "AUX") for t in words)


def _heading(words: Span) -> bool:
    """A title-case line: four words or more, none of four letters or more in lower case."""
    alpha = [t.text for t in words if t.is_alpha]
    return len(alpha) >= 4 and not any(len(w) >= 4 and w[0].islower() for w in alpha)


def _looks_like_label(label: Span) -> bool:
    """Words in title case or capitals only ("Coastal Ledger", "TIME")."""
    return all(t.is_title or t.is_upper for t in label)


def _names_a_person(label: Span, surnames: set[str]) -> bool:
    """ "Lena Dahl", "Dahl" (a surname of a PERSON entity): a name, not "Update", "Poll"."""
    tokens = list(label)
    if not all(t.pos_ == "PROPN" or t.is_title or t.is_upper for t in tokens):
        return False
    if any(t.ent_type_ == "PERSON" for t in tokens):
        return True
    return tokens[-1].lower_ in surnames


def transcript_candidates(doc: Doc) -> list[Candidate]:
    """A claim for every answer: the interviewee's words, the label (or the person the article
    introduced, for "A:") as speaker, the label's colon as cue."""
    turns = transcript_turns(doc)
    person = interviewee(doc, turns) if any(t.answer for t in turns) else None
    found = []
    for turn in turns:
        if turn.question:
            continue
        speaker = person if turn.answer else turn.label
        cue = (turn.label[0], turn.colon + 1) if turn.answer else (turn.colon, turn.colon + 1)
        found.append(Candidate(turn.content[0], turn.content[1], "direct", speaker, cue))
    return found


def question_ranges(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges of the questions (label included): no author claims."""
    return [(t.label[0], t.content[1]) for t in transcript_turns(doc) if t.question]


def transcript_mentions(doc: Doc) -> list[Mention]:
    """An ``interview`` mention at the label of every answer: a printed interview."""
    found = []
    for turn in transcript_turns(doc):
        if turn.question:
            continue
        start, end = turn.label[0], turn.colon + 1
        mention = Mention(doc[start].idx, doc[end - 1].idx + len(doc[end - 1]), (start, end),
                          "interview", head=(start, end))  # fmt: skip
        mention.speaker_dependent = True  # named after the speaker
        found.append(mention)
    return found
