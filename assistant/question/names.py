"""Author and organisation names the catalog knows, found in a question as whole words in any name order.

Only names the catalog knows are recognised, so ordinary words never become filters. A one-word name ("MiniMax",
"NVIDIA") is also a model or hardware name often enough that it counts only where the question speaks of
authorship or of an organisation ("by MiniMax", "MiniMax as first author", "NVIDIA's organisation")."""

from __future__ import annotations

import re
from collections.abc import Iterable

from paperchat.ingest.papers import Paper
from paperchat.ingest.text import words

NEAR_NAME = 85  # rapidfuzz token_sort_ratio: one typo in a two-word name scores about 90, another name below 80
MAX_NAME_WORDS = 12  # longer "names" are sentences that landed in an author or organisation field
Span = tuple[int, int]  # character offsets in the question
# What may stand right before or after a one-word name for it to be an author or organisation.
AUTHORED_BEFORE = re.compile(r"\b(?:by|from|with|under|at|and|authors?|wrote|written by|co-?authored by)\s*$", re.I)
AUTHORED_AFTER = re.compile(
    r"^(?:'s|’s)?\s*(?:itself\s+)?(?:as\b|'s papers|’s papers|papers\b|and\b|co-?author|is an? author|"
    r"organi[sz]ation|org\b|lab\b|team\b|group\b|wrote|authored)",
    re.I,
)


CAPITALISED_RUN = re.compile(r"\b[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){1,2}\b")


class NameTable:
    """Name keys (their words) → the longest spelling of that name that some paper still has. Spellings are
    counted, so a paper's names can be taken out again when the paper leaves the library."""

    def __init__(self, reversed_too: bool) -> None:
        self.reversed_too = reversed_too
        self._spellings: dict[tuple[str, ...], dict[str, int]] = {}
        self._longest: dict[tuple[str, ...], str] = {}
        self._by_word: dict[str, set[tuple[str, ...]]] = {}  # a word → the name keys that have it, for near matches

    def get(self, key: tuple[str, ...]) -> str | None:
        return self._longest.get(key)

    def add(self, name: str) -> None:
        for key in self._keys(name):
            spellings = self._spellings.setdefault(key, {})
            spellings[name] = spellings.get(name, 0) + 1
            for word in key:
                self._by_word.setdefault(word, set()).add(key)
            if len(name) > len(self._longest.get(key, "")):
                self._longest[key] = name

    def remove(self, name: str) -> None:
        for key in self._keys(name):
            spellings = self._spellings.get(key, {})
            if spellings.get(name, 0) > 1:
                spellings[name] -= 1
                continue
            spellings.pop(name, None)
            if spellings:
                self._longest[key] = max(spellings, key=len)  # the first-seen of the longest, as when built
            else:
                self._spellings.pop(key, None)
                self._longest.pop(key, None)
                for word in key:
                    self._by_word.get(word, set()).discard(key)

    def near(self, text: str) -> str | None:
        """The known name `text` misspells ("Yufeng Yagn" → "Yufeng Yang"): one that shares a whole word with it and
        is within a typo or two of it in any word order; None when no name is that close."""
        from rapidfuzz import fuzz, process

        key = tuple(words(text))
        candidates = {other for word in key for other in self._by_word.get(word, ())}
        if len(key) < 2 or not candidates:
            return None
        choices = {" ".join(other): other for other in candidates if len(other) == len(key)}
        best = process.extractOne(" ".join(key), list(choices), scorer=fuzz.token_sort_ratio, score_cutoff=NEAR_NAME)
        return self._longest.get(choices[best[0]]) if best else None

    def _keys(self, name: str) -> list[tuple[str, ...]]:
        key = tuple(words(name))
        if not key or len(key) > MAX_NAME_WORDS or (len(key) < 2 and len(name) < 4):  # "Li", "AI": too common
            return []
        return [key, key[::-1]] if self.reversed_too and len(key) > 1 else [key]


class KnownNames:
    """The catalog's author and organisation names keyed by their words (and by their words reversed, for
    'Yang Yufeng'). A question is matched in time that grows with the question, not with the library, and a
    change of the library costs its changed papers (`update`)."""

    def __init__(self) -> None:
        self.authors = NameTable(reversed_too=True)
        self.orgs = NameTable(reversed_too=False)

    @classmethod
    def of(cls, papers: Iterable[Paper]) -> KnownNames:
        names = cls()
        names.update(removed=(), added=papers)
        return names

    def update(self, removed: Iterable[Paper], added: Iterable[Paper]) -> None:
        """Take out the names of `removed` papers and put in those of `added` ones."""
        for paper in removed:
            for author in paper.authors:
                self.authors.remove(author)
            if paper.org:
                self.orgs.remove(paper.org)
        for paper in added:
            for author in paper.authors:
                self.authors.add(author)
            if paper.org:
                self.orgs.add(paper.org)

    def find_authors(self, question: str) -> list[tuple[str, Span]]:
        return _find(question, self.authors)

    def find_orgs(self, question: str) -> list[tuple[str, Span]]:
        return _find(question, self.orgs)

    def near_authors(self, question: str, taken: list[Span]) -> list[tuple[str, Span]]:
        """Author names the question misspells: runs of two or three capitalised words outside `taken` that are a
        typo away from a known name, with the name they were read as."""
        found = []
        for match in CAPITALISED_RUN.finditer(question):
            span = match.span()
            if any(start < span[1] and span[0] < end for start, end in taken):
                continue
            if (name := self.authors.near(match.group(0))) is not None:
                found.append((name, span))
        return found


def word_spans(text: str) -> list[tuple[str, Span]]:
    """The question's words (as `ingest.text.words` makes them) with where each stands in the text."""
    found = []
    for match in re.finditer(r"[^\W_]+", text):
        for word in words(match.group(0)):
            found.append((word, match.span()))
    return found


def _find(question: str, names: NameTable) -> list[tuple[str, Span]]:
    """Every name in the question, longest first where two overlap, in order of mention."""
    spans = word_spans(question)
    tokens = tuple(word for word, _ in spans)
    found: list[tuple[str, Span]] = []
    taken: set[int] = set()
    candidates = []
    for start in range(len(tokens)):
        for end in range(start + 1, min(len(tokens), start + MAX_NAME_WORDS) + 1):
            if (name := names.get(tokens[start:end])) is not None:
                candidates.append((end - start, start, end, name))
    for length, start, end, name in sorted(candidates, key=lambda c: (-c[0], c[1])):
        if taken & set(range(start, end)):
            continue
        span = (spans[start][1][0], spans[end - 1][1][1])
        if length == 1 and not _framed_as_name(question, span):
            continue
        taken |= set(range(start, end))
        found.append((name, span))
    return sorted(found, key=lambda item: item[1])


def _framed_as_name(question: str, span: Span) -> bool:
    return bool(AUTHORED_BEFORE.search(question[: span[0]]) or AUTHORED_AFTER.search(question[span[1] :]))
