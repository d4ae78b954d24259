"""Evidence mentions for ``factcheck_evidence``: find them in a Doc and name their sources.

One pass of trigger rules (``factcheck.evidence.v1``), outlet and platform names, masthead names
("the Coastal Ledger"), foreign-language link markers ("[German]"), cable references and the
hyperlinks of ``doc._.fc_links``. Overlapping mentions keep the kind of highest priority.

Each mention gets its canonical source id here (see ``evidence_sources``).
"""

from __future__ import annotations

import bisect
import re
from typing import Any

from spacy.attrs import ORTH
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from factcheck.nlp.claim_context import doc_length
from factcheck.nlp.doc_index import doc_text, string_ids, token_column
from factcheck.nlp.evidence_sources import (
    CABLE_REF,
    PUBLISHER_KEY,
    Mention,
    article_key,
    in_bylines,
    inside_any,
    link_source_id,
    mention_order,
    merge_cable_refs,
    outlet_ids,
    overlaps,
    own_publication,
    resolve_anaphora,
    sentence_bounds,
    short_hash,
    slug,
)
from factcheck.nlp.syntax import in_dateline
from factcheck.nlp.transcript import transcript_mentions
from factcheck.nlp.trigger_matcher import TriggerMatcher

QUOTES_KEY = "fc_quotes"  # quoted passages (factcheck_quotes): a quoted "we" is not the paper
# kinds whose mentions name a source only with a proper name in them ("a second prisoner" does not)
_NAMED_ONLY = {"testimony", "interview", "self_citation"}
# kinds spoken in the publication's voice ("we reported", "told us"): inside a quotation they are
# the quoted speaker's words, not the article's
_OURS = {"self_citation", "interview"}
_FETCHED = {"obtained", "seen", "reviewed", "examined", "verified", "viewed", "shared", "provided"}
_WINDOW = 16  # longest stretch, in tokens, a rule pattern can match
_YEAR = re.compile(r"^(1[89]|20)\d\d$")
_NP_POS = {"DET", "ADJ", "NUM", "PROPN", "NOUN"}


