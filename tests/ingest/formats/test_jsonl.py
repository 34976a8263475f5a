from paperchat.ingest.formats import jsonl
from paperchat.ingest.formats.base import Problem

SOURCE = "papers.jsonl"


def test_a_line_becomes_a_paper_with_the_fields_it_names() -> None:
    text = (
        '{"paper_id": "my-own-id", "title": "Attention Is All You Need", "authors": ["Ashish Vaswani", "Noam Shazeer"],'
        ' "date": "2017-06-12", "category": "cs.CL", "url": "https://example.org/p", "abstract": "Transformers."}\n'
    )
    result = jsonl.parse(text, SOURCE)

    assert result.problems == []
    assert result.format == "jsonl"
    [paper] = result.papers
    assert paper.paper_id == "my-own-id"  # a given id is kept, not recomputed
    assert paper.title == "Attention Is All You Need"
    assert paper.authors == ["Ashish Vaswani", "Noam Shazeer"]
    assert (paper.date, paper.year) == ("2017-06-12", 2017)
    assert paper.category == "cs.CL"
    assert paper.abstract == "Transformers."
    assert paper.sources == [SOURCE]


def test_authors_may_be_one_string() -> None:
    text = (
        '{"title": "A", "authors": "Ada Lovelace and Charles Babbage"}\n'
        '{"title": "B", "authors": "Ada Lovelace, Alan Turing"}\n'
    )
    first, second = jsonl.parse(text, SOURCE).papers
    assert first.authors == ["Ada Lovelace", "Charles Babbage"]
    assert second.authors == ["Ada Lovelace", "Alan Turing"]


def test_full_text_without_abstract_and_an_identity_from_the_title() -> None:
    [paper] = jsonl.parse('{"title": "Notes", "full_text": "Long body.", "year": 2021}', SOURCE).papers
    assert paper.full_text == "Long body."
    assert paper.year == 2021
    assert paper.paper_id.startswith("t:")


def test_bad_lines_are_problems_with_their_line_and_the_rest_is_parsed() -> None:
    lines = [
        '{"title": "Good one"}',
        '{"title": "Broken", ',
        "",  # blank lines are skipped but still counted
        '["a list", "not an object"]',
        '{"abstract": "no title here"}',
        '{"title": "Bad year", "year": "soon"}',
        '{"title": "Bad authors", "authors": [1, 2]}',
        '{"title": "Good two"}',
    ]
    result = jsonl.parse("\n".join(lines), SOURCE)

    assert [paper.title for paper in result.papers] == ["Good one", "Good two"]
    reasons = {problem.line: problem.reason for problem in result.problems}
    assert sorted(reasons) == [2, 4, 5, 6, 7]
    assert reasons[2].startswith("invalid JSON")
    assert reasons[4] == "expected a JSON object, got list"
    assert reasons[5] == "missing title"
    assert reasons[6].startswith("field 'year'")
    assert reasons[7].startswith("field 'authors.0'")
    assert str(result.problems[0]) == f"{SOURCE}:2: {reasons[2]}"


def test_an_empty_title_is_a_problem_too() -> None:
    result = jsonl.parse('{"title": "   "}\n{"title": 7}', SOURCE)
    assert result.papers == []
    assert result.problems == [
        Problem(SOURCE, "title must be a non-empty string", line=1),
        Problem(SOURCE, "title must be a non-empty string", line=2),
    ]


def test_detect_accepts_json_objects_one_per_line_with_a_few_bad_lines() -> None:
    good = '{"title": "x"}\n'
    assert jsonl.detect(good * 3)
    assert jsonl.detect(good * 4 + "oops, not json\n")
    assert not jsonl.detect(good + "prose\nmore prose\n")
    assert not jsonl.detect("# A Markdown note\n\nWith {braces} in it.\n")
    assert not jsonl.detect("[1, 2, 3]\n")


def test_split_authors_handles_the_usual_separators() -> None:
    assert jsonl.split_authors("A. Smith; B. Jones") == ["A. Smith", "B. Jones"]
    assert jsonl.split_authors("Ann Lee, Bo Li, and Cy Wu") == ["Ann Lee", "Bo Li", "Cy Wu"]
    assert jsonl.split_authors("Devlin, Jacob and Chang, Ming-Wei") == ["Jacob Devlin", "Ming-Wei Chang"]
    assert jsonl.split_authors("  ") == []
