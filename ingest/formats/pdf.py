"""PDF: one paper per file, read with pypdf.

Title and authors come from the document metadata when it holds real values, else from the first page
(the first non-trivial line(s), then a line that looks like a list of names). The full text is every
page's text; the abstract is the paragraph after an "Abstract" heading when there is one.
"""

from __future__ import annotations

import io
import re
from typing import TYPE_CHECKING

from paperchat.ingest.formats.base import ParseError, ParseResult, Problem
from paperchat.ingest.formats.fields import split_authors
from paperchat.ingest.papers import Paper

if TYPE_CHECKING:
    from pypdf import PdfReader

FORMAT = "pdf"

MAX_TITLE_LINES = 3
MAX_ABSTRACT_CHARS = 4000
_MAGIC = re.compile(rb"(?:^|[\r\n])%PDF-\d\.\d")
# Metadata that tools write when the author wrote none.
_PLACEHOLDER_TITLE = re.compile(r"^(untitled|microsoft word\b.*|.*\.(pdf|docx?|tex|dvi|ps))$", re.IGNORECASE)
_PLACEHOLDER_AUTHORS = {"", "anonymous", "unknown", "author", "authors"}
# Running headers above a title: arXiv stamps, venue notes, page numbers.
_BOILERPLATE = re.compile(
    r"^(arxiv:|published as|preprint|under review|proceedings of|accepted (at|to|for)|to appear|copyright|©|\d+$)",
    re.IGNORECASE,
)
_ARXIV_STAMP = re.compile(r"arXiv:(\d{4}\.\d{4,5})(?:v\d+)?\s*\[([\w.-]+)\]")
# "Abstract" alone, "Abstract—We ...", "Abstract. We ...", "Abstract We ..." but not "Abstract syntax trees ...".
_ABSTRACT_HEADING = re.compile(r"^abstract(?:\s*$|\s*[.:—–-]+\s*(.*)$|\s+((?-i:[A-Z]).*)$)", re.IGNORECASE)
_SECTION_HEADING = re.compile(
    r"^((\d+(\.\d+)*\.?|[IVX]+\.)\s+[A-Z]|(introduction|keywords|index terms|ccs concepts)\b)", re.IGNORECASE
)
_AFFILIATION_MARKS = re.compile(r"[\d*∗†‡§¶#⋆]+")
_NAME_PARTICLES = {"van", "von", "der", "den", "de", "da", "di", "du", "del", "la", "le", "dos", "bin", "al"}
_TITLE_WORDS = {"a", "an", "the", "of", "for", "in", "on", "with", "via", "to", "is", "are", "from", "by", "towards"}


def detect(data: bytes) -> bool:
    """The %PDF-1.x header at the start of a line; the format allows junk before it in the first 1024 bytes."""
    return _MAGIC.search(data[:1024]) is not None


def parse(data: bytes, source: str) -> ParseResult:
    reader = _open(data)
    result = ParseResult(format=FORMAT)
    page_texts: list[str] = []
    try:
        pages = list(reader.pages)
    except Exception as error:  # pypdf raises many kinds of errors on a damaged page tree
        raise ParseError(f"corrupt PDF, cannot read its pages ({_describe(error)})") from None
    for number, page in enumerate(pages, start=1):
        try:
            page_texts.append(page.extract_text() or "")
        except Exception as error:  # one bad page should not lose the rest
            result.problems.append(Problem(source, f"page {number}: text not extracted ({_describe(error)})"))
            page_texts.append("")
    full_text = "\n\n".join(text.strip() for text in page_texts if text.strip())
    if not full_text:
        raise ParseError("no extractable text (scanned?)")

    first_page_lines = [line.strip() for line in next(t for t in page_texts if t.strip()).splitlines()]
    page_title, page_authors = title_and_authors(first_page_lines)
    meta_title, meta_authors = _metadata(reader)
    stamp = _ARXIV_STAMP.search(full_text[:5000])
    result.papers.append(
        Paper(
            title=meta_title or page_title,
            authors=meta_authors or page_authors,
            category=stamp.group(2) if stamp else None,
            url=f"https://arxiv.org/abs/{stamp.group(1)}" if stamp else None,
            abstract=find_abstract("\n".join(page_texts[:2])),
            full_text=full_text,
            sources=[source],
        )
    )
    return result


