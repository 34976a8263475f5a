"""Papers a question names by title or short name: "FRUGAL", "MemAscend", "GaLore 2", "Test-Time Training Done Right".

A title's short names are its part before a colon ("GaLore 2: Large-Scale …" → "GaLore 2"), the whole title, and any
name-shaped word (internal capitals or digits: "MiniMax-M2") before the colon or in brackets that no other title
uses. The longest match wins, and a
match followed by a version the name lacks ("GaLore 3", "MiniMax-M3") names nothing."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from paperchat.assistant.question.english import zipf
from paperchat.assistant.question.names import Span, word_spans
from paperchat.ingest.latex import clean_latex
from paperchat.ingest.papers import Paper
from paperchat.ingest.text import QUESTION_NOISE, words

MAX_OTHER_MENTIONS = 2  # a title word that more papers mention ("LoRA", "DPO", "GPUs") is vocabulary, not a name
MAX_SHORT_NAME_WORDS = 6  # a longer part before the colon is a phrase, not a name
COMMON_ENGLISH_ZIPF = 3.0  # a one-word name this common in English ("Frugal", "Lion") must be written as the title does
NAME_SHAPED = re.compile(r"^(?=.*[A-Za-z])(?:.*[a-z].*[A-Z]|.*[A-Z].*\d|.*\d.*[A-Za-z]|[A-Z]{2,}).*$")
NEAR = 85  # rapidfuzz ratio: one typo or swap in a name of six or more letters
MIN_NEAR_LETTERS = 6
IDENTIFIER = re.compile(r"\b10\.\d{4,9}/|\barxiv\b|^\W*\d[\d\W]*$|^\W*\d{4}\.\d{4,5}", re.I)
STOP_WORD_ZIPF = 6.0  # "the", "of", "and": a title of these alone is junk, not a name
EVERYDAY_TITLE_ZIPF = 4.5  # a short title with a word rarer than this ("Lion", "Grass") can name its paper
VERSION = re.compile(r"^(?:v?\d+(?:\.\d+)*[a-z]?|[a-z]\d+[a-z]?)$")  # 2, v2, 3.5, m3, o1


@dataclass(frozen=True)
class ShortName:
    key: tuple[str, ...]
    written: str  # as the title writes it, for one-word names that are ordinary English words
    paper_id: str
    token: str | None = None  # a name-shaped word, a name only while no other title uses it and few papers mention it


class TitleIndex:
    """The short names of the library's titles. `update` takes papers out and puts papers in, in time that grows
    with the change: whether a name-shaped word is one paper's name depends on the counts of every title and
    abstract, so those counts are kept and the word is checked when a question is read."""

    def __init__(self, papers: Iterable[Paper] = ()) -> None:
        self.names: dict[tuple[str, ...], list[ShortName]] = {}
        self.longest = 0
        self._token_titles: Counter[str] = Counter()  # titles that have the name-shaped word before a colon
        self._mentions: Counter[str] = Counter()  # papers whose title or abstract has the word
        self.update(removed=(), added=papers)

    def update(self, removed: Iterable[Paper], added: Iterable[Paper]) -> None:
        """Take `removed` papers out and put `added` ones in. Each name's list is replaced whole, in paper order, so
        a question read meanwhile sees it before or after the change, and each list is sorted once per update."""
        leaving: dict[tuple[str, ...], set[str]] = {}
        for paper in removed:
            mentioned, tokens, short_names = _contributions(paper)
            self._mentions.subtract(mentioned)
            self._token_titles.subtract(tokens)
            for name in short_names:
                leaving.setdefault(name.key, set()).add(paper.paper_id)
        for key, paper_ids in leaving.items():
            kept = [name for name in self.names.get(key, []) if name.paper_id not in paper_ids]
            if kept:
                self.names[key] = kept
            else:
                self.names.pop(key, None)
        arriving: dict[tuple[str, ...], list[ShortName]] = {}
        for paper in added:
            mentioned, tokens, short_names = _contributions(paper)
            self._mentions.update(mentioned)
            self._token_titles.update(tokens)
            for name in short_names:
                arriving.setdefault(name.key, []).append(name)
        for key, names in arriving.items():
            self.names[key] = sorted([*self.names.get(key, []), *names], key=lambda n: n.paper_id)
            self.longest = max(self.longest, len(key))

    def _is_name(self, name: ShortName) -> bool:
        token = name.token
        if token is None:
            return True
        return self._token_titles[token] == 1 and min(self._mentions[w] for w in words(token)) <= MAX_OTHER_MENTIONS + 1

    def near(self, written: str) -> tuple[str, str] | None:
        """(paper id, the name as its title writes it) of the one-word name that `written` misspells ("MemAcsend"
        → MemAscend): only for letters-only words of six or more letters, so a neighbouring version or a short
        acronym (MiniMax-M3, NVFP4, GSPO) is never read as another paper's name."""
        if len(written) < MIN_NEAR_LETTERS or not written.isalpha():
            return None
        from rapidfuzz import fuzz, process

        choices = {
            name.written: name
            for key, names in self.names.items()
            if len(key) == 1 and key[0][:1] == written[:1].lower()
            for name in names
            if self._is_name(name) and len(names) == 1
        }
        best = process.extractOne(written, list(choices), scorer=fuzz.ratio, processor=str.lower, score_cutoff=NEAR)
        return (choices[best[0]].paper_id, best[0]) if best else None

    def find(self, question: str) -> list[tuple[str, Span]]:
        """(paper id, where the question names it), in order of mention; longest names first where two overlap."""
        spans = word_spans(question)
        tokens = tuple(word for word, _ in spans)
        candidates = []
        for start in range(len(tokens)):
            for end in range(start + 1, min(len(tokens), start + self.longest) + 1):
                names = self.names.get(tokens[start:end], [])
                candidates += [(start, end, name) for name in names if self._is_name(name)]
        taken: dict[int, tuple[int, int]] = {}  # token → the accepted name range covering it
        found: list[tuple[str, Span]] = []
        for start, end, name in sorted(candidates, key=lambda c: (c[0] - c[1], c[0])):
            if any(taken.get(i, (start, end)) != (start, end) for i in range(start, end)):
                continue  # inside a longer name already read ("GaLore" in "Natural GaLore")
            if end < len(tokens) and VERSION.match(tokens[end]):
                continue  # "GaLore 3" and "MiniMax-M3" name neither GaLore nor MiniMax
            span = (spans[start][1][0], spans[end - 1][1][1])
            if end - start == 1 and not _written_as_a_name(question[span[0] : span[1]], name.written):
                continue
            taken.update({i: (start, end) for i in range(start, end)})
            found.append((name.paper_id, span))
        ordered = sorted(found, key=lambda item: item[1])
        return list({paper_id: (paper_id, span) for paper_id, span in reversed(ordered)}.values())[::-1]


