"""``factcheck_evidence``: what each claim rests on, typed, with a canonical source id.

Finds evidence mentions (a leaked cable, a detainee's testimony, "told us", a press statement,
"Reuters reported", "as this newspaper reported", a video, a tweet, a "[German]" link marker, a
hyperlink from ``doc._.fc_links``, a dataset, a court filing) with one rule pass, writes them all
to ``doc.spans["fc_evidence"]`` (label = kind, ``kb_id`` = source id) and attaches to each claim in
``doc.spans["fc_claims"]`` those in its content or attribution clause, those its speaker stands for
(a detainee, a publication, a document named earlier) and, for block quotes, those introduced in the
sentence before. ``Span._.fc_evidence`` is a list of ``{"start", "end", "kind", "source", "url"}``.

Source ids are slugs of the source's own description (kind, head noun, distinctive words, year,
identifier): "a 2009 memo from the interior ministry" -> ``leaked-document-memo-interior-ministry-2009``;
a cable reference such as ``09KABUL1234`` is its own id. Sources that cannot be identified (an
anonymous witness, "leaked documents") get an article-scoped id ending in a short hash.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from factcheck.nlp import evidence_patterns  # noqa: F401  (registers factcheck.evidence.v1)
from factcheck.nlp.claim_context import (
    ClaimContext,
    Range,
    SentenceIndex,
    assign_owners,
    char_range,
    char_text,
    claim_context,
    claims_of,
    doc_length,
    has_tags,
    span_extension,
)
from factcheck.nlp.doc_index import doc_text
from factcheck.nlp.evidence_mentions import MentionFinder, is_showing
from factcheck.nlp.evidence_provenance import (
    CARRIER_KINDS,
    OwnPublication,
    Provenance,
    Speaker,
    speaker_of,
)
from factcheck.nlp.evidence_scene import InterviewFrames, SceneReader
from factcheck.nlp.evidence_sources import Mention, article_key, mention_order, short_hash
from factcheck.nlp.speakers import UNNAMED
from factcheck.nlp.syntax import span_root
from factcheck.slugs import slug

EVIDENCE_KEY = "fc_evidence"
# kinds that are a citation wherever they stand; others count inside a claim's content only
# as its subject or the object of "according to", "by", "in", "from", "on"
_CITING_KINDS = {"link", "foreign_language_source", "self_citation", "media_report", "interview"}
_CITING_WORDS = {"testimony", "testimonies", "account", "accounts"}
# verbs whose subject is the evidence inside a claim ("the video shows ...", "the memo lists ...")
_SHOWING_VERBS = {
    "show", "say", "reveal", "indicate", "suggest", "prove", "confirm", "document", "describe",
    "record", "list", "state", "find", "contain", "detail", "note", "report", "warn", "depict",
}  # fmt: skip
_PRONOUNS = {"it", "they", "this", "these"}
_PAPERS = {"leaked_document", "court_record", "dataset"}
_CITING_PREPOSITIONS = {"to", "by", "in", "from", "on"}
_DOCUMENT_KINDS = {"leaked_document", "court_record", "dataset", "statement", "media_report"}
# an expert or character witness is a role in court, not someone telling what happened to them
_TESTIMONY_WORDS = re.compile(
    r"\b(detainee|prisoner|eyewitness|(?<!expert )(?<!character )witness|survivor|inmate|captive|"
    r"hostage|defector|detained|captured|victim)"
)

# people who live where something happened, speaking as a group ("Residents say the shelling
# began at dawn"): witnesses telling what they saw, not a body speaking in public
_WITNESS_GROUPS = re.compile(
    r"^(?:the\s+|many\s+|some\s+|other\s+)?(?:[A-Z][\w-]*\s+)?(residents|villagers|locals|"
    r"neighbou?rs|bystanders|onlookers|passers-by)\b",
    re.IGNORECASE,
)

if not Span.has_extension("fc_evidence"):
    Span.set_extension("fc_evidence", default=None)


class EvidenceFinder:
    """Finds evidence mentions, names their sources and attaches them to claims."""

    def __init__(self, nlp: Language, rules: dict[str, Any]) -> None:
        self.mentions = MentionFinder(nlp, rules)
        self.max_gap: int | None = rules.get("max_gap")
        self.provenance = Provenance(rules["provenance"]) if "provenance" in rules else None
        self.scene = SceneReader(rules["scene"]) if "scene" in rules else None
        self.platforms = {str(p).lower() for p in rules.get("platforms", [])}

    def __call__(self, doc: Doc) -> Doc:
        mentions = self.mentions.find(doc)
        claims = claims_of(doc)
        attached = self.attach(doc, claims, mentions)
        for claim, items in zip(claims, attached, strict=True):
            claim._.fc_evidence = [m.as_dict() for m in _unique(items)]
        doc.spans[EVIDENCE_KEY] = [
            Span(doc, *m.tokens, label=m.kind, kb_id=m.source) for m in _unique(mentions)
        ]
        return doc

    def attach(self, doc: Doc, claims: list[Span], mentions: list[Mention]) -> list[list[Mention]]:
        """Give each claim the mentions it rests on; mentions gained from speakers join ``mentions``."""
        sentences = SentenceIndex(doc)
        contexts = [_evidence_context(c, sentences) for c in claims]
        attached: list[list[Mention]] = [[] for _ in claims]
        targets = [_attachment_point(doc, mention) for mention in mentions]
        found = _with_attributed_owners(
            assign_owners(targets, contexts, self.max_gap), targets, contexts, claims, self.max_gap
        )
        speakers = [char_range(span_extension(c, "fc_speaker")) for c in claims]
        for mention, target, indexes in zip(mentions, targets, found, strict=True):
            platform = self._platform_speaks(doc, mention)
            for i in indexes:
                if _within(contexts[i].content, target) and not _cited_in_content(doc, mention):
                    continue
                if platform and _overlaps(speakers[i], target):
                    continue  # "Twitter said", "Twitter's director said": the company speaks
                attached[i].append(mention)
        scope = _Scope(
            sentences, mentions, MentionIndex(mentions), MentionIndex(mentions, _DOCUMENT_KINDS)
        )
        for i, claim in enumerate(claims):
            self._from_speaker(doc, scope, claim, attached[i])
            self._from_scene(doc, claim, attached[i])
        own = OwnPublication.of(doc, _skip_regions(doc), doc_text(doc)) if claims else None
        if own is not None:  # "he told the Echo" in the Echo: known before memory is made, so
            for i, claim in enumerate(claims):  # the interview carries to his other claims
                _own_reports(doc, attached[i], own)
                told = _on_air(doc, claim, attached[i], own_only=True)
                if told is not None:
                    attached[i].append(told)
                    scope.mentions.append(told)
        memory = self._remembered(doc, claims, attached)
        # an author claim may be the frame itself ("Ed Lund spoke to reporters on Tuesday.")
        quoted = [x.content for x, c in zip(contexts, claims, strict=True) if not _authored(c)]
        frames = InterviewFrames(doc, mentions, quoted)
        names = [str(span_extension(c, "fc_speaker_name") or "").lower() for c in claims]
        frames.remember(memory, names)
        if self.provenance is not None:
            memory.update(self.provenance.judges(doc_text(doc), names))
        scope.frames = frames
        scope.spokespeople = _spokespeople_interviewed(claims, attached)
        for i, claim in enumerate(claims):
            if own is not None:  # its own reports were found above, before the memory
                self._from_provenance(doc, scope, claim, attached[i], (memory, own))
            on_air = _on_air(doc, claim, attached[i])
            if on_air is not None:
                attached[i].append(on_air)
                scope.mentions.append(on_air)
            attached[i] = _one_statement(attached[i])
            self._name_by_speaker(doc, claim, attached[i])
        _continued_quotes(claims, attached)
        return attached

    def _from_speaker(self, doc: Doc, scope: _Scope, claim: Span, items: list[Mention]) -> None:
        """Evidence the speaker stands for: a detainee's testimony, a publication, a document."""
        speaker = char_range(span_extension(claim, "fc_speaker"))
        if speaker is None or speaker[1] > doc_length(doc):
            return
        name = str(span_extension(claim, "fc_speaker_name") or "")
        kind = span_extension(claim, "fc_speaker_kind")
        for mention in scope.everything.overlapping(speaker):  # "according to the memo"
            if mention not in items and not self._platform_speaks(doc, mention):
                items.append(mention)
        kinds = {m.kind for m in items}
        made = self._speaker_evidence(doc, speaker, name, kind, kinds)
        if made is not None:
            items.append(made)
            if not any(_same(made, m) for m in scope.everything.overlapping(speaker)):
                scope.mentions.append(made)
        elif not kinds & _DOCUMENT_KINDS:
            speaker_info = (speaker, name, kind)
            earlier = _document_for(doc, scope, speaker_info, claim.start_char)
            if earlier is not None:
                items.append(earlier)

    def _platform_speaks(self, doc: Doc, mention: Mention) -> bool:
        """ "Twitter said it investigated", "Jenna Golden, Twitter's director, said": a platform
        named in the speaker is the company or its staff speaking, not words posted there."""
        if mention.kind != "social_media":
            return False
        return char_text(doc, mention.start, mention.end).lower() in self.platforms

    def _from_scene(self, doc: Doc, claim: Span, items: list[Mention]) -> None:
        """An interview the cue's clause shows ("Asked whether ..., she said", "said on the
        Morning Show"), when nothing cited says how the words were got."""
        if self.scene is None or {m.kind for m in items} - CARRIER_KINDS - {"media_report"}:
            return
        if span_extension(claim, "fc_speaker_kind") not in _SPEAKERS_ON_AIR:
            return
        cue = _in_doc(doc, span_extension(claim, "fc_cue"))
        if cue is None:
            return
        made = self.scene.testimony(doc, cue) or self.scene.mention(doc, cue)
        if made is not None:
            items.append(made)

    def _from_provenance(
        self,
        doc: Doc,
        scope: _Scope,
        claim: Span,
        items: list[Mention],
        context: tuple[dict[str, str], OwnPublication],
    ) -> None:
        """When nothing in the attribution names the evidence: who speaks and how decide."""
        if self.provenance is None:
            return
        kinds = {m.kind for m in items} - CARRIER_KINDS
        speaker = _in_doc(doc, span_extension(claim, "fc_speaker"))
        cue = _in_doc(doc, span_extension(claim, "fc_cue"))
        # a document speaker is its own evidence: "a Post-ABC poll found" is a dataset whatever
        # the outlet named inside it, unless a document of another kind is already cited; a
        # charge is a court record whatever it rests on ("police charged him after a video ...")
        charges = cue is not None and self.provenance.charges(char_text(doc, *cue))
        document = span_extension(claim, "fc_speaker_kind") == "document"
        if kinds and (not document or kinds & _PAPERS) and not (charges and not document):
            return
        memory, own = context
        fallback = _clause_subject(doc, cue) if speaker is None and cue is not None else None
        if fallback is not None:  # "Trump delivered a defense, saying ...": his words
            speaker = (fallback.start_char, fallback.end_char)
        anchor = speaker or cue
        if anchor is None:
            return
        texts = [char_text(doc, *r) if r else "" for r in (speaker, cue)]
        if cue is not None and _said_privately(doc, cue):
            texts[1] += " privately"  # "Privately, officials said", "said in private"
        who = speaker_of(claim, *texts)
        if fallback is not None:
            who = Speaker(texts[0], fallback.text, _subject_kind(fallback), texts[1])
        remembered = _recall(memory, who.name) or (
            scope.frames.after(doc, speaker) if scope.frames and speaker else ""
        )
        kind = self.provenance.kind(who, remembered, own)
        if kind == "statement" and who.kind == "organization" and scope.spokespeople:
            kind = _spoken_for(doc, scope.spokespeople, claim.start_char) or kind
        if kind in {"statement", "media_report"} and cue is not None:
            kind = self._written_in(doc, cue) or kind
        if kind in {m.kind for m in items}:
            return
        made = self._speaker_mention(doc, anchor, kind, who.name) if kind else None
        if made is None:
            return
        made.speaker_dependent = kind in {"statement", "interview"}
        items.append(made)
        if not any(_same(made, m) for m in scope.everything.overlapping(anchor)):
            scope.mentions.append(made)

    def _written_in(self, doc: Doc, cue: Range) -> str | None:
        """ "In one message, a manager writes ...", "wrote in the memo": the document the words
        were written in decides their kind, not the writer (a person who writes is otherwise a
        writer of articles)."""
        cue_span = doc.char_span(*cue, alignment_mode="expand")
        if self.provenance is None or cue_span is None or len(cue_span) == 0:
            return None
        verb = span_root(cue_span)
        if not self.provenance.writes(verb.text):
            return None
        for prep in verb.children:
            if prep.dep_ != "prep" or prep.lower_ != "in":
                continue
            for obj in prep.children:
                if obj.dep_ == "pobj":
                    return self.provenance.medium(obj.lemma_.lower())
        return None

    def _remembered(
        self, doc: Doc, claims: list[Span], attached: list[list[Mention]]
    ) -> dict[str, str]:
        """How the article got each speaker's words, from any of their claims: "interview" when
        one cites an interview in its attribution (not its content; a scene the attribution shows
        counts wherever the parse put it), "media_report" when one's
        cue is writing ("she wrote"), unless one rests on social media: someone who posts
        ("Lee said on Twitter ... He writes") is no writer of articles."""
        memory: dict[str, str] = {}
        posts: set[str] = set()
        for claim, items in zip(claims, attached, strict=True):
            name = str(span_extension(claim, "fc_speaker_name") or "").lower()
            if not name:
                continue
            content = (claim.start_char, claim.end_char)
            if any(m.kind == "interview" and _of_attribution(m, content) for m in items):
                memory[name] = "interview"
            if any(m.kind == "social_media" for m in items):
                posts.add(name)
            if any(m.kind == "testimony" and m.of_attribution for m in items):
                memory.setdefault(name, "testimony")  # "Giving evidence, Ms Pike said"
            cue = _in_doc(doc, span_extension(claim, "fc_cue"))
            writes = cue and self.provenance and self.provenance.writes(char_text(doc, *cue))
            if writes and _reports_words(claim):
                memory.setdefault(name, "media_report")
        return {n: k for n, k in memory.items() if k != "media_report" or n not in posts}

    def _speaker_evidence(
        self, doc: Doc, speaker: Range, name: str, kind: Any, kinds: set[str]
    ) -> Mention | None:
        """A testimony or media-report mention made from the speaker mention itself."""
        mention_text = char_text(doc, *speaker)
        if "testimony" not in kinds and _TESTIMONY_WORDS.search(f"{name} {mention_text}".lower()):
            return self._speaker_mention(doc, speaker, "testimony", name)
        if "testimony" not in kinds and kind == "group" and _WITNESS_GROUPS.match(mention_text):
            return self._speaker_mention(doc, speaker, "testimony", name)
        if kind != "publication" or kinds & {"media_report", "self_citation"}:
            return None
        # "the agency", "a paper outlining ..." may be a publication or not; a named outlet is
        if not is_proper_name(name or mention_text):
            return None
        return self._speaker_mention(doc, speaker, "media_report", name)

    def _speaker_mention(self, doc: Doc, speaker: Range, kind: str, name: str) -> Mention | None:
        span = doc.char_span(*speaker, alignment_mode="expand")
        if span is None or len(span) == 0:
            return None
        mention = Mention(
            speaker[0], speaker[1], (span.start, span.end), kind, head=(span.end - 1, span.end)
        )
        if kind in {"media_report", "self_citation"} and name and name[:1].isupper():
            mention.source = f"{kind.replace('_', '-')}-{slug(name)}"
        else:
            mention.source = f"{kind.replace('_', '-')}-{short_hash(article_key(doc), name.lower() or span.text.lower())}"
        return mention

    def _name_by_speaker(self, doc: Doc, claim: Span, items: list[Mention]) -> None:
        """Interviews and statements without words of their own are named after the speaker."""
        name = str(span_extension(claim, "fc_speaker_name") or "")
        kind = span_extension(claim, "fc_speaker_kind")
        for mention in items:
            if not mention.speaker_dependent or not name:
                continue
            if mention.words and mention.kind != "interview":
                continue
            named = kind in {"person", "organization", "publication"} and is_proper_name(name)
            prefix = mention.kind.replace("_", "-")
            source = (
                f"{prefix}-{slug(name)}"
                if named
                else f"{prefix}-{short_hash(article_key(doc), name.lower())}"
            )
            mention.source = source
            mention.speaker_dependent = False  # named once, by the first claim that owns it


