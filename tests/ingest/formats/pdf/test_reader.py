import io

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from paperchat.ingest.formats.pdf.reader import open_pdf, read_page
from paperchat.ingest.formats.pdf.rows import SUPERSCRIPT_END, SUPERSCRIPT_START, without_superscripts


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


def test_the_detailed_read_places_characters_by_their_boxes_and_marks_superscripts() -> None:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    page.setFont("Helvetica", 12)
    page.drawString(72, 700, "Ada Lovelace")
    page.setFont("Helvetica", 7)
    page.drawString(72 + page.stringWidth("Ada Lovelace", "Helvetica", 12), 705, "1,2")  # an affiliation mark
    page.setFont("Helvetica", 12)
    page.drawString(72 + page.stringWidth("Ada Lovelace, ", "Helvetica", 12) + 8, 700, "Alan Turing")
    page.showPage()
    page.save()
    (line,) = read_page(open_pdf(buffer.getvalue()), 0, detailed=True).lines
    assert line.text == f"Ada Lovelace{SUPERSCRIPT_START}1,2{SUPERSCRIPT_END} Alan Turing"
    assert without_superscripts(line.text, ",") == "Ada Lovelace, Alan Turing"


def test_a_stamp_up_the_margin_is_a_line_of_its_own_and_never_mixes_with_the_rows() -> None:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    page.setFont("Helvetica", 12)
    page.drawString(72, 700, "A Title Line")
    page.saveState()
    page.translate(30, 500)
    page.rotate(90)
    page.setFont("Times-Roman", 20)
    page.drawString(0, 0, "arXiv:2401.00001v1 [cs.CL] 1 Jan 2024")
    page.restoreState()
    page.showPage()
    page.save()
    texts = [line.text for line in read_page(open_pdf(buffer.getvalue()), 0, detailed=True).lines]
    assert texts == ["A Title Line", "arXiv:2401.00001v1 [cs.CL] 1 Jan 2024"]
