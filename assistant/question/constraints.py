"""Constraints a question states on the catalog: authors (all of them) and their position, organisation, years,
category, code, the listing a paper came from, and the number of authors. Each found phrase is reported with where
it stands, so the reader can take it out of the retrieval topic."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from paperchat.assistant.filters import Filters
from paperchat.assistant.question.categories import find_category
from paperchat.assistant.question.names import KnownNames, Span

YEAR = r"((?:19|20)\d\d)"
YEAR_PATTERNS: list[tuple[re.Pattern, str]] = [
    (re.compile(rf"\b(?:published |posted |released )?between {YEAR} and {YEAR}\b", re.I), "range"),
    (re.compile(rf"\b(?:published |posted )?from {YEAR} (?:to|until|through|-) {YEAR}\b", re.I), "range"),
    (re.compile(rf"\b{YEAR}\s*(?:-|–|\.\.|to)\s*{YEAR}\b", re.I), "range"),
    (re.compile(rf"\b(?:in )?{YEAR} (?:and|or) {YEAR}\b", re.I), "range"),
    (
        re.compile(
            rf"\b(?:published |posted )?(?:in )?{YEAR} (?:or|and) (?:later|after|newer)\b|\b{YEAR} onwards?\b", re.I
        ),
        "from",
    ),
    (re.compile(rf"\b(?:published |posted )?(?:in )?{YEAR} (?:or|and) (?:earlier|before|older)\b", re.I), "to"),
    (re.compile(rf"\b(?:published |posted )?(?:since|after|starting in|starting from) {YEAR}\b", re.I), "from"),
    (re.compile(rf"\b(?:published |posted )?(?:before|until|up to|prior to) {YEAR}\b", re.I), "to"),
    (re.compile(rf"\b(?:published |posted |released |appeared )?(?:in|of|during|from) {YEAR}\b", re.I), "exact"),
    # A dating verb right before the year ("dated 2025", "posted 2024"): the year the paper carries.
    (re.compile(rf"\b(?:dated|published|posted|released|uploaded|submitted) {YEAR}\b", re.I), "exact"),
    (
        re.compile(rf"\b{YEAR}(?:'s)? (?=(?:\w+ )?(?:papers?|entries|entry|works?|publications?|ones?)\b)", re.I),
        "exact",
    ),  # "the 2025 ones"
]
WITHOUT_CODE = re.compile(r"\b(?:without|no|lack(?:ing)?|(?:do|does|did) not (?:release|share|have)) (?:any )?code\b")
CODE = re.compile(
    r"\b(?:with|release[sd]?|releasing|share[sd]?|sharing|open[- ]sourced?|provide[sd]?|having|have|has) "
    r"(?:their |the |public |open[- ]source )?code(?: available| released| link)?\b"
    r"|\b(?:marked as )?(?:having )?code (?:release[sd]?|releases|available|is available|link)\b"
    r"|\b(?:a |an |the |their )?(?:github|gitlab|code) (?:link|url|repo(?:sitory)?|page)\b"
    r"|\bopen[- ]source(?:d)?\b|\bcode[- ]available\b",
    re.I,
)
# Where the code is, said after the code phrase ("have code on github"): part of the phrase, not a topic.
CODE_PLACE = re.compile(r"\s+(?:on|in|at) (?:a |an |the )?(?:public )?(?:github|gitlab|repo(?:sitory)?)\b", re.I)
# Which listing a paper came from, by the word that names the kind of source.
FORMAT_PHRASES: list[tuple[re.Pattern, str]] = [
    (
        re.compile(r"\b(?:on |in |from )?(?:the )?daily[- ](?:papers?[- ])?(?:listing|list|page|feed)s?\b", re.I),
        "daily-listing",
    ),
    (re.compile(r"\bdaily[- ]papers\b", re.I), "daily-listing"),
    (
        re.compile(
            r"\b(?:on |in |from )?(?:the |(?:[\w-]+ ){0,3}[\w-]+(?:'s|’s) )?profile\b(?:'s|’s)?(?: page| listing)?",
            re.I,
        ),
        "profile-listing",
    ),
    (re.compile(r"\b(?:in |from )?(?:the )?(?:pdfs?|pdf files)\b", re.I), "pdf"),
    (re.compile(r"\b(?:in |from )?(?:the )?title[- ]list\b", re.I), "title-list"),
]
POSITION = re.compile(
    r"\b(?:as |is |was |the )?(?:(first|lead|leading|last|senior)[- ]author"
    r"|(?:listed|named|comes|appears) (first|last))\b",
    re.I,
)
PEOPLE = r"(?:people|persons|researchers|writers|individuals|scientists)"
SINGLE_AUTHOR = re.compile(
    r"\b(?:only )?(?:a )?(?:single|one|sole|solo)[- ]author(?:ed)?\b|\bsingle-authored\b"
    r"|\bby (?:just |only )?(?:one|a single|a lone|a sole) (?:person|researcher|writer|individual|scientist)\b",
    re.I,
)
NUMBER = r"(\d+|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty)"
NUMBER_WORDS = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
}
N_AUTHORS = re.compile(
    rf"\b(?:with |list(?:ing)? |by |have |has )?(exactly |only |more than |over |at least |fewer than |less than "
    rf"|under |at most |no more than )?{NUMBER} (?:or more )?(?:co-?)?authors\b",
    re.I,
)
# People count as authors only when they wrote it: "written by three people", not "a study of 20 people".
N_PEOPLE = re.compile(
    rf"\bby (exactly |only |just |more than |over |at least |fewer than |less than |under |at most |no more than )?"
    rf"{NUMBER} (?:or more )?{PEOPLE}\b",
    re.I,
)
# "Minghao Ning first", "with Yufeng Yang last": a position right after the name.
POSITION_AFTER_NAME = re.compile(
    r"^(?:'s|’s)?\s+(?:as\s+)?(?:the\s+)?(first|last)\b(?!\s*(?:-|\s)?(?:order|author))", re.I
)
POSSESSIVE = re.compile(r"^(?:'s|’s)")
PROFILE_OWNER = re.compile(r"^(?:'s|’s)\s+(?:\w+\s+)?profile\b", re.I)
AUTHOR_WORDS = re.compile(r"\b(?:co-?)?author(?:ed|s)?|\bwr(?:ote|itten)|\bby\b|'s papers|’s papers|profile", re.I)


# A name the question sets aside is not a constraint: "besides the Z.ai one", "other than NVIDIA's", "not by X".
NEGATED_BEFORE = re.compile(
    r"\b(?:besides|except|excluding|other than|apart from|aside from|not|rather than|instead of)\s+(?:by\s+|from\s+)?"
    r"(?:the\s+)?$",
    re.I,
)


@dataclass
class Constraints:
    filters: Filters
    spans: list[Span] = field(default_factory=list)  # the phrases that stated them
    notes: list[str] = field(default_factory=list)  # what was read softly, for the answer to say


def read_constraints(
    question: str, names: KnownNames, categories: Iterable[str], formats: Iterable[str]
) -> Constraints:
    found: dict[str, object] = {}
    spans: list[Span] = []
    for pattern, kind in YEAR_PATTERNS:
        if match := pattern.search(question):
            years = [int(y) for y in match.groups() if y]
            if kind == "range":
                found["year_from"], found["year_to"] = min(years), max(years)
            elif kind == "from":
                found["year_from"] = years[0] + (1 if "after" in match.group(0).lower() else 0)
            elif kind == "to":
                inclusive = re.search(
                    r"until|up to|or earlier|or before|or older|and earlier|and before", match.group(0), re.I
                )
                found["year_to"] = years[0] - (0 if inclusive else 1)
            else:
                found["year_from"] = found["year_to"] = years[0]
            spans.append(match.span())
            break
    if match := WITHOUT_CODE.search(question):
        found["has_code"] = False
        spans.append(match.span())
    elif match := CODE.search(question):
        found["has_code"] = True
        place = CODE_PLACE.match(question, match.end())
        spans.append((match.start(), place.end() if place else match.end()))
    known_formats = set(formats)
    wanted_formats = []
    for pattern, name in FORMAT_PHRASES:
        if name in known_formats and name not in wanted_formats and (match := pattern.search(question)):
            wanted_formats.append(name)
            spans.append(match.span())
    if wanted_formats:
        found["formats"] = list(dict.fromkeys(wanted_formats))
    # "Yufeng Yang's profile" names the listing, which also shows papers whose shortened author list leaves him out.
    found_authors = names.find_authors(question)
    authors = [(n, span) for n, span in found_authors if not PROFILE_OWNER.match(question[span[1] :])]
    notes = []
    for name, span in names.near_authors(question, [span for _, span in found_authors]):  # a typo in a known name
        authors.append((name, span))
        notes.append(f"Reading “{question[span[0] : span[1]]}” as the author {name}.")
    authors = [(name, span) for name, span in authors if not NEGATED_BEFORE.search(question[: span[0]])]
    authors.sort(key=lambda found: found[1])
    orgs = [
        (org, span)
        for org, span in names.find_orgs(question)
        if not _inside(span, [s for _, s in authors]) and not NEGATED_BEFORE.search(question[: span[0]])
    ]
    if authors:
        found["author"] = authors[0][0]
        if len(authors) > 1:
            found["authors"] = [name for name, _ in authors[1:]]
        for _, (start, end) in authors:
            possessive = POSSESSIVE.match(question[end:])
            spans.append((start, end + (possessive.end() if possessive else 0)))
        after = POSITION_AFTER_NAME.match(question[authors[0][1][1] :])
        if after and not POSITION.search(question):
            found["author_position"] = after.group(1).lower()
            spans.append((authors[0][1][1], authors[0][1][1] + after.end()))
        elif match := POSITION.search(question):
            found["author_position"] = "first" if (match.group(1) or match.group(2)).lower() != "last" else "last"
            if (match.group(1) or "").lower() == "senior":
                found["author_position"] = "last"
            spans.append(match.span())
    if orgs:
        found["org"] = orgs[0][0]
        spans.append(orgs[0][1])
    if category := find_category(question, categories):
        found["category"] = category[0]
        spans += category[1]
    if match := SINGLE_AUTHOR.search(question):
        found["n_authors"] = 1
        spans.append(match.span())
    elif match := N_AUTHORS.search(question) or N_PEOPLE.search(question):
        bound, number = (match.group(1) or "").strip().lower(), match.group(2).lower()
        count = NUMBER_WORDS.get(number) or int(number)
        if bound in ("more than", "over") or "or more" in match.group(0).lower():
            found["min_authors"] = count + (0 if "or more" in match.group(0).lower() else 1)
        elif bound == "at least":
            found["min_authors"] = count
        elif bound in ("fewer than", "less than", "under"):
            found["max_authors"] = count - 1
        elif bound in ("at most", "no more than"):
            found["max_authors"] = count
        else:
            found["n_authors"] = count
        spans.append(match.span())
    return Constraints(Filters(**found), spans, notes)


def _inside(span: Span, others: list[Span]) -> bool:
    return any(start <= span[0] and span[1] <= end for start, end in others)


def speaks_of_authors(question: str) -> bool:
    """The question is about who wrote papers ("co-authored", "by", "X's papers")."""
    return bool(AUTHOR_WORDS.search(question))
