"""What an editor does in the site, in Debian's chromium (Playwright) against a real uvicorn server:
fix an article's metadata and a source, correct a claim's span by selecting it in its paragraph,
reject a claim and take the rejection back, and move between the graph and the review pages."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from factcheck.config import Settings
from factcheck.db.session import Database
from factcheck.kb.files import import_kb
from tests.conftest import REPO
from tests.web.conftest import (
    ROLES,
    LiveServer,
    add_users,
    browser_login,
    start_server,
    stop_server,
)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A server of its own (these tests write): the example knowledge base and a user per role."""
    folder = tmp_path_factory.mktemp("editors")
    url = f"sqlite:///{folder / 'site.db'}"
    db = Database(url)
    db.upgrade()
    import_kb(db, REPO)
    add_users(db, {role: role for role in ROLES})
    live = start_server(db, Settings(database_url=url, secret_key="editors-key"))
    yield live
    stop_server(live)
    db.dispose()


def _claim_id(page: Any, base: str, words: str) -> str:
    """The id of the claim of the harbour article whose text has ``words``."""
    page.goto(f"{base}/articles/harbor-fuel-depot")
    item = page.locator("#article-claims li[data-claim]", has_text=words).first
    return str(item.get_attribute("data-claim"))


def test_an_editor_fixes_an_article_s_byline_and_date(page: Any, site: LiveServer) -> None:
    browser_login(page, site.url, "editor")
    page.goto(f"{site.url}/articles/housing-levy-council")
    page.locator("#edit-article summary").click()
    page.fill("#article-form input[name=byline]", "Marta Quill")
    page.fill("#article-form input[name=published]", "26/01/2026")  # not a date
    page.click("#article-form button[type=submit]")
    assert "is not a date" in page.locator("#edit-article .error").inner_text()
    # what was typed is still there
    assert page.locator("#article-form input[name=byline]").input_value() == "Marta Quill"
    page.fill("#article-form input[name=published]", "2026-01-26")
    page.fill("#article-form input[name=title]", "Critics say the housing levy will push rents up")
    page.click("#article-form button[type=submit]")
    page.wait_for_url(re.compile(r".*/articles/\d+$"))
    assert "Saved" in page.locator(".notice").inner_text()
    assert page.locator("#article-title").inner_text() == (
        "Critics say the housing levy will push rents up"
    )
    assert page.locator("#article-byline").inner_text() == "Marta Quill"
    assert "2026-01-26" in page.locator("#article-meta").inner_text()


def test_a_viewer_sees_no_edit_forms(page: Any, site: LiveServer) -> None:
    browser_login(page, site.url, "viewer")
    page.goto(f"{site.url}/articles/housing-levy-council")
    assert page.locator("#edit-article").count() == 0
    page.goto(f"{site.url}/sources/1")
    assert page.locator("#edit-source").count() == 0


def test_an_editor_gives_a_source_a_url_and_the_warning_goes(page: Any, site: LiveServer) -> None:
    browser_login(page, site.url, "editor")
    page.goto(f"{site.url}/sources/testimony-eastgate-dock-worker")
    page.locator("#edit-source summary").click()
    page.fill("#source-form input[name=identifier]", "")
    page.fill("#source-form input[name=url]", "")
    page.click("#source-form button[type=submit]")
    assert page.locator("#source-incomplete").is_visible()
    page.locator("#edit-source summary").click()
    page.fill("#source-form input[name=title]", "Account of a dock worker at Eastgate")
    page.fill("#source-form input[name=url]", "https://example.org/coastal-ledger/dock-worker")
    page.click("#source-form button[type=submit]")
    assert page.locator("#source-title").inner_text() == "Account of a dock worker at Eastgate"
    assert page.locator("#source-incomplete").count() == 0
    assert "dock-worker" in page.locator("dl.attrs").inner_text()


def test_the_claim_page_shows_its_paragraph_marked_as_the_queue_does(
    page: Any, site: LiveServer
) -> None:
    browser_login(page, site.url, "viewer")
    claim_id = _claim_id(page, site.url, "keep quiet about the puddles")
    page.goto(f"{site.url}/claims/{claim_id}")
    context = page.locator("#claim-context")
    claim = context.locator(f'mark.claim[data-claim="{claim_id}"]')
    assert "keep quiet about the puddles" in claim.inner_text()
    assert context.locator(f'mark.attr.speaker[data-of="{claim_id}"]').count() == 1
    assert context.locator(f'mark.attr.cue[data-of="{claim_id}"]').inner_text() == "said"
    # the shown text is the article's, from the offset the page says it starts at
    start = int(context.get_attribute("data-start") or -1)
    twin = page.request.get(f"{site.url}/api/v1/articles/harbor-fuel-depot").json()
    assert twin["text"][start:].startswith(context.inner_text()[:40])


