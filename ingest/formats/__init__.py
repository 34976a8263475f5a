"""The format registry: which parser reads a document, decided from its content, never its file name.

`FORMATS` is the one place that lists the formats, in the order they are tried. PDF is recognised by its
magic bytes; every other format is text, decoded here once (UTF-8 with or without BOM, UTF-16/32 with BOM),
so that the parsers stay pure functions of text.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable
from dataclasses import dataclass

from paperchat.ingest.formats import (
    bibtex,
    daily_listing,
    html,
    jsonl,
    markdown,
    pdf,
    profile_listing,
    title_list,
)
from paperchat.ingest.formats.base import ParseError, ParseResult, Problem


@dataclass(frozen=True)
class TextFormat:
    name: str
    detect: Callable[[str], bool]
    parse: Callable[[str, str], ParseResult]


# Tried in this order: the most distinctive shapes first (HTML markup before all: a page saved as .txt is still a
# page), Markdown / plain text (which accepts anything) last.
TEXT_FORMATS: tuple[TextFormat, ...] = tuple(
    TextFormat(module.FORMAT, module.detect, module.parse)
    for module in (html, jsonl, bibtex, profile_listing, daily_listing, title_list, markdown)
)
FORMATS: tuple[str, ...] = (pdf.FORMAT, *(text_format.name for text_format in TEXT_FORMATS))

# Byte-order marks, longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_BINARY_SAMPLE_BYTES = 8192
_MAX_CONTROL_SHARE = 0.10  # text has tabs and newlines, binary data has many other control bytes
_MAX_UNDECODABLE_SHARE = 0.10  # a Latin-1 file has a few bad bytes, an image has very many


def detect_format(data: bytes, source: str) -> str:
    """The name (one of FORMATS) of the format `data` is in. Raises ParseError when it is not a readable
    document at all (empty, binary, not valid text). `source` is unused: detection never looks at names."""
    return _detect(data)[0]


def parse_document(data: bytes, source: str) -> ParseResult:
    """Detect the format and parse. Raises ParseError when the whole file cannot be read; problems with
    single records come back in the result's `problems`."""
    name, text = _detect(data)
    if name == pdf.FORMAT:
        result = pdf.parse(data, source)
    else:
        result = next(f for f in TEXT_FORMATS if f.name == name).parse(text or "", source)
    result.format = result.format or name
    for paper in result.papers:  # which kind of page or file each paper came from: "the daily papers page"
        paper.formats = paper.formats or [result.format]
    return result


def decode_text(data: bytes) -> str:
    """Bytes → text: a byte-order mark decides the encoding, UTF-8 otherwise. ParseError for binary data,
    invalid UTF-8 (naming the byte, its offset and line) and empty or whitespace-only content."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as error:
                reason = f"not valid {encoding.upper()} text after its byte-order mark ({error.reason})"
                raise ParseError(reason) from None
            return _checked_text(text)
    if _looks_binary(data):
        raise ParseError("binary file, not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        bad_byte = data[error.start]
        raise ParseError(f"not valid UTF-8 text (byte 0x{bad_byte:02x} at offset {error.start})", line=line) from None
    return _checked_text(text)


def _detect(data: bytes) -> tuple[str, str | None]:
    """(format name, decoded text or None for PDF)."""
    if pdf.detect(data):
        return pdf.FORMAT, None
    text = decode_text(data)
    for text_format in TEXT_FORMATS:
        if text_format.detect(text):
            return text_format.name, text
    raise AssertionError("the markdown format accepts any text")  # unreachable: markdown.detect is always True


def _checked_text(text: str) -> str:
    if not text.strip():
        raise ParseError("empty file")
    if "\x00" in text[:_BINARY_SAMPLE_BYTES]:
        raise ParseError("binary file, not text")
    return text


def _looks_binary(data: bytes) -> bool:
    """NUL bytes, many control bytes, or mostly bytes that are not UTF-8 at all, in the first 8 KB."""
    sample = data[:_BINARY_SAMPLE_BYTES]
    if not sample:
        return False
    if b"\x00" in sample:
        return True
    controls = sum(1 for byte in sample if byte < 32 and byte not in b"\t\n\r\f\b\x1b")
    if controls / len(sample) > _MAX_CONTROL_SHARE:
        return True
    undecodable = sample.decode("utf-8", errors="replace").count("\ufffd")
    return undecodable / len(sample) > _MAX_UNDECODABLE_SHARE


__all__ = [
    "FORMATS",
    "TEXT_FORMATS",
    "ParseError",
    "ParseResult",
    "Problem",
    "decode_text",
    "detect_format",
    "parse_document",
]
