"""Evidence sources: the mention record and the canonical source ids it is given.

Source ids are slugs of the source's own description (kind, head noun, distinctive words, year,
identifier): "a 2009 memo from the interior ministry" -> ``leaked-document-memo-interior-ministry-2009``;
a cable reference such as ``09KABUL1234`` is its own id; "the memo" after a memo reuses its id; a
named outlet gives its id to "an investigation by" it. Sources that cannot be identified (an
anonymous witness, "leaked documents") get an article-scoped id ending in a short hash of the
article key (``doc.user_data["fc_article_key"]`` if the caller sets it, else the text's hash) and
the mention. The article's own publication (``doc.user_data["fc_publisher"]``, else a name in the
byline) turns its reports into self-citations.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from spacy.tokens import Doc

from factcheck.nlp.doc_index import doc_text
from factcheck.nlp.syntax import sentence_bounds
from factcheck.slugs import slug

ARTICLE_KEY = "fc_article_key"  # optional doc.user_data entry that scopes anonymous sources
PUBLISHER_KEY = "fc_publisher"  # optional doc.user_data entry: the article's own publication
CABLE_REF = re.compile(r"\b\d{2}[A-Z]{3,}\d{1,6}\b")
_DEFINITE = {"the", "this", "that", "these", "those", "its", "their", "his", "her"}


@dataclass
class Mention:
    """One evidence mention: exact character offsets, its token span, kind and source id."""

    start: int
    end: int
    tokens: tuple[int, int]
    kind: str
    source: str = ""
    url: str = ""
    head: tuple[int, int] = (0, 0)  # token range of the trigger ("memo", "Associated Press")
    words: list[str] = field(default_factory=list)
    speaker_only: bool = False
    speaker_dependent: bool = False
    scoped: bool = False  # the id is scoped to the article (ends in a hash)
    head_text: str = ""  # the head as an id word ("cable"), set with the source id
    of_attribution: bool = False  # read from the attribution wherever the parse hung its words

    def as_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "kind": self.kind,
            "source": self.source,
            "url": self.url,
        }


def short_hash(*parts: str) -> str:
    return hashlib.sha1("|".join(parts).encode("utf-8")).hexdigest()[:6]


def article_key(doc: Doc, text: str | None = None) -> str:
    """What scopes an unidentifiable source to one article: a caller-set key or the text's hash."""
    key = doc.user_data.get(ARTICLE_KEY)
    if not key:
        key = short_hash(doc_text(doc) if text is None else text)
        doc.user_data[ARTICLE_KEY] = key  # hashed once per document
    return str(key)


def link_source_id(href: str) -> str:
    """A stable id for a hyperlink: host and path, without scheme, "www.", query or fragment."""
    parts = urlsplit(href.strip())
    host = parts.netloc.lower().removeprefix("www.")
    body = slug(f"{host} {parts.path}") or short_hash(href)
    return f"link-{body}" if len(body) <= 60 else f"link-{body[:50].strip('-')}-{short_hash(href)}"


def outlet_ids(mentions: list[Mention], names: list[Mention]) -> None:
    """ "an investigation by the Associated Press" is a report by the outlet: use the outlet's id."""
    for mention in mentions:
        if mention.kind != "media_report" or mention in names:
            continue
        inside = [n for n in names if mention.start <= n.start and n.end <= mention.end]
        if inside:  # "a report in the Coastal Ledger" in the Ledger itself is a self-citation
            mention.source, mention.kind = inside[-1].source, inside[-1].kind


def inside_any(mention: Mention, regions: list[tuple[Any, ...]]) -> bool:
    """Whether the mention lies in a heading, byline, caption or boilerplate region."""
    return any(
        int(r[0]) <= mention.start and mention.end <= int(r[1]) for r in regions if len(r) == 2
    )


def resolve_anaphora(doc: Doc, mentions: list[Mention]) -> None:
    """ "The memo" after "a 2009 memo from the ministry" is the same source: reuse its id."""
    last: dict[tuple[str, str], Mention] = {}  # the latest mention of each kind and head
    for mention in mentions:
        head = _head_text(doc, mention)
        earlier = last.get((mention.kind, head))
        definite = doc[mention.tokens[0]].lower_ in _DEFINITE
        if mention.scoped and definite and head and earlier is not None:
            mention.source = earlier.source
            mention.scoped = earlier.scoped
        last[(mention.kind, head)] = mention


def own_publication(doc: Doc, mentions: list[Mention], bylines: list[Mention]) -> None:
    """A media report naming the article's own publication is a self-citation.

    The publication is ``doc.user_data["fc_publisher"]`` when the caller sets it, else any outlet
    or masthead named in a heading or byline region near the top ("By Ann Lee | Coastal Ledger").
    """
    publisher = slug(str(doc.user_data.get(PUBLISHER_KEY) or ""))
    own = {f"media-report-{publisher}"} if publisher else {m.source for m in bylines}
    for mention in [m for m in mentions if m not in bylines]:
        if mention.kind == "media_report" and mention.source in own:
            mention.kind = "self_citation"
            mention.source = mention.source.replace("media-report-", "self-citation-", 1)


def in_bylines(names: list[Mention], skip: list[tuple[Any, ...]]) -> list[Mention]:
    """Publication names inside heading/byline regions that start in the first 600 characters."""
    top = [r for r in skip if len(r) == 2 and int(r[0]) < 600]
    return [n for n in names if n.kind == "media_report" and inside_any(n, top)]


def _head_text(doc: Doc, mention: Mention) -> str:
    tokens = doc[mention.head[0] : mention.head[1]]
    return " ".join(t.lemma_.lower() or t.lower_ for t in tokens)


def merge_cable_refs(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """ "a cable, 09KABUL1234, ..." is one source: the cable mention takes the reference as id."""
    refs = [m for m in mentions if CABLE_REF.fullmatch(m.source)]
    drop: set[int] = set()
    for mention in mentions:
        head = doc[mention.head[0] : mention.head[1]].text.lower()
        if mention.kind != "leaked_document" or mention in refs or head not in {"cable", "cables"}:
            continue
        near = [r for r in refs if same_sentence(doc, r, mention)]
        if len(near) == 1:
            mention.source = near[0].source
            drop.add(id(near[0]))
    return [m for m in mentions if id(m) not in drop]


def same_sentence(doc: Doc, a: Mention, b: Mention) -> bool:
    return sentence_bounds(doc, a.tokens[0]) == sentence_bounds(doc, b.tokens[0])


def overlaps(a: Mention, b: Mention) -> bool:
    return a.start < b.end and b.start < a.end


def mention_order(mention: Mention) -> tuple[int, int, str]:
    return (mention.start, mention.end, mention.kind)