_CLAUSE_UP = {"advcl", "xcomp", "conj", "pcomp", "pobj", "prep"}


def _clause_subject(doc: Doc, cue: Range) -> Span | None:
    """The named subject of the verb a speakerless cue hangs from: "Trump delivered a defense,
    saying ...", "in explaining why ..., Clinton described", "Trump ... and said ..." (a
    participle, a prepositional gerund or a second verb sharing the first one's subject)."""
    cue_span = doc.char_span(*cue, alignment_mode="expand")
    if cue_span is None or len(cue_span) == 0:
        return None
    token = span_root(cue_span)
    for _ in range(3):
        if token.dep_ not in _CLAUSE_UP or token.head.i == token.i:
            return None
        token = token.head
        if token.pos_ not in {"VERB", "AUX"}:
            continue
        subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
        if subject is None:
            continue
        if subject.ent_type_ not in {"PERSON", "ORG"}:
            return None  # a pronoun, a thing: the speaker components know better
        left = min([c.i for c in subject.children if c.dep_ == "compound"] + [subject.i])
        return doc[left : subject.i + 1]  # "Donald Trump"
    return None


def _subject_kind(subject: Span) -> str:
    return "person" if subject[-1].ent_type_ == "PERSON" else "organization"


def _recall(memory: dict[str, str], name: str) -> str:
    """How the article got a speaker's words elsewhere: by the name, or by its last word
    ("Trump" of "Donald Trump")."""
    key = name.lower()
    if key in memory:
        return memory[key]
    last = key.split()[-1:]
    found = {v for k, v in memory.items() if last and k.split()[-1:] == last}
    return found.pop() if len(found) == 1 else ""


