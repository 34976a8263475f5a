"""Body text a reader would recognise: ligatures repaired, hyphenated line breaks joined, running headers,
footers, page numbers and stamps dropped.

A running header or footer is a line among the first or last few of a page that comes back, digits aside, on
several pages ("Journal of Statistical Software 43", "40 TIMP: Modeling ..."). A line that is only a number,
or a letter and a long run of digits (the "a1111111111" that journal icons leave), or an arXiv stamp from the
margin ("arXiv:2501.10120v1 [cs.IR] 17 Jan 2025"), is never text.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

_LIGATURES = re.compile("[\ufb00-\ufb06]")
# Fonts without a Unicode map: their ligature glyphs come out as control codes (TeX's OT1 order and the
# \x02/\x03 of many Type 1 fonts). Only between two letters is a control code a ligature.
_CONTROL_LIGATURES = {
    "\x02": "fi",
    "\x03": "fl",
    "\x0b": "ff",
    "\x0c": "fi",
    "\x0d": "fl",
    "\x0e": "ffi",
    "\x0f": "ffl",
}
_CONTROL_BETWEEN_LETTERS = re.compile(r"(?<=[^\W\d_])([\x02\x03\x0b-\x0f])(?=[^\W\d_])")
_OTHER_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ue000-\uf8ff\ufffe\uffff]")  # math glyphs without text
_NUMBER_ONLY = re.compile(r"^[\divxlc.\-–—\s]+$", re.IGNORECASE)
_ICON_DIGITS = re.compile(r"^[a-z]?\d{7,}$")
_ARXIV_STAMP_LINE = re.compile(r"^arXiv:\S+\s*(\[[\w.-]+\])?\s*\d{1,2} \w{3} \d{4}$")  # set in the margin of page 1
_EDGE_LINES = 3  # a page's first and last lines are where running headers and footers sit
_MIN_REPEATS = 3  # pages a line must repeat on to be a running header or footer


# TeX sets an accent as a glyph of its own: "Lemaˆıtre", "Schr¨odinger", "´etude" (before its letter; the dotless ı
# under a circumflex), "c¸a" (a cedilla after). Put back together they are the letters a reader and a search know.
_SPACING_ACCENTS = {"ˆ": "\u0302", "˜": "\u0303", "¨": "\u0308", "´": "\u0301", "ˇ": "\u030c", "˚": "\u030a",
                    "˘": "\u0306", "¯": "\u0304", "˙": "\u0307", "˝": "\u030b"}  # fmt: skip
_ACCENT_BEFORE = re.compile(f"([{''.join(_SPACING_ACCENTS)}]) ?([A-Za-zı])")
_CEDILLA_AFTER = re.compile(r"([CcSsTt])¸")


def _accented(letter: str, accent: str) -> str:
    return unicodedata.normalize("NFC", ("i" if letter == "ı" else letter) + accent)


def repair(text: str) -> str:
    """Ligatures spelled out, control-code ligatures mapped, accents set as glyphs of their own joined to their
    letters, other control codes and pdfium's soft-hyphen marks removed."""
    text = _LIGATURES.sub(lambda match: unicodedata.normalize("NFKC", match.group()), text)
    text = _ACCENT_BEFORE.sub(lambda m: _accented(m.group(2), _SPACING_ACCENTS[m.group(1)]), text)
    text = _CEDILLA_AFTER.sub(lambda m: _accented(m.group(1), "\u0327"), text)
    text = _CONTROL_BETWEEN_LETTERS.sub(lambda match: _CONTROL_LIGATURES[match.group(1)], text)
    return _OTHER_CONTROLS.sub(lambda match: "" if match.group() == "\ufffe" else " ", text)


def join_lines(lines: list[str]) -> str:
    """Join wrapped lines, mending words hyphenated at a line end ('trans-' + 'duction')."""
    text = ""
    for line in lines:
        line = line.strip()
        if text.endswith("-") and len(text) > 1 and text[-2].isalpha() and line[:1].islower():
            text = text[:-1] + line
        else:
            text = f"{text} {line}" if text else line
    return " ".join(text.split())


def is_prose(line: str, min_words: int = 12, lower_share: float = 0.4) -> bool:
    """A long line with many lower-case words: running text, not a name, an address or a stamp."""
    words = line.split()
    return len(words) >= min_words and sum(word[:1].islower() for word in words) >= lower_share * len(words)


def running_lines(pages: list[list[str]]) -> set[str]:
    """The keys (digits masked) of lines that repeat at the top or bottom of several pages."""
    counts: Counter[str] = Counter()
    for lines in pages:
        edges = {line_key(line) for line in lines[:_EDGE_LINES] + lines[-_EDGE_LINES:]}
        counts.update(edges)
    needed = max(_MIN_REPEATS, len(pages) // 4)
    return {key for key, count in counts.items() if count >= needed and key}


def clean_pages(pages: list[list[str]]) -> list[str]:
    """Each page's text with running headers, footers, page numbers and stamps dropped, lines joined into
    paragraphs where a line does not end a sentence and the next one goes on in lower case."""
    running = running_lines(pages) if len(pages) >= _MIN_REPEATS else set()
    cleaned: list[str] = []
    for lines in pages:
        kept = []
        for index, line in enumerate(lines):
            at_edge = index < _EDGE_LINES or index >= len(lines) - _EDGE_LINES
            if at_edge and line_key(line) in running:
                continue
            if (
                (at_edge and _NUMBER_ONLY.match(line))
                or _ICON_DIGITS.match(line.strip())
                or _ARXIV_STAMP_LINE.match(line)
            ):
                continue
            kept.append(line)
        cleaned.append(_mend_hyphens(kept))
    return cleaned


def _mend_hyphens(lines: list[str]) -> str:
    out: list[str] = []
    for line in lines:
        if out and out[-1].endswith("-") and len(out[-1]) > 1 and out[-1][-2].isalpha() and line[:1].islower():
            out[-1] = out[-1][:-1] + line
        else:
            out.append(line)
    return "\n".join(out)


def line_key(line: str) -> str:
    """A line as running headers are compared: spacing and case aside, every number the same."""
    return re.sub(r"\d+", "#", " ".join(line.split()).lower())
