"""Format 2, the daily-papers listing (seeds `001_*.txt`).

A header ("New", "Subscribe", "Daily Papers", ... ending in the page date "Apr 21"), then per paper
paragraphs separated by blank lines: the title, the abstract, and a trailer of three lines::

      • 2 authors          <- or an organisation: "nvidia NVIDIA" (hub slug, then display name)
    ·
    Oct 13, 2025 2         <- date, then the upvote count when the page shows one

A paper may come without a trailer; its title and abstract are then followed directly by the next title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from paperchat.ingest.formats.base import ParseError, ParseResult, Problem
from paperchat.ingest.formats.fields import MONTH_DAY_YEAR, find_code_url, listing_date
from paperchat.ingest.papers import Paper

FORMAT = "daily-listing"

_SEPARATOR = "·"
_AUTHOR_COUNT = re.compile(r"•\s*(?P<count>\d+)\s+authors?")
# "Mar 9 2" is March 9 with 2 upvotes: a year is always written after a comma, so a bare
# number after the day can only be the upvote count.
_TRAILER_DATE = re.compile(rf"{MONTH_DAY_YEAR}(?: (?P<upvotes>\d+))?")
_DAILY_HEADER = re.compile(r"^Daily Papers\s*$", re.MULTILINE)
_TRAILER_LINES = re.compile(rf"^{_SEPARATOR}[ \t]*\n[ \t]*{MONTH_DAY_YEAR}", re.MULTILINE)


@dataclass
class _Paragraph:
    lines: list[str]
    line_number: int  # 1-based, of the paragraph's first line

    @property
    def text(self) -> str:
        return " ".join(self.lines)

    @property
    def is_trailer(self) -> bool:
        return _SEPARATOR in self.lines or bool(_AUTHOR_COUNT.fullmatch(self.lines[0]))


def detect(text: str) -> bool:
    """The "Daily Papers" header with one trailer, or at least two trailers ("·" above a date line)."""
    trailers = len(_TRAILER_LINES.findall(text, 0, 20_000))
    return trailers >= 2 or (trailers == 1 and bool(_DAILY_HEADER.search(text)))


def parse(text: str, source: str) -> ParseResult:
    paragraphs = _paragraphs(text.lstrip("\ufeff"))
    body = _skip_header(paragraphs)
    if not any(paragraph.is_trailer for paragraph in body):
        raise ParseError("no daily-listing trailers ('·' followed by a date) found")

    result = ParseResult(format=FORMAT)
    pending: list[_Paragraph] = []  # title and abstract paragraphs not yet given to a paper
    for paragraph in [*body, None]:  # None flushes the papers after the last trailer
        if paragraph is not None and not paragraph.is_trailer:
            pending.append(paragraph)
            continue
        if len(pending) % 2:
            # Titles and abstracts no longer alternate, so no pairing can be trusted.
            reason = f"{len(pending)} paragraphs between trailers, expected title/abstract pairs"
            result.problems.append(Problem(source, reason, pending[0].line_number))
        else:
            pairs = [pending[index : index + 2] for index in range(0, len(pending), 2)]
            for position, (title, abstract) in enumerate(pairs):
                # The trailer belongs to the pair right above it; earlier pairs had none on the page.
                trailer = paragraph if position == len(pairs) - 1 else None
                result.papers.append(_paper(title, abstract, trailer, source, result.problems))
        if paragraph is not None and not pending:
            result.problems.append(Problem(source, "trailer without a title and abstract", paragraph.line_number))
        pending = []
    return result


def _paragraphs(text: str) -> list[_Paragraph]:
    paragraphs: list[_Paragraph] = []
    current: _Paragraph | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            current = None
        elif current is None:
            current = _Paragraph([line.strip()], number)
            paragraphs.append(current)
        else:
            current.lines.append(line.strip())
    return paragraphs


def _skip_header(paragraphs: list[_Paragraph]) -> list[_Paragraph]:
    """Drop everything up to the page date that follows the "Daily Papers" title (the header's last line)."""
    for index, paragraph in enumerate(paragraphs):
        if paragraph.text == "Daily Papers":
            for offset, later in enumerate(paragraphs[index + 1 :], start=index + 1):
                if _TRAILER_DATE.fullmatch(later.text):
                    return paragraphs[offset + 1 :]
            return paragraphs[index + 1 :]
    return paragraphs  # no header: the text starts with a paper


def _paper(
    title: _Paragraph, abstract: _Paragraph, trailer: _Paragraph | None, source: str, problems: list[Problem]
) -> Paper:
    fields: dict[str, object] = {}
    for line in trailer.lines if trailer else []:
        if line == _SEPARATOR:
            continue
        if count := _AUTHOR_COUNT.fullmatch(line):
            fields["authors_count"] = int(count["count"])
        elif date := _TRAILER_DATE.fullmatch(line):
            fields["date"], fields["year"] = listing_date(date["month"], date["day"], date["year"])
            fields["upvotes"] = int(date["upvotes"]) if date["upvotes"] else None
        elif "org" not in fields:
            # "nvidia NVIDIA", "facebook AI at Meta": the hub slug, then the name people know.
            slug, _, display_name = line.partition(" ")
            fields["org"] = display_name.strip() or slug
        else:
            problems.append(Problem(source, f"unreadable trailer line {line!r}", trailer.line_number))
    return Paper(
        title=title.text,
        abstract=abstract.text,
        code_url=find_code_url(abstract.text),
        sources=[source],
        **fields,
    )