_SPOKESPERSON = re.compile(
    r"\bspokes(?:wo)?m[ae]n\b|\bspokesperson|\brepresentative|\bpress officer"
)


def _spokespeople_interviewed(claims: list[Span], attached: list[list[Mention]]) -> list[int]:
    """Where claims end that a spokesperson gave the outlet ("a spokesperson told the Post")."""
    ends = []
    for claim, items in zip(claims, attached, strict=True):
        who = f"{span_extension(claim, 'fc_speaker_name') or ''} "
        speaker = span_extension(claim, "fc_speaker")
        if speaker is not None and char_range(speaker) is not None:
            who += char_text(claim.doc, *char_range(speaker))  # type: ignore[misc]
        if _SPOKESPERSON.search(who.lower()) and any(m.kind == "interview" for m in items):
            ends.append(claim.end_char)
    return sorted(ends)


def _spoken_for(doc: Doc, ends: list[int], start: int) -> str | None:
    """ "'...,' a spokesperson told the Post. The airport added that ...": an organisation's
    words after its spokesperson's interview, in the same paragraph, came in that interview."""
    at = bisect.bisect_right(ends, start) - 1
    if at < 0:
        return None
    return "interview" if "\n" not in doc_text(doc)[ends[at] : start] else None


_PRIVATE_PHRASES = {("in", "private"), ("off", "record"), ("on", "background")}


