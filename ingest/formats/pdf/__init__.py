"""PDF: one paper per file, read with pypdfium2 (see bench/findings.md for why that library).

The title page is page 1, or the page after a repository or publisher cover (cover.py); it is read character by
character (rows.py). Title, authors and year come from it (front.py: header.py finds the largest credible type,
titles.py says what is not a title, authors.py reads the author block), with the PDF's metadata and the cover to
confirm or stand in; a title that is a guess is said in the result's notices. Year, DOI, arXiv identifier and
abstract come from what the header prints (metadata.py). The full text is every page's text with running headers,
footers and page numbers dropped (text.py), with where each page starts, so chunks and citations name their page.
Scanned pages with an OCR text layer are marked (ocr.py). A plain PDF whose lines all have one size falls back to
text rules (plain.py).
"""

from __future__ import annotations

import datetime
import re

from paperchat.ingest.formats.base import ParseError, ParseResult, Problem
from paperchat.ingest.formats.pdf import metadata, plain
from paperchat.ingest.formats.pdf.cover import is_cover
from paperchat.ingest.formats.pdf.front import read_front
from paperchat.ingest.formats.pdf.reader import Page, open_pdf, read_page
from paperchat.ingest.formats.pdf.text import clean_pages, repair, running_lines
from paperchat.ingest.papers import Paper

FORMAT = "pdf"

_MAGIC = re.compile(rb"(?:^|[\r\n])%PDF-\d\.\d")
_HEADER_PAGES = 2  # the abstract may run onto page 2


def detect(data: bytes) -> bool:
    """The %PDF-1.x header at the start of a line; the format allows junk before it in the first 1024 bytes."""
    return _MAGIC.search(data[:1024]) is not None


def parse(data: bytes, source: str) -> ParseResult:
    document = open_pdf(data)
    result = ParseResult(format=FORMAT)
    pages: list[Page] = []
    try:
        count = len(document)
    except Exception as error:  # pdfium raises on a damaged page tree
        raise ParseError(f"corrupt PDF, cannot read its pages ({_describe(error)})") from None
    failed: list[str] = []
    for index in range(count):
        try:
            pages.append(read_page(document, index))
        except Exception as error:  # one bad page should not lose the rest
            failed.append(f"{index + 1} ({_describe(error)})")
    if failed:  # one line per file, however many pages
        result.problems.append(
            Problem(
                source,
                f"text not extracted from page {', '.join(failed[:3])}"
                + (f" and {len(failed) - 3} more" if len(failed) > 3 else ""),
            )
        )
    page_lines = [[repair(line.text) for line in page.lines] for page in pages]
    texts = clean_pages(page_lines)
    full_text, page_starts = _joined(texts, [page.number for page in pages])
    if not full_text:
        raise ParseError("no extractable text (scanned?)")
    scanned = [page.number for page in pages if page.scanned]
    paper, guess = _paper(document, pages, page_lines, full_text, source)
    paper.page_starts = page_starts
    paper.ocr_pages = scanned
    paper.ocr = 2 * len(scanned) >= sum(1 for page in pages if page.lines)
    if guess:
        result.notices.append(Problem(source, guess))
    if paper.ocr:
        result.notices.append(Problem(source, f"text from an OCR layer on {len(scanned)} of {count} pages (a scan)"))
    result.papers.append(paper)
    return result


def _joined(texts: list[str], numbers: list[int]) -> tuple[str, list[int]]:
    """The pages' texts as one text, and where each page starts in it, page 1 first (a page without text starts
    where the next one does, so a position always falls in a page with text)."""
    parts: list[str] = []
    found: dict[int, int] = {}
    length = 0
    for number, text in zip(numbers, texts, strict=True):
        if not text.strip():
            continue
        length += 2 if parts else 0  # the blank line between pages
        found[number] = length
        parts.append(text.strip())
        length += len(parts[-1])
    starts: list[int] = []
    following = length
    for number in range(max(numbers, default=0), 0, -1):
        following = found.get(number, following)
        starts.append(following)
    return "\n\n".join(parts), starts[::-1]


def _paper(document, pages: list[Page], page_lines: list[list[str]], full_text: str, source: str) -> tuple[Paper, str]:  # noqa: ANN001
    with_text = [page for page in pages if page.lines]
    first = with_text[0]
    cover = None
    if len(with_text) > 1 and is_cover(page_lines[pages.index(first)]):
        cover, first = _detailed(document, first), with_text[1]
    title_page = _detailed(document, first)
    info = _metadata(document)
    running = running_lines(page_lines) if len(page_lines) >= 3 else set()
    front = read_front(title_page, cover, info, running, source)
    page_text = "\n".join(front.lines + front.cover_lines)
    stamp = metadata.ARXIV_STAMP.search(page_text)
    doi = metadata.printed_doi(front.lines + front.cover_lines)
    start = pages.index(first)
    header_text = [line for lines in page_lines[start : start + _HEADER_PAGES] for line in lines]
    latest = datetime.date.today().year + 1
    year_lines = [line for line in front.lines + front.cover_lines if not metadata.agrees(line, front.title)]
    paper = Paper(
        title=front.title,
        title_guessed=bool(front.guess),
        authors=front.authors,
        year=metadata.year_from(year_lines, stamp, info.get("CreationDate", ""), latest),
        category=stamp.group(2) if stamp and stamp.group(2) else None,
        url=f"https://arxiv.org/abs/{stamp.group(1)}" if stamp else (f"https://doi.org/{doi}" if doi else None),
        abstract=metadata.find_abstract(header_text),
        full_text=full_text,
        sources=[source],
    )
    return paper, front.guess


def _detailed(document, page: Page) -> Page:  # noqa: ANN001 - pypdfium2.PdfDocument
    detailed = read_page(document, page.number - 1, detailed=True)
    for line in detailed.lines:
        line.text = repair(line.text)
    return detailed


def _metadata(document) -> dict[str, str]:  # noqa: ANN001 - pypdfium2.PdfDocument
    try:
        return {key: str(value or "") for key, value in document.get_metadata_dict().items()}
    except Exception:  # damaged metadata is not worth failing the file for; the first page still has it
        return {}


def _describe(error: Exception) -> str:
    return str(error) or type(error).__name__


# The text rules, for callers that have lines but no layout.
title_and_authors = plain.title_and_authors
looks_like_authors = plain.looks_like_authors
find_abstract = metadata.find_abstract
