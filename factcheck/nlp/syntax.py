"""Small syntactic helpers shared by the attribution components: subjects, speaker mentions,
paragraph-bounded and trimmed token ranges. Ranges are token indices [start, end).
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
_TRIM = set(",;:—–-()[]") | {"...", "--"}
_TIME_ENTITIES = ("DATE", "TIME")
_NUMBER_ENTITIES = ("CARDINAL", "QUANTITY", "PERCENT", "MONEY")
_OPENING = {")": "(", "]": "["}
_CONTENT_POS = {"NOUN", "PROPN", "VERB", "NUM", "ADJ", "PRON", "AUX", "X", "SYM"}


def subject_of(verb: Token, depth: int = 0) -> Token | None:
    """The subject of ``verb``, inherited from the governing verb for "and added", "saying".

    A clause that would inherit a number ("Explaining how ..., at least 50 of whom were killed,
    our source said") looks further up: the number is not who speaks. A cue's own number subject
    stays ("Six in 10 say").
    """
    own = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)
    if own is not None and (depth == 0 or not is_quantity(own)):
        return own
    inherits = verb.dep_ in ("conj", "xcomp", "advcl") or (own is not None and depth > 0)
    if depth < 3 and inherits and verb.head is not verb:
        return subject_of(verb.head, depth + 1)
    if verb.dep_ == "acl" and verb.tag_ == "VBG" and verb.head.pos_ in ("PROPN", "NOUN"):
        return verb.head  # "an ad showing Ortiz saying that ..."
    return None


def is_quantity(token: Token) -> bool:
    """A number or quantity: "50 of whom", "1,000", "Six in 10".

    "Two of the officials" is not one: its head stands for the officials.
    """
    if token.pos_ != "NUM" and not (token.like_num and token.ent_type_ in _NUMBER_ENTITIES):
        return False
    of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    whole = next((g for g in of.children if g.dep_ == "pobj"), None) if of is not None else None
    return whole is None or whole.pos_ == "PRON"


def agent_of(verb: Token) -> Token | None:
    """The agent of a passive cue ("reported by X", "via X")."""
    for child in verb.children:
        if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ in ("by", "via")):
            for grandchild in child.children:
                if grandchild.dep_ == "pobj":
                    return grandchild
    return None


def mention_range(head: Token, verb: Token | None = None) -> tuple[int, int]:
    """Token range of the speaker mention headed by ``head``.

    The whole noun phrase, appositives and relative clauses included ("Ann Lee, a lawyer for
    the city,"), as news attribution marks it, up to a time ("on Monday") or adverb, without a
    dateline; a relative pronoun stays on its own. ``verb``, when it hangs from the mention ("Ortiz saying"),
    is left out.
    """
    if head.lower_ in ("who", "which", "that", "whom"):
        return head.i, head.i + 1
    start, end = head.i, head.i + 1
    for child in reversed(list(head.lefts)):
        if child.dep_ in ("npadvmod", "advmod", "advcl") or child == verb:
            break  # a time word on the left is part of the phrase ("a 34-year-old farmer")
        start = child.left_edge.i
    for child in head.rights:
        if _outside_mention(child) or child == verb:
            break
        end = child.right_edge.i + 1
    start, end = clip_to_paragraph(head.doc, start, end, head.i)
    start = _after_dateline(head.doc, start, head.i)
    return trim(head.doc, start, end)


def _outside_mention(child: Token) -> bool:
    """Children of a speaker's head word that are not part of the mention: times, adverbs and
    a relative clause that reports something itself ("Ann Lee, who says that ...")."""
    if child.dep_ in ("npadvmod", "advmod", "advcl") or child.ent_type_ in _TIME_ENTITIES:
        return True
    if child.dep_ == "relcl" and any(g.dep_ == "ccomp" for g in child.children):
        return True
    return child.dep_ == "prep" and any(g.ent_type_ in _TIME_ENTITIES for g in child.children)


def _after_dateline(doc: Doc, start: int, head: int) -> int:
    """Skip a capitalised dateline ("HARBOURTOWN, Maine - ") before the mention."""
    if not (doc[start].is_upper and len(doc[start]) > 1):
        return start
    for i in range(head - 1, start - 1, -1):
        if doc[i].text in ("-", "–", "—", "--"):
            return i + 1
    return start


def _is_break(token: Token) -> bool:
    return "\n" in token.text


def clip_to_paragraph(doc: Doc, start: int, end: int, anchor: int) -> tuple[int, int]:
    """The part of [start, end) in the same paragraph as token ``anchor`` (maybe empty)."""
    if anchor < start and any(_is_break(doc[i]) for i in range(anchor, start)):
        return start, start
    if anchor >= end and any(_is_break(doc[i]) for i in range(end, anchor)):
        return end, end
    for i in range(min(anchor, end) - 1, start - 1, -1):
        if _is_break(doc[i]):
            start = i + 1
            break
    for i in range(max(anchor, start), end):
        if _is_break(doc[i]):
            end = i
            break
    return start, end


def trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Drop spaces and separating punctuation (not quotation marks) at both ends of a range.

    A closing bracket whose opening one is in the range stays ("Syrian Democratic Forces (SDF)").
    """
    while start < end and (doc[start].is_space or doc[start].text in _TRIM):
        start += 1
    while end > start and (doc[end - 1].is_space or doc[end - 1].text in _TRIM):
        if _closes_inside(doc, start, end - 1):
            break
        end -= 1
    return start, end


def _closes_inside(doc: Doc, start: int, last: int) -> bool:
    opening = _OPENING.get(doc[last].text)
    if opening is None:
        return False
    depth = 0
    for i in range(last, start - 1, -1):
        depth += (doc[i].text == doc[last].text) - (doc[i].text == opening)
        if depth == 0:
            return True
    return False


def subtree_range(token: Token) -> tuple[int, int]:
    return token.left_edge.i, token.right_edge.i + 1


def has_substance(span: Span) -> bool:
    """Whether content says something: a word beyond times, dates and function words."""
    return any(t.pos_ in _CONTENT_POS and t.ent_type_ not in ("DATE", "TIME") for t in span)
