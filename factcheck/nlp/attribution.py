"""factcheck_attribution: speaker, cue and content of every attributed statement.

Reads the quoted passages (``factcheck_quotes``) and the cues (``factcheck_cues``) and writes the
claims to ``doc.spans["fc_claims"]``; each span is the claim's content. Forms handled, by kind:

- ``block``: a paragraph ending with a colon (or "according to X, ..." ending in a comma) whose
  content is the next paragraph, or the whole quote when that paragraph opens a quote.
- ``direct``: a quoted passage with a cue before it ("she said: “...”") or after it ("“...,” he
  said"); a quote with no cue that continues the previous speaker's quote gets that speaker's name.
- ``according_to``: "According to X, ...", "..., according to X, who ..." (content = the rest of
  the sentence).
- ``indirect``: a cue verb with a clause ("X said that ...", "critics argue that ...", "..., he said").
- ``reported``: "as X reported, ...", "it was reported (by X) that ...", "X is said to ...",
  "X has been accused of ...".

Overlapping candidates are resolved in that order of preference; claims in ``doc._.fc_skip``
regions (headings, bylines, captions, boilerplate) are dropped.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from factcheck.nlp.candidates import QUOTING, Candidate, doc_headlines, resolve
from factcheck.nlp.cues import CUES_KEY, complements, cue_extent
from factcheck.nlp.doc_index import doc_text
from factcheck.nlp.patterns import PASSIVE_ADDRESSEE
from factcheck.nlp.quotes import QUOTES_KEY, doc_paragraphs
from factcheck.nlp.syntax import (
    after_clause,
    agent_of,
    children,
    clip_to_paragraph,
    compound_subject,
    descends_from,
    expletive_subject,
    has_substance,
    mention_range,
    rights,
    sentence_bounds,
    span_root,
    subject_in_paragraph,
    subject_of,
    subtree_range,
    trim,
    verb_above,
)
from factcheck.nlp.transcript import transcript_candidates

CLAIMS_KEY = "fc_claims"
for _name, _default in (
    ("fc_kind", ""),
    ("fc_speaker", None),
    ("fc_speaker_name", ""),
    ("fc_speaker_kind", ""),
    ("fc_cue", None),
    ("fc_checkworthiness", 0.0),
):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=_default)

MIN_TOKENS = 2
_CIRCUMSTANCE_MARKS = {"as", "while", "when", "because", "before", "after", "since", "until"}
_AFTER_WINDOW = 16
# verbs inside a speaker's noun phrase ("a man who was released", "a 34-year-old")
_NOUN_PHRASE_VERB_DEPS = {"relcl", "acl", "amod", "compound", "auxpass", "aux"}
_STANDALONE_TOKENS = 8
_BEFORE_WINDOW = 30
_OBJECT_WINDOW = 8


# ----------------------------------------------------------------------------- the component


class AttributionFinder:
    """Builds claims (content spans with speaker and cue) from quotes and cues."""

    def __call__(self, doc: Doc) -> Doc:
        cues = list(doc.spans[CUES_KEY]) if CUES_KEY in doc.spans else []
        quotes = list(doc.spans[QUOTES_KEY]) if QUOTES_KEY in doc.spans else []
        candidates = self.match(doc, cues, quotes)
        self.set_annotations(doc, resolve(doc, candidates, doc_headlines(doc)))
        return doc

    def match(self, doc: Doc, cues: list[Span], quotes: list[Span]) -> list[Candidate]:
        """Every candidate claim, overlapping ones included."""
        verb_cues = {
            span_root(c).i: c for c in cues if c.label_ in ("speech", "stance", "as_reported")
        }
        quote_tokens = {i for q in quotes for i in range(q.start, q.end)}
        found = block_candidates(doc, cues, quotes)
        found += direct_candidates(doc, quotes, verb_cues, quote_tokens)
        found += transcript_candidates(doc)  # "A: ...", "Lee: ..." in a printed interview
        for cue in cues:
            found += [_clipped(doc, c) for c in cue_candidates(doc, cue)]
        return [c for c in found if _long_enough(doc, c) and _substantial(doc, c)]

    def set_annotations(self, doc: Doc, claims: list[Candidate]) -> None:
        spans = []
        for cand in claims:
            span = Span(doc, cand.start, cand.end, label=cand.kind)
            span._.fc_kind = cand.kind
            span._.fc_speaker = _char_range(doc, cand.speaker)
            cue = cand.cue and cue_extent(doc, cand.cue, cand.speaker, (cand.start, cand.end))
            span._.fc_cue = _char_range(doc, cue)
            name = doc[cand.speaker[0] : cand.speaker[1]].text if cand.speaker else ""
            span._.fc_speaker_name = cand.speaker_name or name
            spans.append(span)
        doc.spans[CLAIMS_KEY] = spans


def _long_enough(doc: Doc, cand: Candidate) -> bool:
    """Two words or more, or one person's name ("endorsed Clinton", "backs Ortiz")."""
    if cand.size >= MIN_TOKENS:
        return True
    return cand.size == 1 and cand.kind == "indirect" and doc[cand.start].ent_type_ == "PERSON"


