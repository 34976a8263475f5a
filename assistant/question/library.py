"""What reading a question needs from the library: the catalog's papers, and how many documents hold a term."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Protocol

from paperchat.ingest.papers import Paper
from paperchat.ingest.text import keyword_terms


class LibraryView(Protocol):
    """The lead's PaperIndex-backed view implements this; `InMemoryLibrary` is the one for tests and tools.
    Terms are keyword terms (`paperchat.ingest.text.keyword_terms`: lower-case, Snowball-stemmed), as BM25 keeps
    them."""

    def versioned_papers(self) -> tuple[object, list[Paper]]:
        """The papers with a version that changes whenever they may have (caches key on it)."""
        ...

    def document_frequency(self, term: str) -> int:
        """How many documents (chunks or papers) contain the keyword term."""
        ...

    @property
    def documents(self) -> int:
        """How many documents there are."""
        ...


class InMemoryLibrary:
    """A LibraryView over a list of Papers: one document per paper (title, abstract and full text)."""

    def __init__(self, papers: Iterable[Paper]) -> None:
        self._papers = list(papers)
        self._frequency: Counter[str] = Counter()
        for paper in self._papers:
            self._frequency.update(paper_terms(paper))

    def versioned_papers(self) -> tuple[object, list[Paper]]:
        return id(self), list(self._papers)

    def document_frequency(self, term: str) -> int:
        return self._frequency[term]

    @property
    def documents(self) -> int:
        return len(self._papers)


def changed_papers(before: Sequence[Paper], after: Sequence[Paper]) -> tuple[list[Paper], list[Paper]]:
    """(removed, added) between two versions of a library's papers. Papers are compared by identity: a library
    that hands out the same Paper object for an unchanged paper (the catalog does) costs only its changes; one that
    makes new objects every version is read again as a whole."""
    earlier = dict(zip(map(id, before), before, strict=True))  # C loops: 100k papers in ~20 ms
    now = dict(zip(map(id, after), after, strict=True))
    removed = [earlier[key] for key in earlier.keys() - now.keys()]
    added = [now[key] for key in now.keys() - earlier.keys()]
    return sorted(removed, key=lambda p: p.paper_id), sorted(added, key=lambda p: p.paper_id)


def paper_terms(paper: Paper) -> set[str]:
    """The keyword terms a paper (title, abstract, full text) holds, each once: a document's share of a frequency."""
    return set(keyword_terms(f"{paper.title} {paper.abstract} {paper.full_text}"))
