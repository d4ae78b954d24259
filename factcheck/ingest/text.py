"""Plain-text and Markdown articles: title, byline, date, paragraphs, headings, boilerplate, links.

Works on the decoded text as it is: every region is a ``(start, end)`` offset pair into it and no
character is changed, so offsets stay those of the file. Part of the ingest stage (no spaCy).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from factcheck.ingest.boilerplate import with_classified
from factcheck.records import Article, Link

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DATE_PATTERNS = (
    re.compile(r"\b(?P<year>\d{4})-(?P<mnum>\d{2})-(?P<day>\d{2})(?!\d)"),
    re.compile(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<year>\d{4})\b", re.I),
    re.compile(_MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})\b", re.I),
)
_BY = re.compile(r"^\s*(?:by|written by|words by|posted by|reporting by)\s+(?P<name>\S.*)$", re.I)
# "Court reporter: Dan Whitlock", "Political editor: Ann Lee": a role, then the writer's name
_ROLE_NAME = re.compile(
    r"^(?:[A-Z][a-z]+\s+)?(?:reporter|editor|correspondent|writer|columnist)\s*:\s*(?P<name>\S.*)$",
    re.I,
)
# a wire or agency credit opening the story: "DALLAS (AP) -", "OSLO, Dec 5 (Meridian Wire) -"
_WIRE_CREDIT = re.compile(
    r"^[A-Z][A-Z.'’ -]*[A-Z.](?:,\s[A-Z][\w.]*(?:\s[A-Z][\w.]*)*)?(?:,?\s\w{3,9}\.?\s\d{1,2})?"
    r"\s\((?P<outlet>[A-Z][\w&.'’ -]{0,40}[\w.])\)\s*[-–—]\s"
)
_DATELINE = re.compile(r"^\s*(?:published|updated|posted|first published)\b[\s:,-]*", re.I)
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_MD_LINK = re.compile(r"(?<!!)\[(?P<text>[^\]\n]+)\]\((?P<href>[^)\s]+)(?:\s+\"[^\"]*\")?\)")
_CAPTION = re.compile(
    r"^\s*(?:photo(?:graph)?|image|picture|pictured|caption|illustration|credit|video)"
    r"(?:\s+credit)?\s*(?::|by\b|—|–)"
    r"|\((?:photo|image|picture|credit|illustration)(?:\s+credit)?\s*(?::|by\b)[^)]*\)\s*$"
    r"|^\s*!\[[^\]]*\]\([^)]*\)\s*$",
    re.I,
)
_SHARE_WORDS = (
    r"(?:facebook|twitter|x|linkedin|whatsapp|email|e-mail|reddit|telegram|print|copy link|share)"
)
_BOILERPLATE_LINE = re.compile(
    r"^\s*(?:"
    r"read (?:on|more|also|next|the full)\b|also read\b|related(?: articles?| stories)?\s*:|"
    r"see also\b|more on this\b|you (?:may|might) also like\b|most read\b|recommended\s*:|"
    r"comments? (?:are|is) (?:closed|disabled)\b|leave a (?:comment|reply)\b|\d+ comments?\s*$|"
    r"(?:sign up|subscribe|register)\b.{0,60}\b(?:newsletter|updates|inbox|bulletin)|"
    r"subscribe (?:now|today|here)\b|share (?:this|on)\b|share\s*:|tweet this\b|follow us\b|"
    r"advertisement\s*$|sponsored(?: content)?\s*$|skip to (?:main )?content\b|back to top\b|"
    r"click here\b|tags?\s*:|filed under\b|topics\s*:|copyright\b|©|all rights reserved\b|"
    r"(?:" + _SHARE_WORDS + r"[\s|·•,/]*){2,}$"
    r")",
    re.I,
)
_DONATION = re.compile(
    r"\b(?:support (?:our|independent|quality|local) (?:journalism|reporting|newsroom)|"
    r"make a (?:donation|contribution)|donate (?:now|today|here|to us)|please (?:consider )?donat|"
    r"become a (?:member|supporter|subscriber|patron)|consider (?:supporting|donating|subscribing)|"
    r"chip in|every (?:contribution|donation)\b)",
    re.I,
)
_NAV_SEPARATORS = re.compile(r"\s*(?:\||»|›|>|•|·|/)\s*")
_NAME_LINKS = frozenset(
    {"and", "de", "la", "van", "von", "der", "da", "del", "bin", "al", "le", "du"}
)
# two to four capitalised words, with the particles of names ("Ana de la Cruz")
_NAME_WORD = r"[A-Z][\w'’.-]*"
_BARE_NAME = re.compile(
    rf"^{_NAME_WORD}(?: (?:{_NAME_WORD}|{'|'.join(sorted(_NAME_LINKS - {'and'}))})){{1,3}}$"
)
_NOT_NAMES = {"the", "a", "an", "our", "this", "breaking", "live", "exclusive", "update"}
_END_PUNCT = ".!?:;,\"'”’)…"


@dataclass
class _Line:
    start: int
    end: int
    text: str


@dataclass
class _Found:
    title: str = ""
    byline: str = ""
    publisher: str = ""
    published: str = ""
    headings: list[tuple[int, int]] = field(default_factory=list)
    boilerplate: list[tuple[int, int]] = field(default_factory=list)
    byline_at: int = -1  # where the byline line starts


def parse_plain(text: str, *, path: str = "") -> Article:
    """A plain-text or Markdown article from its decoded text (unchanged, so offsets hold)."""
    blocks = _blocks(text)
    found = _Found()
    _find_title(blocks, found)
    _find_byline(blocks[:6], found)
    _find_wire_credit(blocks[:6], found)
    _find_bare_byline(blocks, found)
    _find_standfirst(blocks, found)
    for block in blocks:
        _classify_block(block, found)
    paragraphs = tuple((b[0].start, b[-1].end) for b in blocks)
    links = tuple(_markdown_links(text))
    return Article(
        text=text,
        path=path,
        title=found.title,
        byline=found.byline,
        published=found.published,
        publisher=found.publisher,
        paragraphs=paragraphs,
        headings=tuple(sorted(set(found.headings))),
        boilerplate=with_classified(text, paragraphs, found.boilerplate, links),
        links=links,
    )


def _blocks(text: str) -> list[list[_Line]]:
    """Runs of non-blank lines (paragraphs), each line trimmed of surrounding spaces."""
    blocks: list[list[_Line]] = []
    current: list[_Line] = []
    position = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            start = position + (len(raw) - len(raw.lstrip()))
            current.append(_Line(start, start + len(stripped), stripped))
        elif current:
            blocks.append(current)
            current = []
        position += len(raw) + 1
    if current:
        blocks.append(current)
    return blocks


def _find_title(blocks: list[list[_Line]], found: _Found) -> None:
    if not blocks:
        return
    first = blocks[0][0]
    is_heading = bool(_MD_HEADING.match(first.text))
    if is_heading or (len(blocks[0]) == 1 and len(first.text) <= 200 and len(blocks) > 1):
        found.title = _clean_heading(first.text)
        found.headings.append((first.start, first.end))


def _clean_heading(text: str) -> str:
    text = _MD_HEADING.sub("", text).strip()
    return text.strip("*_ #").strip()


def _find_byline(blocks: list[list[_Line]], found: _Found) -> None:
    for block in blocks:
        for line in block:
            if len(line.text) > 160 or (line.start, line.end) in found.headings:
                continue
            if _parse_byline(line.text, found):
                found.headings.append((line.start, line.end))
                found.byline_at = line.start
                _publisher_under_byline(block, line, found)
            elif _parse_dateline(line.text, found):
                found.headings.append((line.start, line.end))
            if found.byline and found.published:
                return


def _find_standfirst(blocks: list[list[_Line]], found: _Found) -> None:
    """The short paragraphs between the title and the byline under it (the standfirst or
    sub-headline: "Chief of staff asked statisticians to hold the numbers back") are part of
    the article's head, not its body: a summary of the story, its claims told again below."""
    if not found.title or found.byline_at < 0:
        return
    between = [
        b for b in blocks[1:6] if b[0].start > blocks[0][0].start and b[-1].end < found.byline_at
    ]
    if (
        not between
        or any(len(b) > 2 for b in between)
        or sum(b[-1].end - b[0].start for b in between) > 500
    ):
        return
    found.headings.extend((b[0].start, b[-1].end) for b in between)


