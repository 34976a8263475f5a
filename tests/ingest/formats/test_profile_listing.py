"""The author-profile listing (format 1): examples from the seed file examples/papers/000_*.txt."""

from __future__ import annotations

from pathlib import Path

import pytest

from paperchat.ingest.formats import profile_listing
from paperchat.ingest.formats.base import ParseError, ParseResult
from paperchat.ingest.papers import Paper

SEED = next((Path(__file__).parents[3] / "examples" / "papers").glob("000_*.txt"))


@pytest.fixture(scope="module")
def listing() -> ParseResult:
    return profile_listing.parse(SEED.read_text(encoding="utf-8"), str(SEED))


def paper_titled(result: ParseResult, title_start: str) -> Paper:
    (paper,) = [paper for paper in result.papers if paper.title.startswith(title_start)]
    return paper


def test_the_seed_yields_its_21_papers_without_problems(listing: ParseResult) -> None:
    assert listing.format == "profile-listing"
    assert len(listing.papers) == 21
    assert listing.problems == []
    assert all(paper.sources == [str(SEED)] for paper in listing.papers)
    # The header ("Yufeng Yang", "CV", "h-index98", "21 Papers") is not a paper.
    assert listing.papers[0].title.startswith("When Correct Demonstrations Hurt")


def test_truncated_author_list_with_code_badge_and_year_less_date(listing: ParseResult) -> None:
    # LGMay 25Code / title / "Chenghao Qiu, Chunli Peng, Yufeng Yang et al." / abstract with a github link
    paper = paper_titled(listing, "When Correct Demonstrations Hurt")
    assert paper.category == "LG"
    assert paper.authors == ["Chenghao Qiu", "Chunli Peng", "Yufeng Yang"]
    assert paper.authors_truncated is True
    assert paper.authors_count is None  # "et al." hides how many there are
    assert paper.authors_text == "Chenghao Qiu, Chunli Peng, Yufeng Yang et al."
    assert paper.has_code is True
    assert paper.code_url == "https://github.com/Chenghao-Qiu/Task-Preserving-ICL"  # sentence's "." dropped
    # "May 25" is May 25th of a year the page does not name (see profile_listing.listing_date).
    assert (paper.date, paper.year) == ("May 25", None)


def test_complete_author_list_iso_date_and_latex_abstract(listing: ParseResult) -> None:
    paper = paper_titled(listing, "A Conformer Based Acoustic Model")
    assert paper.category == "SD"
    assert (paper.date, paper.year) == ("2022-03-01", 2022)
    assert paper.authors == ["Yufeng Yang", "Peidong Wang", "DeLiang Wang"]
    assert paper.authors_truncated is False
    assert paper.authors_count == 3
    assert (paper.has_code, paper.code_url) == (False, None)
    # Raw text is kept as written; the display form is clean.
    assert r"achieves $6.25\%$ word error rate" in paper.abstract
    assert "achieves 6.25% word error rate" in paper.display_abstract
    assert "$" not in paper.display_abstract and "\\" not in paper.display_abstract


def test_code_badge_without_a_link_in_the_abstract(listing: ParseResult) -> None:
    paper = paper_titled(listing, "GEditBench v2")  # CVMar 30Code
    assert (paper.category, paper.date, paper.has_code, paper.code_url) == ("CV", "Mar 30", True, None)


@pytest.mark.parametrize(
    ("title_start", "category", "date", "year"),
    [
        ("EvGNN", "CV", "2024-04-30", 2024),  # CVApr 30, 2024
        ("MM-OPERA", "LG", "2025-10-30", 2025),  # LGOct 30, 2025Code
        ("Distributionally Robust Multi-Objective", "LG", "May 7", None),  # LGMay 7
        ("Residual-Based Detections", "SP", "2018-02-15", 2018),  # SPFeb 15, 2018
    ],
)
def test_glued_head_line_splits_into_category_and_date(
    listing: ParseResult, title_start: str, category: str, date: str, year: int | None
) -> None:
    paper = paper_titled(listing, title_start)
    assert (paper.category, paper.date, paper.year) == (category, date, year)


def test_detect_claims_the_seed_but_not_a_lookalike_without_header() -> None:
    assert profile_listing.detect(SEED.read_text(encoding="utf-8"))
    assert not profile_listing.detect("Results on CV\n\nLGMay 25Code\nA title\n")  # no "N Papers" header


SMALL_PAGE = """Ada Lovelace

2 Papers

MAMar 3, 2021Code
Cooperative Agents

Ada Lovelace, Charles Babbage

We study agents. Code: github.com/ada/agents

CVJan 5
Orphan Title Only
"""


def test_a_malformed_entry_is_a_problem_and_parsing_goes_on() -> None:
    result = profile_listing.parse(SMALL_PAGE, "page.txt")
    (paper,) = result.papers
    assert (paper.category, paper.date, paper.year) == ("MA", "2021-03-03", 2021)  # "MAMar": category "MA"
    assert paper.code_url == "https://github.com/ada/agents"  # scheme added to a bare github.com link
    reasons = [(problem.line, problem.reason) for problem in result.problems]
    assert reasons[0] == (12, "entry has a title only, no authors or abstract")
    assert reasons[1] == (None, "header announces 2 papers, parsed 1")


def test_every_paper_records_whose_profile_it_is_on() -> None:
    (paper,) = profile_listing.parse(SMALL_PAGE, "page.txt").papers
    assert paper.profile_of == "Ada Lovelace"
    # A header that does not start with a name (a page saved without it) names no one.
    assert profile_listing.profile_owner(["", "CV", "h-index98"]) is None
    assert profile_listing.profile_owner(["Yufeng Yang", "CV"]) == "Yufeng Yang"


def test_text_without_any_entry_is_unusable() -> None:
    with pytest.raises(ParseError):
        profile_listing.parse("Ada Lovelace\n\n0 Papers\n", "empty.txt")


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        (("Mar", "1", "2022"), ("2022-03-01", 2022)),
        (("May", "25", None), ("May 25", None)),  # day 25 of an unnamed year, not May 2025
        (("Feb", "30", "2024"), ("Feb 30, 2024", 2024)),  # not a real day: text as written, year still known
    ],
)
def test_listing_date(parts: tuple[str, str, str | None], expected: tuple[str, int | None]) -> None:
    assert profile_listing.listing_date(*parts) == expected
