"""KeywordIndex: BM25 (tantivy) over stemmed, stop-worded terms; adds and removes in place, filters, versions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from paperchat.assistant.index import keywords as keyword_module
from paperchat.assistant.index.keywords import VERSION_FILE, KeywordIndex, document_terms, tokenize

ROWS = [
    ("p1:0", "Deep vision", "Convolutional networks learn image features from pixels."),
    ("p1:1", "Deep vision", "We trained the networks for three days on eight GPUs."),
    ("p2:0", "Tabular learning", "Gradient boosting remains strong on tabular data."),
    ("p3:0", "Efficient transformers", "A survey of sparse attention mechanisms for long documents."),
]


@pytest.fixture
def index(tmp_path: Path) -> KeywordIndex:
    return KeywordIndex.create(tmp_path / "keywords", ROWS)


def test_tokenize_stems_and_drops_stop_words() -> None:
    assert tokenize("The Networks are learning") == ["network", "learn"]
    assert tokenize("") == []
    assert document_terms("Deep nets", "Nets learn.") == "deep net deep net net learn"  # the title twice


def test_stemmed_query_finds_the_document(index: KeywordIndex) -> None:
    hits = index.search("convolutional network learning", k=3)
    assert hits[0][0] == "p1:0"
    assert all(score > 0 for _, score in hits)
    assert [score for _, score in hits] == sorted((score for _, score in hits), reverse=True)


def test_only_matching_documents_are_returned(index: KeywordIndex) -> None:
    assert [cid for cid, _ in index.search("boosting", k=10)] == ["p2:0"]


def test_title_words_count(index: KeywordIndex) -> None:
    # "transformers" appears only in p3's title, and that is enough.
    assert index.search("transformer", k=1)[0][0] == "p3:0"


def test_allowed_ids_keep_low_ranked_hits(tmp_path: Path) -> None:
    rows = [(f"d{n}", "", "protein folding protein folding") for n in range(30)]
    rows.append(("rare", "", "a long note that mentions folding once among many other words"))
    index = KeywordIndex.create(tmp_path / "keywords", rows)
    assert "rare" not in [cid for cid, _ in index.search("protein folding", k=5)]
    hits = index.search("protein folding", k=5, allowed_ids={"rare", "unknown"})
    assert [cid for cid, _ in hits] == ["rare"]
    assert index.search("protein folding", k=5, allowed_ids=set()) == []
    everything = {cid for cid, _, _ in rows}
    assert index.search("protein folding", k=5, allowed_ids=everything) == index.search("protein folding", k=5)


def test_empty_index_and_queries(tmp_path: Path, index: KeywordIndex) -> None:
    empty = KeywordIndex.create(tmp_path / "empty", [])
    assert len(empty) == 0 and empty.search("anything", k=5) == [] and empty.indexed_ids() == set()
    assert index.search("", k=5) == []
    assert index.search("the of and", k=5) == []  # stop words only
    assert index.search("zyxwvut", k=5) == []  # unknown word
    assert index.search("networks", k=0) == []


def test_adding_and_removing_changes_only_those_documents(index: KeywordIndex) -> None:
    before = index.search("tabular boosting", 5)
    with index.writing() as writer:
        writer.add([("p4:0", "Kelp", "Kelp forests store carbon.")])
        writer.remove(["p1:1"])
    assert index.indexed_ids() == {"p1:0", "p2:0", "p3:0", "p4:0"}
    assert [cid for cid, _ in index.search("kelp carbon", 5)] == ["p4:0"]
    assert "p1:1" not in dict(index.search("networks trained", 5))
    assert [cid for cid, _ in index.search("tabular boosting", 5)] == [cid for cid, _ in before]


def test_replaying_a_change_leaves_one_copy(index: KeywordIndex) -> None:
    """Remove-then-add of the same id is what sync replays after a crash: it must not double the document."""
    for _ in range(2):
        with index.writing() as writer:
            writer.remove(["p2:0"])
            writer.add([("p2:0", "Tabular learning", "Boosting, revised.")])
    assert len(index) == len(ROWS)
    assert [cid for cid, _ in index.search("revised", 5)] == ["p2:0"]


def test_a_failed_write_commits_nothing(index: KeywordIndex) -> None:
    with pytest.raises(RuntimeError), index.writing() as writer:
        writer.add([("p9:0", "", "never committed")])
        raise RuntimeError("crash in the middle")
    assert index.search("committed", 5) == []
    with index.writing() as writer:  # the lock was released
        writer.add([("p9:0", "", "committed now")])
    assert [cid for cid, _ in index.search("committed", 5)] == ["p9:0"]


def test_another_reader_sees_commits(tmp_path: Path, index: KeywordIndex) -> None:
    reader = KeywordIndex.open(tmp_path / "keywords")
    assert reader is not None and len(reader) == len(ROWS)
    with index.writing() as writer:
        writer.add([("p5:0", "", "photosynthesis in kelp")])
    assert [cid for cid, _ in reader.search("photosynthesis", 5)] == ["p5:0"]


def test_create_replaces_an_existing_index(tmp_path: Path, index: KeywordIndex) -> None:
    rebuilt = KeywordIndex.create(tmp_path / "keywords", ROWS[:2])
    assert rebuilt.indexed_ids() == {"p1:0", "p1:1"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keywords"]  # no staging left behind


def test_absent_or_other_version_is_none(tmp_path: Path, index: KeywordIndex, monkeypatch: pytest.MonkeyPatch) -> None:
    assert KeywordIndex.open(tmp_path / "nothing") is None
    (tmp_path / "keywords" / VERSION_FILE).write_text(json.dumps({"version": "bm25s"}))
    assert KeywordIndex.open(tmp_path / "keywords") is None  # rebuilt by the caller, never misread


def test_score_ids_gives_exact_scores(index: KeywordIndex) -> None:
    best = dict(index.search("deep networks", 4))
    scores = index.score_ids("deep networks", ["p1:0", "p2:0", "gone"])
    assert scores["p1:0"] == pytest.approx(best["p1:0"])
    assert scores["p2:0"] == 0.0 and scores["gone"] == 0.0
    assert index.score_ids("", ["p1:0"]) == {"p1:0": 0.0}


def test_a_held_writer_lock_is_waited_for_then_reported(
    tmp_path: Path, index: KeywordIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = KeywordIndex.open(tmp_path / "keywords")
    monkeypatch.setattr(keyword_module, "WRITER_WAIT_SECONDS", 0.3)
    with index.writing(), pytest.raises(keyword_module.KeywordIndexError, match="writer lock"), other.writing():
        pass