def _said_privately(doc: Doc, cue: Range) -> bool:
    """ "Privately, officials said", "said in private", "speaking off the record", "on
    background": the cue verb's adverb or phrase says the words were not given in public."""
    cue_span = doc.char_span(*cue, alignment_mode="expand")
    if cue_span is None or len(cue_span) == 0:
        return False
    for child in span_root(cue_span).children:
        if child.dep_ == "advmod" and child.lower_ in {"privately", "confidentially"}:
            return True
        if child.dep_ == "prep":
            objects = [c.lower_ for c in child.children if c.dep_ == "pobj"]
            if any((child.lower_, o) in _PRIVATE_PHRASES for o in objects):
                return True
    return False


def _of_attribution(mention: Mention, content: Range) -> bool:
    """Whether a mention belongs to the claim's attribution: outside its content, or read from
    the attribution's scene where the parse hung it inside the content ("first pointed out the
    plan to me", a show closing the sentence of "argued that ...")."""
    return mention.of_attribution or not _within(content, (mention.start, mention.end))


def _continued_quotes(claims: list[Span], attached: list[list[Mention]]) -> None:
    """A quote that continues a speaker's quote in a later paragraph (a name, no speaker or cue
    in the text) rests on what the speaker's previous quote rests on."""
    last: dict[str, list[Mention]] = {}
    order = sorted(range(len(claims)), key=lambda i: claims[i].start_char)
    for i in order:
        claim = claims[i]
        name = str(span_extension(claim, "fc_speaker_name") or "")
        alone = (
            span_extension(claim, "fc_speaker") is None and span_extension(claim, "fc_cue") is None
        )
        if alone and not attached[i] and name in last and name != UNNAMED and not _authored(claim):
            attached[i] = list(last[name])
        elif attached[i] and name:
            last[name] = attached[i]


