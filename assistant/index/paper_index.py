"""The index directory: files → papers → chunks → vectors (Chroma), catalog (SQLite), keywords (tantivy), manifest.

Order of writes makes interrupted runs safe: a source's records first, then each paper's vectors (upsert by
chunk id, so nothing doubles), then its catalog row. The next run finds papers whose row is missing or stale
and finishes them, re-using vectors already stored for unchanged chunk text.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from paperchat.assistant.config import Settings
from paperchat.assistant.embedding.protocol import Embedder
from paperchat.assistant.index.catalog import Catalog
from paperchat.assistant.index.keywords import KeywordIndex
from paperchat.assistant.index.manifest import FORMAT_VERSION, check_manifest, read_manifest, write_manifest
from paperchat.assistant.index.store import VectorStore
from paperchat.assistant.results import IngestReport
from paperchat.ingest.chunking import Chunk, chunk_paper
from paperchat.ingest.files import iter_files, read_document
from paperchat.ingest.formats.base import Problem
from paperchat.ingest.papers import Paper, merge_papers

Progress = Callable[[str, int, int], None]
# Chunks embedded and written together. Within a batch texts are sorted by length so little compute goes to
# padding: on SciFact 256 wasted 3.8% of the model's work, 1024 wastes 1.1%; a crash loses at most one batch.
WRITE_BATCH_CHUNKS = 1024
KEYWORDS_DIR = "keywords"
OLD_KEYWORDS_DIR = "bm25"  # bm25s, before keyword changes were logged: replaced on the first open


@dataclass
class _Pending:
    key: str
    paper: Paper
    replaces: str | None
    chunks: list[Chunk] = field(default_factory=list)


class PaperIndex:
    """Owns one index directory. Thread-safe for readers; one writer at a time per process."""

    def __init__(self, index_dir: Path, settings: Settings, embedder: Embedder) -> None:
        from paperchat.assistant.embedding.backends import embedding_identity

        self.index_dir = index_dir
        self.settings = settings
        self.embedder = embedder
        self.identity = embedding_identity(settings)
        index_dir.mkdir(parents=True, exist_ok=True)
        check_manifest(index_dir, self._expected_manifest())
        self.catalog = Catalog(index_dir / "catalog.sqlite")
        self.store = VectorStore(settings, index_dir)
        self._write_lock = threading.Lock()
        self._keywords: KeywordIndex | None = None
        self._keywords_lock = threading.Lock()

    def _expected_manifest(self) -> dict:
        return {
            "embedding": self.identity,
            "chunking": {
                "chunk_tokens": self.settings.ingest.chunk_tokens,
                "chunk_overlap": self.settings.ingest.chunk_overlap,
            },
        }

    # --- reading ------------------------------------------------------------------------------------
    @property
    def keywords(self) -> KeywordIndex | None:
        """The keyword index; None while nothing is indexed. An index without one (older paperchat, or lost)
        gets one built from the catalog here: seconds per 100k chunks, no re-embedding."""
        if self._keywords is None:
            with self._keywords_lock:
                if self._keywords is None:
                    self._keywords = KeywordIndex.open(self.index_dir / KEYWORDS_DIR)
                if self._keywords is None and self.catalog.counts()["chunks"]:
                    self._rebuild_keywords()
        return self._keywords

    def embed(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        return self.embedder.embed_texts(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return list(self.embedder.get_query_embedding(text))

    # --- writing ------------------------------------------------------------------------------------
    def ingest(self, paths: list[Path], progress: Progress | None = None) -> IngestReport:
        with self._write_lock:
            return self._ingest(paths, progress or (lambda *_: None))

    def _ingest(self, paths: list[Path], progress: Progress) -> IngestReport:
        report = IngestReport()
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
        with self._write_lock:
            report = IngestReport()
            keys = self.catalog.forget_records(source=source, paper_id=paper_id)
            self._index_keys(keys, report, lambda *_: None)
            return report

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
            self._write_batch(batch, report)
            done += sum(len(item.chunks) for item in batch)
            progress("embed", done, total_chunks)
        t1 = time.perf_counter()
        self.sync_keywords()  # also finishes what a crashed run logged but did not apply
        report.timings["keywords"] = time.perf_counter() - t1
        self.catalog.settle(keys)  # last: a run stopped before this leaves the keys for the next one to finish
        self._update_manifest()

    def _write_batch(self, batch: list[_Pending], report: IngestReport) -> None:
        chunks = [c for item in batch for c in item.chunks]
        t0 = time.perf_counter()
        stored = self.store.text_hashes([c.chunk_id for c in chunks])
        to_embed = [c for c in chunks if stored.get(c.chunk_id) != c.text_hash]
        t1 = time.perf_counter()
        vectors = self.embed([c.text for c in to_embed])
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
        index = self.keywords
        if index is None:  # nothing indexed yet: an empty index, so readers find one
            self.rebuild_keywords()
            return
        with index.writing() as writer:
            upto, changed = self.catalog.keyword_changes()
            writer.remove(changed)
            writer.add(self.catalog.keyword_rows(changed))
        self.catalog.forget_keyword_changes(upto)

    def rebuild_keywords(self) -> None:
        """The keyword index built again from every catalog chunk (`paperchat doctor --repair`, upgrades)."""
        with self._keywords_lock:
            self._rebuild_keywords()

    def _rebuild_keywords(self) -> None:
        upto = self.catalog.last_keyword_change()  # changes logged after this are applied by the next sync
        self._keywords = KeywordIndex.create(self.index_dir / KEYWORDS_DIR, self.catalog.all_chunks())
        self.catalog.forget_keyword_changes(upto)
        shutil.rmtree(self.index_dir / OLD_KEYWORDS_DIR, ignore_errors=True)

    def _update_manifest(self) -> None:
        previous = read_manifest(self.index_dir) or {}
        counts = self.catalog.counts()
        write_manifest(
            self.index_dir,
            {
                **previous,
                **self._expected_manifest(),
                "created": previous.get("created", time.strftime("%Y-%m-%dT%H:%M:%S")),
                "store": "chroma-server" if self.settings.chroma_host else "chroma-embedded",
                **counts,
                "format_version": FORMAT_VERSION,
            },
        )

    def stats(self) -> dict:
        manifest = read_manifest(self.index_dir) or {}
        size = _directory_size(self.index_dir)
        return {
            "index_dir": str(self.index_dir),
            **self.catalog.counts(),
            "vectors": self.store.count(),
            "embedding": manifest.get("embedding", self.identity),
            "chunking": manifest.get("chunking"),
            "store": self.store.location,
            "size_mb": round(size / 1e6, 2),
            "updated": manifest.get("updated"),
        }


def reset_vectors(index_dir: Path, settings: Settings) -> None:
    """Forget vectors, chunks, keywords and manifest but keep what each source said, so the next ingest
    re-embeds every known paper with the current settings (`paperchat ingest --rebuild`)."""
    # Through Chroma's API, not by deleting files: a client in this process would keep serving the old ones.
    client = VectorStore(settings, index_dir)._client()
    if settings.collection in {getattr(c, "name", c) for c in client.list_collections()}:
        client.delete_collection(settings.collection)
    for folder in (KEYWORDS_DIR, OLD_KEYWORDS_DIR):
        shutil.rmtree(index_dir / folder, ignore_errors=True)
    (index_dir / "manifest.json").unlink(missing_ok=True)
    if (index_dir / "catalog.sqlite").exists():
        catalog = Catalog(index_dir / "catalog.sqlite")
        catalog.clear_papers()
        catalog.close()


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


def _directory_size(root: Path) -> int:
    """Bytes under `root`. Files and folders that vanish while counting (keyword segments being merged) are skipped."""
    total = 0
    for folder, _, files in os.walk(root):  # os.walk ignores a folder that vanished between listing and entering
        for name in files:
            with contextlib.suppress(OSError):
                total += os.stat(os.path.join(folder, name)).st_size
    return total
