"""The Paper record: its fields, the identifiers that name it (DOI, arXiv id and version), and the merge of two
records of one paper. Which records are one paper is decided in `ingest.identity`."""

from __future__ import annotations

import bisect
import hashlib
import math
import re
from collections.abc import Iterable, Sequence
from typing import Protocol, TypeVar

from pydantic import BaseModel, Field

from paperchat.ingest.latex import clean_latex
from paperchat.ingest.text import words

ARXIV_ID = re.compile(r"(?<![\w.])(\d{4}\.\d{4,5})(v\d+)?(?![\w.])")
# Identifiers of before 2007 ("hep-th/9901001v2"), looked for only where the text says it is arXiv's.
OLD_ARXIV_ID = re.compile(r"(?<![\w.-])([a-z-]+(?:\.[A-Z]{2})?/\d{7})(v\d+)?(?!\w)")
DOI = re.compile(r"(?:^|doi\.org/|/doi/(?:abs/|full/|pdf/)?|doi:\s*)(10\.\d{4,9}/\S+)", re.IGNORECASE)
# Fields that say which paper a record is, rather than what it says: the hash of what is indexed leaves them out
# when they only repeat what the URL and paper_id say (so an index from before them sees no change).
IDENTITY_FIELDS = ("doi", "arxiv_id", "arxiv_versions")
# Fields added since papers were first hashed, with their defaults: left out of the hash while they hold them, so a
# paper indexed before they existed (a listing never has pages) does not look changed.
LATER_FIELDS = {"title_guessed": False, "ocr": False, "ocr_pages": [], "page_starts": [], "profile_of": None}
NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


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
    profile_of: str | None = Field(
        None,
        description="The researcher whose profile listing shows the paper: one of its authors, even where the "
        "listing's author line stops ('et al.') before their name.",
    )
    url: str | None = None
    code_url: str | None = None
    has_code: bool = False
    upvotes: int | None = None
    abstract: str = ""
    full_text: str = ""
    doi: str | None = Field(None, description="The DOI, lower-case, without 'https://doi.org/' or 'doi:'.")
    arxiv_id: str | None = Field(None, description="The arXiv identifier without its version: 2501.10120.")
    arxiv_versions: list[str] = Field(
        default_factory=list, description="The arXiv versions the sources name (v1, v2, ...), oldest first."
    )
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
        derived = derived_identity(self.url, self.paper_id)
        given = parse_arxiv(self.arxiv_id, old_style=True)
        self.arxiv_id = given[0] if given else derived["arxiv_id"]
        versions = [given[1]] if given and given[1] else []
        if derived["arxiv_id"] == self.arxiv_id:
            versions += derived["arxiv_versions"]
        self.arxiv_versions = sorted_versions([*self.arxiv_versions, *versions])
        self.doi = clean_doi(self.doi) or derived["doi"]
        if not self.paper_id:
            self.paper_id = paper_identity(self.title, self.url, self.authors, self.year, self.doi, self.arxiv_id)
        if self.authors_count is None and self.authors and not self.authors_truncated:
            self.authors_count = len(self.authors)
        self.code_url = self.code_url or code_link(self.abstract)
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
        """Authors as the listing showed them: 'A, B et al.' or '5 authors' (see authors_line)."""
        return authors_line(self.authors, self.authors_truncated, self.authors_count, self.profile_of)

    def page_at(self, position: int) -> int | None:
        """The PDF page (1-based) that holds this position of full_text; None for a paper without pages."""
        return bisect.bisect_right(self.page_starts, position) if self.page_starts else None

    def content_hash(self) -> str:
        """Hash of everything that is indexed or shown, so a changed paper is re-indexed."""
        identity = {name: getattr(self, name) for name in IDENTITY_FIELDS}
        repeated = identity == derived_identity(self.url, self.paper_id) or not any(identity.values())
        at_default = {name for name, default in LATER_FIELDS.items() if getattr(self, name) == default}
        exclude = {"sources", "formats", *(IDENTITY_FIELDS if repeated else ()), *at_default}
        payload = self.model_dump_json(exclude=exclude)
        return hashlib.sha256(payload.encode()).hexdigest()[:32]

    def to_dict(self) -> dict:
        return self.model_dump()


