"""JSON Lines: one paper per line, keys named as the Paper fields.

A bad line (invalid JSON, not an object, no title, a field of the wrong type) becomes a Problem with its
line number; the other lines are still parsed.
"""

from __future__ import annotations

import json

from pydantic import ValidationError

from paperchat.ingest.formats.base import ParseResult, Problem
from paperchat.ingest.formats.fields import split_authors, year_from_date
from paperchat.ingest.papers import Paper

FORMAT = "jsonl"

# Fields a line may set; `sources` is always the file the line came from.
_ACCEPTED_FIELDS = frozenset(Paper.model_fields) - {"sources"}
_DETECT_SAMPLE_LINES = 200


def detect(text: str) -> bool:
    """True when the non-empty lines are JSON objects, tolerating a few bad lines (about one in five)."""
    objects = bad = 0
    for line in _non_empty_lines(text, limit=_DETECT_SAMPLE_LINES):
        if line.startswith("{") and isinstance(_loads_or_none(line), dict):
            objects += 1
        else:
            bad += 1
    return objects > 0 and bad <= max(1, (objects + bad) // 5)


def parse(text: str, source: str) -> ParseResult:
    result = ParseResult(format=FORMAT)
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            result.papers.append(_paper_from_line(line, source))
        except _BadLine as bad:
            result.problems.append(Problem(source, str(bad), line=number))
    return result


class _BadLine(ValueError):
    pass


def _paper_from_line(line: str, source: str) -> Paper:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise _BadLine(f"invalid JSON ({error.msg} at column {error.colno})") from None
    if not isinstance(record, dict):
        raise _BadLine(f"expected a JSON object, got {type(record).__name__}")
    title = record.get("title")
    if not isinstance(title, str) or not title.strip():
        raise _BadLine("missing title" if title in (None, "") else "title must be a non-empty string")
    fields = {key: value for key, value in record.items() if key in _ACCEPTED_FIELDS}
    if isinstance(fields.get("authors"), str):
        fields["authors"] = split_authors(fields["authors"])
    if fields.get("year") is None and isinstance(fields.get("date"), str):
        fields["year"] = year_from_date(fields["date"])
    if isinstance(fields.get("year"), bool):  # pydantic would take true as 1
        raise _BadLine("field 'year': must be an integer")
    try:
        return Paper(**fields, sources=[source])
    except ValidationError as error:
        raise _BadLine(_describe(error)) from None


def _describe(error: ValidationError) -> str:
    """'field 'year': Input should be a valid integer' for the first wrong field."""
    first = error.errors()[0]
    name = ".".join(str(part) for part in first["loc"])
    return f"field '{name}': {first['msg']}"


def _non_empty_lines(text: str, limit: int) -> list[str]:
    lines: list[str] = []
    for line in text.splitlines():
        if line.strip():
            lines.append(line.strip())
            if len(lines) >= limit:
                break
    return lines


def _loads_or_none(line: str) -> object:
    try:
        return json.loads(line)
    except ValueError:
        return None
