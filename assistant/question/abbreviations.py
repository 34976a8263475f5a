"""Abbreviations the library defines ("zeroth-order (ZO)", "Neural Architecture Search (NAS)"), so a question may use
the short form: "ZO methods" also finds the papers that write "zeroth-order". (The long form needs no help: a paper
that defines an abbreviation writes its long form, and the embedding reads long forms better than short ones.)

A definition is a parenthesised short form right after the words it abbreviates, whose letters are the initials of
those words (parts of hyphenated words and capitals inside a word count as initials), found as Schwartz and Hearst's
algorithm finds them. Counted per paper, so a library change costs only its changed papers.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from paperchat.ingest.papers import Paper
from paperchat.ingest.text import keyword_terms, words

DEFINED = re.compile(r"((?:[\w'’-]+\s+){1,8}?)\(([A-Za-z][A-Za-z0-9-]{1,9})s?\)")
MAX_PHRASE_WORDS = 6


class Abbreviations:
    def __init__(self, papers: Iterable[Paper] = ()) -> None:
        self._pairs: Counter[tuple[str, tuple[str, ...]]] = Counter()  # (short form, long form words) → papers
        self._long: dict[str, set[tuple[str, ...]]] = {}
        self._owners: dict[str, Counter[str]] = {}  # short form → the papers that define it
        self._coined: dict[str, str] = {}  # short form → a paper whose title names what the short form stands for
        self.update(removed=(), added=papers)

    def update(self, removed: Iterable[Paper], added: Iterable[Paper]) -> None:
        for paper in removed:
            for short in {short for short, _ in definitions(_text(paper))}:
                self._owners.get(short, Counter())[paper.paper_id] -= 1
                if self._owners.get(short, Counter())[paper.paper_id] <= 0:
                    self._owners.get(short, Counter()).pop(paper.paper_id, None)
            for pair in definitions(_text(paper)):
                self._pairs[pair] -= 1
                if self._pairs[pair] <= 0:
                    del self._pairs[pair]
                    self._long.get(pair[0], set()).discard(pair[1])
        for paper in added:
            defined = definitions(_text(paper))
            for short in {short for short, _ in defined}:
                self._owners.setdefault(short, Counter())[paper.paper_id] += 1
            for short, long in defined:
                if _coins(paper.title, short, long):
                    self._coined[short] = paper.paper_id
            for pair in definitions(_text(paper)):
                self._pairs[pair] += 1
                self._long.setdefault(pair[0], set()).add(pair[1])

    def owner(self, short: str) -> str | None:
        """The paper that coins `short`, when exactly one paper of the library defines it ("OTA", "BCWI"): a method's
        own abbreviation names its paper."""
        owners = [paper_id for paper_id, n in self._owners.get(short.lower(), Counter()).items() if n > 0]
        if len(owners) != 1 or self._coined.get(short.lower()) != owners[0]:
            return None  # defined by several papers, or by one that only uses it (CLIP in a paper about alignment)
        return owners[0]

    def long_forms(self, short: str) -> list[str]:
        """What the library says `short` abbreviates ("ZO" → "zeroth order"), most defined first, then in alphabetical
        order (a set's order changes from run to run, and with it what a question searches)."""
        found = self._long.get(short.lower(), set())
        ranked = sorted(found, key=lambda long: (-self._pairs[(short.lower(), long)], long))
        return [" ".join(long) for long in ranked]

    def in_text(self, text: str) -> dict[str, list[str]]:
        """Each abbreviation the text uses → the long form the library defines for it ("ZO" → ["zeroth order"]),
        for a search to add and a term check to accept; none the text already spells out."""
        tokens = words(text)
        aliases: dict[str, list[str]] = {}
        for token in dict.fromkeys(tokens):
            if forms := self.long_forms(token)[:1]:
                aliases[token.upper()] = forms
        said = f" {' '.join(tokens)} "
        kept = {term: [f for f in forms if f" {' '.join(words(f))} " not in said] for term, forms in aliases.items()}
        return {term: forms for term, forms in kept.items() if forms}


COINED_SHARE = 0.75  # of the long form's words that the title has, for the paper to be the one the short form names


def _coins(title: str, short: str, long: tuple[str, ...]) -> bool:
    """Whether a paper's title names what the short form stands for: it has the short form itself, or most of the
    words of its long form ("Backward Compatible Weight Interpolation (BCWI)" in "Backward Compatibility … by Weight
    Interpolation")."""
    titled = set(keyword_terms(title))
    if short in {w.lower() for w in re.findall(r"[\w-]+", title)}:
        return True
    wanted = set(keyword_terms(" ".join(long)))
    return bool(wanted) and len(wanted & titled) >= COINED_SHARE * len(wanted)


def _text(paper: Paper) -> str:
    return f"{paper.title} {paper.abstract} {paper.full_text}"


def definitions(text: str) -> set[tuple[str, tuple[str, ...]]]:
    """(short form, long form words) of every abbreviation the text defines, lower case."""
    found = set()
    for match in DEFINED.finditer(text):
        short = match.group(2)
        if not any(c.isupper() for c in short) or short.isdigit():
            continue
        if (long := _long_form(match.group(1), short)) is not None:
            found.add((short.lower(), long))
    return found


def _long_form(before: str, short: str) -> tuple[str, ...] | None:
    """The fewest words before the brackets whose initials spell the short form's letters, in order."""
    letters = [c.lower() for c in short if c.isalpha()]
    tokens = re.findall(r"[\w'’]+(?:-[\w'’]+)*", before)
    for count in range(1, min(len(tokens), MAX_PHRASE_WORDS) + 1):
        chosen = tokens[-count:]
        initials = "".join(_initials(token) for token in chosen)
        if chosen and letters and letters[0] == chosen[0][0].lower() and _spells(initials, letters):
            return tuple(words(" ".join(chosen)))
    return None


def _initials(token: str) -> str:
    """A word's initials: its first letter, the first letter after each hyphen, and its inner capitals."""
    parts = token.split("-")
    inner = "".join(c for part in parts for c in part[1:] if c.isupper())
    return "".join(part[0] for part in parts if part).lower() + inner.lower()


def _spells(initials: str, letters: list[str]) -> bool:
    """Every letter of the short form appears among the initials, in order."""
    position = 0
    for letter in letters:
        position = initials.find(letter, position)
        if position < 0:
            return False
        position += 1
    return True
