"""The chat as a researcher uses it, in headless Chromium: conversations that hold, Stop, previews, refusals,
the phone layout, and a library that only admins can change. Real server, real engine, the seed papers."""

from __future__ import annotations

import os
import threading
from typing import Any

import pytest

from tests.conftest import REPO
from tests.ui.web.held_assistant import held_assistant
from tests.ui.web.test_browser import (
    BOTH_SIZES,
    QUESTION,
    VIEWPORTS,
    WAIT_MS,
    ask,
    browser,
    card_paper_ids,
    new_tab,
    open_app,
    page,
    seed_app,
    serve,
    shot,
)

__all__ = ["browser", "page", "seed_app"]  # fixtures shared with test_browser
pytestmark = pytest.mark.slow
SHOTS = REPO / "docs" if os.environ.get("PAPERCHAT_UPDATE_SCREENSHOTS") else None
UNANSWERABLE = "What is the boiling point of tungsten in volcanic soup kitchens?"
BOT = '#pc-chat [data-testid="bot"]'
# What the preview says in the moment it shows (a mutation observer runs before any later event could hide it).
PREVIEW_WATCH = """() => { window.pcShown = null; const preview = document.getElementById('pc-preview');
    new MutationObserver(() => { const card = preview.matches('.pc-show') && preview.querySelector('.pc-card');
        const read = (part) => card.querySelector(part).innerText;
        if (card && !window.pcShown) window.pcShown = [read('.pc-title'), read('.pc-score')];
    }).observe(preview, {attributes: true, childList: true}); }"""
# True once the chat has scrolled to its end and nothing on the page has moved for five polls in a row.
CHAT_SETTLED = """() => {
    const scrollers = [...document.querySelectorAll('#pc-chat *')]
        .filter(el => el.scrollHeight > el.clientHeight + 1 && getComputedStyle(el).overflowY !== 'visible');
    const state = JSON.stringify([window.scrollY, ...scrollers.map(el => [el.scrollTop, el.scrollHeight])]);
    const seen = window.pcSettled && window.pcSettled.state === state ? window.pcSettled.polls + 1 : 0;
    window.pcSettled = {state, polls: seen};
    return seen >= 5 && scrollers.every(el => el.scrollTop + el.clientHeight >= el.scrollHeight - 2);
}"""


def ask_and_keep(page: Any, question: str, turn: int) -> None:
    """Ask, then wait until the browser has stored the conversation (it is saved just after the answer ends)."""
    before = page.evaluate("() => localStorage.getItem('paperchat-conversation')")
    ask(page, question, turn)
    page.wait_for_function("b => localStorage.getItem('paperchat-conversation') !== b", arg=before)


@BOTH_SIZES
def test_reload_keeps_the_conversation_and_clear_really_clears(page: Any, seed_app: tuple[str, Any]) -> None:
    url, _ = seed_app
    open_app(page, url)
    ask_and_keep(page, QUESTION, turn=1)
    first = page.locator(BOT).last.inner_text()
    page.reload(wait_until="domcontentloaded")
    page.locator(f"{BOT}").first.wait_for()  # the kept conversation is back after the reload
    assert page.locator(BOT).last.inner_text() == first
    page.locator('#pc-sources .pc-turn[data-turn="1"] .pc-card').first.wait_for()

    page.locator("#pc-new").click()
    page.wait_for_function(f"() => document.querySelectorAll('{BOT}').length === 0")
    ask_and_keep(page, "speech recognition with attention", turn=1)
    assert page.locator(BOT).count() == 1  # no old messages come back with the next question
    assert "Earlier:" not in page.locator("#pc-sources").inner_text()
    page.reload(wait_until="domcontentloaded")
    page.locator(BOT).first.wait_for()
    assert page.locator(BOT).count() == 1  # the cleared conversation stays cleared after a reload too

    before = page.evaluate("() => localStorage.getItem('paperchat-conversation')")
    page.locator("#pc-chat").get_by_role("button", name="Retry").click()  # regenerate the last answer in place
    page.wait_for_function("b => localStorage.getItem('paperchat-conversation') !== b", arg=before)
    assert page.locator(BOT).count() == 1 and page.locator('#pc-sources .pc-turn[data-turn="1"] .pc-card').count()
    page.locator("#pc-chat").get_by_role("button", name="Clear").click()  # the chat's own trash icon
    page.wait_for_function(f"() => document.querySelectorAll('{BOT}').length === 0")
    ask(page, QUESTION, turn=1)
    assert page.locator(BOT).count() == 1  # the next question brings no old messages back