def title_and_authors(lines: list[str]) -> tuple[str, list[str]]:
    """Title = the first non-trivial line, plus up to two more when a names line or the abstract follows
    within three lines; authors = that names line."""
    candidates = [line for line in lines if _is_content(line)]
    if not candidates:
        return next((line for line in lines if line), ""), []
    following = range(1, min(len(candidates), MAX_TITLE_LINES + 1))
    # A line of several names is the surest end of the title; a lone name could be a title's second line.
    stop = next((i for i in following if len(_names(candidates[i])) > 1 and looks_like_authors(candidates[i])), None)
    if stop is None:
        stop = next(
            (i for i in following if looks_like_authors(candidates[i]) or _ABSTRACT_HEADING.match(candidates[i])), None
        )
    if stop is None:
        return candidates[0], []
    title = _join_lines(candidates[:stop])
    authors_line = candidates[stop]
    authors = _names(authors_line) if looks_like_authors(authors_line) else []
    return title, authors


def looks_like_authors(line: str) -> bool:
    """'Ashish Vaswani∗, Noam Shazeer and Niki Parmar' yes; 'Attention Is All You Need' no."""
    names = _names(line)
    if not names:
        return False
    for name in names:
        words = name.split()
        if not 2 <= len(words) <= 5:
            return False
        if not all(word[0].isupper() or word.lower() in _NAME_PARTICLES for word in words):
            return False
        if any(not re.fullmatch(r"[\w.'-]+", word) for word in words):
            return False
    # A single capitalised phrase could be a second title line; only accept it when nothing says "title".
    return len(names) > 1 or not any(word.lower() in _TITLE_WORDS for word in names[0].split())


def find_abstract(text: str) -> str:
    """The paragraph after an 'Abstract' heading (or 'Abstract—...' on one line), up to the next section."""
    lines = [line.strip() for line in text.splitlines()]
    for index, line in enumerate(lines):
        heading = _ABSTRACT_HEADING.match(line)
        if not heading:
            continue
        first_words = heading.group(1) or heading.group(2)
        collected = [first_words] if first_words else []
        for following in lines[index + 1 :]:
            if _SECTION_HEADING.match(following) or sum(map(len, collected)) > MAX_ABSTRACT_CHARS:
                break
            collected.append(following)
        return _join_lines([part for part in collected if part])
    return ""


def _open(data: bytes) -> PdfReader:
    from pypdf import PasswordType, PdfReader  # imported on the first PDF: `paperchat ask` never needs it

    try:
        reader = PdfReader(io.BytesIO(data))
    except Exception as error:  # truncated files raise stream, xref and value errors alike
        raise ParseError(f"corrupt or truncated PDF ({_describe(error)})") from None
    if reader.is_encrypted:
        try:
            opened = reader.decrypt("") != PasswordType.NOT_DECRYPTED
        except Exception as error:  # e.g. AES without the optional cryptography package
            raise ParseError(f"encrypted PDF, cannot decrypt ({_describe(error)})") from None
        if not opened:
            raise ParseError("encrypted PDF that needs a password; save a decrypted copy (e.g. qpdf --decrypt)")
    return reader


def _metadata(reader: PdfReader) -> tuple[str, list[str]]:
    try:
        info = reader.metadata
        title, author = (info.title, info.author) if info else (None, None)
    except Exception:  # damaged metadata is not worth failing the file for; the first page still has it
        return "", []
    title = " ".join(str(title or "").split())
    author = " ".join(str(author or "").split())
    if _PLACEHOLDER_TITLE.match(title) or not any(ch.isalpha() for ch in title):
        title = ""
    authors = [] if author.lower() in _PLACEHOLDER_AUTHORS else split_authors(author)
    return title, authors


def _is_content(line: str) -> bool:
    return len(line) >= 4 and any(ch.isalpha() for ch in line) and not _BOILERPLATE.match(line)


def _names(line: str) -> list[str]:
    cleaned = _AFFILIATION_MARKS.sub(" ", line)
    parts = re.split(r",|;|&|\band\b", cleaned)
    return [" ".join(part.split()) for part in parts if part.strip()]


def _join_lines(lines: list[str]) -> str:
    """Join wrapped lines, mending words hyphenated at a line end ('trans-' + 'duction')."""
    text = ""
    for line in lines:
        if text.endswith("-") and len(text) > 1 and text[-2].isalpha() and line[:1].islower():
            text = text[:-1] + line
        else:
            text = f"{text} {line}" if text else line
    return " ".join(text.split())


def _describe(error: Exception) -> str:
    return str(error) or type(error).__name__
