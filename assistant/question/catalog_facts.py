"""The catalog facts a model's reading of a question is shown and checked against, kept per catalog version: papers
by id, their normalised titles, and one paper per distinct author name, organisation, category and source kind.

Each part is built the first time a question needs it after the catalog changed (up to a few seconds at 100k
papers); after that, a check costs time that grows with what the question names, not with the library. A check
keeps the filters' own meaning: a value exists when some paper matches the filter `field=value`.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Sequence
from functools import cached_property

from paperchat.assistant.filters import Filters, paper_matches
from paperchat.assistant.question.library import LibraryView
from paperchat.ingest.papers import Paper, normalise_title
from paperchat.ingest.text import words

MIN_TITLE_CHARS = 8  # shorter titles ("Ozone") are words an answer may use, not references to the paper
MIN_PART_WORDS = 3  # a shorter part of a title ("memory efficient") names no one paper


class CatalogFacts:
    def __init__(self, papers: Sequence[Paper]) -> None:
        self.papers = list(papers)

    @cached_property
    def by_id(self) -> dict[str, Paper]:
        return {paper.paper_id: paper for paper in self.papers}

    @cached_property
    def titles(self) -> list[tuple[str, str]]:
        """(normalised title, paper id) for every paper."""
        return [(normalise_title(paper.title), paper.paper_id) for paper in self.papers]

    @cached_property
    def _by_title(self) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for key, paper_id in self.titles:
            found.setdefault(key, []).append(paper_id)
        return found

    @cached_property
    def _by_head(self) -> dict[str, list[str]]:
        """Papers by the part of their title before a colon ("GaLore 2: Large-Scale …" → "galore 2")."""
        found: dict[str, list[str]] = {}
        for paper in self.papers:
            if ":" in paper.title:
                found.setdefault(normalise_title(paper.title.split(":")[0]), []).append(paper.paper_id)
        return found

    @cached_property
    def _authors_by_word(self) -> dict[str, dict[str, Paper]]:
        """An author word → each distinct author name with that word → the first paper that has the name."""
        found: dict[str, dict[str, Paper]] = {}
        for paper in self.papers:
            for author in paper.authors:
                for word in words(author):
                    found.setdefault(word, {}).setdefault(author, paper)
        return found

    @cached_property
    def _first_with(self) -> dict[str, dict[str, Paper]]:
        """org, category, formats → each distinct value → the first paper that has it."""
        found: dict[str, dict[str, Paper]] = {"org": {}, "category": {}, "formats": {}}
        for paper in self.papers:
            for field, values in (("org", [paper.org]), ("category", [paper.category]), ("formats", paper.formats)):
                for value in values:
                    if value:
                        found[field].setdefault(value, paper)
        return found

    @cached_property
    def _counts(self) -> dict[str, Counter[str]]:
        return {
            "category": Counter(paper.category for paper in self.papers if paper.category),
            "formats": Counter(kind for paper in self.papers for kind in paper.formats),
        }

    def exists(self, field: str, value: str) -> bool:
        """Some paper matches the filter `field` (author, org, category or formats) set to `value`. An author's
        candidates are the papers of the names that share the name's rarest word."""
        probe = Filters(**{field: [value] if field == "formats" else value})
        if field == "author":
            candidates = [self._authors_by_word.get(word, {}) for word in words(value)]
            papers = min(candidates, key=len).values() if candidates else []
        else:
            papers = self._first_with[field].values()
        return any(paper_matches(paper, probe) for paper in papers)

    def resolve_title(self, title: str) -> list[str]:
        """The papers a title names: the title as the library writes it (case, punctuation and LaTeX aside), else
        the titles it is the part before a colon of, else the titles it is a part of (three words or more)."""
        key = normalise_title(title)
        if not key:
            return []
        found = self._by_title.get(key) or self._by_head.get(key)
        if not found and len(key.split()) >= MIN_PART_WORDS:
            found = [paper_id for text, paper_id in self.titles if key in text]
        return list(dict.fromkeys(found or []))

    def titles_in(self, text: str) -> list[str]:
        """Papers whose titles the text writes, in the order it first writes them (conversation.titles_in's rule,
        on titles normalised once per catalog version rather than once per text)."""
        said = normalise_title(text)
        found = sorted((said.find(key), i) for key, i in self.titles if len(key) > MIN_TITLE_CHARS and key in said)
        return list(dict.fromkeys(paper_id for _, paper_id in found))

    def most_common(self, field: str, limit: int) -> list[str]:
        """The `limit` most common categories ("category") or source kinds ("formats"), in alphabetical order."""
        return sorted(value for value, _ in self._counts[field].most_common(limit))


_lock = threading.Lock()
_cache: tuple[LibraryView, object, CatalogFacts] | None = None


def catalog_facts(library: LibraryView) -> CatalogFacts:
    """The facts of the library's current catalog version (one version is kept: the one questions are read on)."""
    global _cache
    version, papers = library.versioned_papers()
    with _lock:
        if _cache is None or _cache[0] is not library or _cache[1] != version:
            _cache = (library, version, CatalogFacts(papers))  # keeping the library keeps its id from being reused
        return _cache[2]
