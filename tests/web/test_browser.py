"""The site in Debian's chromium (Playwright) against a real uvicorn server on loopback."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.web.conftest import LiveServer, browser_login

pytestmark = pytest.mark.browser


def test_log_in_and_see_the_claims_highlighted_in_an_article(
    page: Any, live_server: LiveServer
) -> None:
    browser_login(page, live_server.url, "viewer")
    assert page.locator("header .who-name").inner_text() == "viewer"
    page.goto(f"{live_server.url}/articles/harbor-fuel-depot")
    marks = page.locator("#article-text mark.claim")
    listed = page.locator("#article-claims li[data-claim]")
    assert marks.count() >= listed.count() == 8
    memo = page.locator("#article-text mark.claim", has_text="warned about cracks")
    assert "s-decided" in memo.first.get_attribute("class")
    assert page.locator("#article-text mark.attr.speaker").count() >= 6
    assert page.locator("#article-text mark.attr.cue", has_text="according to").count() == 1
    colour = memo.first.evaluate("m => getComputedStyle(m).backgroundColor")
    unreviewed = page.locator("#article-text mark.claim.s-unreviewed").first
    assert colour != unreviewed.evaluate("m => getComputedStyle(m).backgroundColor")
    page.keyboard.press("j")
    page.keyboard.press("j")
    second = listed.nth(1)
    assert "active" in second.get_attribute("class")
    page.keyboard.press("k")
    assert "active" in listed.first.get_attribute("class")
    first_id = listed.first.get_attribute("data-claim")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf".*/claims/{first_id}$"))
    page.go_back()
    memo = page.locator("#article-text mark.claim", has_text="warned about cracks")
    memo.first.click()
    page.wait_for_url(re.compile(r".*/claims/\d+$"))
    assert "warned about cracks" in page.locator("#claim-text").inner_text()


def test_a_verdict_from_the_keyboard_is_in_the_history_after_a_reload(
    page: Any, live_server: LiveServer
) -> None:
    browser_login(page, live_server.url, "reviewer")
    page.goto(f"{live_server.url}/queue?article=harbor-fuel-depot")
    claim_id = page.locator("#queue-item").get_attribute("data-claim")
    page.keyboard.press("?")
    assert page.locator("#help").is_visible()
    page.keyboard.press("Escape")
    assert not page.locator("#help").is_visible()
    page.keyboard.press("j")  # next claim without saving, then back with k
    page.wait_for_url(re.compile(r".*after="))
    assert page.locator("#queue-item").get_attribute("data-claim") != claim_id
    page.keyboard.press("k")
    page.wait_for_url(re.compile(r".*before="))
    assert page.locator("#queue-item").get_attribute("data-claim") == claim_id
    page.keyboard.press("3")
    assert page.locator("input[name=rating][value=Mixed]").is_checked()
    page.fill("textarea[name=rationale]", "Checked against the council's minutes.")
    page.locator("textarea[name=rationale]").press("Escape")
    page.keyboard.press("s")
    page.wait_for_url(re.compile(rf".*after={claim_id}"))
    assert f"on claim {claim_id}" in page.locator("#flash").inner_text()
    page.goto(f"{live_server.url}/claims/{claim_id}")
    page.reload()
    row = page.locator("#verdict-history tbody tr").last
    assert "reviewer" in row.inner_text() and "Mixed" in row.inner_text()
    assert "Checked against the council's minutes." in row.inner_text()


def test_u_undoes_the_last_verdict_in_the_queue(page: Any, live_server: LiveServer) -> None:
    browser_login(page, live_server.url, "editor")
    page.goto(f"{live_server.url}/queue?article=harbor-fuel-depot")
    claim_id = page.locator("#queue-item").get_attribute("data-claim")
    page.keyboard.press("1")
    page.keyboard.press("s")
    page.wait_for_url(re.compile(rf".*after={claim_id}"))
    page.keyboard.press("u")
    page.wait_for_url(re.compile(rf".*claim={claim_id}"))
    assert "Undid your verdict" in page.locator("#flash").inner_text()
    page.goto(f"{live_server.url}/claims/{claim_id}")
    assert "(retracted)" in page.locator("#verdict-history").inner_text()


def test_a_script_in_an_article_is_inert_and_shown_as_text(
    page: Any, live_server: LiveServer
) -> None:
    page.goto(f"{live_server.url}/articles/hostile-markup")
    text = page.locator("#article-text").inner_text()
    assert '<script>window.__pwned = 1; alert("pwned")</script>' in text
    assert "<b>doubled</b>" in text
    assert page.evaluate("() => window.__pwned") is None
    assert page.locator("#article-text script, #article-text b").count() == 0
    assert "<img src=x onerror=alert(1)>" in page.locator("h1").inner_text()
    claim = page.locator("#article-claims a").first
    claim.click()
    page.wait_for_url(re.compile(r".*/claims/\d+$"))
    assert page.evaluate("() => window.__pwned") is None
    assert page.dialogs == []
