import io

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from paperchat.ingest.formats.pdf.reader import open_pdf, read_page


def pdf_with(lines: list[tuple[str, int, float, float]]) -> bytes:
    """One page; each entry is (text, font size, x, y)."""
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    for text, size, x, y in lines:
        page.setFont("Helvetica", size)
        page.drawString(x, y, text)
    page.showPage()
    page.save()
    return buffer.getvalue()


def test_lines_come_with_their_font_size_and_place() -> None:
    data = pdf_with([("A Large Title", 20, 72, 760), ("Body text in ten points.", 10, 72, 700)])
    title, body = read_page(open_pdf(data), 0).lines
    assert (title.text, body.text) == ("A Large Title", "Body text in ten points.")
    assert title.size > 1.6 * body.size
    assert title.top > body.top


def test_names_set_apart_on_one_baseline_are_separate_pieces_in_the_detailed_read() -> None:
    data = pdf_with([("Zoltan Gyongyi", 12, 72, 700), ("Hector Garcia-Molina", 12, 300, 700)])
    pieces = [line.text for line in read_page(open_pdf(data), 0, detailed=True).lines]
    assert pieces == ["Zoltan Gyongyi", "Hector Garcia-Molina"]
