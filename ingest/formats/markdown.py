"""Markdown and plain text: one document per file.

The title is the front matter's `title`, else the first heading, else the first non-empty line. Front matter
(`---` lines around `key: value` pairs) may also give authors, date, year, url and category.
The body (everything after the front matter) is the paper's full text.
"""

from __future__ import annotations

import re

from paperchat.ingest.formats.base import ParseError, ParseResult
from paperchat.ingest.formats.fields import split_authors, year_from_date
from paperchat.ingest.papers import Paper

FORMAT = "markdown"

MAX_TITLE_CHARS = 200  # a plain-text file whose first line is a whole paragraph
_FENCE = re.compile(r"^(-{3,})\s*$")
_ATX_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_SETEXT_UNDERLINE = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_KEY_VALUE = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s*(.*)$")
_LIST_ITEM = re.compile(r"^\s*-\s+(.*)$")


def detect(text: str) -> bool:
    """Any text is a document; this format is tried last."""
    return True


def parse(text: str, source: str) -> ParseResult:
    front, body = _split_front_matter(text)
    if not body.strip():
        if front is not None:
            raise ParseError("front matter only, no body text")
        raise ParseError("empty file")
    title = _clean(front.get("title", "")) if front else ""
    if not title:
        title = _first_heading(body) or _first_line(body)
    meta = front or {}
    authors = meta.get("authors") or meta.get("author") or []
    date = _clean(meta.get("date", "")) or None
    year_text = _clean(meta.get("year", ""))
    paper = Paper(
        title=_shorten(title),
        authors=split_authors(authors) if isinstance(authors, str) else authors,
        date=date,
        year=int(year_text) if year_text.isdigit() else year_from_date(date),
        category=_clean(meta.get("category", "")) or None,
        url=_clean(meta.get("url", "")) or None,
        abstract=_clean(meta.get("abstract", "")) or _abstract_section(body),
        full_text=body.strip(),
        sources=[source],
    )
    return ParseResult(papers=[paper], format=FORMAT)


def _split_front_matter(text: str) -> tuple[dict[str, str | list[str]] | None, str]:
    """(front matter or None when there is none, body)."""
    lines = text.splitlines()
    if not lines or not _FENCE.match(lines[0]):
        return None, text
    for end in range(1, len(lines)):
        if _FENCE.match(lines[end]) or lines[end].strip() == "...":
            return _read_front_matter(lines[1:end]), "\n".join(lines[end + 1 :])
    raise ParseError("front matter opened with --- is never closed", line=1)


def _read_front_matter(lines: list[str]) -> dict[str, str | list[str]]:
    """`key: value`, `key: [a, b]` and `key:` followed by `- item` lines. Keys are lower-cased."""
    values: dict[str, str | list[str]] = {}
    current_list: list[str] | None = None
    for line in lines:
        item = _LIST_ITEM.match(line)
        if item and current_list is not None:
            current_list.append(_unquote(item.group(1)))
            continue
        pair = _KEY_VALUE.match(line)
        if not pair:
            continue
        key, value = pair.group(1).lower(), pair.group(2).strip()
        if not value:
            current_list = values.setdefault(key, [])  # type: ignore[assignment]
        elif value.startswith("[") and value.endswith("]"):
            values[key], current_list = [_unquote(part) for part in value[1:-1].split(",") if part.strip()], None
        else:
            values[key], current_list = _unquote(value), None
    return values


def _first_heading(body: str) -> str:
    lines = body.splitlines()
    for index, line in enumerate(lines):
        if match := _ATX_HEADING.match(line):
            return _clean(match.group(2))
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if line.strip() and _SETEXT_UNDERLINE.match(following) and not _FENCE.match(line):
            return _clean(line)
    return ""


def _first_line(body: str) -> str:
    for line in body.splitlines():
        if any(ch.isalnum() for ch in line):  # skip rules and decoration
            return _clean(line)
    return _clean(body.strip().splitlines()[0])


def _abstract_section(body: str) -> str:
    """The paragraph(s) under a heading named 'Abstract', up to the next heading."""
    collected: list[str] = []
    inside = False
    for line in body.splitlines():
        heading = _ATX_HEADING.match(line)
        if heading:
            if inside:
                break
            inside = heading.group(2).strip().lower().rstrip(":") == "abstract"
        elif inside:
            collected.append(line.strip())
    return " ".join(" ".join(collected).split())


def _clean(value: str | list[str]) -> str:
    if isinstance(value, list):
        value = ", ".join(value)
    return " ".join(value.split())


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def _shorten(title: str) -> str:
    if len(title) <= MAX_TITLE_CHARS:
        return title
    return title[:MAX_TITLE_CHARS].rsplit(" ", 1)[0] + "…"
