"""The LibraryView of a real index: its catalog's papers, and term document frequencies counted per catalog version.

Documents are papers (title, abstract, full text), counted once per catalog version and only when a question
first needs them; on 100k papers that is a few seconds once after each change of the library.
"""

from __future__ import annotations

import threading
from collections import Counter

from paperchat.assistant.index.catalog import Catalog
from paperchat.ingest.papers import Paper
from paperchat.ingest.text import keyword_terms


class IndexLibrary:
    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._lock = threading.Lock()
        self._counted: tuple[object, Counter[str], int] | None = None

    def versioned_papers(self) -> tuple[object, list[Paper]]:
        return self.catalog.versioned_papers()

    def _frequencies(self) -> tuple[Counter[str], int]:
        version, papers = self.catalog.versioned_papers()
        with self._lock:
            if self._counted is None or self._counted[0] != version:
                frequency: Counter[str] = Counter()
                for paper in papers:
                    frequency.update(set(keyword_terms(f"{paper.title} {paper.abstract} {paper.full_text}")))
                self._counted = (version, frequency, len(papers))
            return self._counted[1], self._counted[2]

    def document_frequency(self, term: str) -> int:
        return self._frequencies()[0][term]

    @property
    def documents(self) -> int:
        return self._frequencies()[1]
