"""Rebuilding an embedded vector store that will not open (a kill in the middle of Chroma's write can leave its HNSW
files half written), from the catalog's chunk texts, re-embedding only the vectors that cannot be recovered.

The damaged store is moved aside, never deleted. Vectors are recovered first through Chroma itself, then from
Chroma's own write-ahead log (the `embeddings_queue` table of its SQLite file, which holds the vectors of writes not
yet merged into the HNSW files); a recovered vector counts only when its text hash matches the catalog's chunk, so
no stale vector comes back. Every other chunk is embedded again from the catalog.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from paperchat.assistant.index import store_probe
from paperchat.assistant.index.store_probe import ID_BATCH


def store_problem(store: Any) -> str | None:
    """What is wrong with the vector store, as its first failing read says; None when it opens and answers. An
    embedded store is read in a child process, so a damaged file that crashes its reader is a finding too."""
    if not store.settings.chroma_host:
        return store_probe.store_problem_in_child(store.index_dir, store.name)
    return read_problem(store)


def read_problem(store: Any) -> str | None:
    """store_problem, read in this process: a count, a few stored vectors with their metadata, and a query with
    each."""
    try:
        count = store.count()
        if count:
            sample = store._call("get", limit=3, include=["embeddings", "metadatas"])
            for vector in sample["embeddings"]:
                store.query(list(vector), min(count, 50))
    except Exception as error:  # any failure to read is the finding: Chroma raises many types
        return store_probe.error_line(error)
    return None


@dataclass
class Rebuilt:
    kept_at: Path
    recovered: int  # vectors recovered from the damaged store
    reembedded: int  # chunks embedded again from the catalog


def rebuild_store(index: Any) -> Rebuilt:
    """Move the embedded store aside and build a new one holding a vector for every catalog chunk."""
    store = index.store
    folder = index.index_dir / "chroma"
    kept = folder.with_name(f"chroma.damaged-{time.strftime('%Y%m%d-%H%M%S')}")
    store._reopen_embedded()  # forget this process's Chroma for the folder: the next call opens the new one
    os.replace(folder, kept)
    wanted = dict(
        index.catalog.db.execute(
            "SELECT c.chunk_id, c.text_hash FROM chunks c JOIN papers p ON p.paper_id = c.paper_id"
        )
    )
    # Only the current generation's collection: a rebuild's other generation may hold vectors of another model.
    logged = _logged_vectors(kept, store.name)
    vectors = {cid: v for cid, (v, digest) in logged.items() if wanted.get(cid) == digest}
    vectors.update(store_probe.readable_vectors(kept, store.name, set(wanted) - set(vectors)))
    ids = sorted(vectors)
    for start in range(0, len(ids), ID_BATCH):
        batch = ids[start : start + ID_BATCH]
        store.upsert(batch, [vectors[cid] for cid in batch], _metadata(index, batch, wanted))
    missing = sorted(set(wanted) - set(vectors))
    return Rebuilt(kept, len(ids), reembed(index, missing))


def reembed(index: Any, chunk_ids: list[str]) -> int:
    """Embed the catalog's text of just these chunks and store the vectors with their paper's metadata."""
    from paperchat.ingest.chunking import chunk_metadata

    done = 0
    for start in range(0, len(chunk_ids), 256):
        texts = index.catalog.chunks_by_id(chunk_ids[start : start + 256])
        papers = index.catalog.papers_by_id(pid for pid, _ in texts.values())
        batch = [cid for cid in texts if texts[cid][0] in papers]
        marks = ",".join("?" * len(batch))
        hashes = dict(
            index.catalog.db.execute(f"SELECT chunk_id, text_hash FROM chunks WHERE chunk_id IN ({marks})", batch)
        )
        vectors = index.embed([texts[cid][1] for cid in batch])
        metadata = [{**chunk_metadata(papers[texts[cid][0]]), "text_hash": hashes[cid]} for cid in batch]
        index.store.upsert(batch, vectors, metadata)
        done += len(batch)
    return done


def _metadata(index: Any, chunk_ids: list[str], hashes: dict[str, str]) -> list[dict]:
    from paperchat.ingest.chunking import chunk_metadata

    texts = index.catalog.chunks_by_id(chunk_ids)
    papers = index.catalog.papers_by_id({pid for pid, _ in texts.values()})
    return [{**chunk_metadata(papers[texts[cid][0]]), "text_hash": hashes[cid]} for cid in chunk_ids]


def _logged_vectors(folder: Path, collection_name: str) -> dict[str, tuple[list[float], str]]:
    """chunk id → (vector, text hash) of the last write of each id to the named collection in Chroma's write-ahead
    log (its topic ends with the collection's id); {} when the log cannot be read (another Chroma layout, or
    damaged too)."""
    import numpy as np

    found: dict[str, tuple[list[float], str]] = {}
    try:
        with closing(sqlite3.connect(f"file:{folder / 'chroma.sqlite3'}?mode=ro", uri=True)) as db:
            rows = db.execute(
                "SELECT q.operation, q.id, q.vector, q.encoding, q.metadata FROM embeddings_queue q"
                " JOIN collections c ON q.topic LIKE '%/' || c.id WHERE c.name = ? ORDER BY q.seq_id",
                (collection_name,),
            ).fetchall()
    except sqlite3.Error:
        return found
    for operation, chunk_id, blob, encoding, metadata in rows:
        if operation == 3 or blob is None or encoding != "FLOAT32":  # 3: a delete
            found.pop(chunk_id, None)
            continue
        digest = (json.loads(metadata) if metadata else {}).get("text_hash", "")
        found[chunk_id] = (np.frombuffer(blob, dtype="<f4").astype(float).tolist(), digest)
    return found
