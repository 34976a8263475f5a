"""The vector store: chunk vectors by id in an embedded Chroma collection, searched by cosine similarity."""

from __future__ import annotations

from pathlib import Path

import pytest

from paperchat.assistant.index.store import VectorStore
from tests.conftest import make_settings


@pytest.fixture
def store(tmp_path: Path) -> VectorStore:
    index_dir = tmp_path / "index"
    index_dir.mkdir()
    vectors = VectorStore(make_settings(index_dir), index_dir)
    vectors.upsert(
        ["bert:0", "bert:1", "gpt:0"],
        [[1.0, 0.0, 0.0], [0.8, 0.6, 0.0], [0.0, 0.0, 1.0]],
        [
            {"paper_id": "bert", "text_hash": "h0"},
            {"paper_id": "bert", "text_hash": "h1"},
            {"paper_id": "gpt", "text_hash": "h2"},
        ],
    )
    return vectors


def test_query_ranks_by_cosine_similarity(store: VectorStore) -> None:
    hits = store.query([2.0, 0.0, 0.0], k=3)  # the length of a vector does not matter, only its direction
    assert [hit.chunk_id for hit in hits] == ["bert:0", "bert:1", "gpt:0"]
    assert [round(hit.similarity, 3) for hit in hits] == [1.0, 0.8, 0.0]


def test_query_only_within_the_allowed_papers(store: VectorStore) -> None:
    assert [hit.chunk_id for hit in store.query([1.0, 0.0, 0.0], k=3, paper_ids=["gpt"])] == ["gpt:0"]
    assert store.query([1.0, 0.0, 0.0], k=3, paper_ids=[]) == []  # a filter nothing passes finds nothing
    assert len(store.query([1.0, 0.0, 0.0], k=1)) == 1


def test_stored_vectors_metadata_and_ids_read_back(store: VectorStore) -> None:
    assert store.vectors(["bert:1", "missing"]) == {"bert:1": pytest.approx([0.8, 0.6, 0.0])}
    assert store.text_hashes(["gpt:0"]) == {"gpt:0": "h2"}
    assert store.all_metadata()["bert:0"]["paper_id"] == "bert"
    assert store.all_ids() == {"bert:0", "bert:1", "gpt:0"} and store.count() == 3
    assert store.vectors([]) == {} and store.text_hashes([]) == {}


def test_delete_and_upsert_change_what_is_found(store: VectorStore) -> None:
    store.delete(["bert:0"])
    store.upsert(["gpt:0"], [[1.0, 0.0, 0.0]], [{"paper_id": "gpt", "text_hash": "h3"}])
    assert store.count() == 2
    assert store.query([1.0, 0.0, 0.0], k=1)[0].chunk_id == "gpt:0"
    assert store.text_hashes(["gpt:0"]) == {"gpt:0": "h3"}


def test_the_store_is_on_disk_and_a_new_process_sees_it(store: VectorStore) -> None:
    assert store.location.startswith("embedded chroma at") or store.location.startswith("chroma server")
    again = VectorStore(store.settings, store.index_dir)
    assert again.count() == 3 and again.query([0.0, 0.0, 1.0], k=1)[0].chunk_id == "gpt:0"
