"""A paper's full text cut at its section headings, and which sections are its reference list.

A heading is a short line of its own that either starts with a section number ("4.1 Results", "B. New nls
options", "IV. EVALUATION") or is one of the names papers give their sections ("Introduction", "References").
It has few words, mostly letters, no footnote marks, no full stop inside, and does not stop on a word like "to"
or "the" as a sentence cut at a line break does; table rows and list items rarely do all that.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NUMBERED = re.compile(
    r"^(?P<number>\d{1,2}(?:\.\d{1,2}){0,3}\.?|[A-H]\.(?:\d{1,2}(?:\.\d{1,2})*\.?)?|[IVX]{1,5}\.)\s+(?P<name>[A-Z].*)$"
)
_NAMED = re.compile(
    r"^(abstract|introduction|related work|background|preliminaries|methods?|materials and methods|methodology|"
    r"experiments?|experimental setup|evaluation|results|results and discussion|discussion|conclusions?|"
    r"limitations|future work|acknowledge?ments?|references|bibliography|literature cited|works cited|"
    r"appendix(?:\s+[A-Z0-9]+)?(?:[.:]\s*.*)?|supplementary material|supporting information|author contributions|"
    r"funding|data availability|competing interests)$",
    re.IGNORECASE,
)
REFERENCES = re.compile(r"^(references|bibliography|literature cited|works cited|reference list)$", re.IGNORECASE)
_HEADING_CHARS = re.compile(r"[\w\s\-–—:,'’()/&?]+")
# A heading never stops on one of these; a sentence cut at a line break often does.
_FUNCTION_WORDS = {"a", "an", "the", "of", "to", "and", "or", "for", "with", "in", "on", "by", "from", "as", "at", "is"}
_MAX_HEADING_WORDS = 12
_MAX_HEADING_CHARS = 90
_MIN_LETTER_SHARE = 0.6


@dataclass
class Section:
    heading: str  # "" for the text before the first heading
    text: str

    @property
    def is_references(self) -> bool:
        return bool(REFERENCES.match(_name(self.heading)))


def heading_of(line: str) -> str | None:
    """The line as a heading ("4.1 Results") when it is one, else None."""
    line = " ".join(line.split())
    if not line or len(line) > _MAX_HEADING_CHARS or len(line.split()) > _MAX_HEADING_WORDS:
        return None
    if _NAMED.match(line.rstrip(".:")):
        return line.rstrip(".:")
    match = _NUMBERED.match(line)
    if not match:
        return None
    name = match.group("name")
    letters = sum(ch.isalpha() or ch.isspace() for ch in name)
    if letters < _MIN_LETTER_SHARE * len(name) or name.endswith((".", ",", ";", ":")) or len(name) < 3:
        return None
    if re.search(r"\b(19|20)\d\d\b|https?:|@", name):  # a reference or an address, not a heading
        return None
    if not _HEADING_CHARS.fullmatch(name) or re.search(r"\w\.\s+\w", name):  # marks, or a sentence going on
        return None
    last_word = name.split()[-1].lower()
    return None if last_word in _FUNCTION_WORDS else line


def split_sections(full_text: str) -> list[Section]:
    """The text in order, cut before each heading; every line belongs to exactly one section."""
    sections = [Section("", "")]
    lines: list[str] = []
    for line in full_text.splitlines():
        heading = heading_of(line)
        if heading is not None:
            sections[-1].text = "\n".join(lines).strip()
            sections.append(Section(heading, ""))
            lines = []
        else:
            lines.append(line)
    sections[-1].text = "\n".join(lines).strip()
    return [section for section in sections if section.text or section.heading]


def without_references(sections: list[Section]) -> list[Section]:
    """The sections a reader answers from: the reference list dropped, appendices after it kept. A numbered
    heading inside a reference list ("12 Smith J ...") is rare; a reference entry that looked like one would
    end the list early, which costs a little noise, never an appendix."""
    return [section for section in sections if not section.is_references]


def _name(heading: str) -> str:
    match = _NUMBERED.match(heading)
    return (match.group("name") if match else heading).strip().rstrip(".:")
