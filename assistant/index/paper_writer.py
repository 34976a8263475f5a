"""Writing grouped papers into the index: embed the chunks no stored vector has, store vectors, then catalog rows.

Vectors go first (upserted by chunk id, so a rerun never doubles them), the catalog rows last, in one transaction
per batch: a crash in between leaves vectors the next run finds by text hash and re-uses.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from paperchat.assistant.embedding.protocol import embed_in_slices, embed_step
from paperchat.assistant.index.regroup import PaperWrite
from paperchat.assistant.ingest_report import IngestReport
from paperchat.ingest.chunking import Chunk

if TYPE_CHECKING:
    from paperchat.assistant.index.paper_index import PaperIndex


@dataclass
class PendingPaper:
    write: PaperWrite
    chunks: list[Chunk] = field(default_factory=list)


def batches(items: list[PendingPaper], max_chunks: int) -> list[list[PendingPaper]]:
    """Papers in batches of at most `max_chunks` chunks (a paper with more is a batch of its own)."""
    batches: list[list[PendingPaper]] = [[]]
    size = 0
    for item in items:
        if size and size + len(item.chunks) > max_chunks:
            batches.append([])
            size = 0
        batches[-1].append(item)
        size += len(item.chunks)
    return [b for b in batches if b]


def write_batch(
    index: PaperIndex, batch: list[PendingPaper], report: IngestReport, embedded: Callable[[int], None]
) -> None:
    """Embed what no stored vector has (a renamed paper's vectors move instead), store the vectors, then write the
    papers' catalog rows in one transaction. `embedded(n)` says how many of the batch's chunks are embedded so far."""
    chunks = [c for item in batch for c in item.chunks]
    t0 = time.perf_counter()
    stored = index.store.text_hashes([c.chunk_id for c in chunks])
    to_embed = [c for c in chunks if stored.get(c.chunk_id) != c.text_hash]
    moved = _moved_vectors(index, batch, to_embed)  # a paper renamed (it gained an arXiv id): its vectors move
    to_embed = [c for c in to_embed if c.chunk_id not in moved]
    t1 = time.perf_counter()
    vectors = embed_in_slices(index.embed, [c.text for c in to_embed], embed_step(index.embedder), embedded)
    report.chunks_embedded += len(to_embed)
    t2 = time.perf_counter()
    report.timings["embed"] += t2 - t1  # the model only: store reads and writes count as "write"
    kept = [c for c in chunks if c.chunk_id in moved]
    index.store.upsert(
        [c.chunk_id for c in to_embed + kept],
        vectors + [moved[c.chunk_id] for c in kept],
        [{**c.metadata, "text_hash": c.text_hash} for c in to_embed + kept],
    )
    if vectors and index.identity.get("dimension") is None:
        index.identity["dimension"] = len(vectors[0])
    # Chunks a paper no longer has (it shrank, or its paper_id changed), removed in one store call.
    old_ids = {item.write.replaces for item in batch if item.write.replaces}
    old_ids |= {item.write.paper.paper_id for item in batch}
    stale = index.catalog.chunk_ids_of_papers(old_ids) - {c.chunk_id for c in chunks}
    index.store.delete(sorted(stale))
    members = {item.write.paper.paper_id: item.write.members for item in batch}
    index.catalog.write_papers([(item.write.paper, item.chunks, item.write.replaces) for item in batch], members)
    report.timings["write"] += (t1 - t0) + (time.perf_counter() - t2)


def _moved_vectors(index: PaperIndex, batch: list[PendingPaper], to_embed: list[Chunk]) -> dict[str, list[float]]:
    """New chunk id → the stored vector of the same text under the id the paper had before it was renamed."""
    wanted = {c.chunk_id: c.text_hash for c in to_embed}
    old_ids = {
        f"{item.write.replaces}:{c.n}": c.chunk_id
        for item in batch
        if item.write.replaces
        for c in item.chunks
        if c.chunk_id in wanted
    }
    if not old_ids:
        return {}
    hashes = index.store.text_hashes(sorted(old_ids))
    same = [old for old, new in old_ids.items() if hashes.get(old) == wanted[new]]
    return {old_ids[old]: vector for old, vector in index.store.vectors(same).items()}