def _substantial(doc: Doc, cand: Candidate) -> bool:
    return cand.kind in QUOTING or has_substance(doc[cand.start : cand.end])


def _clipped(doc: Doc, cand: Candidate) -> Candidate:
    """A candidate whose content is cut to the paragraph of its cue."""
    if cand.cue is not None:
        cand.start, cand.end = trim(doc, *clip_to_paragraph(doc, cand.start, cand.end, cand.cue[0]))
    return cand


def _char_range(doc: Doc, rng: tuple[int, int] | None) -> tuple[int, int] | None:
    if rng is None or rng[0] >= rng[1]:
        return None
    span = doc[rng[0] : rng[1]]
    return span.start_char, span.end_char


# ----------------------------------------------------------------------------- direct quotes


def _cue_after(doc: Doc, quote: Span, verb_cues: dict[int, Span], quoted: set[int]) -> Span | None:
    """A cue right after a quote: "“...,” she said", "“...” said the minister"."""
    i = quote.end
    while i < len(doc) and doc[i].is_punct and doc[i].text not in ".!?" and i not in quoted:
        i += 1
    for j in range(i, min(i + _AFTER_WINDOW, len(doc))):
        tok = doc[j]
        if j in quoted or tok.text in ".!?;" or "\n" in tok.text:
            return None
        if j in verb_cues and verb_cues[j].label_ == "speech":
            if tok.dep_ == "conj" and tok.head.i < quote.start:
                return None  # '... accused her of treating it “like a suburb” and promised to'
            return verb_cues[j] if _free_cue(verb_cues[j], quote) else None
        if tok.pos_ in ("VERB", "AUX") and tok.dep_ not in _NOUN_PHRASE_VERB_DEPS:
            return None  # another clause comes first
    return None


def _free_cue(cue: Span, quote: Span) -> bool:
    """Whether the cue's verb does not already have its own content outside ``quote``."""
    verb, addressee = span_root(cue), cue._.fc_addressee  # "told reporters": not content
    for child in children(verb):
        if child.dep_ in ("ccomp", "dobj") and child.i >= quote.end and child.i > verb.i:
            if child.dep_ == "ccomp":
                return not is_content_clause(child)
            return addressee
    return True


def is_content_clause(clause: Token) -> bool:
    """A clause that reports content, not one of time or circumstance ("as the crowd left")."""
    return not any(c.dep_ == "mark" and c.lower_ in _CIRCUMSTANCE_MARKS for c in children(clause))