def _select(page: Any, words: str) -> None:
    """Select ``words`` in the claim's paragraph as a reader would, by dragging over them."""
    box = page.evaluate(
        """(words) => {
            const root = document.getElementById('claim-context');
            const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
            let text = '', nodes = [];
            while (walker.nextNode()) { nodes.push([walker.currentNode, text.length]);
                                        text += walker.currentNode.data; }
            const at = text.indexOf(words);
            const point = (offset) => {
                for (let i = nodes.length - 1; i >= 0; i--)
                    if (nodes[i][1] <= offset) return [nodes[i][0], offset - nodes[i][1]];
            };
            const range = document.createRange();
            range.setStart(...point(at)); range.setEnd(...point(at + words.length));
            const rects = range.getClientRects();
            const first = rects[0], last = rects[rects.length - 1];
            return {x0: first.left + 1, y0: first.top + first.height / 2,
                    x1: last.right - 1, y1: last.top + last.height / 2};
        }""",
        words,
    )
    page.mouse.move(box["x0"], box["y0"])
    page.mouse.down()
    page.mouse.move(box["x1"], box["y1"], steps=8)
    page.mouse.up()


def test_an_editor_corrects_a_span_by_selecting_it(page: Any, site: LiveServer) -> None:
    browser_login(page, site.url, "editor")
    claim_id = _claim_id(page, site.url, "keep quiet about the puddles")
    page.goto(f"{site.url}/claims/{claim_id}")
    before = page.locator("#claim-text").inner_text()
    page.locator("#corrections summary", has_text="Claim span").click()
    wanted = 'told to "keep quiet about the puddles"'
    _select(page, wanted)
    page.click("#span-form button[data-use-selection]")
    assert wanted in page.locator("#span-form [data-selection-preview]").inner_text()
    page.click("#span-form button[type=submit]")
    page.wait_for_url(re.compile(rf".*/claims/{claim_id}$"))
    assert page.locator("#claim-text").inner_text() == f"“{wanted}”" != before
    mark = page.locator(f'#claim-context mark.claim[data-claim="{claim_id}"]')
    assert mark.inner_text() == wanted


def test_a_span_that_ends_before_it_starts_says_so(page: Any, site: LiveServer) -> None:
    browser_login(page, site.url, "editor")
    claim_id = _claim_id(page, site.url, "protect its budget")
    page.goto(f"{site.url}/claims/{claim_id}")
    page.locator("#corrections summary", has_text="Claim span").click()
    start = page.locator("#span-form input[name=start]").input_value()
    end = page.locator("#span-form input[name=end]").input_value()
    page.fill("#span-form input[name=start]", end)
    page.fill("#span-form input[name=end]", start)
    page.click("#span-form button[type=submit]")
    error = page.locator("#corrections .error").inner_text()
    assert f"ends (at {start}) before it starts (at {end})" in error
    assert "outside the article text" not in error
    page.locator("#span-form button[data-use-selection]").click()  # nothing selected
    assert "Select some words" in page.locator("#span-form [data-selection-preview]").inner_text()


def test_a_rejection_shows_its_reason_and_can_be_undone(page: Any, site: LiveServer) -> None:
    browser_login(page, site.url, "editor")
    claim_id = _claim_id(page, site.url, "protect its budget")
    page.goto(f"{site.url}/claims/{claim_id}")
    page.locator("#corrections summary", has_text="Reject").click()
    page.fill("form[action$='/corrections/reject'] input[name=note]", "An opinion, not a fact.")
    page.click("form[action$='/corrections/reject'] button[type=submit]")
    page.wait_for_url(re.compile(rf".*/claims/{claim_id}$"))
    assert page.locator("#rejection-reason").inner_text() == "An opinion, not a fact."
    assert "editor rejected it" in page.locator("#rejection").inner_text()
    assert page.locator("#verdict-form").count() == 0
    page.goto(f"{site.url}/articles/harbor-fuel-depot")
    assert page.locator(f'#article-claims li[data-claim="{claim_id}"]').count() == 0
    page.goto(f"{site.url}/claims/{claim_id}")
    page.click("#restore-form button")
    page.wait_for_url(re.compile(rf".*/claims/{claim_id}$"))
    assert page.locator("#rejection").count() == 0
    assert "restored" in page.locator(".notice").inner_text()
    assert page.locator("#verdict-form").is_visible()
    page.goto(f"{site.url}/articles/harbor-fuel-depot")
    assert page.locator(f'#article-claims li[data-claim="{claim_id}"]').count() == 1


