"""What page 1 prints about a paper besides its title and authors: year, DOI, arXiv identifier, abstract;
and when the PDF's own metadata may be believed.

The year comes from the most trusted statement first: a venue line (proceedings, journal volume, conference), a
copyright line, an arXiv stamp, a date line ("Published", "Accepted", "Received", a date alone), and only then the
date the PDF was made. A year inside running text ("Smith et al., 2006") is a citation, never the paper's year.
"""

from __future__ import annotations

import re

from paperchat.ingest.formats.pdf.text import is_prose, join_lines
from paperchat.ingest.text import words

MAX_ABSTRACT_CHARS = 4000
ARXIV_STAMP = re.compile(
    r"arXiv:\s*(\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?\s*(?:\[([\w.-]+)\])?([^\n]*)"
)
DOI = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>]+)", re.IGNORECASE)
# A year, not one end of a range ("1900-1942", "1900-42") nor part of a longer number.
_YEAR = r"(?<!\d)(?<!\d\d\d\d[–-])((?:19|20)\d\d)(?!\d)(?![–-](?:(?:19|20)\d\d|\d\d)(?![\d-]))"
_VENUE = (
    r"(?:proceedings|conference|symposium|workshop|colloquium|congress|journal|transactions on|letters|review|"
    r"annals|bulletin|volume|vol\.|issue|\b[A-Z]{2,}['’-]?\d\d\b)"
)
# In order of trust: the venue the paper appeared in, its copyright line, an arXiv stamp (separately), a date line.
_VENUE_RULES = (
    re.compile(_VENUE + r".*?" + _YEAR, re.IGNORECASE),
    re.compile(_YEAR + r".*?" + _VENUE, re.IGNORECASE),
)
_COPYRIGHT_RULE = re.compile(r"(?:©|\(c\)|copyright\b(?:\s+c\b)?|^c)\s*:?\s*" + _YEAR, re.IGNORECASE)
_DATE_RULES = (
    re.compile(
        r"^\W*(?:published|available online|posted|date de publication|publi[ée]|mis en ligne)\b.*?" + _YEAR,
        re.IGNORECASE,
    ),
    re.compile(r"^\W*(?:accepted|accept[ée])\b.*?" + _YEAR, re.IGNORECASE),
    re.compile(r"^\W*(?:received|submitted|re[çc]u)\b.*?" + _YEAR, re.IGNORECASE),
    re.compile(r"^\W*(?:\d{1,2}\s+)?[A-Z][a-z]+\.?\s+(?:\d{1,2},?\s+)?" + _YEAR + r"\W*$"),  # "12 May 2016"
)
_ABSTRACT_HEADING = re.compile(
    r"^(?:abstract|a b s t r a c t|summary)(?:\s*$|\s*[.:—–-]+\s*(.*)$|\s+((?-i:[A-Z]).*)$)", re.IGNORECASE
)
_SECTION_START = re.compile(
    r"^((\d+(\.\d+)*\.?|[IVX]+\.)\s+[A-Z]|(introduction|keywords|key words|index terms|ccs concepts|"
    r"citation:|received:?|author summary)\b)",
    re.IGNORECASE,
)
# Metadata titles that tools write when the author wrote none, and names of publishers or journals.
_PLACEHOLDER_TITLE = re.compile(
    r"^(untitled|title|no title|microsoft (word|powerpoint)\b.*|.*\.(pdf|docx?|tex|dvi|ps|rtf|indd|qxd)|"
    r"[\d\W_]+|.*\b(journal|proceedings|transactions|press|publishing|elsevier|springer|ieee|acm)\b.{0,20})$",
    re.IGNORECASE,
)
_PLACEHOLDER_AUTHORS = {"", "anonymous", "unknown", "author", "authors", "admin", "administrator", "user", "owner"}


def year_from(lines: list[str], arxiv_stamp: re.Match | None, metadata_date: str, latest: int) -> int | None:
    """The paper's year from its header lines, most trusted statement first: a venue line, a copyright line, an
    arXiv stamp, a date line (published, accepted, received, or a date alone), and only then the date the PDF was
    made. Lines of running text never count: a year in a sentence is a citation."""
    lines = [line for line in lines if not is_prose(line)]
    for rules in (_VENUE_RULES, (_COPYRIGHT_RULE,)):
        if (found := _first_year(rules, lines, latest)) is not None:
            return found
    if arxiv_stamp is not None:
        if found := re.search(_YEAR, arxiv_stamp.group(3) or ""):
            return int(found.group(1))
        identifier = arxiv_stamp.group(1)
        digits = identifier.split("/")[-1] if "/" in identifier else identifier
        return 2000 + int(digits[:2]) if int(digits[:2]) < 90 else 1900 + int(digits[:2])
    if (found := _first_year(_DATE_RULES, lines, latest)) is not None:
        return found
    if (found := re.match(r"D?:?((?:19|20)\d\d)", metadata_date or "")) and 1900 <= int(found.group(1)) <= latest:
        return int(found.group(1))
    return None


def _first_year(rules: tuple[re.Pattern, ...], lines: list[str], latest: int) -> int | None:
    for rule in rules:
        for line in lines:
            if (found := rule.search(line)) and 1900 <= int(found.group(1)) <= latest:
                return int(found.group(1))
    return None


def printed_doi(lines: list[str]) -> str | None:
    """A DOI printed on page 1 outside running text (a stamp or footer line mentioning it)."""
    for line in lines:
        if "doi" in line.lower() and (found := DOI.search(line)):
            return found.group(1).rstrip(".,;)").lower()
    return None


def find_abstract(text: str | list[str]) -> str:
    """The paragraph after an 'Abstract' heading (or 'Abstract—...' on one line), up to the next section."""
    lines = text.splitlines() if isinstance(text, str) else text
    for index, line in enumerate(lines):
        heading = _ABSTRACT_HEADING.match(line.strip())
        if not heading:
            continue
        first_words = heading.group(1) or heading.group(2)
        collected = [first_words] if first_words else []
        for following in lines[index + 1 :]:
            if _SECTION_START.match(following.strip()) or sum(map(len, collected)) > MAX_ABSTRACT_CHARS:
                break
            collected.append(following)
        return join_lines([part for part in collected if part])
    return ""


def plausible_title(title: str) -> bool:
    """Metadata title worth keeping: not a placeholder, a file name, a number or a publisher's name."""
    title = " ".join(title.split())
    return len(words(title)) >= 2 and not _PLACEHOLDER_TITLE.match(title)


def agrees(title: str, page_text: str) -> bool:
    """The metadata title is printed on the page (word for word, any case and spacing)."""
    wanted = " ".join(words(title))
    return bool(wanted) and wanted in " ".join(words(page_text))


def real_author(author: str) -> bool:
    return author.strip().lower() not in _PLACEHOLDER_AUTHORS and len(words(author)) >= 2
