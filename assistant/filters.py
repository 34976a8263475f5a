"""Metadata filters (year range, author, category, organisation, source, has-code) resolved on the catalog."""

from __future__ import annotations

from pydantic import BaseModel, Field

from paperchat.ingest.papers import Paper
from paperchat.ingest.text import words


class Filters(BaseModel):
    year_from: int | None = Field(None, description="Earliest year, inclusive.")
    year_to: int | None = Field(None, description="Latest year, inclusive.")
    author: str | None = Field(None, description="An author's name; case, accents and name order are ignored.")
    category: str | None = Field(None, description="Category as listed, e.g. CV or cs.LG (cs.LG matches LG).")
    org: str | None = Field(None, description="Organisation, case-insensitive substring.")
    source: str | None = Field(None, description="Source file path, or a part of it.")
    has_code: bool | None = Field(None, description="Only papers that release code.")
    paper_ids: list[str] | None = Field(None, description="Only these papers (follow-up questions use it).")

    def is_empty(self) -> bool:
        return not any(v is not None for v in self.model_dump().values())

    def describe(self) -> dict:
        return {k: v for k, v in self.model_dump().items() if v is not None}

    def sentence(self) -> str:
        """'Filters applied: author Yufeng Yang; years 2024–2025.' or '' when nothing is filtered."""
        described = self.describe()
        parts = [
            f"{name.replace('_', ' ')} {described[name]}"
            for name in ("author", "org", "category", "source")
            if name in described
        ]
        low, high = described.get("year_from"), described.get("year_to")
        if low is not None or high is not None:
            parts.append(f"year {low}" if low == high else f"years {low or '…'}–{high or '…'}")
        if described.get("has_code"):
            parts.append("with code")
        if described.get("paper_ids"):
            parts.append(f"the {len(described['paper_ids'])} paper(s) discussed above")
        return f"Filters applied: {'; '.join(parts)}." if parts else ""


def _name_tokens(name: str) -> frozenset[str]:
    return frozenset(words(name))


def author_matches(paper: Paper, wanted: str) -> bool:
    """'Yufeng Yang', 'yang yufeng' and 'Yang, Yufeng' all match; a single name matches a surname or given name."""
    tokens = _name_tokens(wanted)
    return bool(tokens) and any(tokens <= _name_tokens(author) for author in paper.authors)


def _category_matches(paper: Paper, wanted: str) -> bool:
    have = (paper.category or "").lower()
    want = wanted.lower()
    return bool(have) and (have == want or have.split(".")[-1] == want.split(".")[-1])


def paper_matches(paper: Paper, filters: Filters) -> bool:
    if filters.year_from is not None and (paper.year is None or paper.year < filters.year_from):
        return False
    if filters.year_to is not None and (paper.year is None or paper.year > filters.year_to):
        return False
    if filters.author and not author_matches(paper, filters.author):
        return False
    if filters.category and not _category_matches(paper, filters.category):
        return False
    if filters.org and filters.org.lower() not in (paper.org or "").lower():
        return False
    if filters.source and not any(filters.source in source for source in paper.sources):
        return False
    if filters.paper_ids is not None and paper.paper_id not in filters.paper_ids:
        return False
    return filters.has_code is None or paper.has_code == filters.has_code
