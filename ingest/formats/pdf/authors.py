"""A paper's authors from the lines of its author block, in printed order, as people's names.

The author block is the run of lines under the title; lines set smaller than its first line of names are
affiliations and notes. A line gives names when its leading parts (split at commas,
semicolons, "and", "&", affiliation marks and superscripts) are name-shaped; parts after the first part that is
not a name (an affiliation, an address, a role) are the line's affiliation and end it, so "A and B, Some
University, USA" gives A and B. Degrees and roles after a name ("MD", "PhD", "Associate Professor") are skipped,
honorifics before it ("Dr.", "Prof.") dropped. A name printed in capitals is given in normal case; one printed
letter by letter ("N . G . G R A T Z") is read whole. Lines that state a date, a venue, an e-mail address, a
licence or a place are never names, and a long line of prose ends the block. With no person named, a short line
directly under the title naming a group ("DeepSeek-AI", "The ATLAS Collaboration") is the corporate author.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from paperchat.ingest.formats.pdf.reader import Line
from paperchat.ingest.formats.pdf.rows import without_superscripts
from paperchat.ingest.formats.pdf.text import is_prose

# Stamps above or beside a title: arXiv identifiers, journal banners, article kinds, dates, licences, and
# letter-spaced banners ("R E S E A R C H A R T I C L E").
STAMP = re.compile(
    r"(^(?:\w ){4,}|arxiv:|^doi\b|doi\.org|https?://|www\.|\bissn\b|^vol(ume)?\.?\s*\d|research article|open access|"
    r"review article|original (article|paper|research)|^(submitted|received|accepted|published|available online|"
    r"to appear|preprint|under review|proceedings of|copyright|citation:|editor:)\b|©|\bjournal of\b|"
    r"\bjournal homepage\b)",
    re.IGNORECASE,
)
_AFFILIATION = re.compile(
    r"\b(univ\w*|institut\w*|department|dept\b|laborator\w*|lab|labs|school|college|cent(er|re)|research|inc|"
    r"corp\w*|ltd|llc|gmbh|hospital|facult\w*|academy|foundation|company|polytechnic|division|program+e|"
    r"street|road|avenue|way|drive|lane|boulevard|parkway|box|"
    r"universit[àäaée]\w*|dipartiment\w*|departament\w*|d[ée]partement|istitut\w*|laboratoire|fakult\w*|"
    r"hochschule|escuela|fisica|physique|chimi\w*)\b",
    re.IGNORECASE,
)
# Superscripts and footnote marks after names: digits, stars, daggers, the symbols journals use, and the
# mathematical letters (𝑎, 𝑏) some templates set as affiliation marks.
_MARKS = re.compile(r"[\d∗*†‡§¶#$+⋆☯♯♭✉✝⊥⊤•·,\U0001d400-\U0001d7ff]+")
_NAME_PARTICLES = {"van", "von", "der", "den", "de", "da", "di", "du", "del", "la", "le", "dos", "bin", "al", "e"}
_NAME_WORD = re.compile(r"[^\W\d_][\w.'’-]*", re.UNICODE)
_TITLE_WORDS = {"a", "an", "the", "of", "for", "in", "on", "with", "via", "to", "is", "are", "from", "by", "towards"}
_HONORIFIC = re.compile(r"^(?:dr|mr|mrs|ms|miss|prof|professor|sir)\.?\s+", re.IGNORECASE)
# Degrees as they are written (case matters: "Md" is a given name, "MD" a degree).
_DEGREE = re.compile(r"^(?:MD|MBBS|MS|MSc|BSc|BA|MA|MBA|MPH|PhD|Ph\.D\.?|DPhil|DSc|FRCP|FRCS|RN|BS|MEng|BEng)\b")
_SMALLER = 0.5  # points: affiliations and notes under the names are set at least this much smaller
_ROLE_WORDS = {
    "professor", "lecturer", "trainee", "student", "fellow", "researcher", "director", "head", "chair", "scientist",
    "engineer", "consultant", "resident", "assistant", "associate", "graduate", "postdoctoral", "member", "author",
    "translator", "editor", "corresponding", "authors", "affiliations", "contributors",
}  # fmt: skip
# Places of more than one word that are shaped like a person's name.
_PLACES = re.compile(
    r"^(united (kingdom|states|arab emirates)|south (africa|korea)|north (carolina|dakota)|new (zealand|york|jersey|"
    r"mexico|south wales)|hong kong|czech republic|saudi arabia|costa rica|puerto rico|sri lanka|el salvador|"
    r"san (francisco|diego|jose)|los angeles|las vegas|rio de janeiro|buenos aires|tel aviv)$",
    re.IGNORECASE,
)
_GROUP = re.compile(
    r"(collaborations?|consortium|consortia|team|group|committee|project|initiative|working party|-ai)\b", re.I
)
_GROUP_WORDS = 8  # a group's name is short


def authors_from_lines(lines: Sequence[str | Line]) -> list[str]:
    """Names from the lines under a title, in order, each once. Given lines with their sizes, lines set smaller
    than the first line of names are affiliations and notes, never names."""
    texts = [letters_joined(without_superscripts(getattr(line, "text", line), ",")) for line in lines]
    sizes = [getattr(line, "size", None) for line in lines]
    names: list[str] = []
    names_size: float | None = None
    for line, size in zip(_names_rejoined(texts), sizes, strict=True):
        if names and is_prose(line) and not names_of_line(line):  # a sentence: the author block is over
            break
        if names_size is not None and size is not None and size < names_size - _SMALLER:
            continue
        found = names_of_line(line)
        if found and names_size is None:
            names_size = size
        names += [name for name in found if name not in names]
    return names


def _names_rejoined(lines: list[str]) -> list[str]:
    """A name broken at a line end ('... and Rohan' / 'Misra', '... and Andrew' / 'D. White') put back together on
    the first line: a lone word is no name by itself."""
    lines = list(lines)
    for index in range(len(lines) - 1):
        ending, starting = names_in(lines[index]), names_in(lines[index + 1])
        if not (ending and starting and _lone_word(ending[-1])) or "@" in lines[index + 1]:
            continue
        if not all(looks_like_name(normal_case(part)) for part in ending[:-1]) or STAMP.search(lines[index]):
            continue  # only a line of names ends in the first half of one
        if _HONORIFIC.match(starting[0]) or ending[-1].lower() in _ROLE_WORDS:
            continue
        if _lone_word(starting[0]) or looks_like_name(f"{ending[-1]} {starting[0]}"):
            head, _, rest = lines[index + 1].partition(starting[0])
            lines[index], lines[index + 1] = f"{lines[index]} {head}{starting[0]}", rest
    return lines


def _lone_word(part: str) -> bool:
    return len(part.split()) == 1 and part[:1].isupper() and part.isalpha()


def names_of_line(line: str) -> list[str]:
    """The names a line of the author block begins with ([] for an affiliation, address or stamp line). An
    affiliation in brackets after a name ('Ada Lovelace (Univ. of X)') is dropped with its brackets."""
    line = re.sub(r"\([^()]*\)|\[[^\[\]]*\]", ",", line) if re.match(r"^[^()\[\]]*[A-Za-z]", line) else line
    parts = names_in(line)
    if "@" in line or STAMP.search(line) or not parts or _AFFILIATION.search(parts[0]):
        return []
    if _GROUP.search(line) and len(line.split()) <= _GROUP_WORDS:  # "The ATLAS and CMS Collaborations"
        return [" ".join(without_superscripts(line, " ").split()).strip(" ,")]
    names: list[str] = []
    for part in parts:
        part = _HONORIFIC.sub("", part)
        if _DEGREE.match(part):
            continue
        name = normal_case(part)
        if not looks_like_name(name) or _AFFILIATION.search(part) or re.search(r"\s[A-Z]{2}$", part):
            break
        names.append(name)
    return names


def corporate_author(lines: list[str]) -> str:
    """A group named on the first line under the title, when no person is ('DeepSeek-AI')."""
    for line in lines[:1]:
        text = " ".join(without_superscripts(line, " ").split())
        if 1 <= len(text.split()) <= 6 and _GROUP.search(text) and not STAMP.search(text) and "@" not in text:
            return text
    return ""


def names_in(line: str) -> list[str]:
    """'Yichen He∗1 Guanhua Huang∗1' → ['Yichen He', 'Guanhua Huang']; marks and 'and' separate names. A full stop
    after a surname ends a sentence ('B.J. Mulvaney.'); one after an initial stays."""
    parts = [" ".join(part.split()) for part in re.split(r",|;|&|\||\band\b|\s{2,}", _MARKS.sub(",", line))]
    return [_without_end_stop(part) for part in parts if part.strip(" .:")]


def looks_like_name(part: str) -> bool:
    """'Zoltán Gyöngyi', 'Ivo H. M. van Stokkum' yes; 'Vrije Universiteit' (caught earlier), 'Poland' no."""
    words = part.split()
    if not 2 <= len(words) <= 5 or part.isupper() or _PLACES.match(part):
        return False
    if re.fullmatch(r"[A-Z]{2}", words[-1]):  # a state or country code ends an address ("Redmond WA")
        return False
    if not all(_NAME_WORD.fullmatch(word) for word in words):
        return False
    if any(word in _TITLE_WORDS or word.lower() in _ROLE_WORDS for word in words):
        return False
    return all(word[0].isupper() or word.lower() in _NAME_PARTICLES for word in words)


def normal_case(name: str) -> str:
    """'KYLE JAMIESON' → 'Kyle Jamieson', 'Frances GOUDA' → 'Frances Gouda', 'N. G. GRATZ' → 'N. G. Gratz': a word in
    capitals is given in normal case; initials and words in mixed case are left alone."""
    return " ".join(_word_case(word) for word in name.split())


def _word_case(word: str) -> str:
    letters = [char for char in word if char.isalpha()]
    if len(letters) < 2 or not all(char.isupper() for char in letters) or "." in word:
        return word
    return re.sub(r"[^\W\d_]+", lambda match: match.group().capitalize(), word)


def letters_joined(line: str) -> str:
    """A line printed letter by letter ('N . G . G R A T Z') read whole ('N. G. GRATZ'): single letters run
    together, and a full stop ends an initial."""
    tokens = line.split()
    if len(tokens) < 4 or sum(len(token) == 1 for token in tokens) < 0.8 * len(tokens):
        return line
    joined = re.sub(r"(?<=\S) (?=\S)", "", line.replace("  ", "\x00"))
    joined = re.sub(r"\.(?=\w)", ". ", joined.replace("\x00", " "))
    return " ".join(joined.split())


def _without_end_stop(part: str) -> str:
    part = part.strip(" :")
    return part[:-1] if part.endswith(".") and len(part.split()[-1]) > 2 else part