@dataclass
class _Scope:
    """What the per-claim look-ups of one Doc share."""

    sentences: SentenceIndex
    mentions: list[Mention]  # every mention; ones made from speakers are appended
    everything: MentionIndex  # the mentions found in the text, by position
    documents: MentionIndex  # the document-like ones among them
    frames: InterviewFrames | None = None  # interviews told outside any claim
    spokespeople: list[int] | None = None  # ends of claims a spokesperson gave the outlet


def _document_for(
    doc: Doc, scope: _Scope, speaker_info: tuple[Range, str, Any], before: int
) -> Mention | None:
    """The document a "document" speaker or a bare "it" stands for, named earlier."""
    speaker, name, kind = speaker_info
    pronoun = char_text(doc, *speaker).lower() in _PRONOUNS
    if kind != "document" and not pronoun:
        return None
    earlier = scope.documents.named_before(name, before)
    if earlier is None and pronoun:
        earlier = _document_before(doc, scope.sentences, scope.documents, speaker[0])
    return earlier


def _skip_regions(doc: Doc) -> list[tuple[int, int]]:
    regions = doc._.fc_skip if Doc.has_extension("fc_skip") else None
    return [(int(r[0]), int(r[1])) for r in regions or [] if len(r) == 2]


def _in_doc(doc: Doc, value: Any) -> Range | None:
    found = char_range(value)
    return found if found is not None and found[1] <= doc_length(doc) else None


