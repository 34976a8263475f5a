"""Filters stated in the question itself: "Yufeng Yang's robotics papers", "papers from 2025 on low-rank training".

Only names the catalog knows are recognised as authors or organisations, so ordinary words never become filters.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass

from paperchat.assistant.filters import Filters
from paperchat.ingest.papers import Paper
from paperchat.ingest.text import words

YEAR = r"((?:19|20)\d\d)"
YEAR_PATTERNS: list[tuple[re.Pattern, str]] = [
    (re.compile(rf"\bbetween {YEAR} and {YEAR}\b", re.I), "range"),
    (re.compile(rf"\bfrom {YEAR} (?:to|until|through|-) {YEAR}\b", re.I), "range"),
    (re.compile(rf"\b{YEAR}\s*(?:-|–|\.\.|to)\s*{YEAR}\b", re.I), "range"),
    (re.compile(rf"\b(?:since|after|from|starting in) {YEAR}\b", re.I), "from"),
    (re.compile(rf"\b(?:before|until|up to|prior to) {YEAR}\b", re.I), "to"),
    (re.compile(rf"\b(?:in|of|during|published in) {YEAR}\b", re.I), "exact"),
    (re.compile(rf"\b{YEAR}(?:'s)? papers\b", re.I), "exact"),
]
CODE = re.compile(
    r"\b(with|release[sd]?|releasing|share[sd]?|open[- ]sourced?|available|public|have|has) (their |the )?code\b"
    r"|\bcode (release[sd]?|releases|available|is available)\b|\bopen[- ]source\b",
    re.I,
)
CATEGORY = re.compile(
    r"\b(?:in|category|from)\s+(?:the\s+)?((?:cs|stat|eess|math)\.[A-Z]{2})\b|\b([A-Z]{2})\s+papers\b"
)
MAX_NAME_WORDS = 12  # longer "names" are sentences that landed in an author or organisation field


@dataclass
class InferredFilters:
    filters: Filters
    question: str  # the question with the filter phrases removed, for retrieval


@dataclass(frozen=True)
class KnownNames:
    """The catalog's author and organisation names keyed by their words, and its categories. A question is
    matched against them in time that grows with the question, not with the library (100k papers: 54 ms -> 0)."""

    authors: dict[tuple[str, ...], str]
    orgs: dict[tuple[str, ...], str]
    categories: frozenset[str]

    @classmethod
    def of(cls, papers: Iterable[Paper]) -> KnownNames:
        authors: dict[tuple[str, ...], str] = {}
        orgs: dict[tuple[str, ...], str] = {}
        categories = set()
        for paper in papers:
            for author in paper.authors:
                _remember(authors, author)
            if paper.org:
                _remember(orgs, paper.org)
            if paper.category:
                categories.add(paper.category)
        return cls(authors, orgs, frozenset(categories))


class KnownNamesCache:
    """KnownNames of the latest catalog version, rebuilt only when the catalog changes."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cached: tuple[object, KnownNames] | None = None

    def get(self, version: object, papers: Iterable[Paper]) -> KnownNames:
        with self._lock:
            if self._cached is None or self._cached[0] != version:
                self._cached = (version, KnownNames.of(papers))
            return self._cached[1]


def _words(text: str) -> tuple[str, ...]:
    return tuple(words(text))


def _remember(names: dict[tuple[str, ...], str], name: str) -> None:
    words = _words(name)
    if not words or len(words) > MAX_NAME_WORDS or (len(words) < 2 and len(name) < 4):  # "Li", "AI": too common
        return
    if len(name) > len(names.get(words, "")):
        names[words] = name


def infer_filters(question: str, names: KnownNames) -> InferredFilters:
    found: dict[str, object] = {}
    remaining = question
    for pattern, kind in YEAR_PATTERNS:
        if match := pattern.search(remaining):
            years = [int(y) for y in match.groups()]
            if kind == "range":
                found["year_from"], found["year_to"] = min(years), max(years)
            elif kind == "from":
                found["year_from"] = years[0] + (1 if "after" in match.group(0).lower() else 0)
            elif kind == "to":
                found["year_to"] = years[0] - (0 if re.search(r"until|up to", match.group(0), re.I) else 1)
            else:
                found["year_from"] = found["year_to"] = years[0]
            remaining = remaining.replace(match.group(0), " ")
            break
    if author := _known_name(remaining, names.authors):
        found["author"] = author
        remaining = re.sub(re.escape(author) + r"(?:'s|’s)?", " ", remaining, flags=re.I)
    if org := _known_name(remaining, names.orgs):
        found["org"] = org
        remaining = re.sub(re.escape(org), " ", remaining, flags=re.I)
    if (match := CATEGORY.search(remaining)) and (value := match.group(1) or match.group(2)) in names.categories:
        found["category"] = value
    if CODE.search(remaining):
        found["has_code"] = True
    cleaned = re.sub(r"\s{2,}", " ", remaining).strip(" ,")
    return InferredFilters(Filters(**found), cleaned or question)


def _known_name(text: str, names: dict[tuple[str, ...], str]) -> str | None:
    """The longest catalogue name (two words or more) that the text contains as whole words."""
    words = _words(text)
    best = None
    for start in range(len(words)):
        for end in range(start + 1, min(len(words), start + MAX_NAME_WORDS) + 1):
            name = names.get(words[start:end])
            if name is not None and (best is None or len(name) > len(best)):
                best = name
    return best


def merge_filters(given: Filters | None, inferred: Filters) -> Filters:
    """Filters the user set explicitly win over those read from the question."""
    merged = inferred.model_dump()
    if given is not None:
        merged.update({k: v for k, v in given.model_dump().items() if v is not None})
    return Filters(**merged)
