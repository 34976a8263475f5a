"""SciFact retrieval benchmark: dense, BM25 and their fusions, nDCG@10 and Recall@100 on the test and train qrels.

    .venv/bin/python bench/scifact_retrieval.py [--data ../shared/bench/scifact] [--cache /tmp/scifact_cache]

Dense is the bundled MiniLM (assistant.minilm.MiniLMEmbedding) on "title abstract", truncated at 256 tokens as
in production. Embeddings are cached under --cache (about 3 minutes for the 5,183 abstracts on 2 idle cores);
a few are recomputed each run to check that the cache still matches the model. BM25 is assistant.index.keywords,
fusion is assistant.fusion, so the numbers are those of the production code. Not a test: it needs the data set.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from paperchat.assistant.config import offline_environment  # noqa: E402

offline_environment()

from paperchat.assistant.index.keywords import KeywordIndex  # noqa: E402
from paperchat.assistant.retrieval.fusion import cosine_similarities, score_fusion  # noqa: E402
from paperchat.assistant.retrieval.fusion import reciprocal_rank_fusion as rrf  # noqa: E402

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "bench" / "scifact"
Ranking = list[str]


def ids_of(scored: list[tuple[str, float]]) -> Ranking:
    return [item for item, _ in scored]


def load_beir(data: Path) -> tuple[list[dict], dict[str, str], dict[str, dict[str, dict[str, int]]]]:
    """Corpus rows, query texts by id, and qrels by split name (test, train) → query id → doc id → grade."""
    corpus = [json.loads(line) for line in (data / "corpus.jsonl").open(encoding="utf-8")]
    queries = {row["_id"]: row["text"] for row in map(json.loads, (data / "queries.jsonl").open(encoding="utf-8"))}
    qrels: dict[str, dict[str, dict[str, int]]] = {}
    for path in sorted((data / "qrels").glob("*.tsv")):
        split: dict[str, dict[str, int]] = {}
        for line in path.read_text(encoding="utf-8").splitlines()[1:]:
            query_id, doc_id, grade = line.split("\t")
            if int(grade) > 0:
                split.setdefault(query_id, {})[doc_id] = int(grade)
        qrels[path.stem] = split
    return corpus, queries, qrels


def ndcg_at(ranking: Ranking, relevant: dict[str, int], k: int = 10) -> float:
    """Standard nDCG@k (as trec_eval / BEIR): gain = grade, discount log2(rank + 1), ideal from the qrels."""
    dcg = sum(relevant.get(doc, 0) / math.log2(rank + 2) for rank, doc in enumerate(ranking[:k]))
    ideal = sum(g / math.log2(rank + 2) for rank, g in enumerate(sorted(relevant.values(), reverse=True)[:k]))
    return dcg / ideal if ideal else 0.0


def recall_at(ranking: Ranking, relevant: dict[str, int], k: int = 100) -> float:
    return len(set(ranking[:k]) & set(relevant)) / len(relevant)


def embed_cached(cache: Path, name: str, texts: list[str], embed: Callable[[list[str]], np.ndarray]) -> np.ndarray:
    path = cache / f"minilm-{name}.npy"
    if path.exists():
        vectors = np.load(path)
        sample = list(range(0, len(texts), max(1, len(texts) // 16)))[:16]
        if vectors.shape[0] == len(texts) and np.allclose(
            vectors[sample], embed([texts[i] for i in sample]), atol=1e-4
        ):
            return vectors
        print(f"cache {path} does not match the texts or the model; re-embedding", file=sys.stderr)
    started = time.perf_counter()
    vectors = embed(texts)
    print(f"embedded {len(texts)} {name} in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    cache.mkdir(parents=True, exist_ok=True)
    np.save(path, vectors)
    return vectors


def dense_embedder() -> Callable[[list[str]], np.ndarray]:
    try:
        from paperchat.assistant.embedding.minilm import MiniLMEmbedding
    except ImportError:  # the module is newer than this script's first version
        sys.exit("paperchat.assistant.embedding.minilm.MiniLMEmbedding is missing")
    model = MiniLMEmbedding()
    return model.embed_texts


def paired_p_value(a: list[float], b: list[float], rounds: int = 10_000, seed: int = 0) -> float:
    """Two-sided paired randomisation test on per-query differences."""
    diff = np.asarray(a) - np.asarray(b)
    signs = np.random.default_rng(seed).choice([-1.0, 1.0], size=(rounds, len(diff)))
    return float((np.abs((signs * diff).mean(1)) >= abs(diff.mean()) - 1e-12).mean())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/scifact_cache"))
    parser.add_argument("--candidates", type=int, default=50, help="candidates from each retriever before fusion")
    parser.add_argument("--dense-weight", type=float, default=0.7, help="score fusion: weight of cosine")
    parser.add_argument("--sweep", action="store_true", help="also print score fusion for dense weights 0.5-0.85")
    args = parser.parse_args()

    corpus, queries, qrels = load_beir(args.data)
    ids = [row["_id"] for row in corpus]
    titles = [row.get("title") or "" for row in corpus]
    texts = [row.get("text") or "" for row in corpus]
    judged = {q for split in qrels.values() for q in split}
    query_ids = [q for q in queries if q in judged]
    position = {doc_id: n for n, doc_id in enumerate(ids)}

    embed = dense_embedder()
    doc_vectors = embed_cached(
        args.cache, "titletext", [f"{t} {x}".strip() for t, x in zip(titles, texts, strict=True)], embed
    )
    query_vectors = embed_cached(args.cache, "queries", [queries[q] for q in query_ids], embed)
    cosines = query_vectors @ doc_vectors.T

    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="scifact-keywords-"))
    keyword = KeywordIndex.create(work / "twice", zip(ids, titles, texts, strict=True))  # production: title twice
    build_seconds = time.perf_counter() - started
    once = [(i, "", f"{t} {x}") for i, t, x in zip(ids, titles, texts, strict=True)]
    keyword_title_once = KeywordIndex.create(work / "once", once)

    n = args.candidates
    weight = args.dense_weight
    sweep = [round(w, 2) for w in np.arange(0.5, 0.86, 0.05)] if args.sweep else []
    runs: dict[str, dict[str, Ranking]] = {}
    fusion_ms: list[float] = []

    def add(name: str, query_id: str, ranking: Ranking) -> None:
        runs.setdefault(name, {})[query_id] = ranking

    for row, query_id in enumerate(query_ids):
        question = queries[query_id]
        top = np.argsort(-cosines[row], kind="stable")[:100]
        dense_all = {ids[i]: float(cosines[row, i]) for i in top}
        dense = dict(list(dense_all.items())[:n])
        bm25_once = keyword_title_once.search(question, 100)
        bm25_all = keyword.search(question, 100)

        started = time.perf_counter()  # the winner's query-time cost, embedding and vector search excluded
        bm25 = dict(keyword.search(question, n))
        exact_bm25 = {**keyword.score_ids(question, list(dense)), **bm25}
        # Production fetches the keyword-only candidates' vectors from the store; here they are rows of doc_vectors.
        fetched = {d: doc_vectors[position[d]] for d in bm25 if d not in dense}
        exact_dense = {**cosine_similarities(query_vectors[row], fetched), **dense}
        winner = score_fusion(exact_dense, exact_bm25, weight, 1 - weight)
        fusion_ms.append((time.perf_counter() - started) * 1000)

        add("dense (MiniLM, title + abstract)", query_id, list(dense_all))
        add("BM25, title once (reference)", query_id, [d for d, _ in bm25_once])
        add("BM25, title twice", query_id, [d for d, _ in bm25_all])
        add("RRF k=60, BM25 title once (reference)", query_id, ids_of(rrf([list(dense), ids_of(bm25_once[:n])])))
        add("RRF k=60, BM25 title twice", query_id, ids_of(rrf([list(dense), list(bm25)])))
        add("RRF k=20, BM25 title twice", query_id, ids_of(rrf([list(dense), list(bm25)], k=20)))
        add("score fusion, missing scores imputed", query_id, ids_of(score_fusion(dense, bm25, weight, 1 - weight)))
        add(
            "score fusion, exact BM25, cosine imputed",
            query_id,
            ids_of(score_fusion(dense, exact_bm25, weight, 1 - weight)),
        )
        add(f"score fusion {weight}/{1 - weight:.2f}, exact scores (WINNER)", query_id, ids_of(winner))
        for swept in sweep:
            add(
                f"  sweep: dense_weight={swept}",
                query_id,
                ids_of(score_fusion(exact_dense, exact_bm25, swept, 1 - swept)),
            )

    splits = [s for s in ("test", "train") if s in qrels]
    header = f"{'run':58}" + "".join(f"  {s + ' nDCG@10':>14} {s + ' R@100':>11}" for s in splits)
    print(
        f"SciFact: {len(ids)} docs; {', '.join(f'{s} {len(qrels[s])} queries' for s in splits)}; "
        f"fusion takes {n} candidates from each retriever (single retrievers: top 100)\n"
    )
    print(header + "\n" + "-" * len(header))
    per_query: dict[str, list[float]] = {}
    for name, ranking in runs.items():
        cells = ""
        for split in splits:
            nd = [ndcg_at(ranking[q], rel) for q, rel in qrels[split].items()]
            rc = [recall_at(ranking[q], rel) for q, rel in qrels[split].items()]
            per_query[f"{name}|{split}"] = nd
            cells += f"  {statistics.fmean(nd):14.4f} {statistics.fmean(rc):11.3f}"
        print(f"{name:58}{cells}")

    winner_name = next(name for name in runs if "WINNER" in name)
    reference = "RRF k=60, BM25 title once (reference)"
    for split in splits:
        p = paired_p_value(per_query[f"{winner_name}|{split}"], per_query[f"{reference}|{split}"])
        print(f"\n{split}: winner vs reference RRF, paired randomisation test p = {p:.4f}", end="")
    ms = sorted(fusion_ms)
    print(
        f"\n\nKeyword index build: {build_seconds:.1f} s for {len(ids)} docs. Winner's query-time cost without "
        f"embedding and vector search (BM25 search + score_ids + fusion): mean {statistics.fmean(ms):.2f} ms, "
        f"p95 {ms[int(0.95 * len(ms))]:.2f} ms, max {ms[-1]:.2f} ms"
    )


if __name__ == "__main__":
    main()