class MentionFinder:
    """Finds the evidence mentions of a Doc and gives each its canonical source id."""

    def __init__(self, nlp: Language, rules: dict[str, Any]) -> None:
        self.rules: list[dict[str, Any]] = list(rules["rules"])
        self.prepositions: dict[str, list[str]] = dict(rules["prepositions"])
        self.generic = set(rules["generic"])
        self.priority = {kind: i for i, kind in enumerate(rules["priority"])}
        self.max_words = int(rules.get("max_words", 6))
        self.matcher = TriggerMatcher(window=_WINDOW)
        for i, rule in enumerate(self.rules):
            self.matcher.add(str(i), rule["pattern"])
        self.names = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.names.add("media_report", [nlp.make_doc(n) for n in rules["outlets"]])
        self.names.add("social_media", [nlp.make_doc(n) for n in rules["platforms"]])
        self.mastheads = set(rules.get("mastheads", []))
        self.not_mastheads = set(rules.get("not_mastheads", [])) | {"The", "A", "An"}
        languages = "|".join(re.escape(lang) for lang in rules["languages"])
        self.marker = re.compile(rf"[\[(]\s*(?:in\s+)?({languages})(?:\s+language)?\s*[\])]")

    def find(self, doc: Doc) -> list[Mention]:
        """Every evidence mention in the document, overlaps resolved, with its source id."""
        text = doc_text(doc)
        article_key(doc, text)
        skip = [tuple(r) for r in (doc._.fc_skip or [])] if Doc.has_extension("fc_skip") else []
        names = self._name_mentions(doc) + self._masthead_mentions(doc)
        names += self._publisher_mentions(doc, text)
        for name in names:
            name.source = self.source_id(doc, name)
        own_publication(doc, names, in_bylines(names, skip))
        found = self._rule_mentions(doc) + names
        found += self._marker_mentions(doc, text) + self._cable_mentions(doc, text)
        found += transcript_mentions(doc)  # "A: ...": a printed interview
        quotes = [(q.start_char, q.end_char) for q in doc.spans.get(QUOTES_KEY, [])]
        found = [
            m
            for m in found
            if not _fetched_by_us(doc, m)
            and not inside_any(m, skip)
            and not in_dateline(doc, m.tokens[0])  # "DALLAS (AP) —": the wire, not a source
            and not (m.kind in _OURS and inside_any(m, quotes))
        ]
        kept = self._resolve_overlaps(found)
        for mention in kept:
            mention.source = mention.source or self.source_id(doc, mention)
        kept = merge_cable_refs(doc, kept)
        outlet_ids(kept, [n for n in names if n.kind in {"media_report", "self_citation"}])
        resolve_anaphora(doc, kept)
        links = self._link_mentions(doc)
        for mention in kept:
            mention.url = next((k.url for k in links if overlaps(k, mention)), "")
        return kept + links

    def _rule_mentions(self, doc: Doc) -> list[Mention]:
        found = []
        for label, start, end in self.matcher(doc):
            rule = self.rules[int(label)]
            if rule.get("trim_last"):
                end -= 1
            if _blocked(doc, start, end, rule):
                continue
            if rule.get("after_propn") and (start == 0 or doc[start - 1].pos_ != "PROPN"):
                continue  # "United Nations figures", not "the figures"
            head = _head(doc, start, end) if rule.get("expand", True) else (start, start)
            if rule.get("proper"):
                head = (start + (doc[start].lower_ == "the"), end)
            if rule.get("expand", True):
                start, end = self._expand(doc, start, end, rule["kind"])
            found.append(self._mention(doc, start, end, rule["kind"], head, rule))
        return found

    def _name_mentions(self, doc: Doc) -> list[Mention]:
        found = []
        for match_id, start, end in self.names(doc):
            kind = doc.vocab.strings[match_id]
            head = (start, end)
            if kind == "social_media":
                start, end = self._expand_platform(doc, start, end)
            elif start > 0 and doc[start - 1].lower_ == "the":
                start -= 1
            found.append(self._mention(doc, start, end, kind, head, {}))
        return found

    def _masthead_mentions(self, doc: Doc) -> list[Mention]:
        """ "the Coastal Ledger": title-case words ending in a masthead word (not an institution)."""
        found = []
        ids = string_ids(self.mastheads)
        for i, orth in enumerate(token_column(doc, ORTH)):
            if orth not in ids or i == 0:
                continue  # read from the column: no Token made for the other words
            token = doc[i]
            start = token.i
            while (
                start > 0
                and doc[start - 1].is_title
                and doc[start - 1].text not in self.not_mastheads
            ):
                start -= 1
            if start == token.i:
                continue
            head = (start, token.i + 1)
            if doc[start - 1].lower_ == "the":
                start -= 1
            found.append(self._mention(doc, start, token.i + 1, "media_report", head, {}))
        return found

    def _publisher_mentions(self, doc: Doc, text: str) -> list[Mention]:
        """The article's own outlet named in its text as the one spoken to ("told the Echo",
        "said to Meridian Wire"), when the caller gave it (``fc_publisher``): its whole name, or
        "the" and its last word ("the Echo" in the Millbrook Echo), which alone is too common to
        be an outlet elsewhere. Found as media reports, they become the article's own interviews
        (``factcheck.nlp.evidence``). Where the outlet reports ("as the Courier reported") its
        name as the speaker says so; where it acts ("the Review obtained the cables", "which the
        Review has seen") it cites nothing."""
        publisher = re.sub(
            r"^the\s+", "", str(doc.user_data.get(PUBLISHER_KEY) or "").strip(), flags=re.I
        )
        if not publisher or not publisher[:1].isupper():
            return []
        forms = [re.escape(publisher)]
        last = publisher.split()[-1]
        if len(publisher.split()) > 1 and len(last) >= 4 and last[:1].isupper():
            forms.append(rf"(?<=\b[Tt]he ){re.escape(last)}")
        found = []
        for match in re.finditer(rf"\b(?:{'|'.join(forms)})\b", text):
            span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
            if span is None or len(span) == 0 or not _addressed(doc[span.end - 1]):
                continue
            start = span.start - (span.start > 0 and doc[span.start - 1].lower_ == "the")
            found.append(
                self._mention(doc, start, span.end, "media_report", (span.start, span.end), {})
            )
        return found

    def _mention(
        self, doc: Doc, start: int, end: int, kind: str, head: tuple[int, int], rule: dict[str, Any]
    ) -> Mention:
        span = doc[start:end]
        return Mention(
            start=span.start_char,
            end=span.end_char,
            tokens=(start, end),
            kind=kind,
            head=head,
            speaker_only=bool(rule.get("speaker_only")),
            speaker_dependent=bool(rule.get("speaker_dependent")),
        )

    def _marker_mentions(self, doc: Doc, text: str) -> list[Mention]:
        """ "[German]", "(in Russian)": a foreign-language source whose link was dropped."""
        found = []
        for match in self.marker.finditer(text):
            span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
            if span is None or len(span) == 0:
                continue
            mention = Mention(
                match.start(), match.end(), (span.start, span.end), "foreign_language_source"
            )
            words = [t.lower_ for t in _preceding_nouns(doc, span.start)]
            label = "-".join([match.group(1).lower(), *words])
            mention.source = f"foreign-language-source-{slug(label)}"
            if not words:
                mention.source += (
                    f"-{short_hash(article_key(doc), text[match.start() : match.end() + 80])}"
                )
            found.append(mention)
        return found

    def _cable_mentions(self, doc: Doc, text: str) -> list[Mention]:
        """Diplomatic cable references ("09KABUL1234"): the reference is the id."""
        found = []
        for match in CABLE_REF.finditer(text):
            span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
            if span is not None and len(span) > 0:
                mention = Mention(
                    match.start(), match.end(), (span.start, span.end), "leaked_document"
                )
                mention.head = (span.start, span.end)
                mention.source = match.group(0)
                found.append(mention)
        return found

    def _link_mentions(self, doc: Doc) -> list[Mention]:
        """Hyperlinks kept from HTML input (``doc._.fc_links``), each a ``link`` mention."""
        links = doc._.fc_links if Doc.has_extension("fc_links") else None
        found = []
        for link in links or []:
            start, end, href = _link_fields(link)
            if href is None or not (0 <= start < end <= doc_length(doc)):
                continue
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None or len(span) == 0:
                continue
            found.append(
                Mention(start, end, (span.start, span.end), "link", link_source_id(href), href)
            )
        return found

    def _expand(self, doc: Doc, start: int, end: int, kind: str) -> tuple[int, int]:
        """Grow a trigger into its noun phrase and one prepositional phrase of the same sentence."""
        first, last = sentence_bounds(doc, start)
        while end - 1 > start and doc[end - 1].pos_ in {"ADP", "DET", "VERB", "AUX"}:
            end -= 1  # "data from", "documents obtained by": grow from the noun, not the verb
        while (
            start < end - 1
            and doc[start].pos_ in {"VERB", "AUX", "ADP"}
            and doc[start].dep_ != "amod"
        ):
            start += 1  # "obtained a 2019 audit": the mention is the audit
        while start > first and end - start < 8 and _np_token(doc[start - 1]):
            start -= 1
        while (
            end < last
            and doc[end].pos_ in {"NOUN", "PROPN"}
            and _clean(doc[end])
            and end - start < 10
        ):
            end += 1
        if end < last and doc[end].lower_ in self.prepositions.get(kind, []):
            stop = end + 1
            while stop < last and stop - end <= 6 and _np_token(doc[stop]):
                stop += 1
            if any(t.pos_ in {"NOUN", "PROPN", "NUM"} for t in doc[end + 1 : stop]):
                end = stop
        while end - 1 > start and (doc[end - 1].pos_ in {"DET", "ADP"} or is_showing(doc[end - 1])):
            end -= 1  # "figures from the office show": "show" mis-tagged as a noun
        return start, end

    def _expand_platform(self, doc: Doc, start: int, end: int) -> tuple[int, int]:
        """ "Telegram" -> "a Telegram channel"; "on Facebook" after a noun -> "a post on Facebook"."""
        first, last = sentence_bounds(doc, start)
        while end < last and doc[end].pos_ == "NOUN" and _clean(doc[end]):
            end += 1
        start = _left_modifiers(doc, start, first)
        if (
            start - 2 >= first
            and doc[start - 1].lower_ in {"on", "via"}
            and doc[start - 2].pos_ == "NOUN"
        ):
            start = _left_modifiers(doc, start - 2, first)
        return start, end

    def _resolve_overlaps(self, mentions: list[Mention]) -> list[Mention]:
        """Keep, among overlapping mentions, the kind of highest priority, then the longest."""
        ranked = sorted(
            mentions, key=lambda m: (self.priority.get(m.kind, 99), m.start - m.end, m.start)
        )
        kept: list[Mention] = []
        taken: list[tuple[int, int]] = []  # the kept mentions' ranges, sorted; they never overlap
        for mention in ranked:
            at = bisect.bisect_left(taken, (mention.start, mention.end))
            neighbours = taken[max(0, at - 1) : at + 1]
            if not any(s < mention.end and mention.start < e for s, e in neighbours):
                taken.insert(at, (mention.start, mention.end))
                kept.append(mention)
        return sorted(kept, key=mention_order)

    # --- source ids --------------------------------------------------------------------------

    def source_id(self, doc: Doc, mention: Mention, speaker: str = "") -> str:
        """The canonical id: kind, head, distinctive words, years and identifiers of the mention."""
        span = doc[mention.tokens[0] : mention.tokens[1]]
        head, proper = _head_word(doc, mention.head)
        mention.head_text = head
        if not proper and (head in self.generic or head in mention.kind.split("_")):
            head = ""  # "statement-..." not "statement-statement-..."
        words, tail = self._id_words(span, mention.head, head)
        mention.words = words if not proper else [head, *words]
        kind = mention.kind.replace("_", "-")
        label = "-".join(p for p in [kind, head, *words[: self.max_words], *tail] if p)
        named = any(t.pos_ == "PROPN" for t in span) or proper
        if (proper or words or tail) and (named or mention.kind not in _NAMED_ONLY):
            return label
        mention.scoped = True
        return f"{label}-{short_hash(article_key(doc), span.text.lower(), speaker)}"

    def _id_words(
        self, span: Span, head: tuple[int, int], head_word: str
    ) -> tuple[list[str], list[str]]:
        """Distinctive words in text order, and years and identifiers (kept for the end of the id)."""
        words: list[str] = []
        tail: list[str] = []
        for token in span:
            text = slug(token.text)
            if not text or token.is_stop or head[0] <= token.i < head[1]:
                continue
            if CABLE_REF.fullmatch(token.text):
                tail.append(token.text)
            elif _YEAR.match(token.text):
                tail.append(text)
            elif self._distinctive(token, text, head) and text not in words and text != head_word:
                words.append(text)
        return words, tail

    def _distinctive(self, token: Token, text: str, head: tuple[int, int]) -> bool:
        """Nouns and names; an adjective only inside a compound name ("the interior ministry"),
        not before the head itself ("a particular video")."""
        if text in self.generic or token.pos_ not in {"NOUN", "PROPN", "ADJ"}:
            return False
        if token.pos_ != "ADJ" or token.is_title:
            return True  # nouns, names and proper adjectives ("Alvenian")
        doc = token.doc
        nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
        return nxt is not None and nxt.pos_ in {"NOUN", "PROPN"} and not head[0] <= nxt.i < head[1]

    # --- attaching mentions to claims ----------------------------------------------------------


