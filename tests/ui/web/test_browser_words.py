"""What a researcher reads, in headless Chromium: no internal words anywhere on the page. No paper ids, no setting
names, no "paper(s)", no "authors: 3 authors", no scope of a previous answer that was never given, no "index index",
no "0" in an empty year box, and the only cited card is the 100% match."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.ui.web.test_browser import answered, ask, browser, new_tab, open_app, seed_app

__all__ = ["browser", "seed_app"]  # fixtures shared with test_browser
pytestmark = pytest.mark.slow
PAPER_ID = re.compile(r"\bt:[0-9a-f]{8,}|arxiv:\d{4}\.\d{4,5}")
NEVER = ("paper(s)", "(s) ", "authors: 3 authors", "previous answer", "discussed above", "PAPERCHAT_", "index index")


def visible_text(page: Any) -> str:
    return page.locator("body").inner_text()


def assert_plain(text: str, where: str) -> None:
    for words in NEVER:
        assert words not in text, f"{where}: {words!r}"
    assert not PAPER_ID.search(text), f"{where}: a paper id {PAPER_ID.search(text).group(0)!r}"


def test_the_page_speaks_to_researchers_not_to_the_server(browser: Any, seed_app: tuple[str, Any]) -> None:
    url, assistant = seed_app
    tab = new_tab(browser, viewport={"width": 1440, "height": 1000})
    try:
        open_app(tab, url)
        tab.locator("#pc-filter-panel").get_by_text("Filters for the next question").click()
        assert (
            tab.locator("#pc-year-from input, #pc-year-from textarea").first.input_value() == ""
        )  # an empty year box is empty, not 0
        assert tab.locator("#pc-year-to input, #pc-year-to textarea").first.input_value() == ""

        ask(tab, "Which papers have exactly 3 authors?", turn=1)
        ask(tab, "What is QZO?", turn=2)
        turn = tab.locator('#pc-sources .pc-turn[data-turn="2"]')
        cited = turn.locator(".pc-card:not(.pc-uncited) .pc-score")
        assert cited.count() >= 1 and "100%" in cited.all_inner_texts()[0]  # the best cited passage is 100%

        tab.get_by_role("tab", name="Library").click()
        tab.locator("#pc-search input, #pc-search textarea").first.fill("MemAscend")
        tab.locator("#pc-count").get_by_text("Showing 1 of").wait_for()
        tab.locator("#pc-papers").get_by_test_id("cell-0-0").click()
        tab.locator("#pc-paper .pc-paper").wait_for()
        tab.locator("#pc-remove-pick").click()  # the picker's choices: titles, authors and years
        options = tab.get_by_role("listbox").inner_text()
        assert re.search(r" — .+, 20\d\d", options) and not PAPER_ID.search(options)
        tab.keyboard.press("Escape")
        assert_plain(visible_text(tab), "Library")
        tab.locator("#pc-ask-about").click()
        ask(tab, "What does it propose?", turn=3)
        tab.locator(answered(3)).wait_for()
        assert "about: MemAscend" in tab.locator("#pc-applied").inner_text()

        tab.locator("#pc-question textarea").fill("why " * 600)  # over the question limit
        tab.locator("#pc-question textarea").press("Enter")
        warning = tab.get_by_text("characters, over the")
        warning.first.wait_for()
        assert "PAPERCHAT" not in warning.first.inner_text()
        assert_plain(visible_text(tab), "Chat")
        tab.get_by_role("tab", name="About").click()
        tab.locator("#pc-stats").get_by_text("on disk").wait_for()
        assert_plain(visible_text(tab), "About")
    finally:
        tab.close()
    assert assistant.papers()  # the seed index, untouched
