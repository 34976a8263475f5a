"""Speed of the bundled MiniLM embedder: passages per second by batch size on SciFact abstracts, and query latency.

Run: python bench/embedding_speed.py [path/to/scifact/corpus.jsonl]
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing

from paperchat.assistant.config import offline_environment  # noqa: E402

offline_environment()

from paperchat.assistant.embedding.minilm import MiniLMEmbedding  # noqa: E402

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "bench" / "scifact" / "corpus.jsonl"
PASSAGES = 640
BATCH_SIZES = (8, 16, 32, 64)
QUERY_RUNS = 50


def load_passages(path: Path, limit: int) -> list[str]:
    passages: list[str] = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            passages.append(f"{record['title']} {record['text']}")
            if len(passages) == limit:
                break
    return passages


def main() -> None:
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_CORPUS
    passages = load_passages(corpus, PASSAGES)
    embedder = MiniLMEmbedding()
    embedder.embed_texts(passages[:8])  # load the model and warm up outside the timings
    # Other busy processes slow the wall clock: the load average and CPU seconds tell such a run apart.
    print(f"{len(passages)} SciFact abstracts, {embedder.threads} onnxruntime threads, load {os.getloadavg()[0]:.1f}")
    for batch_size in BATCH_SIZES:
        start, cpu_start = time.perf_counter(), time.process_time()
        embedder.embed_texts(passages, batch_size=batch_size)
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu_start
        rate = len(passages) / elapsed
        print(f"batch {batch_size:>2}: {rate:6.1f} passages/s ({elapsed:.1f} s wall, {cpu:.1f} s CPU)")

    query = "Vitamin D supplementation reduces the risk of fractures in older adults."
    latencies = []
    for _ in range(QUERY_RUNS):
        start = time.perf_counter()
        embedder.get_query_embedding(query)
        latencies.append((time.perf_counter() - start) * 1000)
    print(f"single query: {statistics.median(latencies):.1f} ms (median of {QUERY_RUNS})")


if __name__ == "__main__":
    main()
