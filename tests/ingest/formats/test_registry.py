import codecs
import io
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from reportlab.pdfgen import canvas

from paperchat.ingest.files import read_document
from paperchat.ingest.formats import FORMATS, TEXT_FORMATS, decode_text, detect_format, parse_document
from paperchat.ingest.formats.base import ParseError

LIMIT = 25 * 1024 * 1024
JSONL = b'{"title": "Attention Is All You Need", "abstract": "Transformers."}\n{"title": "BERT"}\n'
BIBTEX = b"@article{devlin2019,\n  title = {{BERT}},\n  author = {Devlin, Jacob},\n  year = 2019\n}\n"
MARKDOWN = b"# Notes on Retrieval\n\nDense and sparse retrieval, fused.\n"


def make_pdf(lines: list[str]) -> bytes:
    buffer = io.BytesIO()
    document = canvas.Canvas(buffer)
    for number, line in enumerate(lines):
        document.drawString(72, 780 - 16 * number, line)
    document.showPage()
    document.save()
    return buffer.getvalue()


def test_formats_are_listed_once_in_the_order_they_are_tried() -> None:
    assert FORMATS == ("pdf", "html", "jsonl", "bibtex", "profile-listing", "daily-listing", "title-list", "markdown")
    assert [text_format.name for text_format in TEXT_FORMATS] == list(FORMATS[1:])


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (make_pdf(["A Title Line", "Body text."]), "pdf"),
        (JSONL, "jsonl"),
        (BIBTEX, "bibtex"),
        (MARKDOWN, "markdown"),
        (b"Just a plain text note\nwith two lines.\n", "markdown"),
    ],
)
def test_the_format_is_detected_from_content(data: bytes, expected: str) -> None:
    # The name says .txt for all of them: names are not looked at.
    assert detect_format(data, "whatever.txt") == expected


def test_a_txt_file_holding_jsonl_is_parsed_as_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "export.txt"
    path.write_bytes(JSONL)
    result = read_document(path, LIMIT)
    assert result.format == "jsonl"
    assert [paper.title for paper in result.papers] == ["Attention Is All You Need", "BERT"]
    assert result.papers[0].sources == [str(path)]


@pytest.mark.parametrize("data", [b"", b"  \n\t\r\n  "])
def test_empty_or_whitespace_only_is_an_empty_file(data: bytes) -> None:
    with pytest.raises(ParseError, match="^empty file$"):
        parse_document(data, "empty.txt")


def test_binary_content_with_a_txt_name_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    [problem] = read_document(path, LIMIT).problems
    assert str(problem) == f"{path}: binary file, not text"


def test_mostly_undecodable_bytes_without_nul_are_binary_too() -> None:
    with pytest.raises(ParseError, match="^binary file, not text$"):
        parse_document(bytes(range(128, 256)) * 10, "blob.txt")


def test_invalid_utf8_names_the_byte_its_offset_and_line() -> None:
    data = "Résumé of results\nline two\n".encode() + b"caf\xe9 in Latin-1\n"
    with pytest.raises(ParseError) as raised:
        parse_document(data, "latin1.txt")
    offset = data.index(b"\xe9")
    assert raised.value.reason == f"not valid UTF-8 text (byte 0xe9 at offset {offset})"
    assert raised.value.line == 3


def test_utf16_with_bom_is_decoded_and_parsed() -> None:
    data = codecs.BOM_UTF16_LE + JSONL.decode().encode("utf-16-le")
    result = parse_document(data, "utf16.jsonl")
    assert result.format == "jsonl"
    assert result.papers[0].title == "Attention Is All You Need"


def test_utf8_bom_is_stripped() -> None:
    assert decode_text(codecs.BOM_UTF8 + MARKDOWN) == MARKDOWN.decode()
    [paper] = parse_document(codecs.BOM_UTF8 + b"First line title\nbody", "bom.txt").papers
    assert paper.title == "First line title"


def test_truncated_pdf_is_a_parse_error() -> None:
    data = make_pdf(["A Title Line", "Body text."])
    with pytest.raises(ParseError, match="^corrupt or truncated PDF"):
        parse_document(data[:300], "cut.pdf")


def test_encrypted_pdf_is_a_parse_error() -> None:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf(["Secret Title", "Body."]))))
    writer.encrypt(user_password="secret", owner_password="owner")
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(ParseError, match="^encrypted PDF"):
        parse_document(buffer.getvalue(), "locked.pdf")


def test_jsonl_with_some_bad_lines_keeps_the_good_ones() -> None:
    data = JSONL + b"{not json}\n" + b'{"title": "Third"}\n'
    result = parse_document(data, "mixed.jsonl")
    assert result.format == "jsonl"
    assert [paper.title for paper in result.papers] == ["Attention Is All You Need", "BERT", "Third"]
    assert [(problem.source, problem.line) for problem in result.problems] == [("mixed.jsonl", 3)]


def test_bibtex_entry_without_title_is_a_problem() -> None:
    data = BIBTEX + b"\n@misc{nameless,\n  year = 2020\n}\n"
    result = parse_document(data, "refs.bib")
    assert result.format == "bibtex"
    assert [paper.title for paper in result.papers] == ["BERT"]
    assert [str(problem) for problem in result.problems] == ["refs.bib:7: entry 'nameless' has no title"]
