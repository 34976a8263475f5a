"""Does pseudo-relevance feedback, a title score or rewording the claim lift SciFact past the default fusion?

    nice -n 10 .venv/bin/python bench/scifact_feedback.py --cache /tmp/paperchat-bench/scifact

Uses `bench/dense_windows.py`'s caches (MiniLM vectors of the abstracts, titles and claims; the tantivy BM25
score of every claim against every abstract) and scores every abstract exactly, as production's score fusion does
for its candidates. Prints nDCG@10 on train and test for each setting; choose on train. Research script.
"""

from __future__ import annotations

import argparse
import itertools
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.dense_windows import load_cached  # noqa: E402
from bench.scifact_retrieval import DEFAULT_DATA, ndcg_at  # noqa: E402

REWORDINGS = {
    "lower case": lambda claim: claim.lower(),
    "is it true that": lambda claim: f"Is it true that {claim.rstrip('.')}?",
    "evidence for": lambda claim: f"Evidence for the claim: {claim}",
    "the claim twice": lambda claim: f"{claim} {claim}",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/paperchat-bench/scifact"))
    args = parser.parse_args()
    cached = load_cached(args.data, args.cache)
    docs, claims = cached.first.astype(np.float32), cached.qvec.astype(np.float32)
    bm25 = np.load(args.cache / "tantivy-bm25-all.npy")
    best = bm25.max(axis=1, keepdims=True)
    keyword = bm25 / np.where(best > 0, best, 1)
    judged = sorted(cached.qrow, key=cached.qrow.get)
    ids = np.array(cached.ids)
    rows = {split: [cached.qrow[q] for q in cached.qrels[split] if q in cached.qrow] for split in ("train", "test")}

    def scores(scored: np.ndarray) -> str:
        out = []
        for split, chosen in rows.items():
            top = np.argsort(-scored[chosen], axis=1)[:, :10]
            relevant = [cached.qrels[split][judged[r]] for r in chosen]
            out.append(f"{np.mean([ndcg_at(list(ids[t]), rel) for t, rel in zip(top, relevant, strict=True)]):.4f}")
        return " / ".join(out)

    default = 0.7 * (claims @ docs.T) + 0.3 * keyword
    print("default score fusion (train / test):", scores(default))
    for k, beta, weight in itertools.product((3, 5, 10), (0.25, 0.5, 1.0), (0.6, 0.7)):
        top = np.argsort(-default, axis=1)[:, :k]
        moved = claims + beta * docs[top].mean(axis=1)
        moved /= np.linalg.norm(moved, axis=1, keepdims=True)
        print(f"Rocchio k {k} beta {beta} dense {weight}:", scores(weight * (moved @ docs.T) + (1 - weight) * keyword))
    titles = np.load(args.cache / "minilm-titles.npy").astype(np.float32)
    for weight, title_weight, power in itertools.product((0.5, 0.6, 0.7), (0.1, 0.2), (0.75, 1.0, 1.5)):
        fused = weight * (claims @ docs.T) + title_weight * (claims @ titles.T) + (1 - weight) * keyword**power
        print(f"title score {title_weight}, dense {weight}, BM25^{power}:", scores(fused))
    from paperchat.assistant.embedding.minilm import MiniLMEmbedding

    model = MiniLMEmbedding()
    texts = [cached.queries[q] for q in judged]
    for name, reword in REWORDINGS.items():
        reworded = np.asarray(model.embed_texts([reword(t) for t in texts]), dtype=np.float32)
        print(f"reworded, {name}:", scores(0.7 * (reworded @ docs.T) + 0.3 * keyword))


if __name__ == "__main__":
    main()
