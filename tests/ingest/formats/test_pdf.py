import io

import pytest
from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from paperchat.ingest.formats import pdf
from paperchat.ingest.formats.base import ParseError

SOURCE = "paper.pdf"

FIRST_PAGE = [
    "Published as a conference paper at ICLR 2024",
    "Deep Residual Learning for",
    "Image Recognition",
    "Kaiming He, Xiangyu Zhang and Jian Sun",
    "Abstract",
    "Deeper neural networks are more difficult to train. We present a resid-",
    "ual learning framework to ease the training of networks.",
    "1 Introduction",
    "Deep convolutional neural networks have led to breakthroughs.",
]


def make_pdf(pages: list[list[str]], title: str | None = None, author: str | None = None) -> bytes:
    """A real PDF with one text line per entry. Without title/author reportlab writes its placeholders
    ('untitled', 'anonymous'), as many tools do."""
    buffer = io.BytesIO()
    document = canvas.Canvas(buffer, pagesize=A4)
    if title is not None:
        document.setTitle(title)
    if author is not None:
        document.setAuthor(author)
    for lines in pages:
        for number, line in enumerate(lines):
            document.drawString(72, 780 - 16 * number, line)
        document.showPage()
    document.save()
    return buffer.getvalue()


def encrypted(data: bytes, user_password: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=user_password, owner_password="owner-secret")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_title_authors_and_abstract_from_the_first_page_when_metadata_is_a_placeholder() -> None:
    data = make_pdf([FIRST_PAGE, ["Second page text about residual blocks."]])
    result = pdf.parse(data, SOURCE)

    assert result.format == "pdf"
    [paper] = result.papers
    assert paper.title == "Deep Residual Learning for Image Recognition"
    assert paper.authors == ["Kaiming He", "Xiangyu Zhang", "Jian Sun"]
    assert paper.abstract == (
        "Deeper neural networks are more difficult to train. We present a residual learning framework "
        "to ease the training of networks."
    )
    assert "Image Recognition" in paper.full_text
    assert "Second page text about residual blocks." in paper.full_text
    assert paper.sources == [SOURCE]


def test_metadata_title_that_the_page_does_not_print_loses_to_the_page() -> None:
    data = make_pdf([FIRST_PAGE], title="ResNet: Deep Residual Learning", author="Kaiming He; Jian Sun")
    [paper] = pdf.parse(data, SOURCE).papers
    assert paper.title == "Deep Residual Learning for Image Recognition"
    assert paper.authors == ["Kaiming He", "Xiangyu Zhang", "Jian Sun"]


def test_metadata_fills_in_when_the_page_has_no_title_or_authors() -> None:
    data = make_pdf(
        [["1", "2"], ["Body text about residual blocks and more."]],
        title="Deep Residual Learning",
        author="Kaiming He; Jian Sun",
    )
    [paper] = pdf.parse(data, SOURCE).papers
    assert paper.title == "Deep Residual Learning"
    assert paper.authors == ["Kaiming He", "Jian Sun"]


def test_an_arxiv_stamp_gives_the_identity_and_category() -> None:
    data = make_pdf([["arXiv:1706.03762v7 [cs.CL] 2 Aug 2023", "Attention Is All You Need", "Body text."]])
    [paper] = pdf.parse(data, SOURCE).papers
    assert paper.title == "Attention Is All You Need"
    assert paper.paper_id == "arxiv:1706.03762"
    assert paper.arxiv_versions == ["v7"]  # v6 of the same paper would be the same paper
    assert paper.category == "cs.CL"


def test_a_page_without_authors_line_keeps_a_one_line_title() -> None:
    data = make_pdf([["Lecture Notes on Optimisation", "These notes cover convex problems.", "More text."]])
    [paper] = pdf.parse(data, SOURCE).papers
    assert paper.title == "Lecture Notes on Optimisation"
    assert paper.authors == []
    assert paper.abstract == ""


def test_truncated_pdf_is_a_parse_error() -> None:
    data = make_pdf([FIRST_PAGE])
    with pytest.raises(ParseError, match=r"^corrupt or truncated PDF \("):
        pdf.parse(data[: len(data) // 2], SOURCE)


def test_encrypted_pdf_needing_a_password_is_a_parse_error() -> None:
    with pytest.raises(ParseError, match=r"^encrypted PDF that needs a password"):
        pdf.parse(encrypted(make_pdf([FIRST_PAGE]), user_password="secret"), SOURCE)


def test_encrypted_pdf_with_an_empty_password_opens() -> None:
    [paper] = pdf.parse(encrypted(make_pdf([FIRST_PAGE]), user_password=""), SOURCE).papers
    assert paper.title == "Deep Residual Learning for Image Recognition"


def test_pdf_without_text_is_a_parse_error() -> None:
    with pytest.raises(ParseError, match=r"^no extractable text \(scanned\?\)$"):
        pdf.parse(make_pdf([[], []]), SOURCE)


def test_detect_looks_at_the_magic_bytes() -> None:
    assert pdf.detect(make_pdf([["x"]]))
    assert pdf.detect(b"\n\n%PDF-1.7\n")
    assert not pdf.detect(b"A note that mentions the %PDF-1.7 header inline.")
    assert not pdf.detect(b" " * 2000 + b"\n%PDF-1.4")


def test_looks_like_authors() -> None:
    assert pdf.looks_like_authors("Ashish Vaswani∗, Noam Shazeer†, Niki Parmar1")
    assert pdf.looks_like_authors("Ludwig van Beethoven")
    assert not pdf.looks_like_authors("Attention Is All You Need")
    assert not pdf.looks_like_authors("Image Recognition with Deep Networks")
    assert not pdf.looks_like_authors("Google Brain, avaswani@google.com")


def test_find_abstract_reads_the_one_line_ieee_style() -> None:
    text = "Title\nAbstract—We study X.\nIt works.\nI. INTRODUCTION\nBody."
    assert pdf.find_abstract(text) == "We study X. It works."
    assert pdf.find_abstract("Abstract syntax trees are everywhere.\nMore.") == ""
