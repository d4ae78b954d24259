"""The article highlighter: escaped text, well-nested marks, any overlap of spans."""

from __future__ import annotations

import html as html_lib
import re
from html.parser import HTMLParser

from hypothesis import given
from hypothesis import strategies as st

from factcheck.web.highlight import Mark, article_html, highlight


class _Checker(HTMLParser):
    """Collects the text and checks that every <mark> closes in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.text: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        assert tag == "mark" and self.depth > 0
        self.depth -= 1

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(html: str) -> _Checker:
    checker = _Checker()
    checker.feed(html)
    checker.close()
    assert checker.depth == 0
    return checker


def _claim(cid: int, start: int, end: int, status: str = "unreviewed") -> dict:
    return {"id": cid, "start": start, "end": end, "status": status, "citations": []}


TEXT = 'He said <script>alert("x")</script> & the "budget" doubled.'


def test_markup_in_the_text_is_escaped_and_marked() -> None:
    start = TEXT.index("<script>")
    html = str(article_html(TEXT, [_claim(7, start, len(TEXT) - 1, "disputed")]))
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp;" in html
    assert 'class="claim s-disputed" data-claim="7"' in html
    assert "".join(_parse(html).text) == TEXT
    assert set(_parse(html).tags) == {"mark"}


def test_nested_and_crossing_claims_stay_well_formed() -> None:
    claims = [_claim(1, 0, 30), _claim(2, 5, 12), _claim(3, 20, 45), _claim(4, 20, 45)]
    html = str(article_html(TEXT, claims))
    checker = _parse(html)
    assert "".join(checker.text) == TEXT
    assert "depth-2" in html  # claim 2 sits inside claim 1
    for cid in (1, 2, 3, 4):
        assert f'data-claim="{cid}"' in html


def test_speaker_cue_and_evidence_get_their_own_marks() -> None:
    claim = {
        **_claim(1, 8, 36),
        "speaker": {"name": "He", "start": 0, "end": 2},
        "cue": {"text": "said", "start": 3, "end": 7},
        "citations": [
            {"kind": "statement", "evidence": {"start": 0, "end": 7}, "source": {"key": "s-1"}}
        ],
    }
    html = str(article_html(TEXT, [claim]))
    assert re.search(r'<mark class="attr speaker"[^>]*>He</mark>', html)
    assert re.search(r'<mark class="attr cue"[^>]*>said</mark>', html)
    assert 'class="evidence"' in html and "s-1" in html


def test_offsets_outside_the_text_are_dropped() -> None:
    html = str(article_html("short", [_claim(1, 2, 99), _claim(2, 3, 3), _claim(3, -1, 2)]))
    assert html == "short"


@given(
    st.text(alphabet='ab<>&"\n ', max_size=40),
    st.lists(st.tuples(st.integers(0, 45), st.integers(0, 45)), max_size=8),
)
def test_any_spans_give_well_nested_html_with_the_text_intact(
    text: str, spans: list[tuple[int, int]]
) -> None:
    marks = [Mark(a, b, "claim", (("class", "claim"),)) for a, b in spans]
    html = str(highlight(text, marks))
    assert "".join(_parse(html).text) == text
    assert html.replace("</mark>", "").count("<") == html.count("<mark")
    assert html_lib.escape(text) == re.sub(r"</?mark[^>]*>", "", html)