def test_undo_is_offered_only_for_a_verdict_of_yours(page: Any, site: LiveServer) -> None:
    browser_login(page, site.url, "reviewer")
    claim_id = _claim_id(page, site.url, "estimated 180,000 litres")
    page.goto(f"{site.url}/claims/{claim_id}")
    assert page.locator("#undo-form").count() == 0  # decided by others, nothing of mine
    page.check("#verdict-form input[name=rating][value=Mixed]")
    page.click("#verdict-form button[type=submit]")
    page.wait_for_url(re.compile(rf".*/claims/{claim_id}#history$"))
    assert page.locator("#undo-form button").inner_text() == "Undo my verdict “Mixed”"
    page.click("#undo-form button")
    page.wait_for_url(re.compile(rf".*/claims/{claim_id}#history$"))
    assert page.locator("#undo-form").count() == 0


def test_speakers_are_told_apart_and_only_those_with_claims_listed(
    page: Any, site: LiveServer
) -> None:
    page.goto(f"{site.url}/speakers?_size=200")
    rows = page.locator("#speakers tbody tr")
    shown = [rows.nth(i).locator("td").first.inner_text() for i in range(rows.count())]
    assert len(shown) == len(set(shown)), "two rows read the same"
    officials = [s for s in shown if s.startswith("anonymous official")]
    assert len(officials) == 2 and all(" in " in s for s in officials)
    counts = [int(rows.nth(i).locator("td").nth(2).inner_text()) for i in range(rows.count())]
    assert min(counts) >= 1


def test_graph_and_review_pages_link_to_each_other(page: Any, site: LiveServer) -> None:
    page.goto(f"{site.url}/graph")
    assert page.evaluate("document.body.scrollHeight") < 4000
    assert page.locator("#graph-sections tbody tr").count() == 6
    section = page.locator("#self-citation")
    assert "claim:" not in section.inner_text() and "source:" not in section.inner_text()
    first = section.locator("a.claim-ref").first
    text = first.inner_text()
    first.click()
    page.wait_for_url(re.compile(r".*/claims/\d+$"))
    assert page.locator("#claim-text").inner_text().strip("“”") in text
    page.click("text=its sources in the graph")
    page.wait_for_url(re.compile(r".*/graph/claims/\d+$"))
    page.click("#review-link")
    page.wait_for_url(re.compile(r".*/claims/\d+$"))
    page.goto(f"{site.url}/graph/single-source")  # 33 findings: paged, 25 a page
    assert page.locator("ol > li").count() == 25 and page.locator("a[rel=next]").count() == 1


def test_node_labels_in_the_graph_do_not_overlap(page: Any, site: LiveServer) -> None:
    for path in ("/graph/sources/12", "/graph/articles/2"):
        page.goto(site.url + path)
        page.wait_for_selector("#graph[data-settled]", timeout=60_000)
        boxes = page.evaluate(
            """() => { const n = window.factcheckGraph;
                       return n.body.nodeIndices.map((id) => n.getBoundingBox(id)); }"""
        )
        assert len(boxes) >= 5
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                apart = (
                    a["right"] <= b["left"]
                    or b["right"] <= a["left"]
                    or a["bottom"] <= b["top"]
                    or b["bottom"] <= a["top"]
                )
                assert apart, (path, a, b)


def test_the_polish_seen_in_screenshots(page: Any, site: LiveServer) -> None:
    browser_login(page, site.url, "reviewer")
    page.set_viewport_size({"width": 800, "height": 900})  # narrow: where dates used to wrap
    page.goto(f"{site.url}/")
    for cell in page.locator("#articles td.date").all():
        assert cell.evaluate("c => getComputedStyle(c).whiteSpace") == "nowrap"
        height = cell.evaluate("c => c.getBoundingClientRect().height")
        line = cell.evaluate("c => parseFloat(getComputedStyle(c).lineHeight)")
        assert height < 2 * line + 16, "the date wraps"
    page.goto(f"{site.url}/claims?status=decided")
    count = page.locator("#claim-count").inner_text()
    shown = page.locator("#claims > li").count()
    assert count == f"{shown} claims match" and shown > 1
    options = page.locator("select[name=_sort] option").all_inner_texts()
    assert "most check-worthy first" in options
    assert not any(o.startswith("-") or "_" in o for o in options)
    assert "normalized" not in page.locator(".facets").inner_text().lower()
    claim_id = _claim_id(page, site.url, "warned about cracks")
    page.goto(f"{site.url}/claims/{claim_id}")
    assert page.locator("#verdict-form legend").inner_text() == "Rating"
    assert "decided decided" not in page.locator("main").inner_text()
    assert page.locator("#undo-form").count() == 0  # no verdict of mine here
    page.goto(f"{site.url}/sources/cable-val-2025-0917")
    cited = page.locator("dt:has-text('cited by') + dd").inner_text()
    assert re.fullmatch(r"(1 claim|\d+ claims) in (1 article|\d+ articles)", cited), cited
    assert "1 claims" not in cited and "1 articles" not in cited
