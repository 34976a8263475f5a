"""Fast sweep over how a document's windows are scored and fused, from bench/dense_windows.py's cached vectors.

    nice -n 10 .venv/bin/python bench/dense_windows_sweep.py --cache /tmp/paperchat-bench/scifact

Every query's BM25 score for every document is computed once (tantivy), every window's cosine by one matrix
product; then each scoring rule and weight is numpy work. Fusion as in production: top 50 of each side, exact
scores for the union, dense_weight * cosine + (1 - dense_weight) * BM25 / best BM25. Choose on train, read test.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.dense_windows import load_cached, windows  # noqa: E402

WINDOW_OVERLAP = 64  # model tokens shared by neighbouring windows, as dense_windows.py's default
from bench.scifact_retrieval import DEFAULT_DATA, ndcg_at  # noqa: E402
from paperchat.assistant.embedding.minilm import MiniLMEmbedding  # noqa: E402
from paperchat.assistant.index.keywords import KeywordIndex  # noqa: E402

DEPTH = 50


def owners_of_later_windows(texts: list[str], titles: list[str], with_title: bool) -> np.ndarray:
    """For each later window, in bench/dense_windows.py's order, the document it belongs to."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_str(MiniLMEmbedding().model.tokenizer.to_str())
    tokenizer.no_truncation()
    title_ids = [e.ids[1:-1][:48] for e in tokenizer.encode_batch(titles)]
    owners = []
    for n, encoding in enumerate(tokenizer.encode_batch(texts)):
        owners += [n] * len(windows(encoding.ids, title_ids[n], WINDOW_OVERLAP, with_title))
    return np.asarray(owners)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--cache", type=Path, required=True)
    args = parser.parse_args()
    corpus, queries, qrels, ids, titles, texts, qrow, first, qvec = load_cached(args.data, args.cache)
    judged = list(qrow)
    later = {
        kind: np.load(args.cache / f"windows-o64-{kind}.npy")
        for kind in ("bare", "title")
        if (args.cache / f"windows-o64-{kind}.npy").exists()
    }

    bm25_path = args.cache / "tantivy-bm25-all.npy"
    if bm25_path.exists():
        bm25 = np.load(bm25_path)
    else:
        work = Path(tempfile.mkdtemp(prefix="windows-sweep-"))
        rows = zip(ids, titles, [r.get("text") or "" for r in corpus], strict=True)
        keyword = KeywordIndex.create(work / "kw", rows)
        position = {d: n for n, d in enumerate(ids)}
        bm25 = np.zeros((len(judged), len(ids)), dtype=np.float32)
        for q in judged:
            for doc, score in keyword.search(queries[q], len(ids)):
                bm25[qrow[q], position[doc]] = score
        np.save(bm25_path, bm25)

    head = qvec @ first.T  # queries x documents
    rules: dict[str, np.ndarray] = {"first window only": head}
    for kind, vectors in later.items():
        owner = owners_of_later_windows(texts, titles, kind == "title")
        assert len(owner) == len(vectors)
        tail = np.full_like(head, -1.0)
        sims = qvec @ vectors.T
        for n in range(len(owner)):  # documents by their best later window
            np.maximum(tail[:, owner[n]], sims[:, n], out=tail[:, owner[n]])
        best = np.maximum(head, tail)
        rules[f"{kind}: best window"] = best
        rules[f"{kind}: first + 0.5 x gain"] = head + 0.5 * np.clip(tail - head, 0, None)
        sums = first.copy()
        np.add.at(sums, owner, vectors)
        mean = sums / np.linalg.norm(sums, axis=1, keepdims=True)
        rules[f"{kind}: mean of windows"] = qvec @ mean.T
    if (args.cache / "minilm-titles.npy").exists():  # the title alone, embedded as one more window
        title = qvec @ np.load(args.cache / "minilm-titles.npy").T
        rules["title alone: first + 0.5 x gain"] = head + 0.5 * np.clip(title - head, 0, None)
        for name in [r for r in rules if r.endswith("best window")]:
            best = np.maximum(rules[name], title)
            rules[f"{name} or title: first + 0.5 x gain"] = head + 0.5 * np.clip(best - head, 0, None)

    def ndcg(scores: np.ndarray, weight: float | None, split: str) -> float:
        values = []
        for q, relevant in qrels[split].items():
            row = qrow[q]
            cos, kw = scores[row], bm25[row]
            if weight is None:
                ranked = np.argsort(-cos, kind="stable")[:10]
            else:
                union = np.union1d(np.argsort(-cos, kind="stable")[:DEPTH], np.argsort(-kw, kind="stable")[:DEPTH])
                best_kw = kw.max()
                fused = weight * cos[union] + (1 - weight) * (kw[union] / best_kw if best_kw > 0 else 0)
                ranked = union[np.argsort(-fused, kind="stable")[:10]]
            values.append(ndcg_at([ids[i] for i in ranked], relevant))
        return statistics.fmean(values)

    print(f"{'rule':36} {'weight':>6}  train   test")
    for name, scores in rules.items():
        print(f"{name:36} {'dense':>6}  {ndcg(scores, None, 'train'):.4f} {ndcg(scores, None, 'test'):.4f}")
        for weight in (0.6, 0.65, 0.7, 0.75, 0.8):
            print(
                f"{name:36} {weight:6.2f}  {ndcg(scores, weight, 'train'):.4f} {ndcg(scores, weight, 'test'):.4f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
