"""Reciprocal-rank fusion and score fusion on hand-computed examples."""

from __future__ import annotations

import pytest

from paperchat.assistant.retrieval.fusion import cosine_similarities, reciprocal_rank_fusion, score_fusion


def test_rrf_matches_hand_computation() -> None:
    fused = reciprocal_rank_fusion([["a", "b", "c"], ["b", "c", "d"]], k=60)
    expected = {"a": 1 / 61, "b": 1 / 62 + 1 / 61, "c": 1 / 63 + 1 / 62, "d": 1 / 63}
    assert [item for item, _ in fused] == ["b", "c", "a", "d"]
    for item, score in fused:
        assert score == pytest.approx(expected[item])


def test_rrf_weights_matter() -> None:
    rankings = [["a", "b"], ["b", "a"]]
    assert reciprocal_rank_fusion(rankings, [2.0, 1.0])[0][0] == "a"
    assert reciprocal_rank_fusion(rankings, [1.0, 2.0])[0][0] == "b"
    # Equal weights: a tie, kept in order of first appearance.
    assert [item for item, _ in reciprocal_rank_fusion(rankings)] == ["a", "b"]


def test_rrf_k_trades_top_ranks_against_agreement() -> None:
    # a is first in one ranking only; b is fourth in both. k=1: 1/2 > 2/5; k=60: 1/61 < 2/64.
    rankings = [["a", "x1", "x2", "b"], ["y1", "y2", "y3", "b"]]
    assert reciprocal_rank_fusion(rankings, k=1)[0][0] == "a"
    assert reciprocal_rank_fusion(rankings, k=60)[0][0] == "b"


def test_rrf_edge_cases() -> None:
    assert reciprocal_rank_fusion([]) == []
    assert reciprocal_rank_fusion([[], ["a"]]) == [("a", pytest.approx(1 / 61))]
    with pytest.raises(ValueError):
        reciprocal_rank_fusion([["a"]], [1.0, 2.0])


def test_score_fusion_hand_computed() -> None:
    dense = {"a": 0.8, "b": 0.5}
    keyword = {"a": 2.0, "b": 10.0, "c": 5.0}
    fused = dict(score_fusion(dense, keyword, dense_weight=0.7, keyword_weight=0.3))
    assert fused["a"] == pytest.approx(0.7 * 0.8 + 0.3 * 0.2)
    assert fused["b"] == pytest.approx(0.7 * 0.5 + 0.3 * 1.0)
    assert fused["c"] == pytest.approx(0.7 * 0.5 + 0.3 * 0.5)  # missing cosine: the lowest one seen
    assert [item for item, _ in score_fusion(dense, keyword)] == ["b", "a", "c"]


def test_score_fusion_keeps_score_gaps_that_rrf_loses() -> None:
    # Dense is nearly indifferent between a and b, BM25 strongly prefers b: score fusion follows BM25,
    # while RRF sees two opposite rankings and ties them.
    dense = {"a": 0.61, "b": 0.60}
    keyword = {"b": 12.0, "a": 1.0}
    assert score_fusion(dense, keyword)[0][0] == "b"
    rrf = reciprocal_rank_fusion([list(dense), list(keyword)])
    assert rrf[0][1] == pytest.approx(rrf[1][1])


def test_score_fusion_edge_cases() -> None:
    assert score_fusion({}, {}) == []
    assert [item for item, _ in score_fusion({"a": 0.2, "b": 0.9}, {})] == ["b", "a"]
    assert [item for item, _ in score_fusion({}, {"a": 1.0, "b": 3.0})] == ["b", "a"]
    assert [item for item, _ in score_fusion({"a": 0.3}, {"a": 0.0})] == ["a"]


def test_cosine_similarities() -> None:
    sims = cosine_similarities([1.0, 0.0], {"same": [2.0, 0.0], "orthogonal": [0.0, 3.0], "zero": [0.0, 0.0]})
    assert sims == {"same": pytest.approx(1.0), "orthogonal": pytest.approx(0.0), "zero": 0.0}
    assert cosine_similarities([1.0, 0.0], {}) == {}
