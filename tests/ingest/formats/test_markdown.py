import pytest

from paperchat.ingest.formats import markdown
from paperchat.ingest.formats.base import ParseError

SOURCE = "notes.md"


def test_first_heading_is_the_title_and_the_body_is_the_full_text() -> None:
    text = "Some preface line.\n\n# Retrieval-Augmented Generation\n\nRAG combines retrieval with generation.\n"
    result = markdown.parse(text, SOURCE)

    assert result.format == "markdown"
    [paper] = result.papers
    assert paper.title == "Retrieval-Augmented Generation"
    assert paper.full_text == text.strip()
    assert paper.sources == [SOURCE]


def test_plain_text_uses_its_first_non_empty_line() -> None:
    [paper] = markdown.parse("\n\n  A plain note about BM25  \nIt ranks by term frequency.\n", SOURCE).papers
    assert paper.title == "A plain note about BM25"


def test_setext_heading_and_decoration_lines() -> None:
    [underlined] = markdown.parse("Scaling Laws\n============\n\nText.", SOURCE).papers
    assert underlined.title == "Scaling Laws"
    [decorated] = markdown.parse("*****\nReal first line\nmore", SOURCE).papers
    assert decorated.title == "Real first line"


def test_front_matter_gives_title_authors_date_and_url() -> None:
    text = (
        "---\n"
        'title: "Flash Attention"\n'
        "authors: [Tri Dao, Dan Fu]\n"
        "date: 2022-05-27\n"
        "url: https://arxiv.org/abs/2205.14135\n"
        "---\n"
        "# A heading that is not the title\n\n"
        "## Abstract\n\nFast and memory-efficient exact attention.\n\n## Method\n\nTiling.\n"
    )
    [paper] = markdown.parse(text, SOURCE).papers

    assert paper.title == "Flash Attention"
    assert paper.authors == ["Tri Dao", "Dan Fu"]
    assert (paper.date, paper.year) == ("2022-05-27", 2022)
    assert paper.paper_id == "arxiv:2205.14135"
    assert paper.abstract == "Fast and memory-efficient exact attention."
    assert paper.full_text.startswith("# A heading that is not the title")
    assert "title:" not in paper.full_text


def test_front_matter_author_lists_in_other_shapes() -> None:
    as_items = "---\nauthor:\n  - Ada Lovelace\n  - Alan Turing\nyear: 1950\n---\nBody"
    [paper] = markdown.parse(as_items, SOURCE).papers
    assert paper.authors == ["Ada Lovelace", "Alan Turing"]
    assert paper.year == 1950
    assert paper.title == "Body"

    as_string = "---\nauthors: Ada Lovelace and Alan Turing\n---\n# T\n"
    assert markdown.parse(as_string, SOURCE).papers[0].authors == ["Ada Lovelace", "Alan Turing"]


def test_front_matter_without_body_is_a_parse_error() -> None:
    with pytest.raises(ParseError, match="^front matter only, no body text$"):
        markdown.parse("---\ntitle: Nothing Else\n---\n\n   \n", SOURCE)


def test_unclosed_front_matter_is_a_parse_error_on_line_1() -> None:
    with pytest.raises(ParseError, match="never closed") as raised:
        markdown.parse("---\ntitle: Oops\n\nBody text.\n", SOURCE)
    assert raised.value.line == 1


def test_a_paragraph_long_first_line_is_shortened_for_the_title() -> None:
    [paper] = markdown.parse("word " * 100, SOURCE).papers
    assert len(paper.title) <= markdown.MAX_TITLE_CHARS + 1
    assert paper.title.endswith("…")