def _evidence_context(claim: Span, sentences: SentenceIndex) -> ClaimContext:
    """The claim's context, plus the sentence before the introduction for block quotes."""
    context = claim_context(claim, sentences)
    if not context.anchors:
        context.anchors.append(context.content)
    if span_extension(claim, "fc_kind") == "block":
        before = sentences.previous(min(a[0] for a in context.anchors))
        if before is not None:
            context.introduction.append(before)
    return context


def _attachment_point(doc: Doc, mention: Mention) -> Range:
    """Where a mention sits for attachment; a "[German]" marker stands for the word before it."""
    if mention.kind != "foreign_language_source" or mention.tokens[0] == 0:
        return (mention.start, mention.end)
    index = mention.tokens[0] - 1
    while index > 0 and (doc[index].is_space or doc[index].is_punct):
        index -= 1
    return (doc[index].idx, doc[index].idx + len(doc[index]))


def _cited_in_content(doc: Doc, mention: Mention) -> bool:
    """Whether a mention inside a claim's content is what the claim rests on, not its topic.

    "the video shows ..." and "according to the memo" cite; "filed the pictures away" does not.
    """
    if mention.speaker_only:
        return False
    if mention.kind in _CITING_KINDS or mention.head[0] >= mention.head[1]:
        return True
    head = doc[mention.head[1] - 1]
    if head.lower_ in _CITING_WORDS:
        return True
    if head.dep_ == "nsubj" and head.head.lemma_ in _SHOWING_VERBS:
        return True
    after = doc[mention.tokens[1]] if mention.tokens[1] < len(doc) else None
    if after is not None and is_showing(after):
        return True  # "figures from the office show ..." under a wrong parse
    return head.dep_ == "pobj" and head.head.lower_ in _CITING_PREPOSITIONS


_FINITE = {"VBD", "VBZ", "VBP", "MD"}


def _reports_words(claim: Span) -> bool:
    """ "she wrote that the fund failed", "he wrote: '...'": written words reported, so the
    writer's other claims come from the writing; not "she wrote a novel" (authorship)."""
    return not has_tags(claim.doc) or any(t.tag_ in _FINITE for t in claim)


