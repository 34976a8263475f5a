"""The parser on real papers written by others (../shared/pdfs): the title, first author and year a careful
reader reads from page 1, body text without running headers, and no library noise on the terminal."""

from __future__ import annotations

import pytest

from paperchat.ingest.formats import pdf
from paperchat.ingest.text import words
from tests.ingest.formats.pdf.shared import gold, needs_shared_set, paper_bytes

pytestmark = needs_shared_set
GOLD = {entry["file"]: entry for entry in gold()}


@pytest.fixture(scope="module")
def parsed() -> dict:
    return {name: pdf.parse(paper_bytes(name), name).papers[0] for name in GOLD}


@pytest.mark.parametrize("name", sorted(GOLD))
def test_title_first_author_and_year_are_what_page_one_prints(parsed: dict, name: str) -> None:
    paper, expected = parsed[name], GOLD[name]
    assert words(paper.title) == words(expected["title"])
    assert paper.authors and words(paper.authors[0]) == words(expected["first_author"])
    assert paper.year == expected["year"]


def test_every_paper_has_its_abstract(parsed: dict) -> None:
    assert all(len(paper.abstract) > 200 for paper in parsed.values())


def test_printed_identifiers_become_the_paper_id(parsed: dict) -> None:
    assert parsed["pasa.pdf"].paper_id == "arxiv:2501.10120"
    assert parsed["pasa.pdf"].category == "cs.IR"
    assert parsed["0807.3577.pdf"].paper_id == "doi:10.1088/1475-7516/2008/10/003"


def test_running_headers_and_page_numbers_are_not_body_text(parsed: dict) -> None:
    text = parsed["MullenJSSv18i03.pdf"].full_text
    assert "Journal of Statistical Software 43" not in text
    assert "44 TIMP: Modeling Multi-way Spectroscopic Measurements in R" not in text
    assert "warnOnly" in text and "R version 2.5" in text


def test_words_broken_at_line_ends_and_ligatures_read_whole(parsed: dict) -> None:
    text = parsed["pasa.pdf"].full_text
    assert "papers, and selecting relevant references" in text
    assert "\ufffe" not in text and "\ufb01" not in text


def test_no_library_output_reaches_the_terminal(capfd: pytest.CaptureFixture[str]) -> None:
    for name in GOLD:
        pdf.parse(paper_bytes(name), name)
    captured = capfd.readouterr()
    assert captured.out == "" and captured.err == ""
