"""PDF: one paper per file, read with pypdfium2 (see bench/RESULTS.md for why that library).

Title and authors come from page 1's layout (header.py); the PDF's own metadata only fills in when the page says
nothing or prints the same title. Year, DOI, arXiv identifier and abstract come from what page 1 prints
(metadata.py). The full text is every page's text with running headers, footers and page numbers dropped
(text.py). A plain PDF whose lines all have one size falls back to text rules (plain.py).
"""

from __future__ import annotations

import datetime
import re

from paperchat.ingest.formats.base import ParseError, ParseResult, Problem
from paperchat.ingest.formats.fields import split_authors
from paperchat.ingest.formats.pdf import header, metadata, plain
from paperchat.ingest.formats.pdf.reader import Page, open_pdf, read_page
from paperchat.ingest.formats.pdf.text import clean_pages, repair
from paperchat.ingest.papers import Paper

FORMAT = "pdf"

_MAGIC = re.compile(rb"(?:^|[\r\n])%PDF-\d\.\d")
_WORD = re.compile(r"[^\W\d_]{3}")
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
    full_text = "\n\n".join(text.strip() for text in texts if text.strip())
    if not full_text:
        raise ParseError("no extractable text (scanned?)")
    first = next(page for page in pages if page.lines)
    result.papers.append(_paper(document, first, page_lines, full_text, source))
    return result


def _paper(document, first: Page, page_lines: list[list[str]], full_text: str, source: str) -> Paper:  # noqa: ANN001
    detailed = read_page(document, first.number - 1, detailed=True)
    for line in detailed.lines:
        line.text = repair(line.text)
    first_lines = [line.text for line in detailed.lines]
    info = _metadata(document)
    title, below = header.layout_title(detailed)
    authors = header.authors_from_lines([line.text for line in below]) if title else []
    if not title:
        title, authors = plain.title_and_authors(first_lines)
    if not _WORD.search(title):  # digits or marks only: the page has no title to offer
        title = ""
    page_text = "\n".join(first_lines)
    meta_title = " ".join(repair(info.get("Title", "")).split())
    if metadata.plausible_title(meta_title) and (not title or metadata.agrees(meta_title, page_text)):
        title = meta_title  # printed on the page too: the metadata has it whole, without line-break damage
    if not authors and metadata.real_author(info.get("Author", "")):
        authors = split_authors(info["Author"])
    stamp = metadata.ARXIV_STAMP.search(page_text)
    doi = metadata.printed_doi(first_lines)
    header_text = [line for lines in page_lines[first.number - 1 : first.number - 1 + _HEADER_PAGES] for line in lines]
    latest = datetime.date.today().year + 1
    return Paper(
        title=title or source.rsplit("/", 1)[-1],
        authors=authors,
        year=metadata.year_from(first_lines, stamp, info.get("CreationDate", ""), latest),
        category=stamp.group(2) if stamp and stamp.group(2) else None,
        url=f"https://arxiv.org/abs/{stamp.group(1)}" if stamp else (f"https://doi.org/{doi}" if doi else None),
        doi=doi,
        arxiv_id=stamp.group(0) if stamp else None,  # the stamp names the version too: "arXiv:2501.10120v2 [cs.IR]"
        abstract=metadata.find_abstract(header_text),
        full_text=full_text,
        sources=[source],
    )


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
