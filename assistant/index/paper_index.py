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
from pathlib import Path

from paperchat.assistant.config import Settings
from paperchat.assistant.embedding.protocol import Embedder
from paperchat.assistant.errors import IndexNotFoundError
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
from paperchat.assistant.index.paper_writer import PendingPaper, batches, write_batch
from paperchat.assistant.index.regroup import regroup
from paperchat.assistant.index.store import VectorStore
from paperchat.assistant.index.write_lock import write_lock
from paperchat.assistant.ingest_report import IngestReport
from paperchat.ingest.chunking import chunk_paper
from paperchat.ingest.files import iter_files, read_document
from paperchat.ingest.formats.base import Problem

Progress = Callable[[str, int, int], None]
# Chunks embedded and written together. Within a batch texts are sorted by length so little compute goes to
# padding: on SciFact 256 wasted 3.8% of the model's work, 1024 wastes 1.1%; a crash loses at most one batch.
WRITE_BATCH_CHUNKS = 1024


class PaperIndex:
    """Owns one index directory. Thread-safe for readers; one writer at a time per process and across processes.
    With `rebuild`, the index may have been built with other settings: the first ingest embeds every paper again."""

    def __init__(
        self, index_dir: Path, settings: Settings, embedder: Embedder, rebuild: bool = False, create: bool = False
    ) -> None:
        """Open the index at `index_dir`; only with `create` is a missing one created (IndexNotFoundError else)."""
        from paperchat.assistant.embedding.backends import embedding_identity
        from paperchat.assistant.index.rebuild import current_generation

        if not create and not index_exists(index_dir):
            raise IndexNotFoundError(index_dir)
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
            touched |= self.catalog.replace_source(str(item), result.papers)
        touched |= self.catalog.unfinished_keys()
        report.timings["parse"] = time.perf_counter() - started
        self._index_keys(touched, report, progress)
        report.timings["total"] = time.perf_counter() - started
        return report

    def remove(self, *, source: str | None = None, paper_id: str | None = None) -> IngestReport:
        """Forget a source file's records (its papers go, unless another file has them too) or one paper."""
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
        """Group the records these keys reach again, and write, keep or delete their papers to match."""
        t0 = time.perf_counter()
        plan = regroup(self.catalog.component(keys))
        for paper_id in plan.deletes:
            # Chunk ids read before the catalog forgets them: the fallback scans every stored id (s at 500k).
            known = self.catalog.chunk_ids(paper_id)
            if self.catalog.delete_paper(paper_id):
                self.store.delete(known or self._stored_ids_of(paper_id))
                report.removed.append(paper_id)
        self.catalog.assign(plan.unchanged)
        report.unchanged += len(plan.unchanged)
        report.merged += plan.merged
        report.kept_apart += plan.kept_apart
        for item in plan.writes:
            (report.new if item.is_new else report.updated).append(item.paper.paper_id)
        chunking = self.settings.ingest
        pending = [
            PendingPaper(item, chunk_paper(item.paper, chunking.chunk_tokens, chunking.chunk_overlap))
            for item in plan.writes
        ]
        report.timings["chunk"] = time.perf_counter() - t0
        report.timings.setdefault("embed", 0.0)
        report.timings.setdefault("write", 0.0)
        total_chunks = sum(len(item.chunks) for item in pending)
        done = 0
        for batch in batches(pending, WRITE_BATCH_CHUNKS):
            write_batch(self, batch, report, lambda n, done=done: progress("embed", done + n, total_chunks))
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


def index_exists(index_dir: Path) -> bool:
    """Whether `index_dir` holds an index: its catalog, or what is left of one (vectors, a manifest) for `paperchat
    doctor` to repair. An empty folder is not an index."""
    return any((index_dir / name).exists() for name in ("catalog.sqlite", "chroma", "manifest.json"))
