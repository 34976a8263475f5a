"""KeywordIndex: BM25 with stemming and stop words, filters, title weighting, save/load."""

from __future__ import annotations

from pathlib import Path

import bm25s
import pytest

from paperchat.assistant.index.keywords import IndexChangedError, KeywordIndex, tokenize

IDS = ["p1:0", "p1:1", "p2:0", "p3:0"]
TEXTS = [
    "Convolutional networks learn image features from pixels.",
    "We trained the networks for three days on eight GPUs.",
    "Gradient boosting remains strong on tabular data.",
    "A survey of sparse attention mechanisms for long documents.",
]
TITLES = ["Deep vision", "Deep vision", "Tabular learning", "Efficient transformers"]


def make_index() -> KeywordIndex:
    return KeywordIndex.build(IDS, TEXTS, TITLES)


def test_tokenize_stems_and_drops_stop_words() -> None:
    assert tokenize("The Networks are learning") == ["network", "learn"]
    assert tokenize("") == []


def test_stemmed_query_finds_the_document() -> None:
    hits = make_index().search("convolutional network learning", k=3)
    assert hits[0][0] == "p1:0"
    assert all(score > 0 for _, score in hits)
    assert [score for _, score in hits] == sorted((score for _, score in hits), reverse=True)


def test_only_matching_documents_are_returned() -> None:
    assert [cid for cid, _ in make_index().search("boosting", k=10)] == ["p2:0"]


def test_title_words_count() -> None:
    # "transformers" appears only in p3's title, and that is enough.
    assert make_index().search("transformer", k=1)[0][0] == "p3:0"


def test_allowed_ids_keep_low_ranked_hits() -> None:
    index = KeywordIndex.build(
        [f"d{n}" for n in range(30)] + ["rare"],
        ["protein folding protein folding"] * 30 + ["a long note that mentions folding once among many other words"],
    )
    assert "rare" not in [cid for cid, _ in index.search("protein folding", k=5)]
    hits = index.search("protein folding", k=5, allowed_ids={"rare", "unknown"})
    assert [cid for cid, _ in hits] == ["rare"]
    assert index.search("protein folding", k=5, allowed_ids=set()) == []
    # A filter that allows everything changes nothing (the filter path walks the matches instead).
    everything = set(index.ids)
    assert index.search("protein folding", k=5, allowed_ids=everything) == index.search("protein folding", k=5)


def test_empty_corpus_and_queries(tmp_path: Path) -> None:
    empty = KeywordIndex.build([], [], [])
    assert len(empty) == 0 and empty.search("anything", k=5) == []
    empty.save(tmp_path / "bm25")
    loaded = KeywordIndex.load(tmp_path / "bm25")
    assert loaded is not None and len(loaded) == 0 and loaded.search("anything", 5) == []
    index = make_index()
    assert index.search("", k=5) == []
    assert index.search("the of and", k=5) == []  # stop words only
    assert index.search("zyxwvut", k=5) == []  # unknown word
    assert index.search("networks", k=0) == []


def test_empty_texts_are_indexed() -> None:
    index = KeywordIndex.build(["a", "b"], ["", "retrieval augmented generation"], None)
    assert [cid for cid, _ in index.search("retrieval", 5)] == ["b"]


def test_save_load_round_trip(tmp_path: Path) -> None:
    index = make_index()
    target = tmp_path / "index" / "bm25"
    index.save(target)
    index.save(target)  # replacing an existing index works
    loaded = KeywordIndex.load(target)
    assert loaded is not None and len(loaded) == len(IDS)
    for query in ["deep networks", "tabular data boosting", "attention documents", "vision"]:
        assert loaded.search(query, 4) == index.search(query, 4)
        assert loaded.search(query, 4, {"p1:1", "p3:0"}) == index.search(query, 4, {"p1:1", "p3:0"})
    assert sorted(p.name for p in target.parent.iterdir()) == ["bm25"]  # no staging left behind


def test_a_swap_during_loading_is_detected_not_mixed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another process saves a new index while this one is between reading ids.json and the BM25 arrays."""
    target = tmp_path / "bm25"
    make_index().save(target)
    bigger = KeywordIndex.build([*IDS, "p4:0", "p5:0"], [*TEXTS, "More text.", "Even more text."])
    real_load = bm25s.BM25.load

    def load_after_a_swap(path: str, **kwargs: object) -> bm25s.BM25:
        bigger.save(target)
        return real_load(path, **kwargs)

    monkeypatch.setattr(bm25s.BM25, "load", load_after_a_swap)
    with pytest.raises(IndexChangedError, match="replaced while it was read"):
        KeywordIndex.load(target)
    monkeypatch.setattr(bm25s.BM25, "load", real_load)
    assert len(KeywordIndex.load(target)) == len(IDS) + 2  # read again: one whole version


def test_ids_that_do_not_match_the_arrays_are_refused(tmp_path: Path) -> None:
    target = tmp_path / "bm25"
    make_index().save(target)
    (target / "ids.json").write_text('["p1:0"]')
    with pytest.raises(IndexChangedError):
        KeywordIndex.load(target)


def test_load_absent_index(tmp_path: Path) -> None:
    assert KeywordIndex.load(tmp_path / "nothing") is None


def test_score_ids_gives_exact_scores() -> None:
    index = make_index()
    best = dict(index.search("deep networks", 4))
    scores = index.score_ids("deep networks", ["p1:0", "p2:0", "gone"])
    assert scores["p1:0"] == best["p1:0"]
    assert scores["p2:0"] == 0.0
    assert "gone" not in scores
    assert index.score_ids("", ["p1:0"]) == {"p1:0": 0.0}


def test_a_rebuild_tokenises_only_documents_it_has_not_seen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Adding a paper rebuilds BM25 over everything; the unchanged documents' terms come from the last save."""
    import paperchat.assistant.index.keywords as keyword_index

    target = tmp_path / "bm25"
    KeywordIndex.build(IDS, TEXTS, TITLES).save(target)
    tokenized: list[str] = []
    real_tokenize = keyword_index.tokenize

    def counting(text: str) -> list[str]:
        tokenized.append(text)
        return real_tokenize(text)

    monkeypatch.setattr(keyword_index, "tokenize", counting)
    ids, texts = [*IDS, "p4:0"], [*TEXTS, "Kelp forests store carbon."]
    titles = [*TITLES[:3], "Efficient transformers, revised", "Kelp"]  # p3's title changed: tokenised again
    rebuilt = KeywordIndex.build(ids, texts, titles, previous=target)
    new = ["Efficient transformers, revised", TEXTS[3], "Kelp", "Kelp forests store carbon."]
    assert sorted(tokenized) == sorted(new)

    monkeypatch.setattr(keyword_index, "tokenize", real_tokenize)
    fresh = KeywordIndex.build(ids, texts, titles)
    for query in ["deep networks", "kelp carbon", "revised attention", "tabular boosting"]:
        assert rebuilt.search(query, 5) == fresh.search(query, 5)


def test_saved_terms_of_another_tokenisation_are_not_trusted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import paperchat.assistant.index.keywords as keyword_index

    target = tmp_path / "bm25"
    KeywordIndex.build(IDS, TEXTS, TITLES).save(target)
    monkeypatch.setattr(keyword_index, "TERMS_VERSION", "a different stemmer")
    calls = []
    monkeypatch.setattr(keyword_index, "tokenize", lambda text: calls.append(text) or text.lower().split())
    KeywordIndex.build(IDS, TEXTS, TITLES, previous=target)
    assert len(calls) == 2 * len(IDS)  # every title and text, none reused
