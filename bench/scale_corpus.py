"""The scale corpus: SciFact abstracts and their single sentences as papers (about 50k), repeated under
unique ids up to 100k chunks; and a lookup embedder over vectors computed once and cached on disk.

The scale runs measure everything but the model (its speed is measured in ingest_speed.py): with vectors
precomputed, the index, catalog and BM25 costs at 1k–100k chunks are visible instead of buried in embedding.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from pathlib import Path

import numpy as np

from bench.common import CACHE, SCIFACT, log

SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9])")
COPY_MARK = re.compile(r" c\d+$")
CACHE_DIR = CACHE / "scale-vectors"
PART = 4096  # vectors saved per file, so an interrupted run resumes


def base_records() -> list[dict]:
    """Per SciFact document: its abstract (with its title), then each sentence; titles are unique."""
    records = []
    with (SCIFACT / "corpus.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            doc = json.loads(line)
            title = f"{doc['title']} [{doc['_id']}]"
            records.append({"paper_id": doc["_id"], "title": title, "abstract": doc["text"]})
            for n, sentence in enumerate(SENTENCE.split(doc["text"]), 1):
                if sentence.strip():
                    # A short title keeps the texts short: embedding them is the cost of building this corpus.
                    records.append(
                        {"paper_id": f"{doc['_id']}.s{n}", "title": f"[{doc['_id']}] s{n}", "abstract": sentence}
                    )
    return records


def records(size: int) -> list[dict]:
    """The first `size` records; past the base corpus, copies with unique ids and titles (same vectors)."""
    base = base_records()
    out = []
    copy = 1
    while len(out) < size:
        for record in base[: size - len(out)]:
            if copy == 1:
                out.append(record)
            else:
                out.append({**record, "paper_id": f"{record['paper_id']}.c{copy}", "title": _copy_title(record, copy)})
        copy += 1
    return out


def _copy_title(record: dict, copy: int) -> str:
    return f"{record['title']} c{copy}"


def chunk_text(record: dict) -> str:
    return f"{record['title'].strip()}\n\n{record['abstract'].strip()}".strip()  # as ingest.chunking does


def _base_key(text: str) -> str:
    """Copies embed as their original: drop the copy marker from the title line."""
    title, _, body = text.partition("\n\n")
    original = COPY_MARK.sub("", title)
    return hashlib.sha1(f"{original}\n\n{body}".encode()).hexdigest()


def write_corpus(size: int, directory: Path, per_file: int = 10_000) -> Path:
    """The first `size` records as JSONL files of `per_file` papers each (one huge file would pass the
    max_file_mb limit, and many files is how a large library arrives)."""
    import shutil

    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    chosen = records(size)
    for start in range(0, len(chosen), per_file):
        lines = [json.dumps(record) for record in chosen[start : start + per_file]]
        (directory / f"part-{start // per_file:03d}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return directory


def ensure_vectors(size: int | None = None) -> dict:
    """Embed the base records the first `size` records need (all by default), cached in parts; return the
    timing facts of the embedding work done so far."""
    from paperchat.assistant.embedding.minilm import MiniLMEmbedding

    texts = [chunk_text(r) for r in base_records()]
    needed = len(texts) if size is None else min(size, len(texts))
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    stats_file = CACHE_DIR / "stats.json"
    stats = json.loads(stats_file.read_text()) if stats_file.exists() else {"seconds": 0.0, "texts": 0}
    embedder = None
    for start in range(0, needed, PART):
        part = CACHE_DIR / f"part-{start // PART:04d}.npy"
        if part.exists():
            continue
        embedder = embedder or MiniLMEmbedding()
        log(f"embedding scale corpus {start}/{len(texts)}")
        began = time.perf_counter()
        np.save(part, embedder.embed_texts(texts[start : start + PART]))
        stats["seconds"] = round(stats["seconds"] + time.perf_counter() - began, 2)
        stats["texts"] += len(texts[start : start + PART])
        stats_file.write_text(json.dumps(stats))
    return {"base_texts": len(texts), **stats}


def derive_vectors(abstract_vectors: Path, noise: float = 0.03, seed: int = 0) -> dict:
    """Vectors for the whole base corpus without the model: each abstract takes its row of `abstract_vectors`
    (MiniLM vectors of the SciFact corpus in corpus.jsonl order, as bench/scifact_retrieval.py caches them),
    each sentence its abstract's vector plus gaussian noise, renormalised (cosine about 0.86 to its abstract).
    For timing the index at 1M chunks when the 50k-text embedding (about 50 min on 2 cores) does not fit:
    dense rankings keep realistic clusters, but are not the model's own; the stats say so."""
    docs = np.load(abstract_vectors)
    ids = [json.loads(line)["_id"] for line in (SCIFACT / "corpus.jsonl").open(encoding="utf-8")]
    row = dict(zip(ids, range(len(ids)), strict=True))
    rng = np.random.default_rng(seed)
    vectors = []
    for record in base_records():
        doc = docs[row[record["paper_id"].split(".s")[0]]]
        if ".s" in record["paper_id"]:
            doc = doc + rng.normal(0.0, noise, doc.shape).astype(np.float32)
        vectors.append(doc / np.linalg.norm(doc))
    stacked = np.stack(vectors).astype(np.float32)
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    for start in range(0, len(stacked), PART):
        np.save(CACHE_DIR / f"part-{start // PART:04d}.npy", stacked[start : start + PART])
    stats = {"seconds": 0.0, "texts": len(stacked), "source": f"derived from {abstract_vectors.name}, noise {noise}"}
    (CACHE_DIR / "stats.json").write_text(json.dumps(stats))
    return {"base_texts": len(stacked), **stats}


class LookupEmbedding:
    """Passages from the cache; queries through the real model (it is loaded lazily, once)."""

    def __init__(self) -> None:
        texts = [chunk_text(r) for r in base_records()]
        parts = sorted(CACHE_DIR.glob("part-*.npy"))
        self.vectors = np.concatenate([np.load(p) for p in parts]) if parts else np.zeros((0, 384), np.float32)
        # Only the texts whose vectors are cached can be looked up; ensure_vectors(size) caches what a size needs.
        self.row = {_base_key(text): n for n, text in enumerate(texts[: len(self.vectors)])}
        self._model = None

    def embed_texts(self, texts: list[str], batch_size: int | None = None) -> np.ndarray:
        rows = [self.row.get(_base_key(text)) for text in texts]
        if all(row is not None for row in rows):
            return self.vectors[rows]
        # A text outside the corpus (the "add one paper" step): the real model.
        return np.stack(
            [self.vectors[row] if row is not None else self._embed(text) for row, text in zip(rows, texts, strict=True)]
        )

    def get_query_embedding(self, text: str) -> list[float]:
        return self._embed(text).tolist()

    def _embed(self, text: str) -> np.ndarray:
        from paperchat.assistant.embedding.minilm import MiniLMEmbedding

        self._model = self._model or MiniLMEmbedding()
        return self._model.embed_texts([text])[0]