_ON_AIR = {"on", "to", "with", "during"}
_SPEAKERS_ON_AIR = {"person", "organization", "anonymous"}


def _on_air(
    doc: Doc, claim: Span, items: list[Mention], *, own_only: bool = False
) -> Mention | None:
    """ "said on CNN", "told Fox News", "Speaking on CNBC, X called ...", "during a taping of an
    MSNBC town hall": a speaker who speaks on or to an outlet gave it an interview; the outlet's
    report stays, unless the outlet is the article's own ("told the Echo" in the Echo: the
    interview alone; ``own_only``: only that one). Not "according to CNN", not "said in a
    statement to CNN"."""
    cue = _in_doc(doc, span_extension(claim, "fc_cue"))
    if cue is None or span_extension(claim, "fc_speaker_kind") not in _SPEAKERS_ON_AIR:
        return None
    if any(m.kind in {"interview", "statement"} and not m.speaker_only for m in items):
        return None
    cue_span = doc.char_span(*cue, alignment_mode="expand")
    if cue_span is None or len(cue_span) == 0:
        return None
    for mention in items:
        inside = claim.start_char <= mention.start < claim.end_char
        if (
            mention.kind in ({"self_citation"} if own_only else {"media_report", "self_citation"})
            and not inside
            and _spoken_to(doc, mention, span_root(cue_span))
        ):
            if mention.kind == "self_citation":  # "he told the Echo" in the Echo: no report of
                items.remove(mention)  # its own to cite, the article's own interview
            made = Mention(
                mention.start, mention.end, mention.tokens, "interview", head=mention.head
            )
            words = char_text(doc, mention.start, mention.end).lower()
            made.source = f"interview-{short_hash(article_key(doc), words)}"
            made.speaker_dependent = True
            return made
    return None


def _spoken_to(doc: Doc, mention: Mention, verb: Any) -> bool:
    """Whether the outlet hangs from the cue verb by "on"/"to"/"with"/"during" (through a
    participle: "Speaking on CNBC") or is what was told ("told CNN")."""
    token = doc[max(mention.head[1], mention.tokens[1]) - 1]
    preps: set[str] = set()
    for _ in range(8):
        if token.dep_ in {"dobj", "dative"} and token.head.lemma_ == "tell":
            return token.head == verb
        if token.dep_ == "prep":
            preps.add(token.lower_)
        if token.head == verb:
            return bool(preps & _ON_AIR) and "according" not in preps
        if token.head == token:
            return False
        token = token.head
    return False


def _own_reports(doc: Doc, items: list[Mention], own: OwnPublication) -> None:
    """ "As The Ledger has reported" in The Ledger is a self-citation: an outlet the site's own
    first-person boilerplate names ("make The Ledger's content") is the article's publication."""
    for mention in items:
        if mention.kind == "media_report" and own.speaks_as(
            char_text(doc, mention.start, mention.end)
        ):
            mention.kind = "self_citation"
            mention.source = mention.source.replace("media-report-", "self-citation-", 1)


class MentionIndex:
    """Mentions indexed by position and by head word, so that the per-claim look-ups stay cheap
    on long documents (thousands of claims and mentions)."""

    def __init__(self, mentions: list[Mention], kinds: set[str] | None = None) -> None:
        chosen = (m for m in mentions if kinds is None or m.kind in kinds)
        self.items = sorted(chosen, key=lambda m: m.start)
        self.starts = [m.start for m in self.items]
        self.longest = max((m.end - m.start for m in self.items), default=0)
        self.by_head: dict[str, list[Mention]] = {}
        for mention in self.items:
            self.by_head.setdefault(mention.head_text, []).append(mention)

    def named_before(self, name: str, before: int) -> Mention | None:
        """The latest mention ending before ``before`` whose head word is in the speaker's name."""
        words = set(slug(name).split("-")) - {"the", "a", "an", "one", "its"} - _PRONOUNS
        found = [self._last_before(self.by_head.get(word, []), before) for word in words]
        return max((m for m in found if m is not None), key=lambda m: m.start, default=None)

    @staticmethod
    def _last_before(items: list[Mention], before: int) -> Mention | None:
        at = bisect.bisect_left([m.start for m in items], before)
        return next((m for m in reversed(items[:at]) if m.end <= before), None)

    def overlapping(self, rng: Range) -> list[Mention]:
        """The mentions that share a character with ``rng``."""
        at = bisect.bisect_left(self.starts, rng[0] - self.longest)
        found = []
        while at < len(self.items) and self.items[at].start < rng[1]:
            if self.items[at].end > rng[0]:
                found.append(self.items[at])
            at += 1
        return found

    def within(self, rng: Range) -> list[Mention]:
        """The mentions inside ``rng``, in text order."""
        at = bisect.bisect_left(self.starts, rng[0])
        inside = []
        while at < len(self.items) and self.items[at].start < rng[1]:
            if self.items[at].end <= rng[1]:
                inside.append(self.items[at])
            at += 1
        return inside