def _cue_before(doc: Doc, quote: Span, verb_cues: dict[int, Span], quoted: set[int]) -> Span | None:
    """A cue right before a quote: "she said: “...”", "he told reporters, “...”"."""
    i = quote.start - 1
    while i >= 0 and doc[i].is_space and "\n" not in doc[i].text:
        i -= 1
    if i < 0:
        return None
    if not (doc[i].text in (":", ",", "that") or i in verb_cues):
        if len(quote) < _STANDALONE_TOKENS:  # a scare quote: "called it a “disaster”"
            return None
        return _cue_with_object_before(doc, i, verb_cues, quoted)
    for j in range(i, max(i - _BEFORE_WINDOW, -1), -1):
        tok = doc[j]
        if j in quoted or tok.text in ".!?;" or "\n" in tok.text:
            return None
        if j in verb_cues and not expletive_subject(span_root(verb_cues[j])):
            return verb_cues[j]  # not "to think" in "Lee said it is wrong to think “...”"
    return None


def _cue_with_object_before(
    doc: Doc, last: int, verb_cues: dict[int, Span], quoted: set[int]
) -> Span | None:
    """ "he told the paper “...”", "she wrote on Twitter “...”": only the cue verb's own words
    (no other verb) stand between it and the quote."""
    for j in range(last, max(last - _OBJECT_WINDOW, -1), -1):
        tok = doc[j]
        if j in quoted or tok.text in ".!?;" or "\n" in tok.text:
            return None
        if j in verb_cues:
            verb = doc[j]
            between = doc[j + 1 : last + 1]
            ok = all(descends_from(t, verb) and t.pos_ not in ("VERB", "AUX") for t in between)
            return verb_cues[j] if ok and verb_cues[j].label_ == "speech" else None
    return None


def direct_candidates(
    doc: Doc, quotes: list[Span], verb_cues: dict[int, Span], quoted: set[int]
) -> list[Candidate]:
    """Claims for quoted passages: the cue before or after, else the previous quote's speaker."""
    found: list[Candidate] = []
    previous: Candidate | None = None
    for quote in quotes:
        cue = _cue_after(doc, quote, verb_cues, quoted)
        start, end = quote.start, quote.end
        if cue is None:
            cue = _cue_before(doc, quote, verb_cues, quoted)
            if cue is not None:
                start, end = _clause_of_quote(doc, cue, quote)
        if cue is not None:
            cand = _from_cue(start, end, "direct", cue)
        elif previous is not None and _continues(doc, previous, quote):
            cand = _continued(doc, previous, quote)
        elif _standalone(doc, quote):  # kept only where no other claim covers it
            cand = Candidate(quote.start, quote.end, "direct", None, None, fallback=True)
        else:
            continue
        found.append(cand)
        previous = cand
    return found


def _clause_of_quote(doc: Doc, cue: Span, quote: Span) -> tuple[int, int]:
    """A quote that ends the clause its cue governs is content with the whole clause: "said that
    “...”", "says the mayor “cannot win”" (so PolNeAR marks it); a quote on its own keeps its
    span."""
    verb = span_root(cue)
    for clause in rights(verb):
        if clause.dep_ not in ("ccomp", "dobj"):
            continue
        first, last = clause.left_edge.i, clause.right_edge.i + 1
        if cue.end <= first < quote.start < last <= quote.end + 1:
            first, _ = clip_to_paragraph(doc, first, quote.end, quote.start)
            return first, quote.end
    return quote.start, quote.end


def _continued(doc: Doc, previous: Candidate, quote: Span) -> Candidate:
    """The next quote of the same speaker: in the same paragraph ("“A,” he said. “B.”") the
    same mention and cue govern it; in a later paragraph only the name carries over."""
    if "\n" not in doc[previous.end : quote.start].text:
        return Candidate(quote.start, quote.end, "direct", previous.speaker, previous.cue)
    cand = Candidate(quote.start, quote.end, "direct", None, None)
    cand.speaker_name = _speaker_text(doc, previous)
    return cand


def _same_paragraph(a: Token, b: Token) -> bool:
    lo, hi = min(a.i, b.i), max(a.i, b.i)
    return not any("\n" in t.text for t in a.doc[lo:hi])


def _speaker_text(doc: Doc, cand: Candidate) -> str:
    if cand.speaker_name:
        return cand.speaker_name
    return doc[cand.speaker[0] : cand.speaker[1]].text if cand.speaker else ""


