"""The Paper record, its stable identity, and merging of the same paper seen in several files."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from pydantic import BaseModel, Field

from paperchat.ingest.latex import clean_latex
from paperchat.ingest.text import words

ARXIV_ID = re.compile(r"(?<![\w.])(\d{4}\.\d{4,5})(?:v\d+)?(?![\w.])")


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
    """arXiv id when the URL names one, else a short hash of the normalised title."""
    if found := arxiv_id(url):
        return f"arxiv:{found}"
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


def merge_papers(records: list[Paper]) -> MergeResult:
    """Merge records by identity. Records with the same normalised title are the same paper even
    when only one of them knows its arXiv id; the arXiv id then wins as the identity."""
    by_title: dict[str, Paper] = {}
    for record in records:
        key = normalise_title(record.title)
        if key in by_title:
            current = by_title[key]
            record_wins = record.paper_id.startswith("arxiv:") and not current.paper_id.startswith("arxiv:")
            by_title[key] = _merge_pair(record, current) if record_wins else _merge_pair(current, record)
        else:
            by_title[key] = record
    return MergeResult(papers=list(by_title.values()), records=len(records))
