"""A paper's title, authors and year, chosen from what its PDF offers: the title page, a cover, the PDF metadata.

The title page is the first page that is not a repository or publisher cover (cover.py). Its title is the largest
credible type (header.py, titles.py); the PDF's metadata title replaces it when the page prints that title too (the
metadata has it whole, without line-break damage), and so does a cover's title; when the page offers no credible
title, the metadata's is taken if it is credible, then the cover's, and at last the file's name; a page set in one
size throughout has no layout to read, and the text rules (plain.py) read its title. A title not read from the title
page is a guess, and says so. Authors come from the title page's author block, else the cover's, else a group
named under the title, else the metadata's author field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from paperchat.ingest.formats.fields import split_authors
from paperchat.ingest.formats.pdf import header, metadata, plain, titles
from paperchat.ingest.formats.pdf.authors import authors_from_lines, corporate_author
from paperchat.ingest.formats.pdf.reader import Page
from paperchat.ingest.formats.pdf.rows import unmarked
from paperchat.ingest.formats.pdf.text import repair
from paperchat.ingest.text import words

_FOOTNOTE_AFTER_TITLE = re.compile(r"(?<=[)\]”\".])\s*\d{1,2}$|\s*\((\*|\d|[a-z])\)$|\s*[*∗†‡]+$")


@dataclass
class Front:
    title: str
    authors: list[str]
    lines: list[str]  # the title page's lines, as text
    cover_lines: list[str] = field(default_factory=list)
    guess: str = ""  # why the title is a guess, when it is one


def read_front(title_page: Page, cover: Page | None, info: dict[str, str], running: set[str], source: str) -> Front:
    lines = [unmarked(line.text) for line in title_page.lines]
    page_title, below = header.layout_title(title_page, running)
    authors: list[str] = []
    if not page_title and not header.has_layout(title_page):  # one size throughout: the text rules read it
        page_title, authors = plain.title_and_authors(lines)
        page_title = page_title if titles.credible(page_title, running) else ""
    page_title = without_footnote_mark(page_title)
    cover_title, cover_authors, cover_lines = _cover(cover)
    page_text = "\n".join(lines)
    meta_title = without_footnote_mark(" ".join(repair(info.get("Title", "")).split()))
    meta_ok = metadata.plausible_title(meta_title) and titles.credible(meta_title)
    title, guess = page_title, ""
    if meta_ok and metadata.agrees(meta_title, page_text) and _same_title(meta_title, page_title):
        title = meta_title
    if cover_title and metadata.agrees(cover_title, page_text) and _same_title(cover_title, page_title):
        title = cover_title  # a cover spells the title the page prints, without the page's line breaks
    if not title:
        title, guess = _fallback_title(meta_title if meta_ok else "", cover_title, source)
    if below:  # the layout's author block, without a line of the title that the layout left below it
        below = [line for line in below if not metadata.agrees(unmarked(line.text), title)]
        authors = authors_from_lines(below)
    if not authors:
        authors = cover_authors or ([name] if (name := corporate_author([line.text for line in below])) else [])
    if not authors and metadata.real_author(info.get("Author", "")):
        authors = split_authors(info["Author"])
    return Front(title, authors, lines, cover_lines, guess)


def _same_title(other: str, page_title: str) -> bool:
    """Another source's title stands in for the page's when the page has none, or when it holds the page's whole
    (the page cut its title at a line break or a change of type); a shorter one is a phrase the body mentions."""
    return not page_title or f" {' '.join(words(page_title))} " in f" {' '.join(words(other))} "


def without_footnote_mark(title: str) -> str:
    """'... (1900-1942)1' → '... (1900-1942)'; 'A Title (*)' → 'A Title': a mark after a title points to a footnote."""
    return _FOOTNOTE_AFTER_TITLE.sub("", title.strip()).strip()


def _cover(cover: Page | None) -> tuple[str, list[str], list[str]]:
    if cover is None:
        return "", [], []
    title, below = header.layout_title(cover)
    authors = authors_from_lines(below) if title else []
    return without_footnote_mark(title), authors, [unmarked(line.text) for line in cover.lines]


def _fallback_title(meta_title: str, cover_title: str, source: str) -> tuple[str, str]:
    if meta_title:
        return meta_title, "title taken from the PDF's metadata: page 1 prints no credible title"
    if cover_title:
        return cover_title, "title taken from the cover page: the paper's own page prints no credible title"
    return titles.file_title(source), "no credible title in the PDF: named after its file"