def _contributions(paper: Paper) -> tuple[set[str], set[str], list[ShortName]]:
    """What one paper adds to the index: the words its title and abstract mention, the name-shaped words of its
    title, and its short names (whole title, the part before the colon, name-shaped words)."""
    title = clean_latex(paper.title)
    tokens = _name_shaped_tokens(_head_and_brackets(title))
    head = re.split(r"\s*:\s*", title, maxsplit=1)[0]
    head = re.sub(r"^(?:the|a|an)\s+", "", head, flags=re.I)
    candidates: list[tuple[str, str | None]] = [(title, None)]
    if head != title and len(words(head)) <= MAX_SHORT_NAME_WORDS:
        candidates.append((head, None))
    candidates += [(token, token) for token in tokens if len(token) > 2 or any(c.isdigit() for c in token)]
    short_names: dict[tuple[tuple[str, ...], str | None], ShortName] = {}
    for written, token in candidates:
        key = tuple(words(written))
        # a title or head already names the paper by these words; a name must be distinctive to name it at all
        if key and (key, None) not in short_names and distinctive(written):
            short_names.setdefault((key, token), ShortName(key, written, paper.paper_id, token))
    return set(words(f"{paper.title} {paper.abstract}")), set(tokens), list(short_names.values())


def distinctive(written: str) -> bool:
    """Whether a title (or its short name) can name a paper in a question: not an identifier (DOI, arXiv id, a
    number), not made only of stop words ("the"), and, when shorter than four words, name-shaped or with a word
    rarer than everyday English ("Lion", not "Deep Learning" or "Introduction")."""
    found = words(written)
    if not found or IDENTIFIER.search(written) or all(w in QUESTION_NOISE or zipf(w) >= STOP_WORD_ZIPF for w in found):
        return False
    if len(found) >= 4 or any(NAME_SHAPED.match(token) for token in written.split()):
        return True
    return any(zipf(w) < EVERYDAY_TITLE_ZIPF for w in found if not w.isdigit())


def _head_and_brackets(title: str) -> str:
    """Where a title puts its names: before the colon, and in brackets ("… Sequence (S4) Models")."""
    head = title.split(":", 1)[0] if ":" in title else ""
    return " ".join([head, *re.findall(r"\(([^()]{1,30})\)", title)])


def _name_shaped_tokens(title: str) -> list[str]:
    return [token for token in re.findall(r"[\w][\w.\-]*[\w]|\w", title) if NAME_SHAPED.match(token)]


def _written_as_a_name(seen: str, written: str) -> bool:
    """One ordinary English word names a paper only when written as the title writes it ('FRUGAL', not 'frugal';
    'LiST', not 'List'); any other one-word name in any case but all lower case, unless the title writes it so."""
    if zipf(written) >= COMMON_ENGLISH_ZIPF:
        return seen == written
    return seen.lower() == written.lower() and (
        not seen.islower() or written.islower() or not NAME_SHAPED.match(written)
    )
