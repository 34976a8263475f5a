"""The daily-papers listing (format 2): examples from the seed file examples/papers/001_*.txt."""

from __future__ import annotations

from pathlib import Path

import pytest

from paperchat.ingest.formats import daily_listing
from paperchat.ingest.formats.base import ParseError, ParseResult
from paperchat.ingest.papers import Paper

SEED = next((Path(__file__).parents[3] / "examples" / "papers").glob("001_*.txt"))


@pytest.fixture(scope="module")
def listing() -> ParseResult:
    return daily_listing.parse(SEED.read_text(encoding="utf-8"), str(SEED))


def paper_titled(result: ParseResult, title_start: str) -> Paper:
    (paper,) = [paper for paper in result.papers if paper.title.startswith(title_start)]
    return paper


def test_the_seed_yields_its_49_papers_without_problems(listing: ParseResult) -> None:
    assert listing.format == "daily-listing"
    assert len(listing.papers) == 49
    assert listing.problems == []
    assert all(paper.sources == [str(SEED)] for paper in listing.papers)


def test_header_lines_are_not_papers(listing: ParseResult) -> None:
    # The header runs "New", "Get trending papers ...", "Subscribe", "Daily Papers", ..., "Apr 21".
    titles = {paper.title for paper in listing.papers}
    assert titles.isdisjoint({"New", "Subscribe", "Daily Papers", "byAK and the research community", "Apr 21"})
    assert listing.papers[0].title == "MemAscend: System Memory Optimization for SSD-Offloaded LLM Fine-Tuning"
    assert listing.papers[0].abstract.startswith("Owing to the huge success of generative artificial intelligence")


def test_author_count_trailer(listing: ParseResult) -> None:
    paper = paper_titled(listing, "MemAscend")  # "  • 2 authors" / "·" / "May 29, 2025"
    assert (paper.authors_count, paper.authors, paper.authors_text) == (2, [], "2 authors")
    assert (paper.date, paper.year, paper.upvotes, paper.org) == ("2025-05-29", 2025, None, None)


@pytest.mark.parametrize(
    ("title_start", "org", "date", "year", "upvotes"),
    [
        ("Boundary-Guided Policy Optimization", "Z.ai", "2025-10-13", 2025, 2),  # zai-org Z.ai / Oct 13, 2025 2
        ("KernelBlaster", "NVIDIA", "Feb 15", None, None),  # nvidia NVIDIA / Feb 15
        ("PhyGDPO", "AI at Meta", "2025-12-30", 2025, 4),  # facebook AI at Meta / Dec 30, 2025 4
    ],
)
def test_organisation_trailer_gives_the_display_name(
    listing: ParseResult, title_start: str, org: str, date: str, year: int | None, upvotes: int | None
) -> None:
    paper = paper_titled(listing, title_start)
    assert (paper.org, paper.date, paper.year, paper.upvotes) == (org, date, year, upvotes)
    assert paper.authors_count is None  # the page shows an organisation instead of a count


def test_upvotes_after_a_year_less_date(listing: ParseResult) -> None:
    # "Mar 9 2": a year is always written after a comma, so the 2 is an upvote count, not 2002.
    paper = paper_titled(listing, "MEMO: Memory-Augmented Model Context Optimization")
    assert (paper.date, paper.year, paper.upvotes, paper.authors_count) == ("Mar 9", None, 2, 12)
    assert paper_titled(listing, "A Survey on Structured State Space").upvotes == 1  # "Mar 21, 2025 1"


def test_the_paper_without_trailer_keeps_its_neighbour_intact(listing: ParseResult) -> None:
    bare = paper_titled(listing, "Memory as Action: Autonomous Context Curation")
    assert bare.abstract.startswith("Large Language Models face challenges in long-horizon agentic tasks")
    assert (bare.date, bare.year, bare.org, bare.authors_count, bare.upvotes) == (None, None, None, None, None)
    following = paper_titled(listing, "Training Long-Context LLMs Efficiently via Chunk-wise Optimization")
    assert (following.date, following.authors_count) == ("2025-05-22", 5)
    # "https://github.com/wenhaoli-xmu/seco{here}." - the LaTeX link text is not part of the URL.
    assert following.code_url == "https://github.com/wenhaoli-xmu/seco"


def test_code_link_and_latex_in_an_abstract(listing: ParseResult) -> None:
    natural_galore = paper_titled(listing, "Natural GaLore")
    assert natural_galore.code_url == "https://github.com/selfsupervised-ai/Natural-GaLore"  # ".git" dropped
    assert natural_galore.has_code is True
    symbolic = paper_titled(listing, "Symbolic Discovery of Optimization Algorithms")
    assert r"optimization algorithm, Lion (Evo\textbf{Lved Sign Momentum})." in symbolic.abstract
    assert "optimization algorithm, Lion (EvoLved Sign Momentum)." in symbolic.display_abstract
    assert (symbolic.has_code, symbolic.code_url) == (False, None)


WITHOUT_HEADER = """First Title

First abstract.

  • 3 authors
·
Jan 2, 2024

Orphan paragraph

Second Title

Second abstract.

acme ACME Research
·
Feb 3 7

Third Title

Third abstract.
"""


def test_unpairable_paragraphs_are_a_problem_and_parsing_goes_on() -> None:
    result = daily_listing.parse(WITHOUT_HEADER, "daily.txt")
    assert [paper.title for paper in result.papers] == ["First Title", "Third Title"]
    (problem,) = result.problems
    assert (problem.source, problem.line) == ("daily.txt", 9)
    assert "3 paragraphs" in problem.reason
    assert result.papers[0].authors_count == 3
    assert result.papers[1].date is None  # the last paper of a page may lack a trailer too


def test_detect() -> None:
    assert daily_listing.detect(SEED.read_text(encoding="utf-8"))
    assert daily_listing.detect(WITHOUT_HEADER)  # two trailers suffice without the header
    assert not daily_listing.detect("Notes\n\nA middle dot alone:\n·\nJan 2, 2024\n")  # one trailer, no header


def test_text_without_trailers_is_unusable() -> None:
    with pytest.raises(ParseError):
        daily_listing.parse("Daily Papers\n\nApr 21\n\nA title\n\nAn abstract.\n", "daily.txt")
