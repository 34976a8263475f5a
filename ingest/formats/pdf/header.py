"""A paper's title and authors from its first page's layout.

The title is the largest type near the top of page 1, above the author block: lines below the first e-mail
address, "Abstract" or first section heading are body, figures or logos, never the title. Its lines are joined
across line breaks. Authors are the name-shaped lines between the title and that limit; affiliations, e-mail
addresses, superscript and footnote marks are dropped.
"""

from __future__ import annotations

import re

from paperchat.ingest.formats.pdf.reader import Line, Page
from paperchat.ingest.formats.pdf.rows import SUPERSCRIPT_END, SUPERSCRIPT_START, unmarked, without_superscripts
from paperchat.ingest.formats.pdf.text import join_lines

_SIZE_TOLERANCE = 0.8  # points: one title's lines differ by rounding only
_MIN_TITLE_GAIN = 1.1  # a title is set at least this much larger than the page's body text
_MAX_LINE_GAP = 3.0  # line heights between two lines of one title (some are double-spaced)
# Lines that end the header: nothing below the first of them is the title.
_HEADER_END = re.compile(
    r"(@|\be-?mail\b|^abstract\b|^a b s t r a c t|^summary$|^keywords?\b|^index terms|"
    r"^(1\.?|I\.)\s+introduction\b|^introduction$)",
    re.IGNORECASE,
)
# Stamps above or beside a title: arXiv identifiers, journal banners, article kinds, dates, licences, and
# letter-spaced banners ("R E S E A R C H A R T I C L E").
STAMP = re.compile(
    r"(^(?:\w ){4,}|arxiv:|^doi\b|doi\.org|https?://|www\.|\bissn\b|^vol(ume)?\.?\s*\d|research article|open access|"
    r"original (article|paper|research)|^(submitted|received|accepted|published|available online|to appear|"
    r"preprint|under review|proceedings of|copyright|citation:|editor:)\b|©|\bjournal of\b|\bjournal homepage\b)",
    re.IGNORECASE,
)
_AFFILIATION = re.compile(
    r"\b(univ\w*|institut\w*|department|dept\b|laborator\w*|lab|labs|school|college|cent(er|re)|research|inc|"
    r"corp\w*|ltd|gmbh|hospital|facult\w*|academy|foundation|company|polytechnic|division|program+e|"
    r"street|road|avenue|box)\b",
    re.IGNORECASE,
)
# Superscripts and footnote marks after names: digits, stars, daggers and the symbols journals use.
_MARKS = re.compile(r"[\d∗*†‡§¶#$+⋆☯♯♭✉✝⊥⊤•·,]+")
_NAME_PARTICLES = {"van", "von", "der", "den", "de", "da", "di", "du", "del", "la", "le", "dos", "bin", "al", "e"}
_NAME_WORD = re.compile(r"[^\W\d_][\w.'’-]*", re.UNICODE)
_TITLE_WORDS = {"a", "an", "the", "of", "for", "in", "on", "with", "via", "to", "is", "are", "from", "by", "towards"}


def header_lines(page: Page) -> list[Line]:
    """Page 1's lines above the end of the header (e-mail, abstract, introduction), top to bottom."""
    ordered = sorted(page.lines, key=lambda line: (-round(line.top), line.left))
    limit = next((line.top for line in ordered if _HEADER_END.search(line.text)), None)
    if limit is None:  # no marker: the upper half of the page
        limit = page.height / 2
    return [line for line in ordered if line.top > limit + 0.5]


def layout_title(page: Page) -> tuple[str, list[Line]]:
    """(title, the header lines below it). Empty when no line is set larger than the body text, as in a
    plain-text PDF where every line has one size: then the text rules decide."""
    lines = [line for line in header_lines(page) if _is_title_candidate(line)]
    body = _body_size(page)
    if not lines:
        return "", []
    largest = max(line.size for line in lines)
    if largest < body * _MIN_TITLE_GAIN:
        return "", []
    start = next(i for i, line in enumerate(lines) if line.size >= largest - _SIZE_TOLERANCE)
    title_lines = [lines[start]]
    for line in lines[start + 1 :]:
        previous = title_lines[-1]
        if abs(line.size - largest) > _SIZE_TOLERANCE or previous.top - line.top > _MAX_LINE_GAP * line.size:
            break
        title_lines.append(line)
    below = [line for line in header_lines(page) if line.top < title_lines[-1].top - 0.5]
    return join_lines([title_text(line.text) for line in title_lines]), below


def title_text(text: str) -> str:
    """A title line as text: a superscript at its end is a footnote mark and goes; one inside ('S²') stays."""
    text = text.rstrip()
    if text.endswith(SUPERSCRIPT_END):
        text = text[: text.rfind(SUPERSCRIPT_START)].rstrip()
    return unmarked(text)


def authors_from_lines(lines: list[str]) -> list[str]:
    """Names from the lines under a title, in order: a line counts when every part of it is name-shaped."""
    names: list[str] = []
    for line in (without_superscripts(line, ",") for line in lines):
        if "@" in line or STAMP.search(line) or _AFFILIATION.search(line):
            continue
        parts = names_in(line)
        if parts and all(looks_like_name(part) for part in parts):
            names += [part for part in parts if part not in names]
    return names


def names_in(line: str) -> list[str]:
    """'Yichen He∗1 Guanhua Huang∗1' → ['Yichen He', 'Guanhua Huang']; marks and 'and' separate names."""
    cleaned = _MARKS.sub(",", line.replace("’", "'"))
    parts = re.split(r",|;|&|\band\b|\s{2,}", cleaned)
    return [" ".join(part.split()) for part in parts if part.strip()]


def looks_like_name(part: str) -> bool:
    """'Zoltán Gyöngyi', 'Ivo H. M. van Stokkum' yes; 'Vrije Universiteit' (caught earlier), 'Poland' no."""
    words = part.split()
    if not 2 <= len(words) <= 5 or part.isupper():
        return False
    if not all(_NAME_WORD.fullmatch(word) for word in words):
        return False
    if any(word.lower() in _TITLE_WORDS for word in words):
        return False
    return all(word[0].isupper() or word.lower() in _NAME_PARTICLES for word in words)


def _is_title_candidate(line: Line) -> bool:
    letters = sum(ch.isalpha() for ch in line.text)
    return letters >= 3 and not STAMP.search(line.text) and line.right - line.left > line.size


def _body_size(page: Page) -> float:
    """The most common font size on the page, weighted by characters: the body text's size."""
    weight: dict[float, int] = {}
    for line in page.lines:
        weight[round(line.size)] = weight.get(round(line.size), 0) + len(line.text)
    return max(weight, key=weight.__getitem__) if weight else 0.0