def _continues(doc: Doc, previous: Candidate, quote: Span) -> bool:
    """A whole-sentence quote right after the previous speaker's quote, in the same or next
    paragraph; after its attribution when that follows the quote ("“A,” said Ann Lee, a lawyer
    for the city who has argued such cases for years. “B.”")."""
    reach = previous.end
    for part in (previous.speaker, previous.cue):
        if part is not None and previous.end <= part[0] < quote.start:
            reach = max(reach, part[1])
    if quote.start - reach > 12 or len(quote) < 5:
        return False
    before = doc[quote.start - 1] if quote.start > 0 else None
    at_sentence_start = before is None or before.is_space or before.text in ".!?"
    between = doc[previous.end : quote.start].text
    return at_sentence_start and between.count("\n") <= 2


def _standalone(doc: Doc, quote: Span) -> bool:
    """A quoted passage that is a sentence or more of its own, not a phrase in a sentence."""
    if len(quote) < _STANDALONE_TOKENS:
        return False
    before = doc[quote.start - 1] if quote.start > 0 else None
    return before is None or "\n" in before.text or before.text in ".!?"


def _from_cue(start: int, end: int, kind: str, cue: Span) -> Candidate:
    verb = span_root(cue)
    subject = subject_of(verb) if cue.label_ != "passive" else agent_of(verb)
    if subject is not None and not _same_paragraph(subject, verb):
        subject = subject_in_paragraph(verb)  # the parser ran over a paragraph break
    speaker = mention_range(subject, verb) if subject is not None else None
    return Candidate(start, end, kind, speaker, (cue.start, cue.end))


# ----------------------------------------------------------------------------- block quotes


def block_candidates(doc: Doc, cues: list[Span], quotes: list[Span]) -> list[Candidate]:
    """A paragraph ending in ":" (or "according to X, ...,") whose content is the next paragraph."""
    found: list[Candidate] = []
    text = doc_text(doc)
    paragraphs = doc_paragraphs(doc)
    for index, (start, end) in enumerate(paragraphs[:-1]):
        last = text[end - 1]
        if last not in ":,":
            continue
        para_cues = [c for c in cues if start <= c.start_char and c.end_char <= end]
        if last == ",":
            para_cues = [c for c in para_cues if c.label_ == "according"]
        elif last != ":":
            continue
        if not para_cues:
            continue
        content = _block_content(doc, paragraphs[index + 1], quotes)
        if content is not None:
            found.append(_from_block_cue(content, para_cues[-1]))
    return found


def _block_content(doc: Doc, para: tuple[int, int], quotes: list[Span]) -> Span | None:
    end = para[1]
    for quote in quotes:
        if quote.start_char == para[0]:
            end = max(end, quote.end_char)
    return doc.char_span(para[0], end, alignment_mode="expand")


def _from_block_cue(content: Span, cue: Span) -> Candidate:
    if cue.label_ == "according":
        speaker = _according_speaker(cue)
        return Candidate(content.start, content.end, "block", speaker, (cue.start, cue.end))
    return _from_cue(content.start, content.end, "block", cue)


# ----------------------------------------------------------------------------- other cues


def cue_candidates(doc: Doc, cue: Span) -> list[Candidate]:
    """The claim a single cue introduces, by family."""
    if cue.label_ == "according":
        return according_candidates(doc, cue)
    if cue.label_ == "as_reported":
        return as_reported_candidates(doc, cue)
    if cue.label_ == "passive":
        return passive_candidates(doc, cue)
    return indirect_candidates(doc, cue)  # speech, stance and object verbs


