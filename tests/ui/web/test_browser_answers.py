"""Answers and filters in headless Chromium, at desktop and phone sizes: sources shown while the answer is
written, each answer followed by its sources on a phone, removable filter chips, undated papers kept on request."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from paperchat.ui.web import render
from tests.ui.web.held_assistant import held_assistant
from tests.ui.web.test_browser import QUESTION, SHOTS, answered, ask, browser, new_tab, open_app, seed_app, serve

__all__ = ["browser", "seed_app"]  # fixtures shared with test_browser
pytestmark = pytest.mark.slow
BOT = '#pc-chat [data-testid="bot"]'
SIZES = pytest.mark.parametrize("width, height", [(1440, 1000), (390, 844)], ids=["desktop", "phone"])
INFERRED_YEAR = "Which papers from 2025 are about speech recognition?"


@SIZES
def test_sources_show_before_the_answer_is_written(
    browser: Any, seed_app: tuple[str, Any], width: int, height: int
) -> None:
    _, assistant = seed_app
    release = threading.Event()
    held = held_assistant(assistant, release, after=1)  # retrieval done, not a word of the answer yet
    with serve(held) as url:
        tab = new_tab(browser, viewport={"width": width, "height": height})
        try:
            open_app(tab, url)
            tab.locator("#pc-question textarea").fill(QUESTION)
            tab.locator("#pc-question textarea").press("Enter")
            pending = tab.locator('#pc-sources .pc-pending-turn[data-turn="1"]')
            pending.locator(".pc-card").first.wait_for()
            assert "writing the answer" in pending.inner_text()
            assert tab.locator(BOT).last.inner_text().strip() == "…"  # the answer itself is still held back
            if SHOTS and width > 500:
                tab.screenshot(path=str(SHOTS / "screenshot-sources-early.png"))
            release.set()
            tab.locator(answered(1)).wait_for()
            assert tab.locator("#pc-sources .pc-pending-turn").count() == 0
            assert "[1]" in tab.locator(BOT).last.inner_text()
        finally:
            release.set()
            tab.context.close()


def test_on_a_phone_each_answer_is_followed_by_its_sources(browser: Any, seed_app: tuple[str, Any]) -> None:
    url, assistant = seed_app
    expected = assistant.ask(QUESTION)
    phone = new_tab(browser, viewport={"width": 390, "height": 844})
    desktop = new_tab(browser, viewport={"width": 1440, "height": 1000})
    try:
        open_app(phone, url)
        ask(phone, QUESTION, turn=1)
        ask(phone, "speech recognition with attention", turn=2)
        for turn, message in enumerate(phone.locator(BOT).all(), 1):
            inline = message.locator(".pc-inline-sources")
            assert inline.is_visible(), f"answer {turn} has no sources under it"
            text_box, list_box = message.bounding_box(), inline.bounding_box()
            assert text_box and list_box and text_box["y"] < list_box["y"] < text_box["y"] + text_box["height"]
        first_list = phone.locator(BOT).first.locator(".pc-inline-sources")
        assert expected.citations[0].title in first_list.inner_text()
        linked = sum(1 for c in expected.citations if render.paper_url(c.url, c.paper_id))
        assert first_list.locator("a[href^='http']").count() == linked  # a source links to its paper where known
        if SHOTS:
            phone.locator(BOT).last.locator(".pc-inline-sources").scroll_into_view_if_needed()
            phone.screenshot(path=str(SHOTS / "screenshot-phone-sources.png"))

        open_app(desktop, url)
        ask(desktop, QUESTION, turn=1)
        assert not desktop.locator(BOT).last.locator(".pc-inline-sources").is_visible()  # cards sit beside it
    finally:
        phone.context.close()
        desktop.context.close()


@SIZES
def test_a_year_range_counts_the_undated_papers_and_can_keep_them(
    browser: Any, seed_app: tuple[str, Any], width: int, height: int
) -> None:
    url, assistant = seed_app
    undated = sum(1 for paper in assistant.papers() if paper.year is None)
    tab = new_tab(browser, viewport={"width": width, "height": height})
    try:
        open_app(tab, url)
        tab.locator("#pc-filter-panel").get_by_text("Filters for the next question").click()
        tab.locator("#pc-year-from input, #pc-year-from textarea").first.fill("2025")
        tab.locator("#pc-year-from input, #pc-year-from textarea").first.press("Tab")
        chips = tab.locator("#pc-pending")
        chips.get_by_text(f"leaves out {undated:,} papers without a year").wait_for()
        assert "years: 2025–…" in chips.inner_text()
        tab.locator("#pc-keep-undated input[type=checkbox]").check()
        chips.get_by_text(f"keeps {undated:,} papers without a year").wait_for()
        ask(tab, "speech recognition with attention", turn=1)
        assert "undated papers: kept" in tab.locator("#pc-applied").inner_text()
        if SHOTS and width > 500:
            tab.screenshot(path=str(SHOTS / "screenshot-filter-chips.png"))

        chips.locator('.pc-chip-x[data-action="clear:year"]').click()  # the set chip's ×
        tab.wait_for_function("() => !document.querySelector('#pc-pending').innerText.includes('years')")
        assert tab.locator("#pc-year-from input, #pc-year-from textarea").first.input_value() == ""
    finally:
        tab.context.close()


@SIZES
def test_an_inferred_filter_chip_can_be_removed(
    browser: Any, seed_app: tuple[str, Any], width: int, height: int
) -> None:
    url, _ = seed_app
    tab = new_tab(browser, viewport={"width": width, "height": height})
    try:
        open_app(tab, url)
        ask(tab, INFERRED_YEAR, turn=1)
        applied = tab.locator("#pc-applied")
        assert "inferred" in applied.inner_text().lower() and "years: 2025" in applied.inner_text()
        before = tab.locator(BOT).last.inner_text()
        applied.locator('.pc-chip-x[data-action="drop:year"]').click()
        applied.get_by_text("Not applied: years").wait_for()
        tab.locator(answered(1)).wait_for()
        assert tab.locator(BOT).count() == 1  # the answer was replaced, not followed by another
        assert "2025" not in applied.inner_text()
        assert tab.locator(BOT).last.inner_text() != before
    finally:
        tab.context.close()


def test_copy_gives_plain_text_with_markers_and_a_reference_list(browser: Any, seed_app: tuple[str, Any]) -> None:
    url, assistant = seed_app
    expected = assistant.ask(QUESTION)
    tab = new_tab(browser, viewport={"width": 1440, "height": 1000})
    tab.context.grant_permissions(["clipboard-read", "clipboard-write"])
    try:
        open_app(tab, url)
        ask(tab, QUESTION, turn=1)
        copies = tab.locator("#pc-chat").get_by_role("button", name="Copy message")
        copies.last.click()  # the answer's Copy
        text = tab.evaluate("() => navigator.clipboard.readText()")
        assert text == render.plain_text(expected)
        assert "[1]" in text and "\nReferences:\n[1] " in text and expected.citations[0].title in text
        assert "](" not in text and "<div" not in text and "source-1-1" not in text and "**" not in text
        copies.first.click()  # the question's Copy: as it was typed
        assert tab.evaluate("() => navigator.clipboard.readText()") == QUESTION
    finally:
        tab.context.close()


def test_each_message_is_labelled_for_screen_readers_with_its_text(browser: Any, seed_app: tuple[str, Any]) -> None:
    url, _ = seed_app
    tab = new_tab(browser, viewport={"width": 1440, "height": 1000})
    try:
        open_app(tab, url)
        ask(tab, QUESTION, turn=1)
        tab.wait_for_function(
            f"() => (document.querySelector('{BOT}').getAttribute('aria-label') || '').startsWith('Answer: ')"
        )
        labels = tab.locator('#pc-chat [data-testid="bot"], #pc-chat [data-testid="user"]').evaluate_all(
            "messages => messages.map(m => m.getAttribute('aria-label'))"
        )
        assert labels[0] == f"Your question: {QUESTION}" and labels[1].startswith("Answer: ")
        assert "[1]" in labels[1] and "References:" in labels[1]
        for label in labels:
            assert "<" not in label and "](#" not in label and "&lt;" not in label and "pc-" not in label
    finally:
        tab.context.close()