@BOTH_SIZES
def test_hovering_a_marker_previews_its_card(page: Any, seed_app: tuple[str, Any]) -> None:
    url, _ = seed_app
    open_app(page, url)
    ask_and_keep(page, QUESTION, turn=1)
    # The chat scrolls itself (smoothly) to the end of a new answer, and again when the finished answer's buttons
    # appear; a hover before all that is over sees the marker carried away from under the pointer (at phone size).
    page.wait_for_function(CHAT_SETTLED, polling=100)
    page.evaluate(PREVIEW_WATCH)
    page.locator(f'{BOT} a[href="#source-1-1"]').first.hover()
    title, score = page.wait_for_function("() => window.pcShown").json_value()
    assert title == page.locator("#source-1-1 .pc-title").inner_text() and "%" in score
    page.mouse.move(5, 5)
    page.wait_for_function("() => !document.querySelector('#pc-preview').classList.contains('pc-show')")


@BOTH_SIZES
def test_a_refusal_looks_like_one_and_offers_the_closest_papers(page: Any, seed_app: tuple[str, Any]) -> None:
    url, assistant = seed_app
    assert assistant.ask(UNANSWERABLE).refused, "the seed papers should not answer this"
    open_app(page, url)
    ask(page, UNANSWERABLE, turn=1)
    page.locator(f"{BOT} .pc-refusal").wait_for()
    panel = page.locator('#pc-sources .pc-turn[data-turn="1"]')
    assert "do not answer this question" in panel.locator(".pc-refusal-note").inner_text()
    assert panel.locator(".pc-card").count() >= 1 and panel.locator("details.pc-more").count() == 0
    shot(page, "screenshot-refusal.png")


@pytest.mark.parametrize("size", list(VIEWPORTS))
def test_stop_cancels_an_answer_and_ask_is_disabled_meanwhile(
    browser: Any, seed_app: tuple[str, Any], size: str
) -> None:
    _, assistant = seed_app
    release = threading.Event()

    slow = held_assistant(assistant, release, after=2)

    with serve(slow) as url:
        tab = new_tab(browser, viewport=VIEWPORTS[size])
        try:
            open_app(tab, url)
            tab.locator("#pc-question textarea").fill(QUESTION)
            tab.locator("#pc-question textarea").press("Enter")
            tab.locator("#pc-stop").wait_for()
            assert tab.locator("#pc-ask").count() == 0 or not tab.locator("#pc-ask").is_visible()
            assert tab.locator("#pc-question textarea").is_disabled()  # no question is silently dropped
            tab.locator("#pc-sources .pc-pending-turn .pc-card").first.wait_for()  # its papers are shown
            tab.locator("#pc-stop").click()
            tab.locator("#pc-ask").wait_for()
            assert tab.locator("#pc-question textarea").is_enabled()
            tab.locator(f"{BOT} .pc-stopped").wait_for()  # the answer says it was stopped
            panel = tab.locator('#pc-sources .pc-turn[data-turn="1"]')
            panel.get_by_text("Stopped before the answer was finished").wait_for()  # the cards follow the answer
            assert panel.locator(".pc-card").count() >= 1  # and keeps the papers it was written from
        finally:
            release.set()
            tab.close()


@pytest.mark.parametrize("width, height", [(390, 844), (1440, 1000)])
def test_the_question_box_is_visible_on_load(browser: Any, seed_app: tuple[str, Any], width: int, height: int) -> None:
    url, _ = seed_app
    context = browser.new_context(viewport={"width": width, "height": height})
    context.set_default_timeout(WAIT_MS)
    tab = context.new_page()
    try:
        open_app(tab, url)
        box = tab.locator("#pc-question textarea").bounding_box()
        assert box and box["y"] + box["height"] <= height, box
        if SHOTS and width < 500:
            ask(tab, QUESTION, turn=1)
            tab.evaluate("() => window.scrollTo(0, 0)")
            tab.screenshot(path=str(SHOTS / "screenshot-phone.png"))
    finally:
        context.close()


def open_paper(page: Any, title_start: str) -> None:
    """Library → search → the paper's row → its page."""
    page.get_by_role("tab", name="Library").click()
    page.locator("#pc-search input, #pc-search textarea").first.fill(title_start)
    page.locator("#pc-count").get_by_text("Showing 1 of").wait_for()
    page.locator("#pc-papers").get_by_test_id("cell-0-0").click()
    page.locator("#pc-paper .pc-paper").wait_for()


