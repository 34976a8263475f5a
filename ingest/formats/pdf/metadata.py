"""What page 1 prints about a paper besides its title and authors: year, DOI, arXiv identifier, abstract;
and when the PDF's own metadata may be believed.

The year comes from the most specific statement first: an arXiv stamp, then a "Published", "Accepted" or
"Received" line, a copyright line, a venue line (proceedings, journal volume, conference), and only then the
date the PDF was made. A year inside running text ("Smith et al., 2006") is a citation, never the paper's year.
"""

from __future__ import annotations

import re

from paperchat.ingest.formats.pdf.text import join_lines
from paperchat.ingest.text import words

MAX_ABSTRACT_CHARS = 4000
ARXIV_STAMP = re.compile(
    r"arXiv:\s*(\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?\s*(?:\[([\w.-]+)\])?([^\n]*)"
)
DOI = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>]+)", re.IGNORECASE)
_YEAR = r"((?:19|20)\d\d)"
_VENUE = r"(?:proceedings|conference|symposium|workshop|journal|transactions|volume|vol\.|issue|\b[A-Z]{2,}['’]\d\d\b)"
_YEAR_RULES = (
    re.compile(r"^\s*(?:published|available online)\b.*?" + _YEAR, re.IGNORECASE),
    re.compile(r"^\s*accepted\b.*?" + _YEAR, re.IGNORECASE),
    re.compile(r"^\s*(?:received|submitted)\b.*?" + _YEAR, re.IGNORECASE),
    re.compile(r"(?:©|\(c\)|copyright\b(?:\s+c\b)?|^c)\s*:?\s*" + _YEAR, re.IGNORECASE),
    re.compile(_VENUE + r".*?\b" + _YEAR, re.IGNORECASE),
    re.compile(r"\b" + _YEAR + r"\b.*?" + _VENUE, re.IGNORECASE),
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
    if arxiv_stamp is not None:
        if found := re.search(_YEAR, arxiv_stamp.group(3) or ""):
            return int(found.group(1))
        identifier = arxiv_stamp.group(1)
        digits = identifier.split("/")[-1] if "/" in identifier else identifier
        return 2000 + int(digits[:2]) if int(digits[:2]) < 90 else 1900 + int(digits[:2])
    for rule in _YEAR_RULES:
        for line in lines:
            if (found := rule.search(line)) and 1900 <= int(found.group(1)) <= latest:
                return int(found.group(1))
    if (found := re.match(r"D?:?" + _YEAR, metadata_date or "")) and 1900 <= int(found.group(1)) <= latest:
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
