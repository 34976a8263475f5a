"""The order a list is asked in: "Oldest first, please", "sorted by date", "newest to oldest". A list is shown by
relevance unless the question asks otherwise; the order a user asked for is also the order "the third one" counts in.
"Sorted by date" without a direction is chronological (oldest first)."""

from __future__ import annotations

import re
from typing import Literal

from paperchat.assistant.question.names import Span

DateOrder = Literal["oldest", "newest"]

NEWEST = r"newest|latest|most recent|recent"
OLDEST = r"oldest|earliest"
LIST_ORDER = re.compile(
    rf"\b(?:(?P<first>{NEWEST}|{OLDEST})(?: (?:ones?|papers?))? first"
    rf"|(?:sorted|ordered|sort(?: them| it)?|order(?: them| it)?|arranged|listed) (?:by|on) (?:the )?"
    rf"(?:date|year|time|recency|publication date)(?:\W+(?P<then>{NEWEST}|{OLDEST})(?: ones?)? first)?"
    rf"|(?:in )?(?P<chrono>chronological(?:ly)?|reverse chronological)(?: order)?"
    rf"|from (?:the )?(?P<start>{NEWEST}|{OLDEST}) to (?:the )?(?:{NEWEST}|{OLDEST}))\b",
    re.I,
)


def list_order(question: str) -> tuple[DateOrder | None, Span | None]:
    """The date order the question asks its papers in, and the phrase that asks it; (None, None) when it asks none."""
    match = LIST_ORDER.search(question)
    if match is None:
        return None, None
    said = (match.group("first") or match.group("then") or match.group("start") or "").lower()
    if match.group("chrono"):
        newest = match.group("chrono").lower().startswith("reverse")
    else:
        newest = bool(said) and re.fullmatch(NEWEST, said) is not None
    return ("newest" if newest else "oldest"), match.span()