# verb forms whose subject is the evidence ("the video shows", "figures from the office show");
# checked on the word too, because the small model often tags a sentence-final "show" as a noun
SHOWING_FORMS = {
    "show", "shows", "showed", "shown", "say", "says", "said", "reveal", "reveals", "revealed",
    "suggest", "suggests", "suggested", "indicate", "indicates", "indicated", "confirm",
    "confirms", "confirmed", "prove", "proves", "proved", "state", "states", "stated", "list",
    "lists", "listed", "describe", "describes", "described", "document", "documents",
    "documented", "find", "finds", "found", "warn", "warns", "warned", "note", "notes", "noted",
}  # fmt: skip


def is_showing(token: Token) -> bool:
    """A verb form that presents evidence ("shows", "says"); "show"/"says" even when mis-tagged."""
    if token.pos_ in {"VERB", "AUX"}:
        return token.lower_ in SHOWING_FORMS
    return token.pos_ == "NOUN" and token.lower_ in {"show", "shows", "say", "says"}


def _blocked(doc: Doc, start: int, end: int, rule: dict[str, Any]) -> bool:
    """A rule's exclusions: "cable news", "cable networks"; "on account of"."""
    after = rule.get("not_followed_by")
    if after and end < len(doc) and doc[end].lower_ in after:
        return True
    before = rule.get("not_after")
    return bool(before and start > 0 and doc[start - 1].lower_ in before)