def authors_line(
    authors: list[str], truncated: bool, count: int | None = None, profile_of: str | None = None
) -> str:
    """'A, B et al.', or '5 authors' when the listing gave only a count; with the researcher whose profile lists the
    paper when the line does not show them: 'A, B et al. (on Yufeng Yang's profile)'."""
    if authors:
        line = ", ".join(authors) + (" et al." if truncated else "")
    else:
        line = f"{count} author{'s' if count != 1 else ''}" if count else ""
    if profile_of and profile_of not in authors:
        line = f"{line} (on {profile_of}'s profile)".strip()
    return line


def normalise_title(title: str) -> str:
    """Lower-case, LaTeX-free, accent-free, punctuation-free title used for identity."""
    return " ".join(words(clean_latex(title)))


def parse_arxiv(text: str | None, old_style: bool = False) -> tuple[str, str | None] | None:
    """(identifier, version or None) of the first arXiv identifier in `text`; identifiers of before 2007 only with
    `old_style` or where the text names arXiv."""
    if not text:
        return None
    found = ARXIV_ID.search(text)
    if found is None and (old_style or "arxiv" in text.lower()):
        found = OLD_ARXIV_ID.search(text)
    return (found.group(1), found.group(2)) if found else None


CODE_LINK = re.compile(r"https?://(?:www\.)?(?:github\.com|gitlab\.com|bitbucket\.org|codeberg\.org)/[\w.-]+/[\w.-]+")


def code_link(text: str) -> str | None:
    """The first link to a code repository an abstract gives ("Code is available at https://github.com/a/b.")."""
    found = CODE_LINK.search(text or "")
    return found.group(0).rstrip(".") if found else None


def arxiv_id(*texts: str | None) -> str | None:
    """The first arXiv identifier (without its version) in any of `texts`."""
    for text in texts:
        if found := parse_arxiv(text):
            return found[0]
    return None


def clean_doi(text: str | None) -> str | None:
    """'https://doi.org/10.1000/ABC' or 'doi:10.1000/abc' → '10.1000/abc' (DOIs are case-insensitive)."""
    found = DOI.search((text or "").strip())
    return found.group(1).rstrip(".,;").lower() if found else None


def sorted_versions(versions: list[str]) -> list[str]:
    """'v2', 'v1', 'v2' → ['v1', 'v2']; anything not shaped like an arXiv version is dropped."""
    return sorted({v.lower() for v in versions if re.fullmatch(r"[vV]\d+", v)}, key=lambda v: int(v[1:]))


def latest_version(paper: Paper) -> int:
    """The number of the latest arXiv version a record names, 0 when it names none."""
    return int(paper.arxiv_versions[-1][1:]) if paper.arxiv_versions else 0


def derived_identity(url: str | None, paper_id: str) -> dict:
    """What the URL and a paper_id of the form 'arxiv:…' or 'doi:…' say about the paper's identifiers."""
    kind, _, value = paper_id.partition(":")
    found = parse_arxiv(url) or (parse_arxiv(value, old_style=True) if kind == "arxiv" else None)
    doi = clean_doi(value) if kind == "doi" else clean_doi(url) if url and "doi" in url.lower() else None
    return {
        "doi": doi,
        "arxiv_id": found[0] if found else None,
        "arxiv_versions": [found[1]] if found and found[1] else [],
    }


def surname(name: str) -> str:
    """The family name as written: 'Zoltán Gyöngyi' and 'Gyöngyi, Z.' → 'gyongyi'; suffixes such as Jr. dropped."""
    family, comma, _ = name.partition(",")
    parts = [w for w in words(family if comma else name) if w not in NAME_SUFFIXES]
    return parts[-1] if parts else ""