def _publisher_under_byline(block: list[_Line], byline: _Line, found: _Found) -> None:
    """ "By Ann Lee, political editor" with the outlet's name alone on the next line of the same
    block ("The Riverside Courier", "Millbrook Echo"): that is the publisher."""
    following = [line for line in block if line.start > byline.start][:1]
    if found.publisher or not following:
        return
    line = following[0]
    words = line.text.split()
    if (
        len(words) <= 6
        and not line.text.endswith(tuple(_END_PUNCT))
        and not parse_date(line.text)
        and all(w[0].isupper() or w.lower() in {"of", "and", "the", "&"} for w in words)
    ):
        found.publisher = line.text
        found.headings.append((line.start, line.end))


def _find_wire_credit(blocks: list[list[_Line]], found: _Found) -> None:
    """The outlet credited at the start of the story ("WASHINGTON (AP) — ...") is the publisher
    when no byline named one: the article is that agency's copy."""
    if found.publisher:
        return
    for block in blocks:
        match = _WIRE_CREDIT.match(block[0].text)
        if match:
            found.publisher = match.group("outlet").strip()
            return


def _find_bare_byline(blocks: list[list[_Line]], found: _Found) -> None:
    """A name alone on the line under the title ("Dana Whitcombe") is the byline."""
    if found.byline or not found.title or len(blocks) < 3 or len(blocks[1]) != 1:
        return
    line = blocks[1][0]
    if _BARE_NAME.match(line.text) and line.text.split()[0].lower() not in _NOT_NAMES:
        found.byline = line.text
        found.headings.append((line.start, line.end))


