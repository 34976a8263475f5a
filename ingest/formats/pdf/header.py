"""A paper's title and authors from its first page's layout.

The title is the largest credible type near the top of page 1, above the author block: lines below the first
e-mail address, "Abstract" or first section heading are body, figures or logos, never the title. Its lines are
joined across line breaks; a footnote mark after it is dropped. The lines under it, down to the abstract, are the
author block that authors.py reads.
"""

from __future__ import annotations

import re

from paperchat.ingest.formats.pdf import titles
from paperchat.ingest.formats.pdf.authors import STAMP, names_of_line
from paperchat.ingest.formats.pdf.reader import Line, Page
from paperchat.ingest.formats.pdf.rows import SUPERSCRIPT_END, SUPERSCRIPT_START, unmarked
from paperchat.ingest.formats.pdf.text import join_lines
from paperchat.ingest.sections import heading_of

_SIZE_TOLERANCE = 0.8  # points: one title's lines differ by rounding only
_MIN_TITLE_GAIN = 1.1  # a title is set at least this much larger than the page's body text
_MAX_LINE_GAP = 3.0  # line heights between two lines of one title (some are double-spaced)
# A line that opens a section ("第1節", "Section 2", "Chapter 3") is never a subtitle.
_SECTION_LABEL = re.compile(r"^(第\s*\d+\s*[章節部]|(section|chapter|part)\s+\d)", re.IGNORECASE)
_RUNNING_GAIN = 1.3  # a line repeated atop other pages is a running header when set below this size
_SUBTITLE_GAIN = 1.15  # a subtitle is set at least this much larger than the body text
# Lines that end the header: nothing below the first of them is the title.
_HEADER_END = re.compile(
    r"(@|\be-?mail\b|^abstract\b|^a b s t r a c t|^summary$|^keywords?\b|^index terms|"
    r"^(1\.?|I\.)\s+introduction\b|^introduction$)",
    re.IGNORECASE,
)


def header_lines(page: Page) -> list[Line]:
    """Page 1's lines above the end of the header (e-mail, abstract, introduction), top to bottom."""
    # Text placed outside the page's box is never seen by a reader.
    ordered = sorted(
        (line for line in page.lines if 0 <= line.top <= page.height + 1),
        key=lambda line: (-round(line.top), line.left),
    )
    limit = next((line.top for line in ordered if _HEADER_END.search(line.text)), None)
    if limit is None:  # no marker: the upper half of the page
        limit = page.height / 2
    return [line for line in ordered if line.top > limit + 0.5]


def layout_title(page: Page, running: set[str] | frozenset[str] = frozenset()) -> tuple[str, list[Line]]:
    """(title, the lines of the author block below it). The title is the largest credible block of type: blocks
    (consecutive lines of one size) are tried from the largest type down, and one that is not a title (titles.py:
    a banner, an identifier, a date, a running header...) gives way to the next. A line right under the title,
    smaller than it but larger than everything below and not a list of names, is its subtitle ("Title: Subtitle").
    Empty when no line is set larger than the body text, as in a plain-text PDF where every line has one size:
    then the text rules decide."""
    lines = [line for line in header_lines(page) if _is_title_candidate(line)]
    body = _body_size(page)
    blocks = _blocks(lines)
    for block in sorted(blocks, key=lambda block: -block[0].size):
        if block[0].size < body * _MIN_TITLE_GAIN:
            break
        title = join_lines([title_text(line.text) for line in block])
        # Many journals repeat the title at the top of every page: only type near body size is a running header.
        if not titles.credible(title, running if block[0].size < _RUNNING_GAIN * body else frozenset()):
            continue
        subtitle = _subtitle(block, lines, body)
        if subtitle is not None:
            joiner = " " if title.rstrip().endswith(":") else ": "
            title = f"{title.rstrip()}{joiner}{title_text(subtitle.text)}"
            block = [*block, subtitle]
        return title, author_block(page, block[-1])
    return "", []


def has_layout(page: Page) -> bool:
    """Some line of the header is set larger than the body text."""
    lines = [line for line in header_lines(page) if _is_title_candidate(line)]
    return bool(lines) and max(line.size for line in lines) >= _body_size(page) * _MIN_TITLE_GAIN


def author_block(page: Page, last_title_line: Line) -> list[Line]:
    """The lines below the title down to the end of the header (the abstract, the introduction), or down the
    whole page when nothing marks the end: a long author list may fill it (authors.py stops at prose)."""
    ordered = sorted(page.lines, key=lambda line: (-round(line.top), line.left))
    limit = next((line.top for line in ordered if _HEADER_END.search(line.text) and "@" not in line.text), 0.0)
    # A rotated margin stamp (size 0) is beside the block, not in it.
    return [line for line in ordered if limit + 0.5 < line.top < last_title_line.top - 0.5 and line.size > 0]


def _blocks(lines: list[Line]) -> list[list[Line]]:
    """Runs of consecutive lines of one size, close together: one title, banner or author line each."""
    blocks: list[list[Line]] = []
    for line in lines:
        previous = blocks[-1][-1] if blocks else None
        if (
            previous is not None
            and abs(line.size - previous.size) <= _SIZE_TOLERANCE
            and previous.top - line.top <= _MAX_LINE_GAP * line.size
        ):
            blocks[-1].append(line)
        else:
            blocks.append([line])
    return blocks


def _subtitle(block: list[Line], lines: list[Line], body: float) -> Line | None:
    following = [line for line in lines if line.top < block[-1].top - 0.5]
    if len(following) < 2:
        return None
    first, rest = following[0], following[1:]
    larger_than_rest = all(first.size > line.size + _SIZE_TOLERANCE for line in rest)
    close = block[-1].top - first.top <= _MAX_LINE_GAP * block[-1].size
    if not (close and larger_than_rest and body * _SUBTITLE_GAIN <= first.size < block[-1].size - _SIZE_TOLERANCE):
        return None
    text = title_text(first.text)
    if names_of_line(text) or not titles.credible(text) or _SECTION_LABEL.match(text) or heading_of(text):
        return None
    return first


def title_text(text: str) -> str:
    """A title line as text: a superscript at its end is a footnote mark and goes; one inside ('S²') stays."""
    text = text.rstrip()
    if text.endswith(SUPERSCRIPT_END):
        text = text[: text.rfind(SUPERSCRIPT_START)].rstrip()
    return unmarked(text)


def _is_title_candidate(line: Line) -> bool:
    letters = sum(ch.isalpha() for ch in line.text)
    return letters >= 3 and not STAMP.search(line.text) and line.right - line.left > line.size


def _body_size(page: Page) -> float:
    """The most common font size on the page, weighted by characters: the body text's size."""
    weight: dict[float, int] = {}
    for line in page.lines:
        weight[round(line.size)] = weight.get(round(line.size), 0) + len(line.text)
    return max(weight, key=weight.__getitem__) if weight else 0.0