def _addressed(token: Token) -> bool:
    """Whether the name ending at ``token`` is what was told ("told the Echo") or hangs from
    "to", "on" or "with" ("said to the Echo", "spoke with Meridian Wire")."""
    for _ in range(4):  # up the name's own words: "Meridian" -> "Wire"
        if token.dep_ not in {"compound", "flat", "amod"} or token.head == token:
            break
        token = token.head
    if token.dep_ in {"dobj", "dative"}:
        return token.head.lemma_ == "tell"
    return token.dep_ == "pobj" and token.head.lower_ in {"to", "on", "with"}


def _fetched_by_us(doc: Doc, mention: Mention) -> bool:
    """ "seen by this newspaper": the paper obtaining a document is not citing its own reporting."""
    first = mention.tokens[0]
    return (
        mention.kind == "self_citation"
        and first >= 2
        and doc[first - 1].lower_ == "by"
        and doc[first - 2].lower_ in _FETCHED
    )


def _link_fields(link: Any) -> tuple[int, int, str | None]:
    if isinstance(link, dict):
        return int(link.get("start", -1)), int(link.get("end", -1)), link.get("href")
    return (
        int(getattr(link, "start", -1)),
        int(getattr(link, "end", -1)),
        getattr(link, "href", None),
    )


def _head(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """The trigger's head: the last noun of the match (the match's last token if none)."""
    nouns = [t.i for t in doc[start:end] if t.pos_ in {"NOUN", "PROPN"}]
    last = nouns[-1] if nouns else end - 1
    first = last
    while first > start and doc[last].pos_ == "PROPN" and doc[first - 1].pos_ == "PROPN":
        first -= 1  # a name is one head: "the Valley Herald"
    return (first, last + 1)


def _head_word(doc: Doc, head: tuple[int, int]) -> tuple[str, bool]:
    """The head as an id word (a noun's lemma: "memos" -> "memo") and whether it is a name."""
    tokens = doc[head[0] : head[1]]
    if len(tokens) == 0:
        return "", False
    if len(tokens) == 1 and tokens[0].pos_ == "NOUN":
        return slug(_singular(tokens[0])), False
    proper = len(tokens) > 1 or tokens[0].pos_ == "PROPN" or tokens[0].text[:1].isupper()
    return slug(tokens.text), proper


def _singular(token: Token) -> str:
    """The lemma of a plural ("memos" -> "memo"), but not Latin ones ("media" stays "media")."""
    lemma = token.lemma_.lower()
    return lemma if lemma and token.lower_.startswith(lemma[:-1]) else token.lower_


def _left_modifiers(doc: Doc, start: int, first: int) -> int:
    """Move ``start`` left over determiners, adjectives and noun compounds ("a Telegram")."""
    while (
        start > first
        and _np_token(doc[start - 1])
        and doc[start - 1].pos_ in {"DET", "ADJ", "NOUN"}
    ):
        start -= 1
    return start


def _np_token(token: Token) -> bool:
    if not _clean(token) or token.lower_ in {"that", "which"}:
        return False
    return token.pos_ in _NP_POS or token.tag_ == "POS"


def _clean(token: Token) -> bool:
    return not token.is_space and "\n" not in token.text and not token.is_punct


def _preceding_nouns(doc: Doc, index: int) -> list[Token]:
    first, _ = sentence_bounds(doc, max(0, index - 1)) if index else (0, 0)
    window = [t for t in doc[max(first, index - 6) : index] if t.pos_ in {"NOUN", "PROPN"}]
    return window[-3:]
