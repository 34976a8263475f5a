"""The Gradio app end to end: a real server on loopback, the real engine over the seed papers, headless Chromium."""

from __future__ import annotations

import os
import shutil
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from paperchat.assistant.filters import Filters
from paperchat.ui.web.app import build_app
from paperchat.ui.web.command import free_port
from paperchat.ui.web.serve import launch
from paperchat.ui.web.settings import UISettings
from tests.conftest import REPO, make_settings
from tests.ui.web.held_assistant import held_assistant

pytestmark = pytest.mark.slow
CHROMIUM = shutil.which("chromium")
QUESTION = "How can large language models be fine-tuned when GPU memory is limited?"
AUTHOR = "Yufeng Yang"
UPLOADED_TITLE = "Cavitation Erosion of Tidal Turbine Blades"
UPLOADED = f"""# {UPLOADED_TITLE}

We measure how cavitation bubbles collapsing near tidal turbine blades erode their composite coating.
Blades with a polyurethane coating lost forty percent less mass after one thousand hours in a cavitation tunnel.
"""
# Set PAPERCHAT_UPDATE_SCREENSHOTS=1 to refresh docs/screenshot-*.png from these tests.
SHOTS = REPO / "docs" if os.environ.get("PAPERCHAT_UPDATE_SCREENSHOTS") else None
VIEWPORTS = {"desktop": {"width": 1440, "height": 1000}, "phone": {"width": 390, "height": 844}}
BOTH_SIZES = pytest.mark.parametrize("page", list(VIEWPORTS), indirect=True)  # a test run at each size
WAIT_MS = 90_000  # how long a tab waits for anything: a shared, loaded machine can take half a minute per answer


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM:
        pytest.skip("needs Debian's chromium package (make chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A tab at desktop size, or at the size a BOTH_SIZES test asks for."""
    context = browser.new_context(viewport=VIEWPORTS[getattr(request, "param", "desktop")], accept_downloads=True)
    context.set_default_timeout(WAIT_MS)
    yield context.new_page()
    context.close()


def new_tab(browser: Any, **options: Any) -> Any:
    """A tab in a browser context of its own (closed with the tab), waiting as long as the `page` fixture's."""
    tab = browser.new_page(**options)
    tab.set_default_timeout(WAIT_MS)
    return tab


@contextmanager
def serve(assistant: Any, upload_dir: Path | None = None, **ui: Any) -> Iterator[str]:
    settings = UISettings(_env_file=None, **ui)
    demo = build_app(assistant, upload_dir, ui=settings)
    url = launch(demo, settings, host="127.0.0.1", port=free_port("127.0.0.1"), block=False, quiet=True)
    try:
        yield url
    finally:
        demo.close()


def _open_index(index_dir: Path) -> Any:
    from paperchat.assistant import Assistant

    return Assistant.open(index_dir, make_settings(index_dir), create=True)


@pytest.fixture(scope="module")
def seed_app(seed_index_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Any]]:
    copy = tmp_path_factory.mktemp("ui-seed") / "index"
    shutil.copytree(seed_index_dir, copy)
    assistant = _open_index(copy)
    with serve(assistant) as url:
        yield url, assistant


def open_app(page: Any, url: str) -> None:
    page.goto(url, wait_until="domcontentloaded")  # offline, Gradio pages never reach network idle
    page.locator("#pc-question textarea").wait_for()
    page.locator("#pc-summary b").first.wait_for()  # the on-load refresh has run


def answered(turn: int) -> str:
    """The source panel of a finished answer (while one is written, its turn is marked pending)."""
    return f'#pc-sources .pc-turn[data-turn="{turn}"]:not(.pc-pending-turn)'


def ask(page: Any, question: str, turn: int) -> None:
    page.locator("#pc-question textarea").fill(question)
    page.locator("#pc-question textarea").press("Enter")
    page.locator(answered(turn)).wait_for()


def shot(page: Any, name: str) -> None:
    """Refresh docs/NAME from a desktop-sized tab, when PAPERCHAT_UPDATE_SCREENSHOTS is set."""
    if SHOTS and page.viewport_size["width"] >= VIEWPORTS["desktop"]["width"]:
        page.screenshot(path=str(SHOTS / name))


