"""BibTeX: one paper per entry, parsed with bibtexparser v2.

An entry without a title and a block bibtexparser could not parse become Problems with their line;
the other entries are still parsed. @string, @comment and @preamble blocks are not papers.
"""

from __future__ import annotations

import re

import bibtexparser
from bibtexparser import middlewares
from bibtexparser.model import Entry
from pylatexenc.latex2text import LatexNodes2Text  # a dependency of bibtexparser v2

from paperchat.ingest.formats.base import ParseResult, Problem
from paperchat.ingest.formats.fields import year_from_date
from paperchat.ingest.papers import MONTHS, Paper, arxiv_id

FORMAT = "bibtex"

# `@article{key,` at the start of a line: the shape of a BibTeX entry.
_ENTRY_START = re.compile(r"^\s*@\s*[A-Za-z]+\s*[{(]\s*[^\s,{}()]+\s*,", re.MULTILINE)
# A brace group that is not the argument of a LaTeX command: `{BERT}` but not `\textbf{x}`.
_PROTECTING_BRACES = re.compile(r"(?<![\\\w])\{([^{}]*)\}")
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:)", re.IGNORECASE)
_OLD_STYLE_ARXIV = re.compile(r"^[a-z-]+(?:\.[A-Z]{2})?/\d{7}$")
_LATEX_TO_TEXT = LatexNodes2Text()


def detect(text: str) -> bool:
    """Entries at line starts, and either the file begins with one or it is not a Markdown page
    that merely quotes BibTeX in a code block."""
    if not _ENTRY_START.search(text):
        return False
    meaningful = (line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("%"))
    first = next(meaningful, "")
    return first.startswith("@") or "```" not in text


def parse(text: str, source: str) -> ParseResult:
    library = bibtexparser.parse_string(
        text,
        append_middleware=[
            middlewares.NormalizeFieldKeys(),  # archivePrefix → archiveprefix
            middlewares.SeparateCoAuthors(),
            middlewares.SplitNameParts(),
            middlewares.MergeNameParts(style="first"),  # "Devlin, Jacob" → "Jacob Devlin"
        ],
    )
    result = ParseResult(format=FORMAT)
    for block in library.failed_blocks:
        reason = getattr(block.error, "abort_reason", "") or str(block.error)
        result.problems.append(Problem(source, f"broken entry: {' '.join(reason.split())}", line=block.start_line + 1))
    for entry in library.entries:
        title = strip_protecting_braces(_field(entry, "title"))
        if not title:
            result.problems.append(Problem(source, f"entry '{entry.key}' has no title", line=entry.start_line + 1))
            continue
        result.papers.append(_paper(entry, title, source))
    return result


def strip_protecting_braces(text: str) -> str:
    """'{BERT}: Deep {Bidirectional} ...' → 'BERT: Deep Bidirectional ...'; whitespace collapsed."""
    previous = None
    while previous != text:  # nested groups unwrap one level per pass
        previous, text = text, _PROTECTING_BRACES.sub(r"\1", text)
    return " ".join(text.split())


def _paper(entry: Entry, title: str, source: str) -> Paper:
    found_arxiv = _arxiv_id(entry)
    doi = _DOI_PREFIX.sub("", _field(entry, "doi"))
    doi_url = f"https://doi.org/{doi}" if doi else None
    arxiv_url = f"https://arxiv.org/abs/{found_arxiv}" if found_arxiv else None
    year = year_from_date(_field(entry, "year")) or year_from_date(_field(entry, "date"))
    return Paper(
        paper_id=f"arxiv:{found_arxiv}" if found_arxiv else "",
        title=title,
        authors=_authors(entry),
        date=_field(entry, "date") or _year_month(year, _field(entry, "month")),
        year=year,
        category=_field(entry, "primaryclass") or None,
        url=_field(entry, "url") or doi_url or arxiv_url,
        doi=doi or None,  # kept beside a URL that names something else: papers are one when their DOIs agree
        abstract=_field(entry, "abstract"),
        sources=[source],
    )


def _field(entry: Entry, key: str) -> str:
    field = entry.fields_dict.get(key)
    if field is None or not isinstance(field.value, str):
        return ""
    return " ".join(field.value.split())


def _authors(entry: Entry) -> list[str]:
    field = entry.fields_dict.get("author")
    names = field.value if field is not None and isinstance(field.value, list) else []
    # Names are shown as people read them: {\"o} → ö, {van der Berg} → van der Berg.
    return [" ".join(_LATEX_TO_TEXT.latex_to_text(name).split()) for name in names if name.strip()]


def _arxiv_id(entry: Entry) -> str | None:
    eprint = _field(entry, "eprint")
    if eprint and _field(entry, "archiveprefix").lower() == "arxiv" and _OLD_STYLE_ARXIV.match(eprint):
        return eprint
    # Google Scholar exports name it in the journal: "arXiv preprint arXiv:1810.04805".
    return arxiv_id(eprint, _field(entry, "journal"), _field(entry, "url"))


def _year_month(year: int | None, month: str) -> str | None:
    if not year:
        return None
    key = month.strip().lower()[:3]
    number = MONTHS.get(key) or (int(key) if key.isdigit() and 1 <= int(key) <= 12 else None)
    return f"{year}-{number:02d}" if number else str(year)
