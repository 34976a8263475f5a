"""Web pages: recognised by markup whatever their name, main text without navigation, title from the page."""

from __future__ import annotations

import pytest

from paperchat.ingest.formats import html, parse_document
from paperchat.ingest.identity import merge_papers
from tests.ingest.formats.pdf.shared import SHARED_PDFS

PAGE = """<!DOCTYPE html>
<html><head><title>Gravity hill - Wikipedia</title></head>
<body>
<nav><ul><li><a href="/">Main page</a></li><li><a href="/random">Random article</a></li></ul></nav>
<main><article><h1>Gravity hill</h1>
<p>A gravity hill is a place where the layout of the surrounding land produces an optical illusion, making a
slight downhill slope appear to be an uphill slope. A car left out of gear will appear to be rolling uphill.</p>
<p>The illusion comes from the lack of a clear horizon: without it, judging the slope of a surface is hard,
and objects that we expect to be vertical, such as trees, may lean.</p>
</article></main>
<footer>Privacy policy · About Wikipedia · Disclaimers</footer>
</body></html>
"""


def test_markup_is_recognised_whatever_the_file_is_called() -> None:
    assert html.detect(PAGE)
    assert html.detect("\n  <html lang='en'><body><p>x</p></body></html>")
    assert not html.detect("# Notes\n\nWe compared <b>two</b> models.")
    assert parse_document(PAGE.encode(), "saved-page.txt").format == "html"


def test_main_text_without_navigation_and_the_title_without_the_site_name() -> None:
    [paper] = html.parse(PAGE, "gravity.html").papers
    assert paper.title == "Gravity hill"
    assert "optical illusion" in paper.full_text
    assert "Random article" not in paper.full_text and "Privacy policy" not in paper.full_text
    assert "<" not in paper.full_text


def test_site_names_after_a_dash_or_bar_are_dropped_but_a_subtitle_stays() -> None:
    assert html.page_title("Frederick Bates (politician) - Wikipedia", "Wikipedia") == "Frederick Bates (politician)"
    assert html.page_title("TIMP: An R Package for Modeling Multi-way Spectroscopic Measurements") == (
        "TIMP: An R Package for Modeling Multi-way Spectroscopic Measurements"
    )


@pytest.mark.skipif(
    not (SHARED_PDFS / "docs").is_dir(), reason="the shared documents (../shared/pdfs/docs) are not here"
)
def test_two_saved_wikipedia_pages_are_two_papers_with_clean_text() -> None:
    records = []
    for name in ("bates.txt", "flag_day.html"):
        records += parse_document((SHARED_PDFS / "docs" / name).read_bytes(), name).papers
    papers = merge_papers(records).papers
    assert sorted(paper.title for paper in papers) == ["Frederick Bates (politician)", "National Flag of Canada Day"]
    for paper in papers:
        assert "<!DOCTYPE" not in paper.full_text and "<div" not in paper.full_text
    bates = next(paper for paper in papers if paper.title.startswith("Frederick"))
    assert "Governor of Missouri" in bates.full_text
    assert "Early life and education\n" in bates.full_text and "[edit]" not in bates.full_text
