"""Whether a line a PDF prints large is a paper's title, and what a paper without one is called.

A title is words that name a paper. Text set in large type on page 1 is often something else: a DOI, an arXiv or
report identifier, a date, a journal, conference or series banner, a running header (a line that comes back on
other pages), a section word ("Abstract", "Contents", "Review"), a lone stop word ("the") or a fragment of fewer
than two real words. `rejection` names which of these a candidate is, so the reader can take the next candidate or
the PDF's own metadata instead; a paper with no credible title is named after its file, and flagged as a guess.
"""

from __future__ import annotations

import re
from pathlib import PurePath

from paperchat.ingest.formats.pdf.authors import STAMP
from paperchat.ingest.formats.pdf.text import line_key
from paperchat.ingest.sections import heading_of

_STOP_WORDS = {
    "a", "an", "the", "of", "and", "or", "in", "on", "for", "to", "by", "with", "at", "from", "as", "is", "are",
    "le", "la", "les", "de", "des", "du", "et", "der", "die", "das", "und", "el", "los", "y",
}  # fmt: skip
_DOI = re.compile(r"\b10\.\d{4,9}/\S+|^doi\b", re.IGNORECASE)
_ARXIV = re.compile(r"\barxiv\b|^\s*\d{4}\.\d{4,5}(v\d+)?\b|\b[a-z-]+(\.[a-z]{2})?/\d{7}\b", re.IGNORECASE)
_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DATE = re.compile(
    rf"^\W*((\d{{1,2}}(st|nd|rd|th)?\s+)?{_MONTH}\s+(\d{{1,2}}(st|nd|rd|th)?,?\s+)?\d{{4}}|\d{{4}}[-/.]\d{{1,2}}[-/.]\d{{1,2}}"
    rf"|\d{{1,2}}[-/.]\d{{1,2}}[-/.]\d{{2,4}}|(19|20)\d\d)\W*$",
    re.IGNORECASE,
)
_DATED = re.compile(r"^(submitted|received|accepted|published|posted|revised|version|draft|printed)\b", re.IGNORECASE)
_BANNER = re.compile(
    r"^(proceedings|journal|transactions|annals|bulletin|letters|acta|revue|zeitschrift)\b|"
    r"\b(conference|symposium|workshop|congress|colloquium|meeting|summit) (on|of)\b|\bvol(ume)?\.?\s*\d|"
    r"\bno\.\s*\d|\bpp\.\s*\d|\bissue\s+\d|\b(special )?publication\s+\d|\btechnical report\b|\breport no\b|"
    r"\b(working|discussion) paper\b|\bwhite paper\b|\bpreprint\b|\bissn\b|\bisbn\b",
    re.IGNORECASE,
)
_SECTION_WORDS = re.compile(
    r"^(abstract|summary|contents|table of contents|review|article|research|letter|communication|editorial|preface|"
    r"foreword|highlights|keywords|key words|research article|review article|original article|short communication|"
    r"technical note|(chapter|part|section|appendix)\s+[\w.]+|supplementary (material|information))$",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W\d_]+")
MIN_REAL_WORDS = 2  # words of three letters or more that are not stop words
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")  # kana, CJK ideographs, hangul
MIN_UNSPACED_CHARS = 4


def rejection(title: str, running: set[str] | frozenset[str] = frozenset()) -> str | None:
    """Why `title` is not a credible title ('a DOI', 'a date', ...), or None when it is one."""
    text = " ".join(title.split())
    words = [word.lower() for word in _WORD.findall(text)]
    if not words:
        return "no words"
    if len(words) == 1 and words[0] in _STOP_WORDS:
        return "a single stop word"
    if _DOI.search(text):
        return "a DOI"
    if _ARXIV.search(text):
        return "an arXiv identifier"
    if _is_identifier(text):
        return "a report number"
    if _DATE.match(text) or _DATED.match(text):
        return "a date"
    if _BANNER.search(text) or STAMP.search(text):
        return "a journal, conference or series banner"
    if running and line_key(text) in running:
        return "a running header"
    if _SECTION_WORDS.match(text.strip(" .:")) or (heading_of(text) is not None and len(words) <= 3):
        return "a section heading"
    if len(_UNSPACED.findall(text)) >= MIN_UNSPACED_CHARS:  # Chinese, Japanese: words are not spaced
        return None
    if sum(len(word) >= 3 and word not in _STOP_WORDS for word in words) < MIN_REAL_WORDS:
        return "fewer than two real words"
    return None


def credible(title: str, running: set[str] | frozenset[str] = frozenset()) -> bool:
    return rejection(title, running) is None


def file_title(source: str) -> str:
    """What a paper without a credible title is called: its file's name without the extension."""
    name = PurePath(source.replace("\\", "/")).name
    stem = name.rsplit(".", 1)[0] if "." in name.strip(".") else name
    return stem or name or source


def _is_identifier(text: str) -> bool:
    """'APS/123-QED', 'NIST SP 800-223', 'CERN-EP-2016-123': no lower-case word, some digits, few tokens."""
    tokens = text.split()
    return (
        len(tokens) <= 5
        and any(char.isdigit() for char in text)
        and not re.search(r"[a-z]{2}", text)
        and sum(char.isalpha() for char in text) <= 2 * sum(char.isdigit() for char in text) + 8
    )
