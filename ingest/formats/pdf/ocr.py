"""Whether a PDF page is a scan whose text comes from an OCR layer.

A scanned page is one picture covering (nearly) the whole page, with the recognised text laid under it or in
invisible ink so that it can be searched but not seen. Such text has recognition errors ("supplkment", "0.GLATTER"),
so the reader marks papers made of such pages (Paper.ocr, Paper.ocr_pages) and retrieval trusts their passages less.
The page's objects are read through pdfium's C API: wrapping each of a page's thousands of drawing objects in
Python took more time than reading the whole text.
"""

from __future__ import annotations

import ctypes

_FULL_PAGE = 0.85  # share of the page's area an image covers to be the page itself
_INVISIBLE = 3  # PDF text render mode 3: neither filled nor stroked


def is_scanned(page) -> bool:  # noqa: ANN001 - pypdfium2.PdfPage
    """A page-sized image, with text drawn before it (beneath it) or in invisible ink."""
    import pypdfium2.raw as raw

    width, height = page.get_size()
    state = {"scan": False, "text_before": False, "invisible": False, "area": max(width * height, 1.0)}
    try:
        objects = [raw.FPDFPage_GetObject(page.raw, i) for i in range(raw.FPDFPage_CountObjects(page.raw))]
        _visit(objects, state, depth=2)
    except Exception:  # noqa: BLE001 - a damaged object list says nothing either way
        return False
    return state["scan"] and (state["text_before"] or state["invisible"])


def _visit(objects: list, state: dict, depth: int) -> None:
    import pypdfium2.raw as raw

    for obj in objects:
        kind = raw.FPDFPageObj_GetType(obj)
        if kind == raw.FPDF_PAGEOBJ_IMAGE and not state["scan"]:
            left, bottom, right, top = (ctypes.c_float() for _ in range(4))
            if raw.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
                area = (right.value - left.value) * (top.value - bottom.value)
                state["scan"] = area >= _FULL_PAGE * state["area"]
        elif kind == raw.FPDF_PAGEOBJ_TEXT:
            state["text_before"] = state["text_before"] or not state["scan"]
            state["invisible"] = state["invisible"] or raw.FPDFTextObj_GetTextRenderMode(obj) == _INVISIBLE
        elif kind == raw.FPDF_PAGEOBJ_FORM and depth > 1:
            inner = [raw.FPDFFormObj_GetObject(obj, i) for i in range(raw.FPDFFormObj_CountObjects(obj))]
            _visit(inner, state, depth - 1)