def _parse_byline(text: str, found: _Found) -> bool:
    """'By X', 'By X | Publisher | 3 May 2025' or 'X | Publisher | 3 May 2025'."""
    parts = [p.strip() for p in re.split(r"\s+[|·•]\s+|\s+[—–]\s+", text) if p.strip()]
    if found.byline or not parts or any(len(p) > 60 for p in parts) or text.endswith("."):
        return False
    by = _BY.match(parts[0])
    dated = [p for p in parts if parse_date(p)]
    names = [p for p in parts if not parse_date(p)]
    roles = [(i, _ROLE_NAME.match(p)) for i, p in enumerate(names)]
    role = next(((i, m) for i, m in roles if m), None)
    if role is not None and by is None and 2 <= len(parts) <= 4:
        # "Harbury Gazette | Court reporter: Dan Whitlock": the writer after the role, the
        # outlet the other part
        index, match = role
        names = [match.group("name")] + [p for i, p in enumerate(names) if i != index]
    elif by is None and not (2 <= len(parts) <= 4 and dated and names):
        return False
    author = re.split(r",\s*", by.group("name") if by else names[0], maxsplit=1)[0].strip()
    if not _looks_like_name(author):
        return False
    found.byline = author
    if len(names) > 1 and not found.publisher:
        found.publisher = names[1]
    if dated and not found.published:
        found.published = parse_date(dated[0])
    return True


def _looks_like_name(text: str) -> bool:
    """'Dana Whitcombe', 'Ana de la Cruz and Li Wei', 'Staff Reporter'; not 'the end of May'."""
    words = text.split()
    return 0 < len(words) <= 8 and all(w[0].isupper() or w in _NAME_LINKS for w in words)


def _parse_dateline(text: str, found: _Found) -> bool:
    """'Published: 3 May 2025', 'Monday, 3 May 2025': a line that is a date, not a sentence."""
    value = parse_date(text)
    if not value or found.published:
        return False
    rest = text
    for pattern in _DATE_PATTERNS:
        rest = pattern.sub("", rest)
    if not _DATELINE.match(text) and len(rest.strip(" ,.|-–—")) > 12:
        return False  # a sentence that merely mentions a date
    found.published = value
    return True


def _classify_block(block: list[_Line], found: _Found) -> None:
    span = (block[0].start, block[-1].end)
    joined = " ".join(line.text for line in block)
    if _DONATION.search(joined) and len(joined) <= 600:
        found.boilerplate.append(span)
        return
    for line in block:
        _classify_line(line, found, alone=len(block) == 1)


def _classify_line(line: _Line, found: _Found, *, alone: bool) -> None:
    span = (line.start, line.end)
    if span in found.headings:
        return
    if _CAPTION.search(line.text):
        found.headings.append(span)
        found.boilerplate.append(span)
    elif len(line.text) <= 200 and (
        _BOILERPLATE_LINE.match(line.text) or _is_navigation(line.text)
    ):
        found.boilerplate.append(span)
    elif _MD_HEADING.match(line.text) or (alone and _looks_like_subhead(line.text)):
        found.headings.append(span)


def is_boilerplate(text: str) -> bool:
    """Whether one block of text (an HTML paragraph) is boilerplate that never yields claims."""
    text = text.strip()
    if _DONATION.search(text) and len(text) <= 600:
        return True
    return len(text) <= 200 and bool(
        _CAPTION.search(text) or _BOILERPLATE_LINE.match(text) or _is_navigation(text)
    )


def _looks_like_subhead(text: str) -> bool:
    words = text.split()
    return (
        0 < len(words) <= 12
        and text[-1] not in _END_PUNCT
        and text[0] not in "\"“‘'-*•("
        and any(ch.isalpha() for ch in text)
    )


def _is_navigation(text: str) -> bool:
    items = [item for item in _NAV_SEPARATORS.split(text) if item]
    return (
        len(items) >= 3
        and all(len(item.split()) <= 3 and item[-1] not in ".!?" for item in items)
        and not any(parse_date(item) for item in items)
    )


def _markdown_links(text: str) -> list[Link]:
    return [
        Link(text=m.group("text"), start=m.start("text"), end=m.end("text"), href=m.group("href"))
        for m in _MD_LINK.finditer(text)
    ]


def parse_date(text: str) -> str:
    """The first calendar date written in ``text`` as ISO ``YYYY-MM-DD``, or "" if none."""
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            value = _to_iso(match)
            if value:
                return value
    return ""


def _to_iso(match: re.Match[str]) -> str:
    groups = match.groupdict()
    month = int(groups["mnum"]) if groups.get("mnum") else _MONTHS[groups["month"].lower()]
    try:
        return date(int(groups["year"]), month, int(groups["day"])).isoformat()
    except ValueError:
        return ""


def parse_published(value: str) -> str:
    """A publication date given as metadata ('2025-11-03T08:00:00Z', '3 Nov 2025') as ISO, or ''."""
    value = value.strip()
    if re.match(r"^\d{4}-\d{2}-\d{2}", value):
        return parse_date(value[:10])
    return parse_date(value)
