"""Title and authors from page 1's text alone, for a PDF whose lines are all one size (no layout to read):
the first non-trivial line(s), then a line that looks like a list of names."""

from __future__ import annotations

import re

from paperchat.ingest.formats.pdf.authors import STAMP
from paperchat.ingest.formats.pdf.text import join_lines
from paperchat.ingest.formats.pdf.titles import credible

MAX_TITLE_LINES = 3
_CAPITALS_WITHIN = 4  # a title in capitals is among the first few content lines
_BOILERPLATE = re.compile(
    r"^(arxiv:|published as|preprint|under review|proceedings of|accepted (at|to|for)|to appear|copyright|©|\d+$)",
    re.IGNORECASE,
)
_ABSTRACT_HEADING = re.compile(r"^abstract(?:\s*$|\s*[.:—–-]+\s*(.*)$|\s+((?-i:[A-Z]).*)$)", re.IGNORECASE)
_AFFILIATION_MARKS = re.compile(r"[\d*∗†‡§¶#⋆]+")
_NAME_PARTICLES = {"van", "von", "der", "den", "de", "da", "di", "du", "del", "la", "le", "dos", "bin", "al"}
_TITLE_WORDS = {"a", "an", "the", "of", "for", "in", "on", "with", "via", "to", "is", "are", "from", "by", "towards"}


def title_and_authors(lines: list[str]) -> tuple[str, list[str]]:
    """Title = the first non-trivial line that could be a title (a line in capitals among the first few, as many
    journals set their titles, before any other), plus up to two more when a names line or the abstract follows
    within three lines; authors = that names line."""
    candidates = [line for line in lines if _is_content(line)]
    if not candidates:
        return next((line for line in lines if line), ""), []
    capitals = next((i for i, line in enumerate(candidates[:_CAPITALS_WITHIN]) if _in_capitals(line)), None)
    first = capitals if capitals is not None else next((i for i, line in enumerate(candidates) if credible(line)), 0)
    candidates = candidates[first:]
    following = range(1, min(len(candidates), MAX_TITLE_LINES + 1))
    # A line of several names is the surest end of the title; a lone name could be a title's second line.
    stop = next((i for i in following if len(_names(candidates[i])) > 1 and looks_like_authors(candidates[i])), None)
    if stop is None:
        stop = next(
            (i for i in following if looks_like_authors(candidates[i]) or _ABSTRACT_HEADING.match(candidates[i])), None
        )
    if stop is None:
        return candidates[0], []
    title = join_lines(candidates[:stop])
    authors_line = candidates[stop]
    authors = _names(authors_line) if looks_like_authors(authors_line) else []
    return title, authors


def _in_capitals(line: str) -> bool:
    letters = [char for char in line if char.isalpha()]
    return len(line.split()) >= 3 and len(letters) >= 12 and all(char.isupper() for char in letters)


def looks_like_authors(line: str) -> bool:
    """'Ashish Vaswani∗, Noam Shazeer and Niki Parmar' yes; 'Attention Is All You Need' no."""
    names = _names(line)
    if not names:
        return False
    for name in names:
        words = name.split()
        if not 2 <= len(words) <= 5:
            return False
        if not all(word[0].isupper() or word.lower() in _NAME_PARTICLES for word in words):
            return False
        if any(not re.fullmatch(r"[\w.'-]+", word) for word in words):
            return False
    # A single capitalised phrase could be a second title line; only accept it when nothing says "title".
    return len(names) > 1 or not any(word.lower() in _TITLE_WORDS for word in names[0].split())


def _is_content(line: str) -> bool:
    return (
        len(line) >= 4 and any(ch.isalpha() for ch in line) and not _BOILERPLATE.match(line) and not STAMP.search(line)
    )


def _names(line: str) -> list[str]:
    cleaned = _AFFILIATION_MARKS.sub(" ", line)
    parts = re.split(r",|;|&|\band\b", cleaned)
    return [" ".join(part.split()) for part in parts if part.strip()]
