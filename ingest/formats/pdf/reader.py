"""A PDF's pages as lines of text with their position and font size, read with pypdfium2 (Apache-2.0/BSD-3).

pdfium gives each page's text in content order, lines ended by CR LF, with words hyphenated at a line end
already joined (marked U+FFFE). Each line gets the loose box of its first printed character: the box covers
the font's whole ascent-descent height, so its height measures the font size even where the PDF scales a
1-point font with a matrix (FPDFText_GetFontSize then says 1). Pieces pdfium gives as separate lines but
that sit on one baseline (an author list set word by word) become one line, left to right.
"""

from __future__ import annotations

import ctypes
import statistics
import unicodedata
from dataclasses import dataclass

from paperchat.ingest.formats.base import ParseError

# TeX sets an accent as its own glyph over the letter; pdfium gives it apart ("Gy ´ ongyi").
SPACING_ACCENTS = {
    "´": "\u0301",
    "`": "\u0300",
    "¨": "\u0308",
    "ˆ": "\u0302",
    "˜": "\u0303",
    "¸": "\u0327",
    "ˇ": "\u030c",
    "˚": "\u030a",
    "˘": "\u0306",
    "˙": "\u0307",
    "¯": "\u0304",
}
_SAME_LINE = 0.5  # share of the line height two pieces' tops may differ by and still be one line
_WIDE_GAP = 1.2  # a gap wider than this many line heights separates two pieces (columns of authors)


@dataclass
class Line:
    text: str
    size: float  # font height in points (loose box height)
    left: float
    top: float  # distance from the page's bottom edge, as PDF coordinates go
    right: float


@dataclass
class Page:
    number: int
    width: float
    height: float
    lines: list[Line]


def open_pdf(data: bytes):  # noqa: ANN201 - pypdfium2.PdfDocument, imported lazily
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        message = str(error)
        if "password" in message.lower():
            raise ParseError(
                "encrypted PDF that needs a password; save a decrypted copy (e.g. qpdf --decrypt)"
            ) from None
        raise ParseError(f"corrupt or truncated PDF ({message or 'pdfium could not open it'})") from None
    return document


def read_page(document, index: int, detailed: bool = False) -> Page:  # noqa: ANN001 - pypdfium2.PdfDocument
    """One page's lines. `detailed` (for the header page) reads every character: a wide gap splits a line
    into pieces (names set in columns) and a spacing accent is put back on the letter below it."""
    import pypdfium2.raw as raw

    page = document[index]
    width, height = page.get_size()
    text_page = page.get_textpage()
    count = text_page.count_chars()
    text = text_page.get_text_range(0, count) if count > 0 else ""
    box = raw.FS_RECTF()
    pieces: list[Line] = []
    position = 0
    for raw_line in text.split("\n"):
        start, position = position, position + len(raw_line) + 1
        stripped = raw_line.rstrip("\r")
        if not stripped.strip():
            continue
        first = start + len(stripped) - len(stripped.lstrip())
        last = start + len(stripped.rstrip()) - 1
        if detailed:
            pieces += _pieces_by_char(text_page.raw, text, first, last)
            continue
        if not raw.FPDFText_GetLooseCharBox(text_page.raw, first, ctypes.byref(box)):
            continue
        left, top, bottom = box.left, box.top, box.bottom
        right = left
        if raw.FPDFText_GetLooseCharBox(text_page.raw, last, ctypes.byref(box)):
            right = box.right
        pieces.append(Line(stripped.strip(), round(top - bottom, 1), left, top, right))
    return Page(number=index + 1, width=width, height=height, lines=_join_pieces(pieces))


def _pieces_by_char(text_page, text: str, first: int, last: int) -> list[Line]:  # noqa: ANN001 - FPDF_TEXTPAGE
    import pypdfium2.raw as raw

    box = raw.FS_RECTF()
    pieces: list[list[tuple[str, float, float, float, float]]] = []  # (char, left, right, top, size)
    accents: list[tuple[str, float]] = []
    space_pending = after_accent = False
    for index in range(first, last + 1):
        char = text[index]
        if char.isspace() or char == "\ufffe":
            space_pending = (space_pending or char.isspace()) and not after_accent
            continue
        after_accent = False
        if not raw.FPDFText_GetLooseCharBox(text_page, index, ctypes.byref(box)):
            continue
        if char in SPACING_ACCENTS:  # pdfium puts spaces around a lone accent: they are not word breaks
            accents.append((SPACING_ACCENTS[char], (box.left + box.right) / 2))
            space_pending, after_accent = False, True
            continue
        size = box.top - box.bottom
        current = pieces[-1] if pieces else None
        if current is None or box.left - current[-1][2] > _WIDE_GAP * size:
            pieces.append([(char, box.left, box.right, box.top, size)])
        else:
            current.append((" " + char if space_pending else char, box.left, box.right, box.top, size))
        space_pending = False
    for accent, centre in accents:  # onto the letter whose box holds the accent's centre
        for piece in pieces:
            for position, (char, left, right, top, size) in enumerate(piece):
                if left <= centre <= right and char[-1:].isalpha():
                    piece[position] = (char + accent, left, right, top, size)
    return [
        Line(
            unicodedata.normalize("NFC", "".join(c[0] for c in piece)).strip(),
            round(statistics.median(c[4] for c in piece), 1),  # a drop cap or logo letter does not count
            piece[0][1],
            piece[0][3],
            piece[-1][2],
        )
        for piece in pieces
    ]


def _join_pieces(pieces: list[Line]) -> list[Line]:
    """Consecutive pieces on one baseline, close together, become one line in left-to-right order."""
    lines: list[Line] = []
    for piece in pieces:
        previous = lines[-1] if lines else None
        if (
            previous is not None
            and abs(previous.top - piece.top) <= _SAME_LINE * max(piece.size, previous.size)
            and abs(previous.size - piece.size) <= 1.0
            and piece.left - previous.right <= _WIDE_GAP * piece.size
            and piece.left >= previous.left
        ):
            joiner = "" if piece.text[:1] in ",.;:" else " "
            previous.text = f"{previous.text}{joiner}{piece.text}"
            previous.right = max(previous.right, piece.right)
            continue
        lines.append(piece)
    return lines
