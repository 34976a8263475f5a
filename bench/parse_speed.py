"""PDF parse speed and header accuracy per library, on the shared set of real papers (../shared/pdfs).

For each candidate library: pages/s for reading every page's text, and the titles, first authors and years
that paperchat's rules get from what that library gives. pypdfium2 runs the parser paperchat ships; pdfminer.six
gives characters with their size and place, so it feeds the same layout rules; pypdf gives text without sizes,
so it gets the text rules (the parser paperchat had before). A library that is not installed is skipped.

Run: python bench/parse_speed.py [--pdfs ../shared/pdfs] [--libraries pypdfium2 pypdf pdfminer]
"""

from __future__ import annotations

import argparse
import io
import json
import logging
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import SHARED_PDFS, load, log, save_section  # noqa: E402
from paperchat.ingest.formats import pdf  # noqa: E402
from paperchat.ingest.formats.pdf import header, metadata, plain  # noqa: E402
from paperchat.ingest.formats.pdf.reader import Line, Page  # noqa: E402
from paperchat.ingest.formats.pdf.text import repair  # noqa: E402
from paperchat.ingest.text import words  # noqa: E402

LICENCES = {"pypdfium2": "Apache-2.0 / BSD-3-Clause", "pypdf": "BSD-3-Clause", "pdfminer": "MIT"}
LATEST_YEAR = 2100


def read_pypdfium2(data: bytes, name: str) -> tuple[int, tuple[str, list[str], int | None]]:
    paper = pdf.parse(data, name).papers[0]
    return len(__import__("pypdfium2").PdfDocument(data)), (paper.title, paper.authors, paper.year)


def read_pypdf(data: bytes, name: str) -> tuple[int, tuple[str, list[str], int | None]]:
    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    reader = PdfReader(io.BytesIO(data))
    texts = [page.extract_text() or "" for page in reader.pages]
    lines = [repair(line.strip()) for line in texts[0].splitlines()]
    title, authors = plain.title_and_authors(lines)
    created = str((reader.metadata or {}).get("/CreationDate", ""))
    return len(texts), (
        title,
        authors,
        metadata.year_from(lines, metadata.ARXIV_STAMP.search(texts[0]), created, LATEST_YEAR),
    )


def read_pdfminer(data: bytes, name: str) -> tuple[int, tuple[str, list[str], int | None]]:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTChar, LTTextContainer, LTTextLine

    logging.getLogger("pdfminer").setLevel(logging.CRITICAL)
    pages = list(extract_pages(io.BytesIO(data)))
    first = pages[0]
    lines: list[Line] = []
    for element in first:
        if not isinstance(element, LTTextContainer):
            continue
        for text_line in element:
            if not isinstance(text_line, LTTextLine) or not text_line.get_text().strip():
                continue
            sizes = [char.size for char in text_line if isinstance(char, LTChar)]
            size = statistics.median(sizes) if sizes else 0.0
            lines.append(
                Line(repair(text_line.get_text().strip()), round(size, 1), text_line.x0, text_line.y1, text_line.x1)
            )
    page = Page(number=1, width=first.width, height=first.height, lines=lines)
    title, below = header.layout_title(page)
    authors = header.authors_from_lines([line.text for line in below])
    texts = [line.text for line in page.lines]
    if not title:
        title, authors = plain.title_and_authors(texts)
    return len(pages), (
        title,
        authors,
        metadata.year_from(texts, metadata.ARXIV_STAMP.search("\n".join(texts)), "", LATEST_YEAR),
    )


READERS: dict[str, Callable[[bytes, str], tuple[int, tuple[str, list[str], int | None]]]] = {
    "pypdfium2": read_pypdfium2,
    "pypdf": read_pypdf,
    "pdfminer": read_pdfminer,
}


def measure(library: str, gold: list[dict], folder: Path) -> dict:
    pages = right_titles = right_authors = right_years = 0
    seconds = 0.0
    for entry in gold:
        data = (folder / "papers" / entry["file"]).read_bytes()
        started = time.perf_counter()
        count, (title, authors, year) = READERS[library](data, entry["file"])
        seconds += time.perf_counter() - started
        pages += count
        right_titles += words(title) == words(entry["title"])
        right_authors += bool(authors) and words(authors[0]) == words(entry["first_author"])
        right_years += year == entry["year"]
    return {
        "pages": pages,
        "seconds": round(seconds, 2),
        "pages_per_s": round(pages / seconds, 1),
        "titles": right_titles,
        "first_authors": right_authors,
        "years": right_years,
        "papers": len(gold),
    }


def render_lines(measured: dict[str, dict], load_average: float) -> list[str]:
    rows = ["| library | licence | pages/s | titles | first authors | years |", "|---|---|---|---|---|---|"]
    for library, found in measured.items():
        used = " (used)" if library == "pypdfium2" else ""
        rows.append(
            f"| {library}{used} | {LICENCES[library]} | {found['pages_per_s']} | "
            f"{found['titles']}/{found['papers']} | {found['first_authors']}/{found['papers']} | "
            f"{found['years']}/{found['papers']} |"
        )
    return [
        f"{next(iter(measured.values()))['pages']} pages of {next(iter(measured.values()))['papers']} real papers "
        f"(../shared/pdfs), load {load_average}. pypdfium2 runs the whole parser (every page's text, page 1 read "
        "character by character); the others read every page's text and feed page 1 to the same rules (pypdf "
        "has no font sizes, so it gets the text rules; the pdfminer reader here does not read the file's date, the "
        "last resort for years).",
        "",
        *rows,
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pdfs", type=Path, default=SHARED_PDFS)
    parser.add_argument("--libraries", nargs="+", choices=list(READERS), default=list(READERS))
    args = parser.parse_args()
    gold_file = args.pdfs / "gold.json"
    if not gold_file.is_file():
        sys.exit(f"no {gold_file}: this bench needs the shared set of real papers")
    gold = json.loads(gold_file.read_text())
    measured: dict[str, dict] = {}
    for library in args.libraries:
        try:
            measured[library] = measure(library, gold, args.pdfs)
        except ImportError as error:
            log(f"{library}: not installed ({error}), skipped")
            continue
        log(f"{library}: {json.dumps(measured[library])}")
    lines = render_lines(measured, load())
    print("\n".join(lines))
    save_section("parse_speed", {"libraries": measured, "lines": lines})


if __name__ == "__main__":
    main()
