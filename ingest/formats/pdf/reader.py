"""A PDF's pages as lines of text with their position and font size, read with pypdfium2 (Apache-2.0/BSD-3).

pdfium gives each page's text in content order, lines ended by CR LF, with words hyphenated at a line end
already joined (marked U+FFFE). Each line gets the loose box of its first printed character: the box covers
the font's whole ascent-descent height, so its height measures the font size even where the PDF scales a
1-point font with a matrix (FPDFText_GetFontSize then says 1). Pieces pdfium gives as separate lines but
that sit on one baseline (an author list set word by word) become one line, left to right. The header page is
read character by character and regrouped by place (rows.py): superscripts marked, margin stamps kept apart.
"""

from __future__ import annotations

import ctypes
import math
from dataclasses import dataclass

from paperchat.ingest.formats.base import ParseError
from paperchat.ingest.formats.pdf.ocr import is_scanned
from paperchat.ingest.formats.pdf.rows import Glyph, rows_of

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
    "˛": "\u0328",
}
_SAME_LINE = 0.5  # share of the line height two pieces' tops may differ by and still be one line
_UPRIGHT = 0.1  # sine of the angle past which a character is rotated, not upright
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
    scanned: bool = False  # a scan with an OCR text layer (ocr.py)


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
    """One page's lines. `detailed` (for the header page) reads every character and regroups them by place
    (rows.py): a wide gap splits a row into pieces (names set in columns), superscripts are marked, a spacing
    accent is put back on the letter below it and a rotated margin stamp is a line of its own."""
    import pypdfium2.raw as raw

    page = document[index]
    width, height = page.get_size()
    text_page = page.get_textpage()
    count = text_page.count_chars()
    text = text_page.get_text_range(0, count) if count > 0 else ""
    if detailed:
        glyphs, stamps = _glyphs(text_page.raw, count)
        pieces = [Line(p.text, p.size, p.left, p.top, p.right) for p in rows_of(glyphs)]
        return Page(number=index + 1, width=width, height=height, lines=pieces + stamps)
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
        if not raw.FPDFText_GetLooseCharBox(text_page.raw, first, ctypes.byref(box)):
            continue
        left, top, bottom = box.left, box.top, box.bottom
        right = left
        if raw.FPDFText_GetLooseCharBox(text_page.raw, last, ctypes.byref(box)):
            right = box.right
        pieces.append(Line(stripped.strip(), round(top - bottom, 1), left, top, right))
    lines = _join_pieces(pieces)
    return Page(index + 1, width, height, lines, scanned=bool(lines) and is_scanned(page))


def _glyphs(text_page, count: int) -> tuple[list[Glyph], list[Line]]:  # noqa: ANN001 - FPDF_TEXTPAGE
    """Every upright printed character with its loose box, a spacing accent put back on the letter it sits over;
    and the runs of rotated characters (margin stamps) as lines of their own, in content order."""
    import pypdfium2.raw as raw

    box = raw.FS_RECTF()
    glyphs: list[Glyph] = []
    accents: list[Glyph] = []
    rotated: list[list[tuple[str, Glyph]]] = []
    spaced = after_accent = False
    for index, char in _characters(text_page, count):
        if char.isspace():
            spaced = spaced or not after_accent
            continue
        if char == "\ufffe" or not raw.FPDFText_GetLooseCharBox(text_page, index, ctypes.byref(box)):
            continue
        glyph = Glyph(char, box.left, box.right, box.bottom, box.top, len(glyphs), spaced)
        spaced = after_accent = False
        if abs(math.sin(raw.FPDFText_GetCharAngle(text_page, index))) > _UPRIGHT:
            if not rotated or rotated[-1][-1][1].order != len(glyphs) - 1:
                rotated.append([])
            rotated[-1].append(((" " if glyph.spaced else "") + char, glyph))
            glyphs.append(glyph)  # its place in the order, so the next run starts anew; dropped below
            continue
        if char in SPACING_ACCENTS:  # pdfium puts spaces around a lone accent: they are not word breaks
            accents.append(glyph)
            after_accent = True
            continue
        glyphs.append(glyph)
    upright = [g for g in glyphs if not any(g is r for run in rotated for _, r in run)]
    for accent in accents:
        centre = (accent.left + accent.right) / 2
        below = [g for g in upright if g.left <= centre <= g.right and g.char[-1:].isalpha()]
        if below:
            letter = min(below, key=lambda g: abs((g.top + g.bottom) / 2 - (accent.top + accent.bottom) / 2))
            letter.char += SPACING_ACCENTS[accent.char]
    stamps = [
        Line("".join(c for c, _ in run).strip(), 0.0, run[0][1].left, max(g.top for _, g in run), run[0][1].right)
        for run in rotated
    ]
    return upright, stamps


def _characters(text_page, count: int) -> list[tuple[int, str]]:  # noqa: ANN001 - FPDF_TEXTPAGE
    """(pdfium's index, character): a character beyond the Basic Multilingual Plane (math italic letters) takes
    two indices, one per UTF-16 half, so the indices of a Python string drift after it."""
    import pypdfium2.raw as raw

    found: list[tuple[int, str]] = []
    index = 0
    while index < count:
        unit = raw.FPDFText_GetUnicode(text_page, index)
        if 0xD800 <= unit < 0xDC00 and index + 1 < count:
            low = raw.FPDFText_GetUnicode(text_page, index + 1)
            found.append((index, chr(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))))
            index += 2
            continue
        found.append((index, chr(unit)))
        index += 1
    return found


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
