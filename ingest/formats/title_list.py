"""Format 3, the title/abstract list (seeds `002_*.txt`, `003_*.txt`).

Two header lines ("Get trending papers in your email inbox ..."), then the first title glued to the
page's "Subscribe" button text, then title and abstract alternating, one line each::

    Get trending papers in your email inbox once a day!
    Get trending papers in your email inbox!
    SubscribeLow-rank lottery tickets: finding efficient low-rank neural networks via ...
    Neural networks have achieved tremendous success in a large variety of applications. ...
    Intrinsic Dimensionality Explains the Effectiveness of Language Model Fine-Tuning
    ...
"""

from __future__ import annotations

import re

from paperchat.ingest.formats.base import ParseError, ParseResult, Problem
from paperchat.ingest.formats.fields import find_code_url
from paperchat.ingest.papers import Paper

FORMAT = "title-list"

_SUBSCRIBE = "Subscribe"
# "Subscribe" glued to a title; the daily listing has "Subscribe" alone on its line, which is not this.
_GLUED_FIRST_TITLE = re.compile(rf"^{_SUBSCRIBE}(?=\S)")
_HEADER_LINES_AT_MOST = 5  # the seeds have two; allow a little drift in the page chrome


def detect(text: str) -> bool:
    """A "Subscribe"-glued title among the first few non-blank lines, directly after the header."""
    first_lines = [line.strip() for line in text.lstrip("\ufeff").splitlines()[:20] if line.strip()]
    return any(_GLUED_FIRST_TITLE.match(line) for line in first_lines[: _HEADER_LINES_AT_MOST + 1])


def parse(text: str, source: str) -> ParseResult:
    # (line number, text) of every non-blank line; blank lines carry no meaning in this format.
    numbered = [(number, line.strip()) for number, line in enumerate(text.lstrip("\ufeff").splitlines(), 1)]
    numbered = [(number, line) for number, line in numbered if line]
    start = next(
        (
            index
            for index, (_, line) in enumerate(numbered[: _HEADER_LINES_AT_MOST + 1])
            if _GLUED_FIRST_TITLE.match(line)
        ),
        None,
    )
    if start is None:
        raise ParseError(f"no title glued to {_SUBSCRIBE!r} in the first lines", numbered[0][0] if numbered else None)

    entries = numbered[start:]
    if len(entries) < 2:
        raise ParseError("a title but no abstract after the header", entries[0][0])
    first_line_number, first_title = entries[0]
    entries[0] = (first_line_number, first_title.removeprefix(_SUBSCRIBE).strip())

    result = ParseResult(format=FORMAT)
    for index in range(0, len(entries) - 1, 2):
        (title_line, title), (_, abstract) = entries[index], entries[index + 1]
        result.papers.append(Paper(title=title, abstract=abstract, code_url=find_code_url(abstract), sources=[source]))
        if len(title) > len(abstract):
            # A title longer than its abstract means a missing line shifted the alternation.
            reason = f"title longer than its abstract, lines may be out of step: {title[:60]!r}"
            result.problems.append(Problem(source, reason, title_line))
    if len(entries) % 2:
        last_line, last_title = entries[-1]
        result.problems.append(Problem(source, f"title without an abstract: {last_title[:60]!r}", last_line))
    return result
