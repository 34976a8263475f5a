"""The paper catalog (SQLite): what each source file said, the merged papers, and their chunks.

Records are kept per source (`catalog_records`) so that a paper seen in several files is the merge of all of them,
and removing or changing one file groups just the papers it touched again. Papers are keyed by `paper_id`. A paper
row is written only after its vectors are stored, so a crash in between is found and finished by the next run.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
import threading
from collections.abc import Iterable
from pathlib import Path

from paperchat.assistant.errors import CatalogCorruptError
from paperchat.assistant.index.catalog_records import RecordsTable
from paperchat.assistant.index.catalog_schema import TITLE, ChunkPlace, create_or_upgrade
from paperchat.ingest.chunking import Chunk
from paperchat.ingest.papers import Paper, normalise_title


class Catalog(RecordsTable):
    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.RLock()
        self._writes = 0  # our own commits; PRAGMA data_version counts other connections' commits
        self._papers_cache: tuple[tuple[int, int], list[Paper]] | None = None
        self._parsed: dict[tuple[str, int], Paper | None] = {}  # (paper_id, write_id) → its record, parsed once
        try:
            # One connection shared by threads (UI, bot); the lock serialises its use.
            self.db = sqlite3.connect(path, check_same_thread=False, timeout=30, isolation_level=None)
            self.db.execute("PRAGMA journal_mode=WAL")
            if create_or_upgrade(self.db):  # a catalog from before pending keys: what an interrupted run left
                self.mark_disagreeing_keys()
        except sqlite3.DatabaseError as error:
            raise CatalogCorruptError(f"{path}: the catalog is not a readable SQLite database ({error})") from error

    def close(self) -> None:
        self.db.close()

    # --- merged papers and chunks -------------------------------------------------------------------
    def chunk_ids(self, paper_id: str) -> list[str]:
        with self._lock:
            return [r[0] for r in self.db.execute("SELECT chunk_id FROM chunks WHERE paper_id=?", (paper_id,))]

    def write_papers(
        self,
        items: list[tuple[Paper, list[Chunk], str | None]],
        members: dict[str, list[tuple[str, int]]] | None = None,
    ) -> None:
        """Store papers (paper, chunks, paper_id it replaces) in one transaction, after their vectors; `members`
        says which records (source, seq) each paper is grouped from."""
        write_id = secrets.randbits(62)  # new to this write: only equality is compared (versioned_papers)
        with self._lock, self.db:
            self._writes += 1
            self.db.execute("BEGIN")
            for paper, chunks, replaces in items:
                for old_id in {replaces, paper.paper_id} - {None}:
                    self._log_keyword_changes(old_id)
                    self.db.execute("DELETE FROM chunks WHERE paper_id=?", (old_id,))
                    self.db.execute("DELETE FROM papers WHERE paper_id=?", (old_id,))
                self.db.execute(
                    "INSERT INTO papers (paper_id, title_key, record, content_hash, write_id) VALUES (?,?,?,?,?)",
                    (paper.paper_id, normalise_title(paper.title), paper.model_dump_json(), paper.content_hash(),
                     write_id),
                )
                self.db.executemany(
                    "INSERT OR REPLACE INTO chunks (chunk_id, paper_id, n, text, text_hash, page, section, page_breaks)"
                    " VALUES (?,?,?,?,?,?,?,?)",
                    [(c.chunk_id, c.paper_id, c.n, c.text, c.text_hash, *ChunkPlace.of(c).row()) for c in chunks],
                )
                self.db.executemany(
                    "INSERT INTO keyword_changes (chunk_id) VALUES (?)", [(c.chunk_id,) for c in chunks]
                )
            self._assign(members or {})

    def _log_keyword_changes(self, paper_id: str) -> None:
        """Within the caller's transaction: the paper's chunks change, so the keyword index must follow."""
        self.db.execute(
            "INSERT INTO keyword_changes (chunk_id) SELECT chunk_id FROM chunks WHERE paper_id=?", (paper_id,)
        )

    def keyword_changes(self) -> tuple[int, list[str]]:
        """(last change number, chunk ids changed since the keyword index last caught up), oldest first."""
        with self._lock:
            rows = self.db.execute("SELECT seq, chunk_id FROM keyword_changes ORDER BY seq").fetchall()
        return (rows[-1][0] if rows else 0), list(dict.fromkeys(chunk_id for _, chunk_id in rows))

    def last_keyword_change(self) -> int:
        with self._lock:
            return self.db.execute("SELECT coalesce(max(seq), 0) FROM keyword_changes").fetchone()[0]

    def forget_keyword_changes(self, upto: int) -> None:
        """The keyword index has committed every change numbered up to `upto`."""
        with self._lock, self.db:
            self.db.execute("DELETE FROM keyword_changes WHERE seq <= ?", (upto,))

    def keyword_rows(self, chunk_ids: Iterable[str]) -> list[tuple[str, str, str]]:
        """(chunk_id, paper title, text) of those of the chunks that exist now."""
        return self._select_in(
            "SELECT c.chunk_id, json_extract(p.record, '$.title'), c.text FROM chunks c "
            "JOIN papers p ON p.paper_id = c.paper_id WHERE c.chunk_id IN ({})",
            chunk_ids,
        )

    def clear_papers(self) -> None:
        with self._lock, self.db:
            self._writes += 1
            self.db.execute("BEGIN")
            self.db.execute("DELETE FROM chunks")
            self.db.execute("DELETE FROM papers")
            self.db.execute("DELETE FROM keyword_changes")  # the keyword index is deleted with them
            # Every record's paper is to be written (and embedded) again.
            self.db.execute(f"INSERT OR IGNORE INTO pending SELECT DISTINCT '{TITLE}' || title_key FROM records")

    def delete_paper(self, paper_id: str) -> bool:
        """Remove this paper and its chunks; whether there was one."""
        with self._lock, self.db:
            self._writes += 1
            self.db.execute("BEGIN")
            self._log_keyword_changes(paper_id)
            self.db.execute("DELETE FROM chunks WHERE paper_id=?", (paper_id,))
            return self.db.execute("DELETE FROM papers WHERE paper_id=?", (paper_id,)).rowcount > 0

    def papers(self) -> list[Paper]:
        """Every indexed paper; cached until this or another process changes the catalog."""
        return self.versioned_papers()[1]

    def versioned_papers(self) -> tuple[tuple[int, int], list[Paper]]:
        """The papers with a version that changes whenever they may have, for caches built from them."""
        with self._lock:
            version = (self.db.execute("PRAGMA data_version").fetchone()[0], self._writes)
            if self._papers_cache is None or self._papers_cache[0] != version:
                self._papers_cache = (version, self._read_papers())
            return version, list(self._papers_cache[1])

    def _read_papers(self) -> list[Paper]:
        """Every paper, parsing only records written since the last read: an unchanged paper stays the same object,
        so what is built from the papers can be updated by the changed ones (`question.library.changed_papers`)."""
        with self.db:  # one snapshot for both reads, whatever other processes commit meanwhile
            self.db.execute("BEGIN")
            keys = self.db.execute("SELECT paper_id, write_id FROM papers ORDER BY paper_id").fetchall()
            new = [paper_id for paper_id, _ in set(keys) - self._parsed.keys()]
            records = self._select_in("SELECT paper_id, write_id, record FROM papers WHERE paper_id IN ({})", new)
        parsed = {(paper_id, write_id): Paper.model_validate_json(record) for paper_id, write_id, record in records}
        self._parsed = dict(zip(keys, map(self._parsed.get, keys), strict=True))
        self._parsed.update(parsed)  # in place: the papers keep their order
        return list(self._parsed.values())

    def _select_in(self, sql: str, values: Iterable[str]) -> list[tuple]:
        """Rows of `sql` whose single `IN ({})` takes `values`, asked in batches under SQLite's variable limit."""
        unique = list(dict.fromkeys(values))
        rows: list[tuple] = []
        with self._lock:
            for start in range(0, len(unique), 500):
                batch = unique[start : start + 500]
                rows += self.db.execute(sql.format(",".join("?" * len(batch))), batch).fetchall()
        return rows

    def papers_by_id(self, paper_ids: Iterable[str]) -> dict[str, Paper]:
        papers = (
            Paper.model_validate_json(row[0])
            for row in self._select_in("SELECT record FROM papers WHERE paper_id IN ({})", paper_ids)
        )
        return {paper.paper_id: paper for paper in papers}

    def chunks_by_id(self, chunk_ids: Iterable[str]) -> dict[str, tuple[str, str]]:
        """chunk_id → (paper_id, text) for chunks that exist now."""
        rows = self._select_in("SELECT chunk_id, paper_id, text FROM chunks WHERE chunk_id IN ({})", chunk_ids)
        return {cid: (pid, text) for cid, pid, text in rows}

    def chunk_places(self, chunk_ids: Iterable[str]) -> dict[str, ChunkPlace]:
        """Where each chunk sits in its paper (page, section, page breaks), for chunks that exist now."""
        sql = "SELECT chunk_id, page, section, page_breaks FROM chunks WHERE chunk_id IN ({})"
        return {row[0]: ChunkPlace.from_row(row[1:]) for row in self._select_in(sql, chunk_ids)}

    def first_chunks(self, paper_ids: Iterable[str]) -> dict[str, tuple[str, str]]:
        """paper_id → (chunk_id, text) of each paper's first chunk (title and abstract)."""
        rows = self._select_in("SELECT chunk_id, paper_id, text FROM chunks WHERE n=0 AND paper_id IN ({})", paper_ids)
        return {pid: (cid, text) for cid, pid, text in rows}

    def all_chunks(self) -> list[tuple[str, str, str]]:
        """(chunk_id, paper title, text) of every chunk, for the keyword index."""
        with self._lock:
            rows = self.db.execute(
                "SELECT c.chunk_id, json_extract(p.record, '$.title'), c.text FROM chunks c "
                "JOIN papers p ON p.paper_id = c.paper_id ORDER BY c.chunk_id"
            )
            return rows.fetchall()

    def all_chunk_ids(self) -> set[str]:
        with self._lock:
            return {row[0] for row in self.db.execute("SELECT chunk_id FROM chunks")}

    def chunk_ids_of_papers(self, paper_ids: Iterable[str]) -> set[str]:
        return {row[0] for row in self._select_in("SELECT chunk_id FROM chunks WHERE paper_id IN ({})", paper_ids)}

    def is_empty(self) -> bool:
        with self._lock:
            return self.db.execute("SELECT 1 FROM papers LIMIT 1").fetchone() is None

    def counts(self) -> dict[str, int]:
        with self._lock:
            return {
                "papers": self.db.execute("SELECT count(*) FROM papers").fetchone()[0],
                "chunks": self.db.execute("SELECT count(*) FROM chunks").fetchone()[0],
                "sources": self.db.execute("SELECT count(DISTINCT source) FROM records").fetchone()[0],
            }

    # --- feedback -----------------------------------------------------------------------------------
    def add_feedback(self, data: dict) -> None:
        with self._lock, self.db:
            self.db.execute("INSERT INTO feedback (data) VALUES (?)", (json.dumps(data),))

    def feedback(self) -> list[dict]:
        with self._lock:
            rows = self.db.execute("SELECT created, data FROM feedback ORDER BY id").fetchall()
        return [{"created": created, **json.loads(data)} for created, data in rows]
