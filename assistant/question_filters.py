"""Filters stated in the question itself: "Yufeng Yang's robotics papers", "papers from 2025 on low-rank training".

Only names the catalog knows are recognised as authors or organisations, so ordinary words never become filters.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from assistant.filters import Filters
from ingest.papers import Paper

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


@dataclass
class InferredFilters:
    filters: Filters
    question: str  # the question with the filter phrases removed, for retrieval


def _plain(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def infer_filters(question: str, papers: list[Paper]) -> InferredFilters:
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
    if author := _known_name(remaining, {a for p in papers for a in p.authors}):
        found["author"] = author
        remaining = re.sub(re.escape(author) + r"(?:'s|’s)?", " ", remaining, flags=re.I)
    if org := _known_name(remaining, {p.org for p in papers if p.org}):
        found["org"] = org
        remaining = re.sub(re.escape(org), " ", remaining, flags=re.I)
    categories = {p.category for p in papers if p.category}
    if (match := CATEGORY.search(remaining)) and (value := match.group(1) or match.group(2)) in categories:
        found["category"] = value
    if CODE.search(remaining):
        found["has_code"] = True
    cleaned = re.sub(r"\s{2,}", " ", remaining).strip(" ,")
    return InferredFilters(Filters(**found), cleaned or question)


def _known_name(text: str, names: set[str]) -> str | None:
    """The longest catalogue name (two words or more) that the text contains as whole words."""
    plain = f" {' '.join(re.findall(r'[a-z0-9]+', _plain(text)))} "
    best = None
    for name in names:
        words = re.findall(r"[a-z0-9]+", _plain(name))
        if len(words) < 2 and len(name) < 4:
            continue
        if f" {' '.join(words)} " in plain and (best is None or len(name) > len(best)):
            best = name
    return best


def merge_filters(given: Filters | None, inferred: Filters) -> Filters:
    """Filters the user set explicitly win over those read from the question."""
    merged = inferred.model_dump()
    if given is not None:
        merged.update({k: v for k, v in given.model_dump().items() if v is not None})
    return Filters(**merged)