@BOTH_SIZES
def test_ask_about_this_paper_scopes_one_question_and_its_chip_can_be_dropped(
    page: Any, seed_app: tuple[str, Any]
) -> None:
    url, assistant = seed_app
    paper = next(p for p in assistant.papers() if p.display_title.startswith("MemAscend"))
    open_app(page, url)
    open_paper(page, "MemAscend")
    page.locator("#pc-ask-about").click()
    chip = page.locator("#pc-scope .pc-chip")
    chip.get_by_text("about: MemAscend").wait_for()
    chip.locator(".pc-chip-x").click()  # its ×: ask about every paper again
    page.wait_for_function("() => !document.querySelector('#pc-scope .pc-chip')")

    open_paper(page, "MemAscend")
    page.locator("#pc-ask-about").click()
    chip.get_by_text("about: MemAscend").wait_for()
    page.locator("#pc-new").click()  # a new conversation starts about every paper too
    page.wait_for_function("() => !document.querySelector('#pc-scope .pc-chip')")

    open_paper(page, "MemAscend")
    page.locator("#pc-ask-about").click()
    chip.get_by_text("about: MemAscend").wait_for()
    ask(page, "What does it propose?", turn=1)
    assert page.locator("#pc-scope .pc-chip").count() == 0  # used by this question, gone for the next
    shown = page.locator("#pc-sources .pc-turn .pc-card").evaluate_all("cards => cards.map(c => c.dataset.paperId)")
    assert shown and set(shown) == {paper.paper_id} and page.locator(f"{BOT} .pc-refusal").count() == 0
    assert f"about: {paper.display_title[:30]}" in page.locator("#pc-applied").inner_text()
    ask(page, "Which papers study robust speech recognition?", turn=2)
    latest = page.locator('#pc-sources .pc-turn[data-turn="2"] .pc-card')
    assert paper.paper_id not in latest.evaluate_all("cards => cards.map(c => c.dataset.paperId)")
    assert "discussed above" not in page.locator(BOT).last.inner_text()


def test_a_reload_during_an_answer_asks_the_question_again(browser: Any, seed_app: tuple[str, Any]) -> None:
    _, assistant = seed_app
    release = threading.Event()
    with serve(held_assistant(assistant, release, after=2)) as url:
        tab = new_tab(browser, viewport=VIEWPORTS["desktop"])
        try:
            open_app(tab, url)
            tab.locator("#pc-question textarea").fill(QUESTION)
            tab.locator("#pc-question textarea").press("Enter")
            tab.locator("#pc-stop").wait_for()  # being answered, held
            tab.reload(wait_until="domcontentloaded")
            release.set()
            tab.locator('#pc-sources .pc-turn[data-turn="1"]:not(.pc-pending-turn) .pc-card').first.wait_for()
            assert tab.locator('#pc-chat [data-testid="user"]').count() == 1  # asked once more, not lost or doubled
            assert QUESTION in tab.locator('#pc-chat [data-testid="user"]').inner_text()
            assert "[1]" in tab.locator(BOT).last.inner_text()
        finally:
            release.set()
            tab.close()


def test_a_conversation_narrows_then_ranks_the_papers_it_found(page: Any, seed_app: tuple[str, Any]) -> None:
    """Follow-ups work on the papers the earlier answers considered: a year narrows the list, then "of those" ranks
    what is left, each turn's sources among the first answer's."""
    url, _ = seed_app
    open_app(page, url)
    ask(page, "Which papers rely on zeroth-order optimization?", turn=1)
    found = set(card_paper_ids(page, '#pc-sources .pc-turn[data-turn="1"] .pc-card:not(.pc-uncited)'))
    ask(page, "Could you cut that list down to just the ones that came out in 2025?", turn=2)
    narrowed = page.locator(BOT).last.inner_text()
    assert "papers discussed above" in narrowed and "(year 2025)" in narrowed, narrowed
    ask(page, "And which of those got the most upvotes?", turn=3)
    ranked = page.locator(BOT).last.inner_text()
    assert "By upvotes (most upvoted):" in ranked and "Zeroth-order Optimization" in ranked, ranked
    cited = card_paper_ids(page, '#pc-sources .pc-turn[data-turn="3"] .pc-card:not(.pc-uncited)')
    assert cited and set(cited) <= found
