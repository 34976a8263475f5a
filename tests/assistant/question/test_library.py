"""The in-memory library view: papers with a version, and keyword-term document frequencies."""

from __future__ import annotations

from paperchat.assistant.question.library import InMemoryLibrary, LibraryView
from paperchat.ingest.papers import Paper


def test_document_frequency_counts_papers_by_keyword_term() -> None:
    library: LibraryView = InMemoryLibrary(
        [
            Paper(title="MiniMax-M2: efficient attention", abstract="We train MiniMax models."),
            Paper(title="Training robots", abstract="Robots learn to grasp."),
        ]
    )
    assert library.documents == 2
    assert library.document_frequency("minimax") == 1  # counted once per paper, however often it occurs
    assert library.document_frequency("m2") == 1 and library.document_frequency("m3") == 0
    assert library.document_frequency("train") == 2  # stemmed, as BM25 keeps terms


def test_the_version_stays_the_same_for_one_library() -> None:
    library = InMemoryLibrary([Paper(title="A")])
    first, papers = library.versioned_papers()
    assert library.versioned_papers()[0] == first and [p.title for p in papers] == ["A"]
