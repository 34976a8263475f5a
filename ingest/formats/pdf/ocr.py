"""Whether a PDF page is a scan whose text comes from an OCR layer.

A scanned page is one picture covering (nearly) the whole page, with the recognised text laid under it or in
invisible ink so that it can be searched but not seen. Such text has recognition errors ("supplkment", "0.GLATTER"),
so the reader marks papers made of such pages (Paper.ocr, Paper.ocr_pages) and retrieval trusts their passages less.
"""

from __future__ import annotations

_FULL_PAGE = 0.85  # share of the page's area an image covers to be the page itself
_INVISIBLE = 3  # PDF text render mode 3: neither filled nor stroked


def is_scanned(page) -> bool:  # noqa: ANN001 - pypdfium2.PdfPage
    """A page-sized image, with text drawn before it (beneath it) or in invisible ink."""
    import pypdfium2.raw as raw

    width, height = page.get_size()
    area = max(width * height, 1.0)
    text_before = invisible = scan = False
    try:
        for obj in page.get_objects(max_depth=2):
            if obj.type == raw.FPDF_PAGEOBJ_IMAGE:
                left, bottom, right, top = obj.get_bounds()
                if (right - left) * (top - bottom) >= _FULL_PAGE * area:
                    scan = True
            elif obj.type == raw.FPDF_PAGEOBJ_TEXT:
                text_before = text_before or not scan
                invisible = invisible or raw.FPDFTextObj_GetTextRenderMode(obj.raw) == _INVISIBLE
    except Exception:  # a damaged object list says nothing either way  # noqa: BLE001
        return False
    return scan and (text_before or invisible)