def _document_before(
    doc: Doc, sentences: SentenceIndex, documents: MentionIndex, char: int
) -> Mention | None:
    """For an unresolved "it"/"they": the document-like subject of the sentence before, or its
    first document-like mention."""
    before = sentences.previous(char)
    if before is None:
        return None
    inside = documents.within(before)
    subjects = [m for m in inside if doc[m.head[1] - 1].dep_ in {"nsubj", "nsubjpass"}]
    chosen = subjects or inside
    return chosen[0] if chosen else None


_NOT_NAMES = {"the", "a", "an", "its", "his", "her", "their", "our", "this", "that", "he", "she"}
_NOT_NAMES |= {"it", "they", "we", "one", "another"}


def is_proper_name(name: str) -> bool:
    """Whether a speaker name names someone ("Gwen Rhys", "Ministry of Defence"), not "Its chair"."""
    return any(w[:1].isupper() and w.lower() not in _NOT_NAMES for w in name.split())


def _one_statement(items: list[Mention]) -> list[Mention]:
    """ "A spokesman ... said in a statement": the statement, not the spokesman, is the source."""
    if any(m.kind == "statement" and not m.speaker_only for m in items):
        return [m for m in items if not (m.kind == "statement" and m.speaker_only)]
    return items


def _unique(mentions: list[Mention]) -> list[Mention]:
    """In text order, one mention per range and kind (two claims may share a speaker)."""
    seen: dict[tuple[int, int, str], Mention] = {}
    for mention in sorted(mentions, key=mention_order):
        seen.setdefault((mention.start, mention.end, mention.kind), mention)
    return list(seen.values())


def _with_attributed_owners(
    found: list[list[int]],
    targets: list[Range],
    contexts: list[ClaimContext],
    claims: list[Span],
    max_gap: int | None,
) -> list[list[int]]:
    """A mention whose only owners are author claims also goes to the attributed claims it
    qualifies as if the author claims were not there: an author sentence may hold an attributed
    claim ("The families have filed a lawsuit, alleging that ..."), whose attribution keeps its
    evidence."""
    only_authored = [k for k, found_k in enumerate(found) if found_k and all(
        _authored(claims[i]) for i in found_k)]  # fmt: skip
    if not only_authored:
        return found
    attributed = [i for i, c in enumerate(claims) if not _authored(c)]
    again = assign_owners(
        [targets[k] for k in only_authored], [contexts[i] for i in attributed], max_gap
    )
    for k, extra in zip(only_authored, again, strict=True):
        found[k] = found[k] + [attributed[j] for j in extra]
    return found


def _authored(claim: Span) -> bool:
    return span_extension(claim, "fc_kind") == "author"


def _within(outer: Range, inner: Range) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1]


def _overlaps(outer: Range | None, inner: Range) -> bool:
    return outer is not None and outer[0] < inner[1] and inner[0] < outer[1]


def _same(a: Mention, b: Mention) -> bool:
    return (a.start, a.end, a.kind) == (b.start, b.end, b.kind)


@Language.factory(
    "factcheck_evidence",
    assigns=["span._.fc_evidence"],
    default_config={"rules": {"@misc": "factcheck.evidence.v5"}},
)
def make_evidence_finder(nlp: Language, name: str, rules: dict[str, Any]) -> EvidenceFinder:
    """Build the evidence component from versioned rules (``factcheck.evidence.v5``)."""
    return EvidenceFinder(nlp, rules)
