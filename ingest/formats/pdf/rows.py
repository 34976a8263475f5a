"""A page's characters regrouped into the rows a reader sees, for the header page read character by character.

The order of characters in a PDF's content stream is the writer's, not the reader's: a superscript may come
before the letter it follows, a wrapped author list may jump between lines, and spaces may be missing or put
inside a word. So each printed character is placed by its box: characters whose boxes share most of their height
sit on one row; a row is read left to right; a gap wider than a fraction of the font size is a word break (so is a
space the content stream puts between two characters it gives one after the other: tight display type), and one
wider than a few characters separates two pieces (columns of authors set side by side). Rotated characters (a
stamp up the margin) are kept apart, in content order, and never anchor a row. A character that is
clearly smaller than its row and raised above the row's baseline is a superscript (an affiliation mark, a
footnote mark, an exponent): it stays in the text between SUPERSCRIPT_START and SUPERSCRIPT_END, so the header
rules can read it as a separator among names and drop it after a title.
"""

from __future__ import annotations

import statistics
import unicodedata
from dataclasses import dataclass

SUPERSCRIPT_START = "\u2e22"  # ⸢ and ⸣: brackets no paper prints, kept through text repair
SUPERSCRIPT_END = "\u2e23"
_ROW_OVERLAP = 0.5  # share of the smaller box's height two characters must share to sit on one row
_WORD_GAP = 0.12  # a gap wider than this share of the font size is a word break
_PIECE_GAP = 1.2  # a gap wider than this many font sizes separates two pieces
_SMALL = 0.8  # a superscript is set below this share of its row's size ...
_RAISED = 0.3  # ... with its bottom at least this share of the row's size above the row's bottom


@dataclass
class Glyph:
    char: str
    left: float
    right: float
    bottom: float
    top: float
    order: int = 0  # place among the printed characters in the content stream
    spaced: bool = False  # the content stream has a space or line break just before it

    @property
    def size(self) -> float:
        return self.top - self.bottom


@dataclass
class Piece:
    text: str
    size: float
    left: float
    top: float
    right: float


@dataclass
class _Row:
    glyphs: list[Glyph]
    band: Glyph  # the row's typical box: the median bottom and top of its characters so far

    def add(self, glyph: Glyph) -> None:
        self.glyphs.append(glyph)
        count = len(self.glyphs)
        if count <= 4 or count & (count - 1) == 0:  # re-measured as it grows: a first superscript does not rule it
            bottom = statistics.median(g.bottom for g in self.glyphs)
            self.band = Glyph("", 0.0, 0.0, bottom, bottom + statistics.median(g.size for g in self.glyphs))


def rows_of(glyphs: list[Glyph]) -> list[Piece]:
    """Pieces of text top to bottom, left to right within a row. Characters are placed in content order, each on
    the row whose typical box holds its middle and shares most of its height; a tall symbol (a root sign, a drop
    cap) never joins two lines into one, since a row is judged by its typical character, not its largest."""
    rows: list[_Row] = []
    previous: _Row | None = None
    for glyph in sorted(glyphs, key=lambda g: g.order):
        # The row of the character before it in the stream first: a superscript must not capture the next word.
        candidates = ([previous] if previous is not None else []) + rows[::-1]
        row = next((row for row in candidates if _shares_row(row.band, glyph)), None) or next(
            (row for row in candidates if _shares_row(row.band, glyph, tall=True)), None
        )
        if row is None:
            row = _Row([glyph], glyph)
            rows.append(row)
        else:
            row.add(glyph)
        previous = row
    pieces: list[Piece] = []
    for row in sorted(rows, key=lambda row: -row.band.top):
        pieces += _pieces(sorted(row.glyphs, key=lambda g: g.left))
    return pieces


def _shares_row(band: Glyph, glyph: Glyph, tall: bool = False) -> bool:
    """The glyph's middle lies in the row's typical box (or, for a tall symbol with no such row, the row's middle
    lies in the glyph's box), and the two share most of the smaller one's height."""
    shared = min(band.top, glyph.top) - max(band.bottom, glyph.bottom)
    if tall:
        inside = glyph.bottom <= (band.top + band.bottom) / 2 <= glyph.top
    else:
        inside = band.bottom <= (glyph.top + glyph.bottom) / 2 <= band.top
    return shared >= _ROW_OVERLAP * min(band.size, glyph.size) and inside


def _pieces(row: list[Glyph]) -> list[Piece]:
    size = statistics.median(g.size for g in row)  # the row's own type: a drop cap or a mark does not count
    body = [g for g in row if g.size >= _SMALL * size] or row
    bottom = statistics.median(g.bottom for g in body)
    pieces: list[list[Glyph]] = []
    texts: list[str] = []
    for glyph in row:
        gap = glyph.left - pieces[-1][-1].right if pieces else 0.0
        if not pieces or gap > _PIECE_GAP * size:
            pieces.append([])
            texts.append("")
            gap = 0.0
        if glyph.size < _SMALL * size and glyph.bottom >= bottom + _RAISED * size:
            texts[-1] += f"{SUPERSCRIPT_START}{glyph.char}{SUPERSCRIPT_END}"
        else:
            spaced = gap > _WORD_GAP * size or (glyph.spaced and pieces[-1] and pieces[-1][-1].order == glyph.order - 1)
            texts[-1] += (" " if spaced else "") + glyph.char
        pieces[-1].append(glyph)
    return [
        Piece(
            text=unicodedata.normalize("NFC", text.replace(SUPERSCRIPT_END + SUPERSCRIPT_START, "")).strip(),
            size=round(size, 1),
            left=piece[0].left,
            top=max((g.top for g in piece if g.size >= _SMALL * size), default=piece[0].top),
            right=piece[-1].right,
        )
        for piece, text in zip(pieces, texts, strict=True)
    ]


def without_superscripts(text: str, separator: str = "") -> str:
    """The text with each superscript run replaced by `separator`."""
    out, inside = [], False
    for char in text:
        if char == SUPERSCRIPT_START:
            inside = True
            out.append(separator)
        elif char == SUPERSCRIPT_END:
            inside = False
        elif not inside:
            out.append(char)
    return "".join(out)


def unmarked(text: str) -> str:
    """The text with superscripts kept as ordinary characters ('S⸢2⸣' → 'S2')."""
    return text.replace(SUPERSCRIPT_START, "").replace(SUPERSCRIPT_END, "")
