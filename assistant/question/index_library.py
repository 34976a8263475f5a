"""The LibraryView of a real index: its catalog's papers, and term document frequencies counted per catalog version.

Documents are papers (title, abstract, full text), counted when a question first needs them (a few seconds on 100k
papers), and after that only the papers that changed are counted again.
"""

from __future__ import annotations

import threading
from collections import Counter

from paperchat.assistant.index.catalog import Catalog
from paperchat.assistant.question.library import changed_papers, paper_terms
from paperchat.ingest.papers import Paper


class IndexLibrary:
    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._lock = threading.Lock()
        self._counted: tuple[object, list[Paper], Counter[str]] | None = None

    def versioned_papers(self) -> tuple[object, list[Paper]]:
        return self.catalog.versioned_papers()

    def _frequencies(self) -> tuple[Counter[str], int]:
        version, papers = self.catalog.versioned_papers()
        with self._lock:
            if self._counted is None:
                self._counted = (version, papers, Counter(term for paper in papers for term in paper_terms(paper)))
            elif self._counted[0] != version:
                removed, added = changed_papers(self._counted[1], papers)
                frequency, self._counted = self._counted[2], None  # until updated: a failure here means count whole
                frequency.subtract(term for paper in removed for term in paper_terms(paper))
                frequency.update(term for paper in added for term in paper_terms(paper))
                self._counted = (version, papers, frequency)
            return self._counted[2], len(self._counted[1])

    def document_frequency(self, term: str) -> int:
        return self._frequencies()[0][term]

    @property
    def documents(self) -> int:
        return self._frequencies()[1]
