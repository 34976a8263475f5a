"""What every parser returns: papers and problems, each problem naming its file and line."""

from paperchat.ingest.formats.base import ParseError, ParseResult, Problem
from paperchat.ingest.papers import Paper


def test_a_problem_names_its_file_and_line() -> None:
    assert str(Problem("papers.jsonl", "invalid JSON", line=3)) == "papers.jsonl:3: invalid JSON"
    assert str(Problem("paper.pdf", "encrypted")) == "paper.pdf: encrypted"


def test_a_parse_error_keeps_its_reason_and_line() -> None:
    error = ParseError("not valid UTF-8 text", line=7)
    assert (str(error), error.reason, error.line) == ("not valid UTF-8 text", "not valid UTF-8 text", 7)


def test_a_result_starts_empty_and_collects() -> None:
    result = ParseResult(format="jsonl")
    result.papers.append(Paper(title="A"))
    result.problems.append(Problem("f", "bad"))
    assert (len(result.papers), len(result.problems), ParseResult().papers) == (1, 1, [])
