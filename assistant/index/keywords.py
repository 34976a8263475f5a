"""Keyword retrieval: BM25 over stemmed, stop-worded chunk text, in a tantivy index (`keywords/` in the index dir).

Why tantivy (bench/keyword_candidates.py, bench/findings.md): it adds and removes documents in new segments that
are merged by size, so adding a paper costs time in proportion to the paper, not the library (bm25s rebuilt its
whole score matrix: 9 s at 100k chunks); SQLite FTS5's bm25() scores every matching row on each query, 10 ms
at 5k chunks and linear beyond, while tantivy answers in about 1 ms. On SciFact its BM25 scores (k1 1.2,
b 0.75) rank as well as bm25s' lucene variant.

Terms come from keyword_terms() (Snowball stems, English stop words dropped), space-joined, so tantivy's
whitespace tokenizer indexes exactly our terms; the title counts TITLE_REPEAT times. The catalog logs every chunk
change in the same transaction (Catalog.keyword_changes), and sync() applies the log: after a crash the next
writer finishes what the keyword index missed, so it cannot stay out of step with the catalog.
"""

from __future__ import annotations

import contextlib
import functools
import json
import shutil
import threading
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from paperchat.ingest.text import keyword_terms

if TYPE_CHECKING:
    import tantivy

TITLE_REPEAT = 2  # the title counts twice: titles name the claim a paper makes (+0.007 nDCG@10 train in fusion)
# Change whenever keyword_terms(), TITLE_REPEAT or the schema changes: an index of another version is rebuilt.
TERMS_VERSION = f"snowball-english-stopwords/accents-folded/title-x{TITLE_REPEAT}/tantivy-1"
VERSION_FILE = "paperchat-keywords.json"
WRITER_HEAP_BYTES = 50_000_000  # tantivy's per-writer buffer; a paper's chunks never come near it
WRITER_WAIT_SECONDS = 120.0  # another process holds the writer lock (it is ingesting): wait this long for it
FILTER_TERMS_MAX = 50_000  # allowed ids beyond this are filtered after ranking, not inside the query
# Searches never ask tantivy to count every match (count=False): the count is unused, and counting visits every
# posting of every query term (1M chunks: 10% of a query's time).

tokenize = keyword_terms  # documents and queries alike


class KeywordIndexError(RuntimeError):
    """The keyword index cannot be opened or written; `paperchat doctor --repair` rebuilds it from the catalog."""


def document_terms(title: str, text: str) -> str:
    """A chunk's terms, space-joined (terms never contain spaces): the title TITLE_REPEAT times, then the text."""
    return " ".join(tokenize(title) * TITLE_REPEAT + tokenize(text))


class KeywordWriter:
    """Changes inside KeywordIndex.writing(). Removing then adding an id leaves the added text once, so replaying
    a logged change after a crash is safe."""

    def __init__(self, writer: tantivy.IndexWriter) -> None:
        self._writer = writer

    def remove(self, chunk_ids: Iterable[str]) -> None:
        for chunk_id in chunk_ids:
            self._writer.delete_documents_by_term("id", chunk_id)

    def add(self, chunks: Iterable[tuple[str, str, str]]) -> None:
        """(chunk_id, title, text) rows."""
        import tantivy

        for chunk_id, title, text in chunks:
            self._writer.add_document(tantivy.Document(id=chunk_id, terms=document_terms(title or "", text or "")))