def card_paper_ids(page: Any, selector: str) -> list[str]:
    return page.locator(selector).evaluate_all("cards => cards.map(card => card.dataset.paperId)")


@BOTH_SIZES
def test_chat_streams_a_cited_answer_with_source_cards_and_exports(page: Any, seed_app: tuple[str, Any]) -> None:
    url, assistant = seed_app
    expected = assistant.ask(QUESTION)
    assert expected.citations, "the seed index should answer the demo question"
    open_app(page, url)
    assert page.locator("#pc-banner .pc-empty").count() == 0
    assert "all-MiniLM-L6-v2" not in page.locator(".pc-header").inner_text()  # internals live in About
    page.get_by_role("tab", name="About").click()
    assert "all-MiniLM-L6-v2" in page.locator("#pc-stats").inner_text()
    assert str(assistant.settings.index_dir.parent) not in page.content()  # the index's name, never its path
    page.get_by_role("tab", name="Chat").click()
    page.locator("#pc-examples button").nth(1).wait_for()  # example questions made from the loaded index

    ask(page, QUESTION, turn=1)
    bot = page.locator('#pc-chat [data-testid="bot"]').last
    assert "[1]" in bot.inner_text()
    marker = bot.locator('a[href="#source-1-1"]')
    assert marker.inner_text() == "[1]"
    card = page.locator("#source-1-1")
    assert expected.citations[0].title in card.locator(".pc-title").inner_text()
    assert card.locator("mark").count() >= 1 and card.locator(".pc-score").inner_text().strip()
    for href in bot.locator('a[href^="#source-"]').evaluate_all("links => links.map(a => a.getAttribute('href'))"):
        assert page.locator(href).count() == 1, f"{href} has no source card"
    marker.click()
    page.wait_for_function("() => document.getElementById('source-1-1').classList.contains('pc-flash')")
    assert page.locator("#pc-applied").inner_text().strip()

    page.locator("#pc-export").get_by_text("Export this conversation").click()
    markdown = page.locator("#pc-markdown textarea").input_value()
    assert markdown == f"## {QUESTION}\n\n{expected.markdown()}"
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.locator("#pc-markdown").get_by_role("button", name="Copy").click()
    assert page.evaluate("() => navigator.clipboard.readText()") == markdown
    with page.expect_download() as download:
        page.locator("#pc-bibtex").click()
    bibtex = Path(download.value.path()).read_text()
    assert bibtex.count("@misc{") == len(expected.citations) and "title = {{" in bibtex
    if SHOTS and page.viewport_size["width"] >= VIEWPORTS["desktop"]["width"]:
        page.locator("#pc-export").get_by_text("Export this conversation").click()  # folded again for the picture
        page.evaluate(
            "() => { window.scrollTo(0, 0); document.querySelectorAll('#pc-chat *').forEach("
            "e => { if (e.scrollHeight > e.clientHeight + 4) e.scrollTop = 0; }); }"
        )
        page.wait_for_timeout(2000)  # the card's flash fades
        shot(page, "screenshot-chat.png")

    ask(page, "What do they report about memory savings?", turn=2)
    assert page.locator('#pc-chat [data-testid="bot"]').count() == 2
    assert page.locator('#pc-sources details.pc-earlier[data-turn="1"]').count() == 1
    markdown = page.locator("#pc-markdown textarea").input_value()  # the whole conversation, both answers
    assert markdown.startswith(f"## {QUESTION}") and "## What do they report about memory savings?" in markdown
    page.locator("#pc-new").click()
    page.wait_for_function("() => document.querySelectorAll('#pc-chat [data-testid=\"bot\"]').length === 0")
    assert page.locator("#pc-sources .pc-card").count() == 0


