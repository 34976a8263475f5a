"""Field readers shared by the parsers: dates as listings write them, author lists, code links."""

from __future__ import annotations

import datetime
import re

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTH_DAY_YEAR = rf"(?P<month>{'|'.join(MONTHS)}) (?P<day>\d{{1,2}})(?:, (?P<year>\d{{4}}))?"
_GITHUB_URL = re.compile(r"(?:https?://)?(?:www\.)?github\.com/[^\s{}()<>\[\]\"']+", re.IGNORECASE)
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|2\d\d\d)(?!\d)")


def listing_date(month: str, day: str, year: str | None) -> tuple[str, int | None]:
    """("Mar", "1", "2022") -> ("2022-03-01", 2022); ("May", "25", None) -> ("May 25", None).

    "May 25" is month and DAY, not May 2025: the same pages always write a year in full after a comma
    ("Mar 1, 2022", "Oct 30, 2025"), and their year-less dates include "May 7", "Mar 30" and (daily
    listing) "Mar 9 2", which cannot be years. Like most listing sites they omit the year for the
    current one, but the page never says which year that is, so the text is kept and year stays None.
    """
    as_written = f"{month} {int(day)}" + (f", {year}" if year else "")
    if year is None:
        return as_written, None
    try:
        return datetime.date(int(year), MONTHS.index(month) + 1, int(day)).isoformat(), int(year)
    except ValueError:  # "Feb 30, 2024": the year is still right, the day is not a date
        return as_written, int(year)


def find_code_url(abstract: str) -> str | None:
    """The first github.com link in an abstract, without the sentence's closing punctuation."""
    match = _GITHUB_URL.search(abstract)
    if not match:
        return None
    url = match.group(0).rstrip(".,;:!?")
    url = url.removesuffix(".git")
    return url if url.lower().startswith("http") else f"https://{url}"


def split_authors(text: str) -> list[str]:
    """'A and B', 'A, B, and C', 'A; B' or 'A, B' → names; BibTeX's 'Last, First and ...' → 'First Last'."""
    if ";" in text:
        parts = text.split(";")
    elif re.search(r"\s+and\s+", text):
        parts = []
        for part in re.split(r"\s*,?\s+and\s+", text):
            pieces = [piece.strip() for piece in part.split(",")]
            if len(pieces) == 2 and len(pieces[0].split()) == 1:  # "Devlin, Jacob" → "Jacob Devlin"
                parts.append(f"{pieces[1]} {pieces[0]}")
            else:  # "Ann Lee, Bo Li, and Cy Wu"
                parts.extend(pieces)
    else:
        parts = text.split(",")
    return [" ".join(part.split()) for part in parts if part.strip()]


def year_from_date(date: str | None) -> int | None:
    """The four-digit year written in a date ('2024-05-01', 'May 2024'), if there is one."""
    match = _YEAR.search(date or "")
    return int(match.group(1)) if match else None
