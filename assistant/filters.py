"""Metadata filters (years, authors and their position, category, organisation, source, listing, code, number of
authors) resolved on the catalog."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from paperchat.assistant.errors import FiltersError, unknown_name
from paperchat.ingest.papers import Paper
from paperchat.ingest.text import words

AuthorPosition = Literal["first", "last"]
MODIFIERS = frozenset({"keep_undated", "ignore_inferred"})  # change how other filters apply; select nothing alone


class Filters(BaseModel):
    """Which papers a question may draw on; every field left None selects all. Build one with keywords, or pass a
    dict with the same names anywhere filters are taken. An unknown name or a value of the wrong type is a
    FiltersError listing the valid names."""

    model_config = ConfigDict(extra="forbid")

    year_from: int | None = Field(None, description="Earliest year, inclusive.")
    year_to: int | None = Field(None, description="Latest year, inclusive.")
    author: str | None = Field(None, description="An author's name; case, accents and name order are ignored.")
    authors: list[str] | None = Field(None, description="Several authors, all of whom must be on the paper.")
    author_position: AuthorPosition | None = Field(
        None, description="The (first) named author is the paper's first or last author."
    )
    category: str | None = Field(None, description="Category as listed, e.g. CV or cs.LG (cs.LG matches LG).")
    org: str | None = Field(None, description="Organisation, case-insensitive substring.")
    source: str | None = Field(None, description="Source file path, or a part of it.")
    formats: list[str] | None = Field(
        None, description="Kinds of source that listed the paper, any of: profile-listing, daily-listing, pdf, ..."
    )
    has_code: bool | None = Field(None, description="Only papers that release code.")
    n_authors: int | None = Field(None, description="Papers that list exactly this many authors.")
    min_authors: int | None = Field(None, description="Papers that list at least this many authors.")
    max_authors: int | None = Field(None, description="Papers that list at most this many authors.")
    paper_ids: list[str] | None = Field(None, description="Only these papers (follow-up questions use it).")
    exclude_paper_ids: list[str] | None = Field(
        None, description="Leave out these papers (a follow-up asking for others, or correcting its target, uses it)."
    )
    keep_undated: bool | None = Field(None, description="With a year range, also keep papers whose year is unknown.")
    ignore_inferred: list[str] | None = Field(
        None, description="Filters the question's own words set that should not apply, by name (e.g. author)."
    )

    @field_validator("ignore_inferred")
    @classmethod
    def _known_names(cls, names: list[str] | None) -> list[str] | None:
        unknown = [name for name in names or [] if name not in cls.model_fields]
        if unknown:
            raise ValueError(unknown_name("filter name in ignore_inferred", unknown[0], cls.model_fields))
        return names

    def __init__(self, **values: Any) -> None:  # noqa: ANN401 - pydantic's keyword arguments
        if unknown := [name for name in values if name not in type(self).model_fields]:
            raise FiltersError(unknown_name("filter", unknown[0], type(self).model_fields))
        try:
            super().__init__(**values)
        except ValidationError as error:
            problems = "; ".join(
                f"{'.'.join(str(part) for part in problem['loc'])}: {problem['msg']}, got {problem['input']!r}"
                for problem in error.errors()
            )
            raise FiltersError(f"invalid filters: {problems}") from error

    def __repr__(self) -> str:
        return f"Filters({', '.join(f'{name}={value!r}' for name, value in self.describe().items())})"

    def check_years(self) -> Filters:
        """The filters, when the year range runs forwards; else a FiltersError."""
        if self.year_from is not None and self.year_to is not None and self.year_from > self.year_to:
            raise FiltersError(
                f"year_from {self.year_from} is after year_to {self.year_to}: no year is in that range "
                f"(did you mean year_from={self.year_to}, year_to={self.year_from}?)"
            )
        return self

    def is_empty(self) -> bool:
        """Nothing selects papers: the modifiers alone (keep_undated, ignore_inferred) select none."""
        return not any(v is not None for k, v in self.model_dump().items() if k not in MODIFIERS)

    def describe(self) -> dict:
        """The fields that are set, by name."""
        return {k: v for k, v in self.model_dump().items() if v is not None}

    def named_authors(self) -> list[str]:
        """Every author the filters name, `author` first; all of them must match."""
        return list(dict.fromkeys([*([self.author] if self.author else []), *(self.authors or [])]))

    def sentence(self) -> str:
        """'Filters applied: author Yufeng Yang; years 2024–2025.' or '' when nothing is filtered."""
        described = self.describe()
        parts = []
        if names := self.named_authors():
            position = f" ({self.author_position} author)" if self.author_position else ""
            parts.append(f"author{'s' if len(names) > 1 else ''} {' and '.join(names)}{position}")
        parts += [f"{name} {described[name]}" for name in ("org", "category", "source") if name in described]
        if self.formats:
            parts.append(f"listed in {' or '.join(self.formats)}")
        low, high = described.get("year_from"), described.get("year_to")
        if low is not None or high is not None:
            parts.append(f"year {low}" if low == high else f"years {low or '…'}–{high or '…'}")
            if self.keep_undated:
                parts[-1] += " or undated"
        if described.get("has_code"):
            parts.append("with code")
        elif described.get("has_code") is False:
            parts.append("without code")
        if self.n_authors is not None:
            parts.append(f"{self.n_authors} author{'s' if self.n_authors != 1 else ''}")
        if self.min_authors is not None:
            parts.append(f"at least {self.min_authors} authors")
        if self.max_authors is not None:
            parts.append(f"at most {self.max_authors} authors")
        if ids := described.get("paper_ids"):  # papers the caller chose (a follow-up's own scope is said apart)
            parts.append("only the chosen paper" if len(ids) == 1 else f"only the {len(ids)} chosen papers")
        return f"Filters applied: {'; '.join(parts)}." if parts else ""


def merge_filters(given: Filters | None, inferred: Filters) -> Filters:
    """The filters read from the question (`inferred`) with every field that `given` sets taken from `given`
    (filters set explicitly win), less those `given.ignore_inferred` names. A year `given` sets that leaves no
    year in the range drops the inferred bound on the other side."""
    merged = inferred.model_dump()
    if given is not None:
        for name in given.ignore_inferred or []:
            merged[name] = None
        merged.update({k: v for k, v in given.model_dump().items() if v is not None})
        low, high = merged["year_from"], merged["year_to"]
        if low is not None and high is not None and low > high:  # the given bound wins over an inferred one
            merged["year_to" if given.year_from is not None else "year_from"] = None
    return Filters(**merged)


def _name_tokens(name: str) -> frozenset[str]:
    return frozenset(words(name))


def author_matches(paper: Paper, wanted: str, position: AuthorPosition | None = None) -> bool:
    """'Yufeng Yang', 'yang yufeng' and 'Yang, Yufeng' all match; a single name matches a surname or given name.
    With a position, only the first author (or the last, when the list is complete) is looked at. Without one, the
    researcher whose profile lists the paper is an author too, where its author line stops before their name."""
    tokens = _name_tokens(wanted)
    if tokens and position is None and paper.profile_of and tokens <= _name_tokens(paper.profile_of):
        return True
    if not tokens or not paper.authors:
        return False
    if position == "first":
        candidates = paper.authors[:1]
    elif position == "last":
        candidates = [] if paper.authors_truncated else paper.authors[-1:]
    else:
        candidates = paper.authors
    return any(tokens <= _name_tokens(author) for author in candidates)


def _category_matches(paper: Paper, wanted: str) -> bool:
    have = (paper.category or "").lower()
    want = wanted.lower()
    return bool(have) and (have == want or have.split(".")[-1] == want.split(".")[-1])


def _authors_match(paper: Paper, filters: Filters) -> bool:
    names = filters.named_authors()
    return all(author_matches(paper, name, filters.author_position if i == 0 else None) for i, name in enumerate(names))


def _year_matches(paper: Paper, filters: Filters) -> bool:
    if paper.year is None:  # a year range leaves out undated papers unless asked to keep them
        return bool(filters.keep_undated) or (filters.year_from is None and filters.year_to is None)
    if filters.year_from is not None and paper.year < filters.year_from:
        return False
    return filters.year_to is None or paper.year <= filters.year_to


def paper_matches(paper: Paper, filters: Filters) -> bool:
    if not _year_matches(paper, filters):
        return False
    if not _authors_match(paper, filters):
        return False
    if filters.category and not _category_matches(paper, filters.category):
        return False
    if filters.org and filters.org.lower() not in (paper.org or "").lower():
        return False
    if filters.source and not any(filters.source in source for source in paper.sources):
        return False
    if filters.formats is not None and not set(filters.formats) & set(paper.formats):
        return False
    if filters.n_authors is not None and paper.authors_count != filters.n_authors:
        return False
    if filters.min_authors is not None and (paper.authors_count or len(paper.authors)) < filters.min_authors:
        return False  # a shortened list ("A, B, C et al.") still has at least the authors it shows
    if filters.max_authors is not None and (paper.authors_count is None or paper.authors_count > filters.max_authors):
        return False
    if filters.paper_ids is not None and paper.paper_id not in filters.paper_ids:
        return False
    if filters.exclude_paper_ids and paper.paper_id in filters.exclude_paper_ids:
        return False
    return filters.has_code is None or paper.has_code == filters.has_code
