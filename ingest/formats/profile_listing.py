"""Format 1, the author-profile listing (seeds `000_*.txt`).

A header (name, field, "h-index98", ..., "21 Papers"), then one entry per paper::

    LGMay 25Code                      <- category, date and an optional "Code" badge, glued together
    When Correct Demonstrations Hurt: ...
                                      <- blank lines separate the parts
    Chenghao Qiu, Chunli Peng, Yufeng Yang et al.

    In-context learning (ICL) is often motivated by ...

The date and code-link helpers here are shared with the other listing parsers.
"""

from __future__ import annotations

import re

from paperchat.ingest.formats.base import ParseError, ParseResult, Problem
from paperchat.ingest.formats.fields import MONTH_DAY_YEAR, find_code_url, listing_date
from paperchat.ingest.papers import Paper

FORMAT = "profile-listing"


# The category is lazy so that "CVApr 30" splits as "CV" + "Apr", and "MAMar 3" as "MA" + "Mar".
_ENTRY_HEAD_TEXT = rf"(?P<category>[A-Za-z][A-Za-z.\-]*?){MONTH_DAY_YEAR}(?P<code>Code)?"
_ENTRY_HEAD = re.compile(_ENTRY_HEAD_TEXT)  # used with fullmatch on a stripped line
_ENTRY_HEAD_LINE = re.compile(rf"^[ \t]*{_ENTRY_HEAD_TEXT}[ \t]*$", re.MULTILINE)
_PAPERS_HEADER = re.compile(r"^(?P<count>\d+) Papers$", re.MULTILINE)
# A github.com repository link; it ends at whitespace, a LaTeX brace or a closing bracket.
_ET_AL = re.compile(r",?\s*et al\.?$")
# The page's first line names whose profile it is: "Yufeng Yang".
_OWNER = re.compile(r"[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){1,3}")


def split_authors(line: str) -> tuple[list[str], bool]:
    """Split "A, B, C et al." into (["A", "B", "C"], True): the page shows only the first authors."""
    truncated = bool(_ET_AL.search(line))
    names = _ET_AL.sub("", line) if truncated else line
    return [name.strip() for name in names.split(",") if name.strip()], truncated


def detect(text: str) -> bool:
    """An "N Papers" header line plus at least one glued category/date entry line."""
    return bool(_PAPERS_HEADER.search(text) and _ENTRY_HEAD_LINE.search(text))


def parse(text: str, source: str) -> ParseResult:
    lines = text.lstrip("\ufeff").splitlines()
    heads = [(number, match) for number, line in enumerate(lines) if (match := _ENTRY_HEAD.fullmatch(line.strip()))]
    if not heads:
        raise ParseError("no profile entries (a line like 'LGMay 25Code') found")

    result = ParseResult(format=FORMAT)
    owner = profile_owner(lines[: heads[0][0]])
    for position, (head, match) in enumerate(heads):
        end = heads[position + 1][0] if position + 1 < len(heads) else len(lines)
        paper, problem = _parse_entry(match, lines[head + 1 : end], head + 1, source)
        if paper is not None:
            paper.profile_of = owner
            result.papers.append(paper)
        if problem is not None:
            result.problems.append(problem)

    # The header announces how many papers the page holds; a mismatch means entries were lost.
    header = "\n".join(lines[: heads[0][0]])
    if (announced := _PAPERS_HEADER.search(header)) and int(announced["count"]) != len(result.papers):
        reason = f"header announces {announced['count']} papers, parsed {len(result.papers)}"
        result.problems.append(Problem(source, reason))
    return result


def profile_owner(header: list[str]) -> str | None:
    """The researcher the profile belongs to: the header's first line, when it is a name (2 to 4 capitalised words).
    Every paper on the page is theirs, although a long author line may stop before their name."""
    first = next((line.strip() for line in header if line.strip()), "")
    return first if _OWNER.fullmatch(first) else None


def _parse_entry(
    head: re.Match[str], body: list[str], line_number: int, source: str
) -> tuple[Paper | None, Problem | None]:
    """One entry: its glued head line (already matched), then title, authors and abstract in `body`."""
    parts = [line.strip() for line in body if line.strip()]
    if len(parts) < 2:
        return None, Problem(source, "entry has a title only, no authors or abstract", line_number)

    title, rest = parts[0], parts[1:]
    authors: list[str] = []
    truncated = False
    problem = None
    if len(rest) >= 2 or _looks_like_authors(rest[0]):
        (authors, truncated), rest = split_authors(rest[0]), rest[1:]
    else:
        problem = Problem(source, f"entry {title!r} has no authors line", line_number)
    abstract = "\n\n".join(rest)  # several paragraphs stay paragraphs

    date, year = listing_date(head["month"], head["day"], head["year"])
    paper = Paper(
        title=title,
        authors=authors,
        authors_truncated=truncated,
        date=date,
        year=year,
        category=head["category"],
        has_code=bool(head["code"]),
        code_url=find_code_url(abstract),
        abstract=abstract,
        sources=[source],
    )
    return paper, problem


def _looks_like_authors(line: str) -> bool:
    """Short comma-separated names, or a trailing "et al."; an abstract is sentences."""
    if _ET_AL.search(line):
        return True
    names = [name.strip() for name in line.split(",")]
    return len(line) < 400 and all(0 < len(name.split()) <= 5 and not name.endswith(".") for name in names)
