"""Ranking metrics against values computed by hand from the trec_eval definitions."""

from __future__ import annotations

import math

import pytest

from paperchat.assistant.evaluation.metrics import evaluate, mrr_at_k, ndcg_at_k, percentile, recall_at_k

RANKING = ["a", "b", "c", "d"]
JUDGED = {"b": 1, "d": 2, "e": 1}  # "e" is relevant but never retrieved
IDEAL = 2 / math.log2(2) + 1 / math.log2(3) + 1 / math.log2(4)  # grades 2, 1, 1 at ranks 1..3


def test_ndcg_uses_linear_gain_and_all_judged_documents_in_the_ideal() -> None:
    assert ndcg_at_k(RANKING, JUDGED, 3) == pytest.approx((1 / math.log2(3)) / IDEAL)  # 0.2015
    assert ndcg_at_k(RANKING, JUDGED, 4) == pytest.approx((1 / math.log2(3) + 2 / math.log2(5)) / IDEAL)
    assert ndcg_at_k(RANKING, JUDGED, 3) == pytest.approx(0.20151, abs=1e-5)


def test_ndcg_is_one_for_the_ideal_order_and_zero_without_hits() -> None:
    assert ndcg_at_k(["d", "b", "e"], JUDGED, 10) == pytest.approx(1.0)
    assert ndcg_at_k(["x", "y"], JUDGED, 10) == 0.0
    assert ndcg_at_k(["a"], {"a": 0}, 10) == 0.0


def test_recall_counts_relevant_documents_within_the_cutoff() -> None:
    assert recall_at_k(RANKING, JUDGED, 2) == pytest.approx(1 / 3)
    assert recall_at_k(RANKING, JUDGED, 4) == pytest.approx(2 / 3)
    assert recall_at_k(RANKING, JUDGED, 1) == 0.0


def test_mrr_is_the_reciprocal_rank_of_the_first_hit_within_the_cutoff() -> None:
    assert mrr_at_k(RANKING, JUDGED, 10) == pytest.approx(0.5)
    assert mrr_at_k(RANKING, JUDGED, 1) == 0.0


def test_a_document_retrieved_twice_counts_once_at_its_best_rank() -> None:
    assert recall_at_k(["b", "b", "d"], JUDGED, 2) == pytest.approx(2 / 3)
    assert ndcg_at_k(["b", "b", "d"], JUDGED, 2) == ndcg_at_k(["b", "d"], JUDGED, 2)


def test_evaluate_averages_over_judged_queries_and_scores_missing_runs_zero() -> None:
    qrels = {"q1": {"a": 1}, "q2": {"b": 1}, "q3": {"c": 0}}  # q3 has nothing relevant: not counted
    run = {"q1": ["a", "x"], "q3": ["c"]}  # q2 missing from the run
    scores = evaluate(run, qrels, [("ndcg", 10), ("recall", 100), ("mrr", 10)])
    assert scores == {"ndcg@10": pytest.approx(0.5), "recall@100": pytest.approx(0.5), "mrr@10": pytest.approx(0.5)}


def test_percentile_interpolates_like_numpy() -> None:
    assert percentile([4, 1, 3, 2], 50) == pytest.approx(2.5)
    assert percentile([1, 2, 3, 4], 95) == pytest.approx(3.85)
    assert percentile([7], 95) == 7
    assert percentile([], 50) == 0.0
