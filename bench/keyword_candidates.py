"""Keyword index candidates on the same data: bm25s (rebuilt on every change), SQLite FTS5 bm25(), tantivy.

    nice -n 10 .venv/bin/python bench/keyword_candidates.py --sizes 5183 100000 1000000 [--cache DIR]

Documents are SciFact's title (twice) + abstract, as keyword_terms() makes them; past 5,183 they repeat under
new ids, as in bench/scale_corpus.py. Per size: bulk build s, add one paper (10 chunks) s, remove it s, search
(50 best) + exact scores of 50 other ids p50/p95 ms over the SciFact queries, disk MB, RSS growth MB. On the real
5,183 it also prints BM25 and hybrid nDCG@10 on train and test (hybrid needs cached embeddings from
bench/scifact_retrieval.py --cache DIR). Research script: each candidate here is a few lines, not production code.
"""

from __future__ import annotations

import argparse
import gc
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.keyword_backends import Bm25s, Fts5, Tantivy  # noqa: E402
from bench.scifact_retrieval import DEFAULT_DATA, load_beir, ndcg_at  # noqa: E402
from paperchat.assistant.index.keywords import TITLE_REPEAT  # noqa: E402
from paperchat.assistant.retrieval.fusion import cosine_similarities, score_fusion  # noqa: E402
from paperchat.ingest.text import keyword_terms  # noqa: E402

WORK = Path(os.environ.get("PAPERCHAT_BENCH_CACHE", "/tmp/paperchat-bench")) / "keyword-candidates"


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def dir_mb(path: Path) -> float:
    if path.is_file():
        return path.stat().st_size / 1e6
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


CANDIDATES = {"bm25s": Bm25s, "fts5": Fts5, "tantivy": Tantivy}


def measure(kind: str, size: int, ids: list[str], terms: list[str], queries: list[list[str]]) -> dict:
    path = WORK / f"{kind}-{size}"
    shutil.rmtree(path, ignore_errors=True)
    path.unlink(missing_ok=True) if path.is_file() else None
    for extra in ("-wal", "-shm"):
        Path(f"{path}{extra}").unlink(missing_ok=True)
    WORK.mkdir(parents=True, exist_ok=True)
    gc.collect()
    before = rss_mb()
    index = CANDIDATES[kind](path)
    started = time.perf_counter()
    index.build(ids, terms)
    row = {"candidate": index.name, "docs": size, "build_s": round(time.perf_counter() - started, 2)}
    new_ids, new_terms = [f"new-{n}" for n in range(10)], terms[:10]
    started = time.perf_counter()
    index.add(new_ids, new_terms)
    row["add_paper_s"] = round(time.perf_counter() - started, 3)
    started = time.perf_counter()
    index.remove(new_ids)
    row["remove_paper_s"] = round(time.perf_counter() - started, 3)
    times = []
    for query in queries:
        started = time.perf_counter()
        top = index.search(query, 50)
        index.score_ids(query, ids[:50])  # the dense side's candidates, other ids
        times.append((time.perf_counter() - started) * 1000)
        assert top is not None
    times.sort()
    row["query_p50_ms"] = round(statistics.median(times), 1)
    row["query_p95_ms"] = round(times[int(0.95 * len(times))], 1)
    row["disk_mb"] = round(sum(dir_mb(Path(f"{path}{x}")) for x in ("", "-wal") if Path(f"{path}{x}").exists()), 1)
    row["rss_growth_mb"] = round(rss_mb() - before, 1)
    row["index"] = index
    return row


def quality(index, ids: list[str], query_terms: dict[str, list[str]], qrels: dict, cache: Path | None) -> dict:  # noqa: ANN001
    out: dict[str, float] = {}
    vectors = None
    if cache and (cache / "minilm-titletext.npy").exists() and (cache / "minilm-queries.npy").exists():
        docs = np.load(cache / "minilm-titletext.npy")
        vectors = (docs, np.load(cache / "minilm-queries.npy"))
    order = list(query_terms)
    position = {d: n for n, d in enumerate(ids)}
    for split in ("train", "test"):
        bm25_scores, hybrid_scores = [], []
        for qid, relevant in qrels[split].items():
            terms = query_terms[qid]
            top = dict(index.search(terms, 50))
            bm25_scores.append(ndcg_at(list(top)[:10], relevant))
            if vectors is None:
                continue
            docs, queries = vectors
            cos = docs @ queries[order.index(qid)]
            best = np.argsort(-cos, kind="stable")[:50]
            dense = {ids[i]: float(cos[i]) for i in best}
            keyword = {**index.score_ids(terms, [d for d in dense if d not in top]), **top}
            extra = {d: docs[position[d]] for d in top if d not in dense}
            dense.update(cosine_similarities(queries[order.index(qid)], extra))
            hybrid_scores.append(ndcg_at([d for d, _ in score_fusion(dense, keyword, 0.7, 0.3)], relevant))
        out[f"bm25_{split}"] = round(statistics.fmean(bm25_scores), 4)
        if hybrid_scores:
            out[f"hybrid_{split}"] = round(statistics.fmean(hybrid_scores), 4)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--cache", type=Path, default=None, help="bench/scifact_retrieval.py's embedding cache")
    parser.add_argument("--sizes", type=int, nargs="+", default=[5183, 100_000])
    parser.add_argument("--candidates", nargs="+", default=list(CANDIDATES))
    args = parser.parse_args()
    corpus, queries, qrels = load_beir(args.data)
    base = [
        " ".join(keyword_terms(r.get("title") or "") * TITLE_REPEAT + keyword_terms(r.get("text") or ""))
        for r in corpus
    ]
    judged = [q for q in queries if any(q in split for split in qrels.values())]
    query_terms = {q: keyword_terms(queries[q]) for q in judged}
    test_queries = [query_terms[q] for q in qrels["test"]]
    for size in args.sizes:
        ids = [
            r["_id"] if n < len(corpus) else f"{r['_id']}-{n}"
            for n, r in ((n, corpus[n % len(corpus)]) for n in range(size))
        ]
        terms = [base[n % len(base)] for n in range(size)]
        for kind in args.candidates:
            if kind == "bm25s" and size > 200_000:
                continue  # one rebuild at 1M takes minutes and 10+ GB: the point is made at 100k
            row = measure(kind, size, ids, terms, test_queries)
            index = row.pop("index")
            if size == len(corpus):
                row.update(quality(index, ids, query_terms, qrels, args.cache))
            print(row, flush=True)
            del index
            gc.collect()


if __name__ == "__main__":
    main()
