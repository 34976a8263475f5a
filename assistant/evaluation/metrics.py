"""Standard ranking metrics, as BEIR computes them with pytrec_eval (trec_eval definitions).

- nDCG@k: gain = graded relevance (linear, as trec_eval), discount 1 / log2(rank + 1); the ideal ranking is
  built from every judged-relevant document of the query, retrieved or not.
- Recall@k: relevant documents in the top k / all relevant documents of the query.
- MRR@k: 1 / rank of the first relevant document within the top k, 0 when there is none.

A document counts as relevant when its judgement is > 0. Queries without any relevant document are skipped
(trec_eval would score them 0 only if they were in the run; BEIR evaluates only queries present in qrels).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

Qrels = Mapping[str, Mapping[str, int]]  # query id → document id → relevance grade
Run = Mapping[str, Sequence[str]]  # query id → document ids, best first


def ndcg_at_k(ranking: Sequence[str], judged: Mapping[str, int], k: int) -> float:
    ideal_gains = sorted((grade for grade in judged.values() if grade > 0), reverse=True)[:k]
    ideal = sum(gain / math.log2(rank + 1) for rank, gain in enumerate(ideal_gains, 1))
    if ideal == 0:
        return 0.0
    gained = sum(max(judged.get(doc, 0), 0) / math.log2(rank + 1) for rank, doc in enumerate(_unique(ranking)[:k], 1))
    return gained / ideal


def recall_at_k(ranking: Sequence[str], judged: Mapping[str, int], k: int) -> float:
    relevant = {doc for doc, grade in judged.items() if grade > 0}
    if not relevant:
        return 0.0
    return len(relevant & set(_unique(ranking)[:k])) / len(relevant)


def mrr_at_k(ranking: Sequence[str], judged: Mapping[str, int], k: int) -> float:
    for rank, doc in enumerate(_unique(ranking)[:k], 1):
        if judged.get(doc, 0) > 0:
            return 1.0 / rank
    return 0.0


METRICS = {"ndcg": ndcg_at_k, "recall": recall_at_k, "mrr": mrr_at_k}
DEFAULT_CUTOFFS = (("ndcg", 10), ("recall", 10), ("recall", 100), ("mrr", 10))


def evaluate(run: Run, qrels: Qrels, cutoffs: Iterable[tuple[str, int]] = DEFAULT_CUTOFFS) -> dict[str, float]:
    """Mean of each metric over the judged queries, keyed "ndcg@10", "recall@100", ...; a query missing from
    the run scores 0, as it would in BEIR."""
    cutoffs = list(cutoffs)
    queries = [qid for qid, judged in qrels.items() if any(grade > 0 for grade in judged.values())]
    totals = {f"{name}@{k}": 0.0 for name, k in cutoffs}
    for qid in queries:
        ranking = run.get(qid, [])
        for name, k in cutoffs:
            totals[f"{name}@{k}"] += METRICS[name](ranking, qrels[qid], k)
    return {key: (value / len(queries) if queries else 0.0) for key, value in totals.items()}


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0..100) with linear interpolation between neighbours (numpy's default)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _unique(ranking: Sequence[str]) -> list[str]:
    """A document counted once, at its best rank (several chunks of one paper may be retrieved)."""
    return list(dict.fromkeys(ranking))
