"""Small syntactic helpers shared by the attribution components: subjects, speaker mentions,
paragraph-bounded and trimmed token ranges. Ranges are token indices [start, end).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable
from itertools import accumulate

from spacy.attrs import HEAD, IDX
from spacy.tokens import Doc, Span, Token

from factcheck.nlp.claim_context import has_sentences
from factcheck.nlp.doc_index import doc_cache, doc_text, token_column

SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
_TRIM = set(",;:—–-()[]") | {"...", "--"}
_TIME_ENTITIES = ("DATE", "TIME")
_NUMBER_ENTITIES = ("CARDINAL", "QUANTITY", "PERCENT", "MONEY")
_OPENING = {")": "(", "]": "["}
# verbs that show, quote or perceive their object speaking ("an ad features a nurse saying")
_DEPICTING = {"show", "feature", "depict", "portray", "picture", "see", "hear", "watch", "film",
              "record", "capture", "catch", "quote", "cite", "include", "find", "play", "air"}  # fmt: skip
_CONTENT_POS = {"NOUN", "PROPN", "VERB", "NUM", "ADJ", "PRON", "AUX", "X", "SYM"}


def subject_of(verb: Token, depth: int = 0) -> Token | None:
    """The subject of ``verb``, inherited from the governing verb for "and added", "saying".

    A clause that would inherit a number ("Explaining how ..., at least 50 of whom were killed,
    our source said") looks further up: the number is not who speaks. A cue's own number subject
    stays ("Six in 10 say").
    """
    own = _own_subject(verb)
    if own is not None and is_expletive(own):
        return None  # "it is hard to imagine that ...": the clause has no one who speaks
    if own is not None and (depth == 0 or not is_quantity(own)):
        return own
    inherits = verb.dep_ in ("conj", "xcomp", "advcl") or (own is not None and depth > 0)
    if depth < 3 and inherits and verb.head is not verb:
        return subject_of(verb.head, depth + 1)
    if _main_verb_read_as_participle(verb):
        return verb.head  # "Ann Lee, who backs the plan, posted on X that ..."
    if depth == 0 and _participle_read_as_main_verb(verb):
        return _own_subject(verb.head)  # "An email, read to the court, shows that ..."
    if verb.dep_ == "acl" and verb.tag_ == "VBG" and verb.head.pos_ in ("PROPN", "NOUN"):
        return _object_speaking(verb.head, depth)  # "an ad showing Ortiz saying that ..."
    return None


def _main_verb_read_as_participle(verb: Token) -> bool:
    """A past tense the parser read as a participle of the sentence's only noun ("Ann Lee, who
    backs the plan, posted on X that ...": the noun is the root, the verb hangs from it): the
    noun is its subject. Not a passive participle with its agent ("Plan announced by mayor")."""
    head = verb.head
    return (
        verb.dep_ == "acl"
        and verb.tag_ in ("VBN", "VBD")
        and head.dep_ == "ROOT"
        and head.pos_ in ("PROPN", "NOUN")
        and agent_of(verb) is None
    )


def _participle_read_as_main_verb(verb: Token) -> bool:
    """A finite verb without a subject that the parser hung ("dep") on a participle set off by
    commas after the subject, taken for the main verb ("An email from the director, read to the
    court, purportedly shows that ..."): the participle's subject is the verb's."""
    head = verb.head
    if verb.dep_ != "dep" or verb.tag_ not in _FINITE_TAGS or head.tag_ not in ("VBN", "VBD"):
        return False
    if not head.i < verb.i or verb.i - head.i > 12:
        return False
    doc = verb.doc
    return (
        head.i > 0
        and doc[head.i - 1].text == ","
        and any(doc[i].text == "," for i in range(head.i + 1, verb.i))
    )


def expletive_subject(verb: Token) -> bool:
    """Whether the subject ``subject_of`` would give ``verb`` is an expletive "it" ("it is
    unrealistic to think that ..."): the verb is no one's cue."""
    for _ in range(4):
        own = _own_subject(verb)
        if own is not None:
            return is_expletive(own)
        if verb.dep_ not in ("conj", "xcomp", "advcl") or verb.head is verb:
            return False
        verb = verb.head
    return False


_PREDICATES = {"acomp", "attr", "oprd"}
_EXTRAPOSED = {"ccomp", "xcomp", "csubj", "advcl"}
_RAISING = {"seem", "appear", "happen"}


def is_expletive(token: Token) -> bool:
    """An "it" that stands for a clause later in the sentence, not for something that speaks:
    "it is hard to imagine that ...", "it's clear that ...", "it seems (that) ...", "make it
    simpler to ...", "it is understood that ...": its verb has a predicate (or is one, or is
    passive) and a clause after the "it"."""
    if token.lower_ != "it" or token.dep_ not in ("nsubj", "nsubjpass"):
        return False
    verb = token.head
    holders = [verb, *(c for c in children(verb) if c.dep_ in _PREDICATES)]
    plain = verb.pos_ not in ("ADJ", "NOUN") and verb.lemma_ not in _RAISING
    if len(holders) == 1 and plain and token.dep_ != "nsubjpass":
        return False  # "It said that ...": a company, a report
    return any(
        c.dep_ in _EXTRAPOSED and c.i > token.i and c.pos_ in ("VERB", "AUX")
        for holder in holders
        for c in children(holder)
    )


def _object_speaking(noun: Token, depth: int) -> Token:
    """Who speaks in "<verb> <noun> saying ...": the noun when the verb shows or quotes it ("an
    ad showing Ortiz saying", "a video of a woman saying"), the verb's subject when a common noun
    is only what the verb acts on ("the senator emailed supporters saying", "Lee said things
    ..., referring to")."""
    governor = noun.head
    if (
        noun.pos_ == "NOUN"
        and noun.dep_ in ("dobj", "dative")
        and governor.pos_ == "VERB"
        and governor.lemma_.lower() not in _DEPICTING
        and depth < 3
    ):
        found = subject_of(governor, depth + 1)
        if found is not None and not is_quantity(found):
            return found
    return noun


def compound_subject(verb: Token) -> Token | None:
    """The subject of a verb at the end of its sentence, after the clause it reports, that the
    parser took for the last word of a noun phrase: "..., police data show." parsed as "police
    data show", "data" a compound of "show" (the sentence's root, the clause its ccomp), "show"
    tagged as a noun or a verb; or hung on the clause's verb as its object ("..., the paper
    discloses;" parsed with "paper discloses" the object of the clause's verb): ``after_clause``.
    """
    if verb.i == 0:
        return None
    before = verb.doc[verb.i - 1]
    if before.head != verb or before.dep_ != "compound" or before.pos_ not in ("NOUN", "PROPN"):
        return None
    if verb.dep_ != "ROOT":
        return before if after_clause(verb) else None
    clause = next((c for c in children(verb) if c.dep_ == "ccomp"), None)
    return before if clause is not None and clause.i < before.i else None


def after_clause(verb: Token) -> bool:
    """A verb tagged as one that ends, after a comma, the clause it hangs from ("..., the paper
    discloses."): the parser took it for part of that clause."""
    doc, head = verb.doc, verb.head
    if head.i >= verb.i or head.pos_ not in ("VERB", "AUX") or verb.tag_ not in _FINITE_TAGS:
        return False
    start, end = verb.left_edge.i, verb.i + 1
    if start == 0 or doc[start - 1].text != ",":
        return False
    return end == len(doc) or doc[end].is_punct


def _own_subject(verb: Token) -> Token | None:
    """The verb's subject; of two, the nearest one in the verb's paragraph: the parser gives a
    time stamp or dateline on the line above a subject too ("9:30 p.m. / Ann Lee says ...")."""
    subjects = [c for c in children(verb) if c.dep_ in SUBJECT_DEPS]
    if not subjects:
        return compound_subject(verb) or _antecedent_before(verb)
    if len(subjects) < 2:
        return _past_dateline(_in_paragraph(subjects[0], verb))
    near = [s for s in subjects if not _line_between(s, verb)]
    return min(near, key=lambda s: abs(s.i - verb.i)) if near else subjects[0]


_FINITE_TAGS = ("VBD", "VBZ", "VBP")


def _antecedent_before(verb: Token) -> Token | None:
    """A finite verb the parser left without a subject right after a relative clause ("a White
    House official who spoke anonymously to discuss strategy said Wednesday, ..." with the
    official hung as an appositive elsewhere): the relative clause's noun is the subject."""
    if verb.tag_ not in _FINITE_TAGS or verb.i == 0:
        return None
    before = relative_clause_before(verb)
    if before is None:
        return None
    relative = any(c.dep_ in SUBJECT_DEPS and c.tag_ in ("WP", "WDT") for c in children(before))
    noun = before.head
    return noun if relative and noun.pos_ in ("NOUN", "PROPN") and noun.i < before.i else None


def relative_clause_before(verb: Token) -> Token | None:
    """The verb of a relative clause whose words end right before ``verb``, found up the heads
    of the token before it. Only heads that end right before the verb are climbed: each token
    ends one such chain, so all the verbs of a Doc walk it once ("and said that" repeated made
    every verb walk the whole chain)."""
    before = verb.doc[verb.i - 1]
    while (
        before.dep_ != "relcl"
        and before.right_edge.i == verb.i - 1
        and before.head.i != before.i
        and before.head.i < verb.i
    ):
        before = before.head
    return before if before.dep_ == "relcl" and before.right_edge.i == verb.i - 1 else None


_PARAGRAPH_WINDOW = 30  # tokens before a cue that may hold its subject in its own paragraph


def subject_in_paragraph(verb: Token) -> Token | None:
    """The subject of a cue whose inherited subject lies across a line break (the parser read a
    headline, byline and dateline as one sentence with the paragraph after them: "... river
    towns / By Lina Haddad / QAMISHLI, Syria - Residents fleeing the town say ..."): the first
    subject in the verb's line, before it, of a participle (which has no subject of its own)."""
    doc = verb.doc
    breaks = paragraph_breaks(doc)
    at = bisect_left(breaks, verb.i)
    start = breaks[at - 1] + 1 if at else 0
    for i in range(max(start, verb.i - _PARAGRAPH_WINDOW), verb.i):
        token = doc[i]
        head = token.head
        if token.dep_ == "nsubj" and head.tag_ in ("VBG", "VBN") and head.i < verb.i:
            return token
    return None


def _line_between(a: Token, b: Token) -> bool:
    doc = a.doc
    return any("\n" in t.text for t in doc[min(a.i, b.i) : max(a.i, b.i)])


def _in_paragraph(subject: Token, verb: Token) -> Token:
    """A subject on the line above the verb (a time stamp, "2:40 p.m. / Ann Lee's spokesman
    says ...") whose appositive stands in the verb's paragraph: the parser hung the real subject
    there."""
    if not _line_between(subject, verb):
        return subject
    for child in children(subject):
        if (
            child.dep_ == "appos"
            and child.pos_ in ("NOUN", "PROPN")
            and not _line_between(child, verb)
        ):
            return child
    return subject


_DASHES = ("-", "–", "—", "--")
_DATELINE_TOKENS = 8


def _past_dateline(subject: Token) -> Token:
    """ "JACKSON, Miss. - U.S. District Judge Ann Lee issued ...": the parser made the dateline
    that opens the paragraph the subject, and the subject its appositive (or conjunct: "HOMS,
    Syria - Residents say") after the dash."""
    doc = subject.doc
    if not (subject.is_upper and len(subject) > 1) or (
        subject.i > 0 and "\n" not in doc[subject.i - 1].text
    ):
        return subject
    for child in children(subject):
        between = doc[subject.i + 1 : child.i]
        if child.dep_ in ("appos", "conj") and any(t.text in _DASHES for t in between):
            return child
    return subject


def is_quantity(token: Token) -> bool:
    """A number or quantity: "50 of whom", "1,000", "Six in 10".

    "Two of the officials" is not one: its head stands for the officials.
    """
    if token.pos_ != "NUM" and not (token.like_num and token.ent_type_ in _NUMBER_ENTITIES):
        return False
    of = next((c for c in children(token) if c.dep_ == "prep" and c.lower_ == "of"), None)
    whole = next((g for g in children(of) if g.dep_ == "pobj"), None) if of is not None else None
    return whole is None or whole.pos_ == "PRON"


def agent_of(verb: Token) -> Token | None:
    """The agent of a passive cue ("reported by X", "via X")."""
    for child in children(verb):
        if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ in ("by", "via")):
            for grandchild in children(child):
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
    for child in reversed(list(lefts(head))):
        if child.dep_ in ("npadvmod", "advmod", "advcl") or child == verb:
            break  # a time word on the left is part of the phrase ("a 34-year-old farmer")
        start = child.left_edge.i
    for child in rights(head):
        if _outside_mention(child) or child == verb:
            break
        end = child.right_edge.i + 1
    start, end = clip_to_paragraph(head.doc, start, end, head.i)
    start = _after_dateline(head.doc, start, head.i)
    return trim(head.doc, start, end)


def _outside_mention(child: Token) -> bool:
    """Children of a speaker's head word that are not part of the mention: times, adverbs, a
    relative clause that reports something itself ("Ann Lee, who says that ...") and a present
    participle of what the speaker is doing ("Ann Lee, speaking at the harbour,", "a group
    backing the mayor": outside PolNeAR's sources 32 times in 33 in 250 train articles). A
    relative clause after a comma stays: its annotators split on it (37 out, 17 in), and
    leaving it out lost source-exact hits on other train articles."""
    if child.dep_ in ("npadvmod", "advmod", "advcl") or child.ent_type_ in _TIME_ENTITIES:
        return True
    if child.dep_ == "relcl" and any(g.dep_ == "ccomp" for g in children(child)):
        return True
    if child.dep_ == "acl" and child.tag_ == "VBG":
        return True
    return child.dep_ == "prep" and any(g.ent_type_ in _TIME_ENTITIES for g in children(child))


def in_dateline(doc: Doc, index: int) -> bool:
    """Whether token ``index`` is part of a dateline ("DALLAS (AP) — ", "RENO, Nev. - ")."""
    for i in range(index, min(index + _DATELINE_TOKENS, len(doc))):
        if "\n" in doc[i].text:
            return False
        if doc[i].text in _DASHES:
            return i > index and _after_dateline(doc, index, i + 1) == i + 1
    return False


def without_dateline(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """A tagged speaker mention's token range without a dateline that opens it and a time that
    ends it ("JACKSON, Miss. - Judge Ann Lee on Friday" -> "Judge Ann Lee")."""
    start = _after_dateline(doc, start, end - 1)
    for i in range(start + 1, end):
        token = doc[i]
        outside = not start <= token.head.i < end
        if outside and token.dep_ in ("prep", "npadvmod") and _ends_in_time(doc, i, end):
            return start, i
    return start, end


def _ends_in_time(doc: Doc, start: int, end: int) -> bool:
    return doc[end - 1].ent_type_ in _TIME_ENTITIES and all(
        t.ent_type_ in _TIME_ENTITIES or t.pos_ in ("ADP", "DET") for t in doc[start:end]
    )


def _after_dateline(doc: Doc, start: int, head: int) -> int:
    """Skip a capitalised dateline ("HARBOURTOWN, Maine - ", "HARBOURTOWN, Maine (AP) — ") before
    the mention: a dash before the head, with only names and punctuation between it and a word
    in capitals that opens the paragraph."""
    dash = next((i for i in range(head - 1, start - 1, -1) if doc[i].text in _DASHES), None)
    if dash is None:
        return start
    first = dash
    while first > 0 and "\n" not in doc[first - 1].text and dash - first < _DATELINE_TOKENS:
        first -= 1
    opens = first == 0 or "\n" in doc[first - 1].text
    capitals = doc[first].is_upper and len(doc[first]) > 1
    if opens and capitals and all(t.pos_ in ("PROPN", "PUNCT") for t in doc[first:dash]):
        return dash + 1
    return start


def _token_index(doc: Doc, name: str, build: Callable[[Doc], list[int]]) -> list[int]:
    """A sorted list of token indices computed once per Doc (again only if its tokens changed)."""
    cache = doc_cache(doc)
    cached = cache.get(name)
    if cached is None or cached[0] != len(doc):
        cached = cache[name] = (len(doc), build(doc))
    return cached[1]


def children(token: Token) -> list[Token]:
    """``token.children`` in constant time per child.

    spaCy finds a token's children by scanning its whole subtree, which makes a cue of a long
    nested sentence ("he said he said ...") cost time in proportion to the sentence; this reads a
    children index built once per Doc.
    """
    doc = token.doc
    return [doc[i] for i in child_ids(doc, token.i)]


def child_ids(doc: Doc, index: int) -> list[int]:
    """The indices of the children of token ``index`` (``children`` without making Tokens)."""
    cache = doc_cache(doc)
    found: tuple[list[int], list[int]] | None = cache.get("children")
    if found is None or len(found[0]) != len(doc) + 1:
        found = cache["children"] = _children_index(token_column(doc, HEAD))
    starts, ids = found
    return ids[starts[index] : starts[index + 1]]


def _children_index(offsets: list[int]) -> tuple[list[int], list[int]]:
    """(where the children of each token start in ``ids``, one more entry for the end; the
    children, head after head, each head's in text order) of tokens with these head offsets (0
    for a root): two flat lists rather than a list per token, which the garbage collector would
    have to walk."""
    counts = [0] * (len(offsets) + 1)
    for i, offset in enumerate(offsets):
        if offset:
            counts[i + offset + 1] += 1
    starts = list(accumulate(counts))
    ids = [0] * starts[-1]
    free = starts[:-1]
    for i, offset in enumerate(offsets):
        if offset:
            head = i + offset
            ids[free[head]] = i
            free[head] += 1
    return starts, ids


def verb_above(token: Token) -> Token:
    """The verb ``token`` qualifies, up to three steps through the tokens the parser may hang a
    phrase set off by commas from (the comma, the subject: "Sensors, in her telling, cannot
    see"); the last head reached when no verb is."""
    head, steps = token.head, 0
    while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i and steps < 3:
        head, steps = head.head, steps + 1
    return head


def span_root(span: Span) -> Token:
    """``span.root`` without walking to the sentence root for every token.

    spaCy returns a token of the span that is its own head, else, of the tokens whose head is
    outside the span, the one with the fewest steps to the root: each count walks the head chain,
    which is as long as the sentence in "he said he said ...". A cue or a mention almost always
    has one token whose head is outside; only a tie needs spaCy's count.
    """
    start, end = span.start, span.end
    heads = token_column(span.doc, HEAD)  # offsets: no Token is made for the words passed over
    outside = []
    for i in range(start, end):
        offset = heads[i]
        if not offset:
            return span.doc[i]
        if not start <= i + offset < end:
            outside.append(i)
    if len(outside) == 1:
        return span.doc[outside[0]]
    return span.root


def lefts(token: Token) -> list[Token]:
    return [c for c in children(token) if c.i < token.i]


def rights(token: Token) -> list[Token]:
    return [c for c in children(token) if c.i > token.i]


def descends_from(token: Token, ancestor: Token) -> bool:
    """Whether ``ancestor`` is an ancestor of ``token`` (``token in ancestor.ancestors`` without
    walking to the root: a head whose subtree reaches past the ancestor's cannot be below it)."""
    low, high = ancestor.left_edge.i, ancestor.right_edge.i
    while token.head.i != token.i:
        token = token.head
        if token.i == ancestor.i:
            return True
        if token.left_edge.i < low or token.right_edge.i > high:
            return False
    return False


def paragraph_breaks(doc: Doc) -> list[int]:
    """Indices of the tokens that hold a line break: paragraph look-ups cost a bisection."""
    return _token_index(doc, "breaks", _line_break_tokens)


def _line_break_tokens(doc: Doc) -> list[int]:
    """The tokens whose text holds a line break, found from the line breaks of the text: a line
    break is never a token's trailing space, so each lies inside the token starting before it."""
    text, starts = doc_text(doc), token_column(doc, IDX)
    found: list[int] = []
    at = text.find("\n")
    while at != -1:
        index = bisect_right(starts, at) - 1
        if not found or found[-1] != index:
            found.append(index)
        at = text.find("\n", at + 1)
    return found


def sentence_starts(doc: Doc) -> list[int]:
    """The first token of every sentence (``Doc.sents``), computed once per Doc."""
    return _token_index(doc, "sentences", lambda d: [s.start for s in d.sents])


def sentence_bounds(doc: Doc, index: int) -> tuple[int, int]:
    """Token range of the sentence of token ``index`` (the whole Doc when none are set).

    ``Token.sent`` walks the sentence, so calling it once per cue is quadratic in a long
    sentence; this costs a bisection over the sentence starts, computed once per Doc.
    """
    if not has_sentences(doc):
        return 0, len(doc)
    starts = sentence_starts(doc)
    k = bisect_right(starts, index) - 1
    return starts[k], starts[k + 1] if k + 1 < len(starts) else len(doc)


def _first_break(breaks: list[int], lo: int, hi: int) -> int | None:
    """The first break in [lo, hi), if any."""
    k = bisect_left(breaks, lo)
    return breaks[k] if k < len(breaks) and breaks[k] < hi else None


def _last_break(breaks: list[int], lo: int, hi: int) -> int | None:
    """The last break in [lo, hi), if any."""
    k = bisect_left(breaks, hi) - 1
    return breaks[k] if k >= 0 and breaks[k] >= lo else None


def clip_to_paragraph(doc: Doc, start: int, end: int, anchor: int) -> tuple[int, int]:
    """The part of [start, end) in the same paragraph as token ``anchor`` (maybe empty).

    Logarithmic in the length of the Doc (a bisection over its line-break tokens), so that a
    long sentence with many cues stays linear overall.
    """
    breaks = paragraph_breaks(doc)
    if anchor < start and _first_break(breaks, anchor, start) is not None:
        return start, start
    if anchor >= end and _first_break(breaks, end, anchor) is not None:
        return end, end
    before = _last_break(breaks, start, min(anchor, end))
    if before is not None:
        start = before + 1
    after = _first_break(breaks, max(anchor, start), end)
    if after is not None:
        end = after
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
