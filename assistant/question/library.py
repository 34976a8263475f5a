"""What reading a question needs from the library: the catalog's papers, and how many documents hold a term."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING, Protocol

from paperchat.ingest.papers import Paper
from paperchat.ingest.text import keyword_terms

if TYPE_CHECKING:
    pass


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
            self._frequency.update(set(keyword_terms(f"{paper.title} {paper.abstract} {paper.full_text}")))

    def versioned_papers(self) -> tuple[object, list[Paper]]:
        return id(self), list(self._papers)

    def document_frequency(self, term: str) -> int:
        return self._frequency[term]

    @property
    def documents(self) -> int:
        return len(self._papers)
