"""The real index as a LibraryView: papers from the catalog, document frequencies of keyword terms."""

from __future__ import annotations

from pathlib import Path

from paperchat.assistant.index.catalog import Catalog
from paperchat.assistant.question.index_library import IndexLibrary
from paperchat.ingest.papers import Paper
from paperchat.ingest.text import keyword_terms

PAPERS = [
    Paper(title="Muon optimizer at scale", abstract="Muon trains large models fast."),
    Paper(title="Adam revisited", abstract="We study Adam and Muon on small models."),
    Paper(title="Speech in noise", abstract="A conformer for noisy speech."),
]


def catalog_of(path: Path, papers: list[Paper]) -> Catalog:
    catalog = Catalog(path)
    catalog.write_papers([(p, [], None) for p in papers])
    return catalog


def test_document_frequency_counts_papers_holding_a_term(tmp_path: Path) -> None:
    library = IndexLibrary(catalog_of(tmp_path / "catalog.sqlite", PAPERS))
    assert library.documents == 3
    assert library.document_frequency(keyword_terms("Muon")[0]) == 2
    assert library.document_frequency(keyword_terms("conformer")[0]) == 1
    assert library.document_frequency(keyword_terms("LibriSpeech")[0]) == 0


def test_frequencies_are_counted_again_when_the_catalog_changes(tmp_path: Path) -> None:
    catalog = catalog_of(tmp_path / "catalog.sqlite", PAPERS[:1])
    library = IndexLibrary(catalog)
    assert library.document_frequency(keyword_terms("conformer")[0]) == 0
    catalog.write_papers([(PAPERS[2], [], None)])
    assert library.document_frequency(keyword_terms("conformer")[0]) == 1
    assert len(library.versioned_papers()[1]) == 2


def test_after_changes_the_counts_equal_a_fresh_count(tmp_path: Path) -> None:
    catalog = catalog_of(tmp_path / "catalog.sqlite", PAPERS[:2])
    library = IndexLibrary(catalog)
    assert library.document_frequency(keyword_terms("Muon")[0]) == 2  # counted once, whole
    catalog.delete_paper(PAPERS[0].paper_id)
    catalog.write_papers([(PAPERS[2], [], None)])
    fresh = IndexLibrary(catalog_of(tmp_path / "fresh.sqlite", PAPERS[1:]))
    for word in ("Muon", "Adam", "conformer", "optimizer", "models"):
        term = keyword_terms(word)[0]
        assert library.document_frequency(term) == fresh.document_frequency(term), word
    assert library.documents == fresh.documents == 2
