"""The citation contract, enforced on any answer text whatever wrote it.

Markers refer to the numbered sources the answerer was given. Markers that do not resolve are dropped,
the rest renumbered 1..k by first use, one number per paper; claims without a citation are flagged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from paperchat.assistant.results import Citation, Passage
from paperchat.ingest.latex import clean_latex
from paperchat.ingest.text import without_title

# [3], [1, 2], [1-3], [1,2 ,5]: a group of numbers and ranges inside square brackets.
MARKER_GROUP = re.compile(r"\s?\[(\s*\d+\s*(?:[-–]\s*\d+\s*)?(?:[,;]\s*\d+\s*(?:[-–]\s*\d+\s*)?)*)\]")
MARKER_RUN = re.compile(r"\[\d+\](?:[ \t]*\[\d+\])+[ \t]?")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“(*-])|\n+")
# Sentences that frame an answer rather than state a fact from the papers need no citation.
FRAMING = re.compile(
    r"^\s*([-*]\s*)?(according to|based on|in summary|the indexed papers|here is|here are|these papers|"
    r"i (cannot|can't|could not)|the papers (do not|don't))",
    re.IGNORECASE,
)
MIN_CLAIM_WORDS = 6


@dataclass
class ValidatedText:
    text: str
    citations: list[Citation] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    dropped_markers: list[int] = field(default_factory=list)


def _numbers(group: str) -> list[int]:
    numbers: list[int] = []
    for part in re.split(r"[,;]", group):
        bounds = [int(x) for x in re.findall(r"\d+", part)]
        if len(bounds) == 2 and 0 < bounds[1] - bounds[0] < 20:
            numbers.extend(range(bounds[0], bounds[1] + 1))
        else:
            numbers.extend(bounds[:1])
    return numbers


def strip_markers(text: str) -> str:
    """Remove bracketed numbers from quoted paper text, so a paper's own '[9]' never poses as a citation."""
    return MARKER_GROUP.sub("", text)


def validate_citations(text: str, sources: list[Passage], snippets: dict[int, str] | None = None) -> ValidatedText:
    """`snippets` maps a source number to the exact passage quoted, when the answerer knows it."""
    snippets = snippets or {}
    number_of_paper: dict[str, int] = {}
    citations: list[Citation] = []
    dropped: list[int] = []

    def renumber(match: re.Match) -> str:
        kept: list[int] = []
        for n in _numbers(match.group(1)):
            if not 1 <= n <= len(sources):
                dropped.append(n)
                continue
            source = sources[n - 1]
            if source.paper_id not in number_of_paper:
                number_of_paper[source.paper_id] = len(number_of_paper) + 1
                citations.append(_citation(number_of_paper[source.paper_id], source, snippets.get(n)))
            if number_of_paper[source.paper_id] not in kept:
                kept.append(number_of_paper[source.paper_id])
        return (" " + "".join(f"[{n}]" for n in kept)) if kept else ""

    repaired = MARKER_GROUP.sub(renumber, text)
    repaired = MARKER_RUN.sub(_collapse_run, repaired)
    repaired = re.sub(r"[ \t]+([.,;:!?])", r"\1", repaired).strip()
    warnings = [f"dropped citation [{n}]: no such source" for n in dict.fromkeys(dropped)]
    claims = uncited_claims(repaired)
    # A sentence whose every marker named no source claimed support it does not have: listed, however short.
    claims += [c for c in _lost_their_citations(text, len(sources)) if c not in claims and c in repaired]
    warnings += [f"claim without a citation: {s!r}" for s in claims]
    return ValidatedText(repaired, citations, warnings, dropped)


def _lost_their_citations(text: str, sources: int) -> list[str]:
    """Sentences of `text` with markers, none of which names one of the `sources`: as they read once repaired."""
    lost = []
    for sentence in SENTENCE_END.split(text):
        groups = [_numbers(m.group(1)) for m in MARKER_GROUP.finditer(sentence)]
        if groups and not any(1 <= n <= sources for numbers in groups for n in numbers):
            lost.append(re.sub(r"[ \t]+([.,;:!?])", r"\1", MARKER_GROUP.sub("", sentence)).strip())
    return [sentence for sentence in lost if sentence]


def _collapse_run(match: re.Match) -> str:
    """'[1] [2][2]' → '[1][2]': one run of markers, each number once."""
    numbers = dict.fromkeys(re.findall(r"\d+", match.group(0)))
    return "".join(f"[{n}]" for n in numbers) + (" " if match.group(0).endswith(" ") else "")


def uncited_claims(text: str) -> list[str]:
    claims = []
    for sentence in SENTENCE_END.split(text):
        sentence = sentence.strip()
        if not sentence or "[" in sentence and MARKER_GROUP.search(sentence):
            continue
        if FRAMING.search(sentence) or sentence.endswith(":") or len(sentence.split()) < MIN_CLAIM_WORDS:
            continue
        claims.append(sentence)
    return claims


def _citation(n: int, source: Passage, snippet: str | None) -> Citation:
    passage = snippet or _passage(source)
    first, last = source.pages_of(passage)
    return Citation(
        **source.paper_fields(),
        n=n,
        snippet=clean_latex(passage),
        score=round(source.relevance, 4),
        chunk_id=source.chunk_id,
        page=first,
        page_end=last if last != first else None,
        section=source.section,
    )


def _passage(source: Passage) -> str:
    """The chunk text without the title line that chunking put in front of it."""
    return without_title(source.text, source.title)


class StreamedMarkers:
    """Text pieces as a model streams them, with each `[n]` group held back until it closes and shown only with
    the numbers that name one of the `sources` passages: a marker the checked answer would drop is never shown.
    Text that is not a marker (a bracket followed by words) is let through as soon as that is clear."""

    def __init__(self, sources: int) -> None:
        self.sources = sources
        self._held = ""

    def feed(self, piece: str) -> str:
        """What of the text so far can be shown now."""
        text, self._held, shown = self._held + piece, "", []
        while (start := text.find("[")) >= 0:
            shown.append(text[:start])
            end = text.find("]", start)
            opening = text[start + 1 : end if end >= 0 else len(text)]
            if not OPEN_MARKER.fullmatch(opening):  # "[a" is no marker: show the bracket, go on after it
                shown.append("[")
                text = text[start + 1 :]
                continue
            if end < 0:  # "[1, " so far: wait for the rest
                self._held = text[start:]
                return "".join(shown)
            kept = [n for n in _numbers(opening) if 1 <= n <= self.sources]
            shown.append("".join(f"[{n}]" for n in dict.fromkeys(kept)))
            text = text[end + 1 :]
        shown.append(text)
        return "".join(shown)

    def close(self) -> str:
        """At the end of the stream: an unfinished marker is dropped, never shown."""
        self._held = ""
        return ""


OPEN_MARKER = re.compile(r"[\s\d,;\-–]*")  # what may stand between "[" and "]" in a marker group