def test_author_filter_limits_sources_to_that_author(page: Any, seed_app: tuple[str, Any]) -> None:
    url, assistant = seed_app
    allowed = {p.paper_id for p in assistant.papers(Filters(author=AUTHOR))}
    assert 1 < len(allowed) < len(assistant.papers())
    open_app(page, url)
    page.locator("#pc-filter-panel").get_by_text("Filters for the next question").click()
    page.locator("#pc-author textarea, #pc-author input").first.fill(AUTHOR)
    ask(page, "speech recognition with attention", turn=1)
    shown = card_paper_ids(page, "#pc-sources .pc-card")
    assert shown and set(shown) <= allowed
    assert page.locator("#pc-sources .pc-card .pc-authors").count() == len(shown)
    for authors in page.locator("#pc-sources .pc-card .pc-authors").all_text_contents():
        assert AUTHOR in authors
    assert f"author: {AUTHOR}" in page.locator("#pc-applied").inner_text()


def test_one_slow_answer_does_not_block_another_user(browser: Any, seed_app: tuple[str, Any]) -> None:
    """Answers stream piece by piece, and a second user is answered while the first answer is still running."""
    _, assistant = seed_app
    release = threading.Event()

    slow = held_assistant(assistant, release, after=4, holds=lambda question: "slow" in question)

    with serve(slow) as url:
        first, second = new_tab(browser), new_tab(browser)
        try:
            open_app(first, url)
            first.locator("#pc-question textarea").fill(f"slow: {QUESTION}")
            first.locator("#pc-question textarea").press("Enter")
            bot = first.locator('#pc-chat [data-testid="bot"]').last
            first.wait_for_function(
                "() => { const m = [...document.querySelectorAll('#pc-chat [data-testid=\"bot\"]')].pop();"
                " return m && m.innerText.trim().split(/\\s+/).length >= 3; }"
            )
            partial = bot.inner_text()
            assert first.locator(answered(1)).count() == 0  # still streaming: no final answer yet

            started = time.monotonic()
            open_app(second, url)
            ask(second, QUESTION, turn=1)
            assert "[1]" in second.locator('#pc-chat [data-testid="bot"]').last.inner_text()
            assert time.monotonic() - started < 25 and not release.is_set()
            assert first.locator(answered(1)).count() == 0
        finally:
            release.set()
        first.locator(answered(1)).wait_for()
        assert len(bot.inner_text()) > len(partial) and "[1]" in bot.inner_text()
        first.close()
        second.close()


def test_empty_index_says_how_to_add_papers(page: Any, tmp_path: Path) -> None:
    assistant = _open_index(tmp_path / "empty")
    with serve(assistant) as url:
        open_app(page, url)
        banner = page.locator("#pc-banner")
        banner.get_by_text("No papers indexed yet").wait_for()
        text = banner.inner_text()
        assert "Library" in text and "ingest" in text and "empty" in text and str(tmp_path) not in text
        page.locator("#pc-question textarea").fill("Anything about transformers?")
        page.locator("#pc-question textarea").press("Enter")
        page.locator('#pc-chat [data-testid="bot"]').get_by_text("No papers are indexed yet").wait_for()


def test_login_is_required_when_auth_is_set(page: Any, tmp_path: Path) -> None:
    assistant = _open_index(tmp_path / "index")
    with serve(assistant, auth=["ana:s3cret"]) as url:
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(url.rstrip("/") + "/config", timeout=10)
        assert refused.value.code == 401
        page.goto(url, wait_until="domcontentloaded")
        page.get_by_label("username").fill("ana")
        page.get_by_label("password").fill("s3cret")
        page.get_by_role("button", name="Login").click()
        page.locator("#pc-question textarea").wait_for()


def _post_upload(url: str, name: str, data: bytes) -> int:
    boundary = "paperchat-test-boundary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{name}"\r\n'
            f"Content-Type: text/markdown\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    request = urllib.request.Request(
        url.rstrip("/") + "/gradio_api/upload",
        data=body,
        method="POST",
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_server_refuses_uploads_over_the_size_limit(tmp_path: Path) -> None:
    from paperchat.assistant import Assistant

    index_dir = tmp_path / "index"
    assistant = Assistant.open(index_dir, make_settings(index_dir), create=True)
    with serve(assistant, max_upload_mb=0.01) as url:  # 10 KiB
        assert _post_upload(url, "small.md", b"# Small\n\nfits.") == 200
        assert _post_upload(url, "big.md", b"# Big\n\n" + b"x" * 20_000) == 413