def same_person(one: str, other: str) -> bool:
    """Same surname, accents and case aside ('Zoltán Gyöngyi', 'Z. Gyongyi'), or each name's surname among the
    other's words (a name written family name first in one source: 'Wang Wei' and 'Wei Wang')."""
    one_name, other_name = surname(one), surname(other)
    if not one_name or not other_name:
        return False
    return one_name == other_name or (one_name in words(other) and other_name in words(one))


def paper_identity(
    title: str,
    url: str | None = None,
    authors: list[str] | None = None,
    year: int | None = None,
    doi: str | None = None,
    arxiv: str | None = None,
) -> str:
    """arXiv id when known, else the DOI, else a short hash of the normalised title with the first author's surname
    and the year (two papers of one title by other people or of other years get other ids)."""
    if found := arxiv or arxiv_id(url):
        return f"arxiv:{found}"
    if found := doi or (clean_doi(url) if url and "doi" in url.lower() else None):
        return f"doi:{found}"
    key = normalise_title(title)
    first = surname(authors[0]) if authors else ""
    if first or year:  # a title alone hashes as it always has, so ids of title-only records never change
        key = f"{key}\x1f{first}\x1f{year or ''}"
    return f"t:{hashlib.sha256(key.encode()).hexdigest()[:16]}"


def merge_pair(kept: Paper, other: Paper) -> Paper:
    """Combine two records of one paper: keep every non-empty field, prefer the richer value."""
    merged = kept.model_copy(deep=True)
    for name in ("date", "year", "category", "org", "profile_of", "url", "code_url", "upvotes", "doi", "arxiv_id"):
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
    # The later arXiv version's abstract is the paper's now, even when an older one said more.
    if len(other.abstract) > len(merged.abstract) and not (
        merged.abstract and latest_version(kept) > latest_version(other)
    ):
        merged.abstract = other.abstract
    if len(other.full_text) > len(merged.full_text):  # where pages start, and which are scans, go with their text
        merged.full_text, merged.page_starts = other.full_text, list(other.page_starts)
        merged.ocr, merged.ocr_pages = other.ocr, list(other.ocr_pages)
    merged.arxiv_versions = sorted_versions([*kept.arxiv_versions, *other.arxiv_versions])
    merged.sources = list(dict.fromkeys([*kept.sources, *other.sources]))
    merged.formats = list(dict.fromkeys([*kept.formats, *other.formats]))
    return merged


class Dated(Protocol):
    """Anything with a paper's date fields: a Paper, or a passage or citation that carries them."""

    date: str | None
    year: int | None


D = TypeVar("D", bound=Dated)
MONTH_NAMES = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
MONTHS = {name: number for number, name in enumerate(MONTH_NAMES, 1)}


def date_key(paper: Dated) -> tuple[float, int, int]:
    """Chronological order. A listing writes the year only for earlier years ('Mar 1, 2022' but 'May 25'), so a
    date without a year is this year's: later than every dated one."""
    text = (paper.date or "").lower()
    month = next((n for name, n in MONTHS.items() if re.search(rf"\b{name}", text)), 0)
    day_match = re.search(r"\b(\d{1,2})\b(?!\d)", re.sub(r"\b(19|20)\d\d\b", "", text))
    day = int(day_match.group(1)) if day_match else 0
    iso = re.match(r"(\d{4})-(\d{2})(?:-(\d{2}))?", paper.date or "")
    if iso:
        return float(iso.group(1)), int(iso.group(2)), int(iso.group(3) or 0)
    if paper.year is not None:
        return float(paper.year), month, day
    return (math.inf, month, day) if month else (-math.inf, 0, 0)  # no date at all: never the newest


def with_dates(items: Iterable[D]) -> list[D]:
    """The items that carry a date, in their order."""
    return [item for item in items if date_key(item)[0] != -math.inf]


def by_date(items: Sequence[D], newest: bool = False) -> list[D]:
    """Items in date order (oldest first, or newest first), those without a date last in their own order."""
    dated = with_dates(items)
    return sorted(dated, key=date_key, reverse=newest) + [item for item in items if item not in dated]
