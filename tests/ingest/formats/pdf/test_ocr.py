import io

from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from paperchat.ingest.formats.pdf.ocr import is_scanned
from paperchat.ingest.formats.pdf.reader import open_pdf


def scan_page(text_under_image: bool) -> bytes:
    """One page: a page-sized grey picture and a line of text, drawn under the picture or over it."""
    from PIL import Image

    picture = io.BytesIO()
    Image.new("L", (60, 80), 200).save(picture, format="PNG")
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    width, height = A4
    if text_under_image:
        page.drawString(72, 700, "Recognised text of the scanned page")
    page.drawImage(ImageReader(io.BytesIO(picture.getvalue())), 0, 0, width, height)
    if not text_under_image:
        page.drawString(72, 700, "A caption printed over a full-page figure")
    page.showPage()
    page.save()
    return buffer.getvalue()


def test_text_beneath_a_page_sized_picture_is_an_ocr_layer() -> None:
    assert is_scanned(open_pdf(scan_page(text_under_image=True))[0])


def test_text_printed_over_a_picture_is_not() -> None:
    assert not is_scanned(open_pdf(scan_page(text_under_image=False))[0])
