"""The Paper record, its stable identity, and merging of the same paper seen in several files."""

from __future__ import annotations

import bisect
import hashlib
import re
from dataclasses import dataclass

from pydantic import BaseModel, Field

from paperchat.ingest.latex import clean_latex
from paperchat.ingest.text import words

ARXIV_ID = re.compile(r"(?<![\w.])(\d{4}\.\d{4,5})(?:v\d+)?(?![\w.])")
DOI_URL = re.compile(r"doi\.org/(10\.\d{4,9}/\S+)", re.IGNORECASE)


class Paper(BaseModel):
    """One paper, as parsed from one or more files. Text fields hold the text as written."""

    paper_id: str = ""
    title: str
    authors: list[str] = Field(default_factory=list)
    authors_truncated: bool = False
    authors_count: int | None = None
    date: str | None = None
    year: int | None = None
    category: str | None = None
    org: str | None = None
    url: str | None = None
    code_url: str | None = None
    has_code: bool = False
    upvotes: int | None = None
    abstract: str = ""
    full_text: str = ""
    sources: list[str] = Field(default_factory=list)
    title_guessed: bool = Field(
        False, description="The title was not read from the paper's own page (PDF metadata, a cover, its file name)."
    )
    ocr: bool = Field(False, description="Its text comes from an OCR layer over scanned pages (recognition errors).")
    ocr_pages: list[int] = Field(default_factory=list, description="The scanned pages, 1-based.")
    page_starts: list[int] = Field(
        default_factory=list, description="Where each PDF page starts in full_text (page 1 first), to cite pages."
    )
    formats: list[str] = Field(
        default_factory=list, description="The format of each file the paper came from: profile-listing, pdf, ..."
    )

    def model_post_init(self, _context: object) -> None:
        if not self.paper_id:
            self.paper_id = paper_identity(self.title, self.url)
        if self.authors_count is None and self.authors and not self.authors_truncated:
            self.authors_count = len(self.authors)
        if self.code_url:
            self.has_code = True

    @property
    def display_title(self) -> str:
        return clean_latex(self.title)

    @property
    def display_abstract(self) -> str:
        return clean_latex(self.abstract)

    @property
    def authors_text(self) -> str:
        """Authors as the listing showed them: 'A, B et al.' or '5 authors'."""
        if self.authors:
            return ", ".join(self.authors) + (" et al." if self.authors_truncated else "")
        if self.authors_count:
            return f"{self.authors_count} author{'s' if self.authors_count != 1 else ''}"
        return ""

    def page_at(self, position: int) -> int | None:
        """The PDF page (1-based) that holds this position of full_text; None for a paper without pages."""
        return bisect.bisect_right(self.page_starts, position) if self.page_starts else None

    def content_hash(self) -> str:
        """Hash of everything that is indexed or shown, so a changed paper is re-indexed."""
        payload = self.model_dump_json(exclude={"sources", "formats"})
        return hashlib.sha256(payload.encode()).hexdigest()[:32]

    def to_dict(self) -> dict:
        return self.model_dump()


def normalise_title(title: str) -> str:
    """Lower-case, LaTeX-free, accent-free, punctuation-free title used for identity."""
    return " ".join(words(clean_latex(title)))


def arxiv_id(*texts: str | None) -> str | None:
    for text in texts:
        if text and (match := ARXIV_ID.search(text)):
            return match.group(1)
    return None


def paper_identity(title: str, url: str | None = None) -> str:
    """arXiv id when the URL names one, else its DOI, else a short hash of the normalised title."""
    if found := arxiv_id(url):
        return f"arxiv:{found}"
    if url and (doi := DOI_URL.search(url)):
        return f"doi:{doi.group(1).lower()}"
    digest = hashlib.sha256(normalise_title(title).encode()).hexdigest()[:16]
    return f"t:{digest}"


def _merge_pair(kept: Paper, other: Paper) -> Paper:
    """Combine two records of one paper: keep every non-empty field, prefer the richer value."""
    merged = kept.model_copy(deep=True)
    for name in ("date", "year", "category", "org", "url", "code_url", "upvotes"):
        if getattr(merged, name) in (None, "") and getattr(other, name) not in (None, ""):
            setattr(merged, name, getattr(other, name))
    # An ISO date beats a partial one ("May 25" without a year).
    if other.year and not kept.year and other.date:
        merged.date, merged.year = other.date, other.year
    if len(other.authors) > len(merged.authors) or (
        merged.authors_truncated and other.authors and not other.authors_truncated
    ):
        merged.authors, merged.authors_truncated = other.authors, other.authors_truncated
    merged.authors_count = max(filter(None, [kept.authors_count, other.authors_count]), default=None)
    merged.has_code = kept.has_code or other.has_code
    if len(other.abstract) > len(merged.abstract):
        merged.abstract = other.abstract
    if len(other.full_text) > len(merged.full_text):
        merged.full_text = other.full_text
    merged.sources = list(dict.fromkeys([*kept.sources, *other.sources]))
    merged.formats = list(dict.fromkeys([*kept.formats, *other.formats]))
    return merged


@dataclass
class MergeResult:
    papers: list[Paper]
    records: int


def same_paper(one: Paper, other: Paper) -> bool:
    """A real title match, and, where both records have them, the same identifier and a shared first author.
    (Parsers never give a junk title such as "<!DOCTYPE html>": a document without one is named by its file.)"""
    key = normalise_title(one.title)
    if not key or key != normalise_title(other.title):
        return False
    ids = {_id_kind(p.paper_id) for p in (one, other)}
    if len(ids) == 1 and "t" not in ids and one.paper_id != other.paper_id:
        return False  # both carry an identifier of one kind, and they differ
    return not (one.authors and other.authors and not _same_person(one.authors[0], other.authors[0]))


def merge_papers(records: list[Paper]) -> MergeResult:
    """Merge records that are the same paper (same_paper). An arXiv id wins as the identity, then a DOI."""
    by_title: dict[str, list[Paper]] = {}
    for record in records:
        group = by_title.setdefault(normalise_title(record.title), [])
        match = next((i for i, current in enumerate(group) if same_paper(current, record)), None)
        if match is None:
            group.append(record)
            continue
        current = group[match]
        record_wins = _ID_RANK[_id_kind(record.paper_id)] > _ID_RANK[_id_kind(current.paper_id)]
        group[match] = _merge_pair(record, current) if record_wins else _merge_pair(current, record)
    return MergeResult(papers=[paper for group in by_title.values() for paper in group], records=len(records))


_ID_RANK = {"arxiv": 2, "doi": 1, "t": 0}


def _id_kind(paper_id: str) -> str:
    kind = paper_id.split(":", 1)[0]
    return kind if kind in _ID_RANK else "t"


def _same_person(one: str, other: str) -> bool:
    """Same surname, accents and case aside: 'Zoltán Gyöngyi' and 'Z. Gyongyi' are one person."""
    one_words, other_words = words(one), words(other)
    return bool(one_words and other_words) and one_words[-1] == other_words[-1]
