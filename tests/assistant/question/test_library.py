"""The in-memory library view: papers with a version, and keyword-term document frequencies."""

from __future__ import annotations

from paperchat.assistant.question.library import InMemoryLibrary, LibraryView, changed_papers
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


def test_the_index_library_counts_papers_of_the_real_catalog(seed_assistant) -> None:  # noqa: ANN001
    from paperchat.assistant.question.index_library import IndexLibrary
    from paperchat.assistant.question.reader import read_question

    library = IndexLibrary(seed_assistant.index.catalog)
    assert library.documents == len(seed_assistant.papers()) > 0
    assert 0 < library.document_frequency("minimax") < library.documents
    assert library.document_frequency("m2") > 0 and library.document_frequency("m3") == 0
    assert library.document_frequency("no-such-term") == 0
    plan = read_question("How many total and activated parameters does MiniMax-M3 have?", library)
    assert plan.absent_terms == ["MiniMax-M3"]
    version, papers = library.versioned_papers()
    assert len(papers) == 271 and version == seed_assistant.index.catalog.versioned_papers()[0]


def test_changed_papers_are_those_that_are_not_the_same_object() -> None:
    kept, gone = Paper(title="Kept"), Paper(title="Gone")
    rewritten = Paper(title="Rewritten")
    new = Paper(title="New")
    removed, added = changed_papers([kept, gone, rewritten], [kept, rewritten.model_copy(), new])
    assert sorted(p.title for p in removed) == ["Gone", "Rewritten"]
    assert sorted(p.title for p in added) == ["New", "Rewritten"]  # an equal copy is a change too: identity counts
    assert changed_papers([kept], [kept]) == ([], [])