def indirect_candidates(doc: Doc, cue: Span) -> list[Candidate]:
    """ "X said (that) ...", "..., X said", "X criticized the plan": what the cue verb governs."""
    verb = span_root(cue)
    if subject_of(verb) is None:
        return []
    clauses = [
        c
        for c in children(verb)
        if c.dep_ == "ccomp" and is_content_clause(c) and not _other_sentence(doc, c, verb)
    ]
    clauses = clauses or _clause_after_phrase(verb)
    if clauses:
        clause = max(clauses, key=lambda c: c.right_edge.i - c.left_edge.i)
        start, end = trim(doc, *subtree_range(clause))
    elif cue.label_ in ("speech", "stance") and (
        verb.dep_ == "parataxis" or compound_subject(verb) is not None and after_clause(verb)
    ):
        return _parenthetical(doc, cue)
    else:
        start, end = _object_content(doc, cue)
    if end - start < 1 or start <= verb.i < end:
        return []
    return [_from_cue(start, end, "indirect", cue)]


def _other_sentence(doc: Doc, clause: Token, verb: Token) -> bool:
    """A clause the parser hung on the cue across a semicolon before it ("Supporters credit her
    with ...; critics point out that ..."): a sentence of its own, not what the cue reports."""
    end = clause.right_edge.i + 1
    return end <= verb.i and any(t.text == ";" for t in doc[end : verb.i])


def _parenthetical(doc: Doc, cue: Span) -> list[Candidate]:
    """ "..., figures show." and "The plan, she said, will fail.": the clause around the cue.

    An interrupted clause is one claim that contains its cue.
    """
    verb, head = span_root(cue), span_root(cue).head
    if head.i < verb.i:
        start, end = trim(doc, head.left_edge.i, verb.left_edge.i)
    else:
        start, end = trim(doc, *subtree_range(head))
        if not start < verb.left_edge.i:
            return []
    if end - start < MIN_TOKENS:
        return []
    return [_from_cue(start, end, "indirect", cue)]


def _clause_after_phrase(verb: Token) -> list[Token]:
    """ "said in a statement that ...": a that-clause the parser hung on the phrase's noun."""
    found = []
    for prep in (c for c in rights(verb) if c.dep_ == "prep"):
        for noun in (g for g in children(prep) if g.dep_ == "pobj"):
            for clause in rights(noun):
                marks = {m.lower_ for m in children(clause) if m.dep_ == "mark"}
                if clause.dep_ in ("ccomp", "acl", "relcl") and "that" in marks:
                    found.append(clause)
    return found


def _object_content(doc: Doc, cue: Span) -> tuple[int, int]:
    """From the first object or complement of the cue verb to the end of the last one.

    A preposition that belongs to the cue ("called for", "referred to") is not content.
    """
    verb = span_root(cue)
    in_cue = {t.lower_ for t in cue if t.dep_ == "prep"}
    parts = complements(verb, in_cue)
    if cue._.fc_addressee:
        parts = [c for c in parts if c.dep_ != "dobj"]
    if not parts:
        return 0, 0
    start = max(parts[0].left_edge.i, cue.end if parts[0].i < cue.end else 0)
    return trim(doc, start, _with_object_phrases(verb, parts[-1].right_edge.i + 1, in_cue))


_EXAMPLES = frozenset(("including", "like", "such"))


def _with_object_phrases(verb: Token, end: int, in_cue: set[str]) -> int:
    """The end of an object content moved on over the prepositional phrases of its verb that
    follow it at once and complete what the speaker did ("endorsed Ann Lee for mayor",
    "criticized the council for closing the port", "described the plan as a failure"), not a
    time or date ("on Monday", "in March"); after a comma, a phrase of examples of the object
    ("sets out three options, including a delay")."""
    doc = verb.doc
    for child in rights(verb):
        if child.i < end or (child.i == end and child.text == ","):
            continue
        start = child.left_edge.i
        if start == end + 1 and doc[end].text == "," and child.lower_ not in _EXAMPLES:
            break
        if child.lower_ in _EXAMPLES and any(t.text in (":", ";") for t in child.subtree):
            break  # "including: A, who ...; B, who ...": a list of its own
        if start not in (end, end + 1) or child.dep_ != "prep" or child.lower_ in in_cue:
            break
        dated = any(t.ent_type_ in ("DATE", "TIME") for t in child.subtree)
        if (dated and child.lower_ not in _EXAMPLES) or any("\n" in t.text for t in child.subtree):
            break
        end = child.right_edge.i + 1
    return end