class KeywordIndex:
    """One keyword index directory, opened by any number of readers and processes; writes take tantivy's lock."""

    def __init__(self, directory: Path, index: tantivy.Index) -> None:
        self.directory = directory
        self._index = index
        self._lock = threading.Lock()  # one writer per process; tantivy's lock file covers other processes

    @classmethod
    def open(cls, directory: Path) -> KeywordIndex | None:
        """The index at `directory`, or None when there is none of this version (rebuild it from the catalog)."""
        import tantivy

        directory = Path(directory)
        try:
            version = json.loads((directory / VERSION_FILE).read_text()).get("version")
        except (OSError, ValueError, AttributeError):
            return None
        if version != TERMS_VERSION:
            return None
        try:
            return cls(directory, tantivy.Index.open(str(directory)))
        except (OSError, ValueError) as error:
            raise KeywordIndexError(f"{directory}: unreadable keyword index ({error})") from error

    @classmethod
    def create(cls, directory: Path, chunks: Iterable[tuple[str, str, str]]) -> KeywordIndex:
        """A new index of (chunk_id, title, text) rows, built beside `directory` and swapped in when complete."""
        import tantivy

        directory = Path(directory)
        staging = directory.with_name(f".{directory.name}-new")
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        index = tantivy.Index(_schema(), path=str(staging), reuse=False)
        writer = index.writer(heap_size=WRITER_HEAP_BYTES, num_threads=1)
        KeywordWriter(writer).add(chunks)
        writer.commit()
        writer.wait_merging_threads()
        (staging / VERSION_FILE).write_text(json.dumps({"version": TERMS_VERSION}))
        old = directory.with_name(f".{directory.name}-old")
        shutil.rmtree(old, ignore_errors=True)
        if directory.exists():
            directory.rename(old)
        staging.rename(directory)
        shutil.rmtree(old, ignore_errors=True)
        opened = cls.open(directory)
        if opened is None:
            raise KeywordIndexError(f"{directory}: the keyword index just built cannot be opened")
        return opened

    # --- writing ------------------------------------------------------------------------------------
    @contextlib.contextmanager
    def writing(self) -> Iterator[KeywordWriter]:
        """Hold the writer (this process's lock and tantivy's lock file) and commit once at the end. Read what to
        write while holding it: two processes syncing at once then cannot commit an older text last."""
        with self._lock:
            writer = self._writer()
            try:
                yield KeywordWriter(writer)
                writer.commit()
            except BaseException:
                writer.rollback()
                raise
            finally:
                writer.wait_merging_threads()  # releases the lock file; merges of small segments end quickly
            self._index.reload()

    def _writer(self) -> tantivy.IndexWriter:
        deadline = time.monotonic() + WRITER_WAIT_SECONDS
        while True:
            try:
                return self._index.writer(heap_size=WRITER_HEAP_BYTES, num_threads=1)
            except ValueError as error:  # LockBusy: another process is writing this index
                if time.monotonic() > deadline:
                    raise KeywordIndexError(f"{self.directory}: another process kept the writer lock") from error
                time.sleep(0.05)

    # --- reading ------------------------------------------------------------------------------------
    def _searcher(self) -> tantivy.Searcher:
        self._index.reload()  # another process may have committed since: cheap when nothing changed
        return self._index.searcher()

    def __len__(self) -> int:
        return self._searcher().num_docs

    def search(self, query: str, k: int, allowed_ids: set[str] | None = None) -> list[tuple[str, float]]:
        """Best first; only documents sharing a term with the query. allowed_ids restricts before ranking."""
        matching = self._query(query)
        if matching is None or k <= 0 or (allowed_ids is not None and not allowed_ids):
            return []
        import tantivy

        limit = k
        if allowed_ids is not None and len(allowed_ids) <= FILTER_TERMS_MAX:
            matching = _both(matching, tantivy.Query.term_set_query(_schema(), "id", sorted(allowed_ids)))
        elif allowed_ids is not None:
            limit = k * 20  # a very large filter: rank more and keep the allowed
        searcher = self._searcher()
        found = searcher.search(matching, limit, count=False).hits
        hits = [(searcher.doc(address)["id"][0], score) for score, address in found]
        if allowed_ids is not None:
            hits = [hit for hit in hits if hit[0] in allowed_ids]
        return sorted(hits, key=lambda hit: (-hit[1], hit[0]))[:k]

    def score_ids(self, query: str, ids: list[str]) -> dict[str, float]:
        """BM25 scores of the given documents (0.0 when they share no term). Score fusion needs the keyword score
        of dense-only candidates too; guessing 0 costs recall."""
        matching = self._query(query)
        if matching is None or not ids:
            return dict.fromkeys(ids, 0.0)
        import tantivy

        only = tantivy.Query.term_set_query(_schema(), "id", sorted(set(ids)))
        searcher = self._searcher()
        hits = searcher.search(_both(matching, only), len(set(ids)), count=False).hits
        return {**dict.fromkeys(ids, 0.0), **{searcher.doc(address)["id"][0]: score for score, address in hits}}

    def indexed_ids(self) -> set[str]:
        """Every chunk id in the index (for `paperchat doctor`; reads every document, so not per query)."""
        import tantivy

        searcher = self._searcher()
        if not searcher.num_docs:
            return set()
        hits = searcher.search(tantivy.Query.all_query(), searcher.num_docs, count=False).hits
        return {searcher.doc(address)["id"][0] for _, address in hits}

    def _query(self, query: str) -> tantivy.Query | None:
        import tantivy

        terms = list(dict.fromkeys(tokenize(query)))
        if not terms:
            return None
        schema = _schema()
        should = tantivy.Occur.Should
        return tantivy.Query.boolean_query([(should, tantivy.Query.term_query(schema, "terms", t)) for t in terms])


@functools.cache
def _schema() -> tantivy.Schema:
    """id: the chunk id, stored and indexed whole; terms: document_terms(), split at spaces, not stored."""
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, tokenizer_name="raw")
    builder.add_text_field("terms", stored=False, tokenizer_name="whitespace")
    return builder.build()


def _both(matching: tantivy.Query, restriction: tantivy.Query) -> tantivy.Query:
    """Documents matching both, scored by `matching` alone (the restriction adds 0)."""
    import tantivy

    must = tantivy.Occur.Must
    return tantivy.Query.boolean_query([(must, matching), (must, tantivy.Query.const_score_query(restriction, 0.0))])
