"""The paper catalog (SQLite): what each source file said, the merged papers, and their chunks.

Records are kept per source so that a paper seen in several files is the merge of all of them, and
removing or changing one file re-merges just the papers it touched. A paper row is written only after
its vectors are stored, so a crash in between is found and finished by the next run.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
import threading
from collections.abc import Iterable
from pathlib import Path

from paperchat.assistant.errors import CatalogCorruptError
from paperchat.assistant.index.catalog_schema import DISAGREEING_KEYS, ChunkPlace, create_or_upgrade
from paperchat.ingest.chunking import Chunk
from paperchat.ingest.papers import Paper, normalise_title


class Catalog:
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

    # --- records per source -------------------------------------------------------------------------
    def replace_source(self, source: str, papers: list[Paper]) -> set[str]:
        """Store what `source` says now; return the title keys touched (before and after)."""
        new = {normalise_title(p.title): p for p in papers}
        with self._lock, self.db:
            self.db.execute("BEGIN")
            old = {row[0] for row in self.db.execute("SELECT title_key FROM records WHERE source=?", (source,))}
            self.db.execute("DELETE FROM records WHERE source=?", (source,))
            self.db.executemany(
                "INSERT OR REPLACE INTO records VALUES (?,?,?)",
                [(source, key, paper.model_dump_json()) for key, paper in new.items()],
            )
            self._mark_pending(old | set(new))
        return old | set(new)

    def _mark_pending(self, keys: Iterable[str]) -> None:
        """Within the caller's transaction: these keys' paper rows must follow their records (`settle` when they do)."""
        self.db.executemany("INSERT OR IGNORE INTO pending_keys VALUES (?)", [(key,) for key in keys])

    def mark_disagreeing_keys(self) -> None:
        """Mark every key whose records and paper row disagree as pending, however that came about: the slow,
        whole-catalog check, for `paperchat doctor --repair` and catalogs written before pending keys."""
        with self._lock, self.db:
            self.db.execute(f"INSERT OR IGNORE INTO pending_keys {DISAGREEING_KEYS}")

    def settle(self, keys: Iterable[str]) -> None:
        """The paper rows of these keys follow their records now: an interrupted run leaves the rest pending."""
        with self._lock, self.db:
            self.db.execute("BEGIN")
            self.db.executemany("DELETE FROM pending_keys WHERE title_key=?", [(key,) for key in keys])

    def forget_records(self, *, source: str | None = None, paper_id: str | None = None) -> set[str]:
        """Delete the records of a source, or every record of one paper; return the title keys touched."""
        with self._lock, self.db:
            self.db.execute("BEGIN")
            if source is not None:
                keys = {r[0] for r in self.db.execute("SELECT title_key FROM records WHERE source=?", (source,))}
                self.db.execute("DELETE FROM records WHERE source=?", (source,))
            else:
                keys = {r[0] for r in self.db.execute("SELECT title_key FROM papers WHERE paper_id=?", (paper_id,))}
                self.db.executemany("DELETE FROM records WHERE title_key=?", [(k,) for k in keys])
            self._mark_pending(keys)
        return keys

    def records_for(self, keys: Iterable[str]) -> dict[str, list[Paper]]:
        """Each key's records (ordered by source), [] for a key without any; read in batches, not per key."""
        grouped: dict[str, list[Paper]] = {key: [] for key in keys}
        sql = "SELECT title_key, record, source FROM records WHERE title_key IN ({})"
        for key, record, _ in sorted(self._select_in(sql, grouped), key=lambda row: (row[0], row[2])):
            grouped[key].append(Paper.model_validate_json(record))
        return grouped

    def sources(self) -> list[str]:
        with self._lock:
            return [r[0] for r in self.db.execute("SELECT DISTINCT source FROM records ORDER BY source")]

    def unfinished_keys(self) -> set[str]:
        """Title keys whose records changed but whose paper rows were not settled: left by an interrupted run. Read
        from their own table, so each ingest pays for what is pending, not for the library's size."""
        with self._lock:
            return {row[0] for row in self.db.execute("SELECT title_key FROM pending_keys")}

    # --- merged papers and chunks -------------------------------------------------------------------
    def paper_rows(self, keys: Iterable[str]) -> dict[str, tuple[str, str]]:
        """title key → (paper_id, content_hash) for the keys that have a stored paper, in one pass."""
        rows = self._select_in("SELECT title_key, paper_id, content_hash FROM papers WHERE title_key IN ({})", keys)
        return {key: (paper_id, digest) for key, paper_id, digest in rows}

    def chunk_ids(self, paper_id: str) -> list[str]:
        with self._lock:
            return [r[0] for r in self.db.execute("SELECT chunk_id FROM chunks WHERE paper_id=?", (paper_id,))]

    def write_papers(self, items: list[tuple[str, Paper, list[Chunk], str | None]]) -> None:
        """Store papers (title key, paper, chunks, paper_id it replaces) in one transaction, after their vectors."""
        write_id = secrets.randbits(62)  # new to this write: only equality is compared (versioned_papers)
        with self._lock, self.db:
            self._writes += 1
            self.db.execute("BEGIN")
            for key, paper, chunks, replaces in items:
                for old_id in {replaces, paper.paper_id} - {None}:
                    self._log_keyword_changes(old_id)
                    self.db.execute("DELETE FROM chunks WHERE paper_id=?", (old_id,))
                    self.db.execute("DELETE FROM papers WHERE paper_id=?", (old_id,))
                self.db.execute("DELETE FROM papers WHERE title_key=?", (key,))
                self.db.execute(
                    "INSERT INTO papers (title_key, paper_id, record, content_hash, write_id) VALUES (?,?,?,?,?)",
                    (key, paper.paper_id, paper.model_dump_json(), paper.content_hash(), write_id),
                )
                self.db.executemany(
                    "INSERT OR REPLACE INTO chunks (chunk_id, paper_id, n, text, text_hash, page, section, page_breaks)"
                    " VALUES (?,?,?,?,?,?,?,?)",
                    [(c.chunk_id, c.paper_id, c.n, c.text, c.text_hash, *ChunkPlace.of(c).row()) for c in chunks],
                )
                self.db.executemany(
                    "INSERT INTO keyword_changes (chunk_id) VALUES (?)", [(c.chunk_id,) for c in chunks]
                )
                self.db.execute("DELETE FROM pending_keys WHERE title_key=?", (key,))  # its row follows its records

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
            self.db.execute("INSERT OR IGNORE INTO pending_keys SELECT DISTINCT title_key FROM records")  # re-embed

    def delete_paper(self, key: str) -> str | None:
        """Remove the paper with this title key; return its paper_id."""
        with self._lock, self.db:
            self._writes += 1
            self.db.execute("BEGIN")
            row = self.db.execute("SELECT paper_id FROM papers WHERE title_key=?", (key,)).fetchone()
            if row:
                self._log_keyword_changes(row[0])
                self.db.execute("DELETE FROM chunks WHERE paper_id=?", (row[0],))
                self.db.execute("DELETE FROM papers WHERE title_key=?", (key,))
            self.db.execute("DELETE FROM pending_keys WHERE title_key=?", (key,))
        return row[0] if row else None

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