def _according_speaker(cue: Span) -> tuple[int, int] | None:
    last = cue[-1]
    holder = next((c for c in children(last) if c.dep_ == "poss"), None)
    if holder is not None:  # "In his view", "by the minister's own account"
        start, end = mention_range(holder)
        return start, end - 1 if end - start > 1 and cue.doc[end - 1].dep_ == "case" else end
    for child in children(last):
        if child.dep_ == "pobj":
            return mention_range(child)
    nxt = last.i + 1
    if nxt < len(cue.doc) and cue.doc[nxt].pos_ in ("PROPN", "NOUN", "DET", "ADJ"):
        token = cue.doc[nxt]
        while token.head.i > token.i and token.head.i - last.i < 6:
            token = token.head
        return mention_range(token)
    return None


def _within(span: tuple[int, int], start: int, end: int) -> tuple[int, int]:
    """``span`` cut to ``start``-``end``: the clause the view qualifies, in its sentence."""
    return max(span[0], start), min(span[1], end)


def according_candidates(doc: Doc, cue: Span) -> list[Candidate]:
    """ "According to X(, who ...), CONTENT." or "CONTENT, according to X." """
    sent_start, sent_end = sentence_bounds(doc, cue.start)
    if any(c.dep_ == "poss" for c in children(cue[-1])):  # "which in his view has gained"
        sent_start, sent_end = _within(subtree_range(verb_above(cue[0])), sent_start, sent_end)
    phrase_start, phrase_end = cue.start, max(cue.end, cue[0].right_edge.i + 1)
    before = trim(doc, sent_start, phrase_start)
    after = trim(doc, phrase_end, sent_end)
    start, end = max((before, after), key=lambda r: r[1] - r[0])
    if end - start < 3:
        return []
    speaker = _according_speaker(cue)
    return [Candidate(start, end, "according_to", speaker, (cue.start, cue.end))]


def as_reported_candidates(doc: Doc, cue: Span) -> list[Candidate]:
    """ "As the paper reported, CONTENT" / "CONTENT, as X noted": the clause the as-clause modifies."""
    verb = span_root(cue)
    clause_start, clause_end = subtree_range(verb)
    sent_start, sent_end = sentence_bounds(doc, verb.i)
    head = verb.head if verb.head is not verb else verb
    lo, hi = subtree_range(head)
    lo, hi = max(lo, sent_start), min(hi, sent_end)
    before = trim(doc, lo, clause_start)
    after = trim(doc, clause_end, hi)
    start, end = max((before, after), key=lambda r: r[1] - r[0])
    if end - start < 3:
        return []
    return [_from_cue(start, end, "reported", cue)]


def passive_candidates(doc: Doc, cue: Span) -> list[Candidate]:
    """ "it was reported that ...", "X is said to ...", "X has been accused of ..." """
    verb = span_root(cue)
    clauses = [c for c in children(verb) if c.dep_ == "ccomp"]
    head = verb.head
    if clauses:
        start, end = trim(doc, *subtree_range(clauses[0]))
    elif (
        verb.dep_ in ("advcl", "parataxis", "conj")
        and head.i < verb.i
        and verb.lemma_ in PASSIVE_ADDRESSEE
    ):
        # "The manager set the fire to hide a theft, a jury was told": the clause before it
        start, end = trim(doc, subtree_range(head)[0], verb.left_edge.i)
    else:
        start, end = trim(doc, *subtree_range(verb))
    if end - start < 4:
        return []
    return [_from_cue(start, end, "reported", cue)]


@Language.factory(
    "factcheck_attribution",
)
def make_attribution_finder(nlp: Language, name: str) -> AttributionFinder:
    """Attribute quotes and reported speech to speakers (see the module docstring)."""
    return AttributionFinder()
