"""`paperchat ingest --rebuild` without downtime: every indexed paper is chunked and embedded again with the
settings in use into a new generation (its own Chroma collection, `chunks_next` in the catalog, its own keyword
folder) while readers go on answering from the current one; then one switch (the catalog's chunks, then the
manifest's `generation`) moves every reader over. Readers in other processes follow the manifest (PaperIndex).

A rebuild stopped before the switch leaves the current generation untouched; the next rebuild drops what it left.
Stopped between the catalog's switch and the manifest's, it counts as switched (manifest.active_generation). The
replaced generation is kept RETIRE_AFTER_SECONDS for questions still being answered from it, then dropped by the
next write.
"""

from __future__ import annotations

import shutil
import time
from typing import TYPE_CHECKING

from paperchat.assistant.embedding.protocol import embed_in_slices, embed_step
from paperchat.assistant.index.catalog_schema import ChunkPlace
from paperchat.assistant.index.keywords import KeywordIndex
from paperchat.assistant.index.manifest import (
    active_generation,
    check_manifest,
    collection_name,
    keywords_name,
    manifest_stamp,
    read_manifest,
    write_manifest,
)
from paperchat.assistant.index.store import VectorStore
from paperchat.assistant.ingest_report import IngestReport
from paperchat.ingest.chunking import chunk_paper

if TYPE_CHECKING:
    from paperchat.assistant.index.catalog import Catalog
    from paperchat.assistant.index.paper_index import PaperIndex, Progress

RETIRE_AFTER_SECONDS = 60.0
BATCH_CHUNKS = 1024  # chunks embedded and written together, as an ingest does
NEXT = "chunks_next"


def has_next_chunks(catalog: Catalog) -> bool:
    """Whether a rebuild's new chunks wait in the catalog (it has not switched yet)."""
    with catalog._lock:  # noqa: SLF001 - the catalog's connection is shared and its lock serialises it
        return catalog.db.execute("SELECT 1 FROM sqlite_master WHERE name=?", (NEXT,)).fetchone() is not None


def current_generation(index: PaperIndex) -> int:
    """The generation readers answer from now (manifest.active_generation)."""
    manifest = read_manifest(index.index_dir) or {}
    return active_generation(manifest, manifest.get("switching") is not None and not has_next_chunks(index.catalog))


def follow(index: PaperIndex) -> None:
    """In a reader: when the manifest says another process (or Assistant) switched the index to a new generation,
    answer from it. One built with other settings is an IndexMismatchError, at every use until reopened."""
    stamp = manifest_stamp(index.index_dir)
    generation = current_generation(index)
    if generation != index.generation:
        check_manifest(index.index_dir, index._expected_manifest())  # noqa: SLF001
        old = index._store  # noqa: SLF001
        store = VectorStore(index.settings, index.index_dir, collection_name(index.settings.collection, generation))
        index.use_generation(generation, store, None)
        if not index.settings.chroma_host:
            old._reopen_embedded()  # noqa: SLF001 - this process's Chroma must read the new collection's files
    index._stamp = stamp  # noqa: SLF001


def rebuild(index: PaperIndex, report: IngestReport, progress: Progress) -> None:
    """Embed every indexed paper again into a new generation, then switch to it. Runs holding the write lock."""
    started = time.perf_counter()
    settings, catalog = index.settings, index.catalog
    old, new = index.generation, index.generation + 1
    store = VectorStore(settings, index.index_dir, collection_name(settings.collection, new))
    store.drop()  # what an earlier, stopped rebuild left
    with catalog._lock:  # noqa: SLF001
        schema = catalog.db.execute("SELECT sql FROM sqlite_master WHERE name='chunks'").fetchone()[0]
    _sql(catalog, f"DROP TABLE IF EXISTS {NEXT}", schema.replace("chunks", NEXT, 1))  # the same keys and columns
    papers = catalog.papers()
    tokens, overlap = settings.ingest.chunk_tokens, settings.ingest.chunk_overlap
    chunks = [chunk for paper in papers for chunk in chunk_paper(paper, tokens, overlap)]
    for start in range(0, len(chunks), BATCH_CHUNKS):
        batch = chunks[start : start + BATCH_CHUNKS]
        done = lambda n, start=start: progress("embed", start + n, len(chunks))  # noqa: E731
        vectors = embed_in_slices(index.embed, [c.text for c in batch], embed_step(index.embedder), done)
        store.upsert([c.chunk_id for c in batch], vectors, [{**c.metadata, "text_hash": c.text_hash} for c in batch])
        if vectors:
            index.identity["dimension"] = len(vectors[0])
        with catalog._lock, catalog.db:  # noqa: SLF001
            catalog.db.executemany(  # the columns Catalog.write_papers writes
                f"INSERT OR REPLACE INTO {NEXT} (chunk_id, paper_id, n, text, text_hash, page, section, page_breaks)"
                " VALUES (?,?,?,?,?,?,?,?)",
                [(c.chunk_id, c.paper_id, c.n, c.text, c.text_hash, *ChunkPlace.of(c).row()) for c in batch],
            )
    report.updated += [paper.paper_id for paper in papers]
    report.chunks_embedded += len(chunks)
    progress("keywords", 0, 1)
    folder = index.index_dir / keywords_name(new)
    shutil.rmtree(folder, ignore_errors=True)
    with catalog._lock:  # noqa: SLF001
        rows = catalog.db.execute(
            f"SELECT c.chunk_id, json_extract(p.record, '$.title'), c.text FROM {NEXT} c "
            "JOIN papers p ON p.paper_id = c.paper_id ORDER BY c.chunk_id"
        ).fetchall()
    keywords = KeywordIndex.create(folder, rows)
    progress("keywords", 1, 1)
    write_manifest(index.index_dir, {**(read_manifest(index.index_dir) or {}), "switching": new})
    _sql(  # one transaction: readers see the old chunks or the new ones, never a mix
        catalog,
        "DROP TABLE chunks",
        f"ALTER TABLE {NEXT} RENAME TO chunks",
        "CREATE INDEX IF NOT EXISTS chunks_by_paper ON chunks (paper_id)",
        "DELETE FROM keyword_changes",  # the new keyword index was built from the new chunks
    )
    index.use_generation(new, store, keywords)
    index.update_manifest(generation=new, switching=None, retired={"generation": old, "since": time.time()})
    report.timings["rebuild"] = time.perf_counter() - started


def settle(index: PaperIndex) -> None:
    """At the start of a write: finish a switch a stopped rebuild made in the catalog only, and drop a generation
    replaced more than RETIRE_AFTER_SECONDS ago (no question is still being answered from it)."""
    manifest = read_manifest(index.index_dir) or {}
    if manifest.get("switching") is not None:
        if has_next_chunks(index.catalog):  # stopped before its switch: the current generation stands
            index.update_manifest(switching=None)
        else:
            index.update_manifest(generation=index.generation, switching=None)
    retired = manifest.get("retired")
    if retired and time.time() - retired.get("since", 0) > RETIRE_AFTER_SECONDS:
        generation = int(retired["generation"])
        VectorStore(index.settings, index.index_dir, collection_name(index.settings.collection, generation)).drop()
        shutil.rmtree(index.index_dir / keywords_name(generation), ignore_errors=True)
        index.update_manifest(retired=None)


def _sql(catalog: Catalog, *statements: str) -> None:
    with catalog._lock, catalog.db:  # noqa: SLF001
        catalog._writes += 1  # noqa: SLF001 - cached reads of this connection must not outlive the change
        catalog.db.execute("BEGIN")
        for statement in statements:
            catalog.db.execute(statement)
