"""The Library in headless Chromium: an upload with the default configuration is indexed and cited, its paper page
asks before removing and can undo; a member who is not an admin sees no controls that change the library."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO
from tests.ui.web.test_browser import (
    BOTH_SIZES,
    QUESTION,
    UPLOADED,
    UPLOADED_TITLE,
    WAIT_MS,
    _open_index,
    answered,
    ask,
    browser,
    open_app,
    page,
    seed_app,
    serve,
    shot,
)

__all__ = ["browser", "page", "seed_app"]  # fixtures shared with test_browser
pytestmark = pytest.mark.slow
SHOTS = REPO / "docs" if os.environ.get("PAPERCHAT_UPDATE_SCREENSHOTS") else None


@BOTH_SIZES
def test_upload_then_ask_cites_it_and_remove_it(page: Any, seed_copy: Path, tmp_path: Path) -> None:
    """With the default configuration: uploads are kept in the index folder and still indexed."""
    assistant = _open_index(seed_copy)
    before = len(assistant.papers())
    upload_dir = seed_copy / "uploads"
    paper = tmp_path / "tidal turbines.md"
    paper.write_text(UPLOADED)
    with serve(assistant) as url:
        open_app(page, url)
        page.get_by_role("tab", name="Library").click()
        page.locator("#pc-count").get_by_text(f"{before} papers").wait_for()
        page.locator("#pc-upload input[type=file]").set_input_files(str(paper))
        page.locator("#pc-upload").get_by_text("tidal turbines.md").wait_for()
        page.locator("#pc-add").click()
        summary = page.locator("#pc-ingest-summary")
        summary.get_by_text("1 new").first.wait_for()
        assert "tidal_turbines.md" in summary.inner_text()
        assert [p.name for p in upload_dir.iterdir()] == ["tidal_turbines.md"]
        page.locator("#pc-count").get_by_text(f"{before + 1} papers").wait_for()
        page.locator("#pc-search input, #pc-search textarea").first.fill("tidal")
        page.locator("#pc-count").get_by_text(f"Showing 1 of {before + 1} papers").wait_for()
        assert UPLOADED_TITLE in page.locator("#pc-papers").inner_text()
        page.locator("#pc-search input, #pc-search textarea").first.fill("")
        page.locator("#pc-count").get_by_text(f"{before + 1} papers").wait_for()
        shot(page, "screenshot-library.png")

        page.get_by_role("tab", name="Chat").click()
        ask(page, "How much does a coating reduce cavitation erosion of tidal turbine blades?", turn=1)
        assert UPLOADED_TITLE in page.locator("#source-1-1 .pc-title").inner_text()

        page.get_by_role("tab", name="Library").click()
        page.locator("#pc-search input, #pc-search textarea").first.fill("tidal")
        page.locator("#pc-count").get_by_text("Showing 1 of").wait_for()
        page.locator("#pc-papers").get_by_test_id("cell-0-0").get_by_text(UPLOADED_TITLE).click()
        page.locator("#pc-paper .pc-paper").get_by_text(UPLOADED_TITLE).wait_for()  # the paper's page
        assert "tidal_turbines.md" in page.locator("#pc-paper").inner_text()
        assert str(seed_copy) not in page.locator("#pc-paper").inner_text()
        page.locator("#pc-remove").click()
        page.locator("#pc-cancel-remove").click()  # asked first: cancelling keeps the paper
        assert len(assistant.papers()) == before + 1
        page.locator("#pc-remove").click()
        shot(page, "screenshot-paper-page.png")
        page.locator("#pc-confirm-remove").click()
        page.locator("#pc-removed").get_by_text(f"Removed “{UPLOADED_TITLE}”").wait_for()
        page.locator("#pc-count").get_by_text(f"Showing 0 of {before} papers").wait_for()
        assert list(upload_dir.iterdir()) == []  # no paper comes from the upload any more: its file went too
        page.locator("#pc-undo").click()
        page.locator("#pc-removed").get_by_text("Restored 1 paper").wait_for()
        assert [p.name for p in upload_dir.iterdir()] == ["tidal_turbines.md"]  # back with the paper
        page.locator("#pc-count").get_by_text(f"Showing 1 of {before + 1} papers").wait_for()
        page.locator("#pc-papers").get_by_test_id("cell-0-0").get_by_text(UPLOADED_TITLE).click()
        page.locator("#pc-remove").click()
        page.locator("#pc-confirm-remove").click()
        page.locator("#pc-count").get_by_text(f"Showing 0 of {before} papers").wait_for()
    assert len(assistant.papers()) == before and list(upload_dir.iterdir()) == []


def test_a_member_sees_no_library_controls(page: Any, tmp_path: Path, seed_copy: Path) -> None:
    assistant = _open_index(seed_copy)
    with serve(assistant, auth=["ana:s3cret", "bob:pw"], admins=["ana"]) as url:
        page.goto(url, wait_until="domcontentloaded")
        page.get_by_label("username").fill("bob")
        page.get_by_label("password").fill("pw")
        page.get_by_role("button", name="Login").click()
        page.locator("#pc-summary b").first.wait_for()
        page.get_by_role("tab", name="Library").click()
        page.locator("#pc-count").wait_for()
        assert not page.locator("#pc-upload").is_visible() and not page.locator("#pc-remove").is_visible()
        assert page.locator("#pc-folder").count() == 0 or not page.locator("#pc-folder").is_visible()


# Per shown column of the first rows: [header text, header lines, widest cell's lines, right edge], read in the page.
TABLE_LINES = """() => {
    const lines = (el) => {
        const span = el.querySelector('span') || el;
        return Math.round(span.getBoundingClientRect().height / (parseFloat(getComputedStyle(span).fontSize) * 1.25));
    };
    const heads = [...document.querySelectorAll('#pc-papers thead th')].filter(th => th.offsetWidth > 0);
    const rows = [...document.querySelectorAll('#pc-papers .virtual-row')].slice(0, 8);
    return heads.map((th) => { const column = [...th.parentElement.children].indexOf(th);
        const cells = rows.map(row => row.children[column]).filter(Boolean);
        return [th.innerText.trim(), lines(th), Math.max(...cells.map(lines)), th.getBoundingClientRect().right]; });
}"""


def test_on_a_phone_the_library_and_an_answers_first_line_are_readable(browser: Any, seed_app: tuple[str, Any]) -> None:
    url, _ = seed_app
    width, height = 390, 844
    context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=True, has_touch=True)
    tab = context.new_page()
    tab.set_default_timeout(WAIT_MS)
    try:
        open_app(tab, url)
        tab.get_by_role("tab", name="Library").click()
        tab.locator("#pc-count").get_by_text("papers").wait_for()
        tab.locator("#pc-papers .virtual-row").first.wait_for(state="attached")
        tab.locator("#pc-papers").scroll_into_view_if_needed()
        columns = {name: (head, widest, right) for name, head, widest, right in tab.evaluate(TABLE_LINES)}
        assert list(columns) == ["Title", "Authors", "Date", "Code"], columns  # category and org: on the paper page
        assert all(head == 1 for head, _, _ in columns.values()), columns  # no header broken letter by letter
        assert columns["Date"][1] == 1, columns  # a date on one line
        assert all(right <= width for _, _, right in columns.values()), columns  # Code is on the screen
        if SHOTS:
            tab.screenshot(path=str(SHOTS / "screenshot-phone-library.png"))

        tab.get_by_role("tab", name="Chat").click()
        tab.locator("#pc-question textarea").fill(QUESTION)
        tab.locator("#pc-question textarea").press("Enter")
        tab.locator(answered(1)).wait_for()
        tab.wait_for_timeout(500)  # the page has scrolled the new question to the top
        first_line = tab.locator(
            '#pc-chat [data-testid="bot"] .message-content p, #pc-chat [data-testid="bot"] .message-content li'
        ).first
        box = first_line.bounding_box()
        assert box and box["y"] >= 0 and box["y"] + 20 <= height, box  # the answer starts on the screen
        inner_scroll = tab.evaluate(
            "() => [...document.querySelectorAll('#pc-chat *')].some(e => e.scrollHeight > e.clientHeight + 1"
            " && ['auto', 'scroll'].includes(getComputedStyle(e).overflowY))"
        )
        assert not inner_scroll  # the chat does not scroll inside a box of its own, hiding the answer's start
        if SHOTS:
            tab.screenshot(path=str(SHOTS / "screenshot-phone.png"))
    finally:
        context.close()
