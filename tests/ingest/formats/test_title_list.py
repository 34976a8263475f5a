"""The title/abstract list (format 3): examples from the seed files examples/papers/002_*.txt and 003_*.txt."""

from __future__ import annotations

from pathlib import Path

import pytest

from paperchat.ingest.formats import title_list
from paperchat.ingest.formats.base import ParseError, ParseResult
from paperchat.ingest.papers import Paper

SEEDS = Path(__file__).parents[3] / "examples" / "papers"
SEED_002 = next(SEEDS.glob("002_*.txt"))
SEED_003 = next(SEEDS.glob("003_*.txt"))


def parse_seed(path: Path) -> ParseResult:
    return title_list.parse(path.read_text(encoding="utf-8"), str(path))


@pytest.fixture(scope="module")
def list_002() -> ParseResult:
    return parse_seed(SEED_002)


@pytest.fixture(scope="module")
def list_003() -> ParseResult:
    return parse_seed(SEED_003)


def paper_titled(result: ParseResult, title_start: str) -> Paper:
    (paper,) = [paper for paper in result.papers if paper.title.startswith(title_start)]
    return paper


@pytest.mark.parametrize(("path", "count"), [(SEED_002, 119), (SEED_003, 87)])
def test_each_seed_yields_its_papers_without_problems(path: Path, count: int) -> None:
    result = parse_seed(path)
    assert result.format == "title-list"
    assert len(result.papers) == count
    assert result.problems == []
    assert all(paper.sources == [str(path)] for paper in result.papers)


def test_first_title_is_unglued_from_subscribe(list_002: ParseResult, list_003: ParseResult) -> None:
    first = list_002.papers[0]
    assert first.title == (
        "Low-rank lottery tickets: finding efficient low-rank neural networks via matrix differential equations"
    )
    assert first.abstract.startswith("Neural networks have achieved tremendous success")
    assert list_003.papers[0].title == "Deep Regression Unlearning"
    # Neither header line ("Get trending papers in your email inbox ...") became a paper.
    assert not any(paper.title.startswith(("Subscribe", "Get trending")) for paper in list_002.papers)


def test_titles_and_abstracts_stay_in_step_to_the_end(list_002: ParseResult) -> None:
    second, last = list_002.papers[1], list_002.papers[-1]
    assert second.title == "Intrinsic Dimensionality Explains the Effectiveness of Language Model Fine-Tuning"
    assert second.abstract.startswith("Although pretrained language models can be fine-tuned")
    assert last.title == "Breaking Memory Limits: Gradient Wavelet Transform Enhances LLMs Training"
    assert last.abstract.startswith("Large language models (LLMs) have shown impressive performance")


def test_code_links(list_003: ParseResult) -> None:
    unlearning = paper_titled(list_003, "Deep Regression Unlearning")
    assert unlearning.code_url == "https://github.com/ayu987/deep-regression-unlearning"
    assert unlearning.has_code is True
    # "at github.com/IBM/activation-steering" has no scheme on the page.
    steering = paper_titled(list_003, "Programming Refusal with Conditional Activation Steering")
    assert steering.code_url == "https://github.com/IBM/activation-steering"
    # A github.io project page is not a code link.
    assert paper_titled(list_003, "AnySplat").code_url is None


def test_latex_abstract_is_clean_for_display(list_002: ParseResult) -> None:
    alps = paper_titled(list_002, "ALPS: Attention Localization and Pruning Strategy")
    assert r"we propose the \textbf{Attention Localization" in alps.abstract
    assert "we propose the Attention Localization" in alps.display_abstract
    assert "\\" not in alps.display_abstract


def test_a_title_without_abstract_is_a_problem() -> None:
    text = "Get trending papers!\nSubscribeFirst Title\nFirst abstract, long enough.\nDangling Title\n"
    result = title_list.parse(text, "list.txt")
    assert [paper.title for paper in result.papers] == ["First Title"]
    (problem,) = result.problems
    assert (problem.line, problem.reason) == (4, "title without an abstract: 'Dangling Title'")


def test_detect() -> None:
    assert title_list.detect(SEED_002.read_text(encoding="utf-8"))
    # The daily listing's header has "Subscribe" alone on its line: not this format.
    assert not title_list.detect("New\n\nGet trending papers in your email inbox!\n\nSubscribe\n\nDaily Papers\n")
    # "Subscribe..." deep inside a document is not the page header.
    assert not title_list.detect("\n".join(["Some line"] * 10 + ["SubscribeNow to our newsletter"]))


def test_text_without_subscribe_header_is_unusable() -> None:
    with pytest.raises(ParseError):
        title_list.parse("A Title\nAn abstract.\n", "list.txt")
