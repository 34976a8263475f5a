"""The index directory: files → papers → chunks → vectors (Chroma), catalog (SQLite), keywords (tantivy), manifest.

Order of writes makes interrupted runs safe: a source's records first, then each paper's vectors (upsert by
chunk id, so nothing doubles), then its catalog row. The next run finds papers whose row is missing or stale
and finishes them, re-using vectors already stored for unchanged chunk text. One process writes at a time
(index/write_lock.py); a rebuild makes a new generation of vectors and keywords that readers switch to when it is
complete (index/rebuild.py).
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from paperchat.assistant.config import Settings
from paperchat.assistant.embedding.protocol import Embedder, embed_in_slices, embed_step
from paperchat.assistant.index import keyword_sync
from paperchat.assistant.index.catalog import Catalog
from paperchat.assistant.index.keywords import KeywordIndex
from paperchat.assistant.index.manifest import (
    check_manifest,
    collection_name,
    keywords_name,
    manifest_stamp,
    set_aside_if_unreadable,
    update_manifest,
)
from paperchat.assistant.index.store import VectorStore
from paperchat.assistant.index.write_lock import write_lock
from paperchat.assistant.ingest_report import IngestReport
from paperchat.ingest.chunking import Chunk, chunk_paper
from paperchat.ingest.files import iter_files, read_document
from paperchat.ingest.formats.base import Problem
from paperchat.ingest.papers import Paper, merge_papers

Progress = Callable[[str, int, int], None]
# Chunks embedded and written together. Within a batch texts are sorted by length so little compute goes to
# padding: on SciFact 256 wasted 3.8% of the model's work, 1024 wastes 1.1%; a crash loses at most one batch.
WRITE_BATCH_CHUNKS = 1024


@dataclass
class _Pending:
    key: str
    paper: Paper
    replaces: str | None
    chunks: list[Chunk] = field(default_factory=list)


class PaperIndex:
    """Owns one index directory. Thread-safe for readers; one writer at a time per process and across processes.
    With `rebuild`, the index may have been built with other settings: the first ingest embeds every paper again."""

    def __init__(self, index_dir: Path, settings: Settings, embedder: Embedder, rebuild: bool = False) -> None:
        from paperchat.assistant.embedding.backends import embedding_identity
        from paperchat.assistant.index.rebuild import current_generation

        self.index_dir = index_dir
        self.settings = settings
        self.embedder = embedder
        self.identity = embedding_identity(settings)
        index_dir.mkdir(parents=True, exist_ok=True)
        self.rebuild_pending = rebuild
        if rebuild:
            set_aside_if_unreadable(index_dir)
        else:
            check_manifest(index_dir, self._expected_manifest())
        self.catalog = Catalog(index_dir / "catalog.sqlite")
        self._stamp = manifest_stamp(index_dir)
        self.generation = current_generation(self)
        self._store = VectorStore(settings, index_dir, collection_name(settings.collection, self.generation))
        self._write_lock = threading.Lock()
        self._keywords: KeywordIndex | None = None
        self._keywords_lock = threading.RLock()

    def _expected_manifest(self) -> dict:
        ingest = self.settings.ingest
        chunking = {"chunk_tokens": ingest.chunk_tokens, "chunk_overlap": ingest.chunk_overlap}
        return {"embedding": self.identity, "chunking": chunking}

    # --- reading ------------------------------------------------------------------------------------
    @property
    def store(self) -> VectorStore:
        """The vectors of the current generation (a rebuild elsewhere switches readers here)."""
        self._follow_rebuilds()
        return self._store

    @property
    def keywords_path(self) -> Path:
        return self.index_dir / keywords_name(self.generation)

    @property
    def keywords(self) -> KeywordIndex | None:
        """The keyword index; None while nothing is indexed. An index without one (older paperchat, or lost)
        gets one built from the catalog here: seconds per 100k chunks, no re-embedding."""
        self._follow_rebuilds()
        if self._keywords is None:
            with self._keywords_lock:
                if self._keywords is None:
                    self._keywords = KeywordIndex.open(self.keywords_path)
                if self._keywords is None and self.catalog.counts()["chunks"]:
                    keyword_sync.build(self)
        return self._keywords

    def _follow_rebuilds(self) -> None:
        from paperchat.assistant.index.rebuild import follow

        if self.rebuild_pending:
            check_manifest(self.index_dir, self._expected_manifest())  # raises until the rebuild has run
        elif manifest_stamp(self.index_dir) != self._stamp:
            with self._keywords_lock:
                follow(self)

    def use_generation(self, generation: int, store: VectorStore, keywords: KeywordIndex | None) -> None:
        """Answer from `generation` from now on: its vectors and keyword index."""
        self.generation, self._store, self._keywords = generation, store, keywords

    def embed(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        return self.embedder.embed_texts(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return list(self.embedder.get_query_embedding(text))

    # --- writing ------------------------------------------------------------------------------------
    def ingest(self, paths: list[Path], progress: Progress | None = None) -> IngestReport:
        """Read `paths` into the index; a rebuild asked for at open runs first. `progress(step, done, total)`."""
        from paperchat.assistant.index.rebuild import rebuild

        progress = progress or (lambda *_: None)
        with self._writing(progress):
            report = IngestReport()
            if self.rebuild_pending:
                self.rebuild_pending = False
                rebuild(self, report, progress)
            return self._ingest(paths, progress, report)

    def _ingest(self, paths: list[Path], progress: Progress, report: IngestReport) -> IngestReport:
        started = time.perf_counter()
        touched: set[str] = set()
        own = self.index_dir.resolve()
        # The index may sit inside a folder being ingested: its own files are never papers. A file named explicitly
        # is always read (an upload kept in the index folder), so it is indexed or fails loudly, never skipped.
        named = {Path(p).resolve() for p in paths}
        found = [
            f
            for f in iter_files(paths)
            if isinstance(f, Problem) or f.resolve() in named or own not in f.resolve().parents
        ]
        max_bytes = int(self.settings.ingest.max_file_mb * 1024 * 1024)
        for done, item in enumerate(found, 1):
            progress("parse", done, len(found))
            if isinstance(item, Problem):
                report.problems.append(item)
                report.failed_files.append(item.source)
                continue
            report.files += 1
            result = read_document(item, max_bytes)
            report.problems += result.problems
            report.notices += result.notices
            report.records += len(result.papers)
            if not result.papers:
                # A file that yields nothing keeps what it gave before: nothing indexed is lost to bad input.
                if not result.problems:
                    report.problems.append(Problem(str(item), "no papers found in this file"))
                report.failed_files.append(str(item))
                continue
            touched |= self.catalog.replace_source(str(item), merge_papers(result.papers).papers)
        touched |= self.catalog.unfinished_keys()
        report.timings["parse"] = time.perf_counter() - started
        self._index_keys(touched, report, progress)
        report.timings["total"] = time.perf_counter() - started
        return report

    def remove(self, *, source: str | None = None, paper_id: str | None = None) -> IngestReport:
        """Forget a source file's papers (those only it provided) or one paper, with their vectors."""
        with self._writing():
            report = IngestReport()
            keys = self.catalog.forget_records(source=source, paper_id=paper_id)
            self._index_keys(keys, report, lambda *_: None)
            return report

    @contextlib.contextmanager
    def _writing(self, progress: Progress | None = None) -> Iterator[None]:
        """This process's writer lock, then the index's (another process may hold it: said through `progress`)."""
        from paperchat.assistant.index.rebuild import settle

        with self._write_lock, write_lock(self.index_dir, self.settings.limits.write_wait_seconds, progress):
            settle(self)
            yield

    def _index_keys(self, keys: set[str], report: IngestReport, progress: Progress) -> None:
        t0 = time.perf_counter()
        pending: list[_Pending] = []
        grouped = self.catalog.records_for(sorted(keys))
        rows = self.catalog.paper_rows(grouped)  # one query for all keys, not one per paper
        for key, records in grouped.items():
            row = rows.get(key)
            if not records:
                # Chunk ids read before the catalog forgets them: the fallback scans every stored id (s at 500k).
                known = self.catalog.chunk_ids(row[0]) if row else []
                if paper_id := self.catalog.delete_paper(key):
                    self.store.delete(known or self._stored_ids_of(paper_id))
                    report.removed.append(paper_id)
                continue
            paper = merge_papers(records).papers[0]
            if row and tuple(row) == (paper.paper_id, paper.content_hash()):
                report.unchanged += 1
                continue
            (report.updated if row else report.new).append(paper.paper_id)
            pending.append(_Pending(key, paper, row[0] if row else None))
        chunking = self.settings.ingest
        for item in pending:
            item.chunks = chunk_paper(item.paper, chunking.chunk_tokens, chunking.chunk_overlap)
        report.timings["chunk"] = time.perf_counter() - t0
        report.timings.setdefault("embed", 0.0)
        report.timings.setdefault("write", 0.0)
        total_chunks = sum(len(item.chunks) for item in pending)
        done = 0
        for batch in _batches(pending, WRITE_BATCH_CHUNKS):
            self._write_batch(batch, report, lambda n, done=done: progress("embed", done + n, total_chunks))
            done += sum(len(item.chunks) for item in batch)
            progress("embed", done, total_chunks)
        t1 = time.perf_counter()
        if total_chunks:
            progress("keywords", 0, 1)
        self.sync_keywords()  # also finishes what a crashed run logged but did not apply
        if total_chunks:
            progress("keywords", 1, 1)
        report.timings["keywords"] = time.perf_counter() - t1
        self.catalog.settle(keys)  # last: a run stopped before this leaves the keys for the next one to finish
        self.update_manifest()

    def _write_batch(self, batch: list[_Pending], report: IngestReport, embedded: Callable[[int], None]) -> None:
        chunks = [c for item in batch for c in item.chunks]
        t0 = time.perf_counter()
        stored = self.store.text_hashes([c.chunk_id for c in chunks])
        to_embed = [c for c in chunks if stored.get(c.chunk_id) != c.text_hash]
        t1 = time.perf_counter()
        vectors = embed_in_slices(self.embed, [c.text for c in to_embed], embed_step(self.embedder), embedded)
        report.chunks_embedded += len(to_embed)
        t2 = time.perf_counter()
        report.timings["embed"] += t2 - t1  # the model only: store reads and writes count as "write"
        self.store.upsert(
            [c.chunk_id for c in to_embed],
            vectors,
            [{**c.metadata, "text_hash": c.text_hash} for c in to_embed],
        )
        if vectors and self.identity.get("dimension") is None:
            self.identity["dimension"] = len(vectors[0])
        # Chunks a paper no longer has (it shrank, or its paper_id changed), removed in one store call.
        old_ids = {item.replaces for item in batch if item.replaces} | {item.paper.paper_id for item in batch}
        stale = self.catalog.chunk_ids_of_papers(old_ids) - {c.chunk_id for c in chunks}
        self.store.delete(sorted(stale))
        self.catalog.write_papers([(item.key, item.paper, item.chunks, item.replaces) for item in batch])
        report.timings["write"] += (t1 - t0) + (time.perf_counter() - t2)

    def _stored_ids_of(self, paper_id: str) -> list[str]:
        return [cid for cid in self.store.all_ids() if cid.startswith(f"{paper_id}:")]

    def sync_keywords(self) -> None:
        """Apply the catalog's logged chunk changes to the keyword index: time in proportion to the change."""
        keyword_sync.apply_changes(self)

    def rebuild_keywords(self) -> None:
        """The keyword index built again from every catalog chunk (`paperchat doctor --repair`, upgrades)."""
        with self._keywords_lock:
            keyword_sync.build(self)

    def update_manifest(self, **changes: object) -> None:
        """Write the manifest with the settings that built the index, its counts and `changes` (None removes a key).
        Written last, it tells readers in other processes that the index changed."""
        store = "chroma-server" if self.settings.chroma_host else "chroma-embedded"
        update_manifest(self.index_dir, {**self._expected_manifest(), "store": store, **self.catalog.counts()}, changes)
        self._stamp = manifest_stamp(self.index_dir)  # this process knows what it wrote

    def stats(self) -> dict:
        """Folder, counts, vectors, embedding model, chunking, store, size on disk, last update."""
        from paperchat.assistant.index.stats import index_stats

        return index_stats(self)


def _batches(items: list[_Pending], max_chunks: int) -> list[list[_Pending]]:
    batches: list[list[_Pending]] = [[]]
    size = 0
    for item in items:
        if size and size + len(item.chunks) > max_chunks:
            batches.append([])
            size = 0
        batches[-1].append(item)
        size += len(item.chunks)
    return [b for b in batches if b]
