"""What each source file said: its records, each knowing the paper it was last grouped into, and the keys whose
papers must be grouped again (`pending`), so that an interrupted run is finished by the next.

A change to a source touches the titles and papers of its records; `component` gathers every record and stored paper
that could be grouped with them (same title, same identifier, same paper), which is what must be grouped again.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from paperchat.assistant.index.catalog_schema import DISAGREEING_KEYS, PAPER, TITLE, identity_columns
from paperchat.ingest.papers import Paper, normalise_title

RECORD_COLUMNS = "source, seq, title_key, doi, arxiv, given_id, paper_id, record"
LINKS = ("title_key", "doi", "arxiv", "given_id", "paper_id")  # what joins records into one component


@dataclass
class StoredRecord:
    source: str
    seq: int
    paper_id: str | None  # the paper it was grouped into last; None until then
    paper: Paper


@dataclass
class Component:
    """Records that may be one paper with each other, and the stored papers that stood for them."""

    records: list[StoredRecord] = field(default_factory=list)
    papers: dict[str, Paper] = field(default_factory=dict)
    hashes: dict[str, str] = field(default_factory=dict)  # paper_id → stored content hash


class RecordsTable:
    """The records half of the Catalog (it provides db, _lock and _select_in)."""

    db: sqlite3.Connection
    _lock: threading.RLock
    _select_in: Callable[[str, Iterable[str]], list[tuple]]

    def replace_source(self, source: str, papers: list[Paper]) -> set[str]:
        """Store what `source` says now, every record of it; return the pending keys it touched (before and after).
        A record that says what one stored before it said keeps that record's paper."""
        with self._lock, self.db:
            self.db.execute("BEGIN")
            old = self.db.execute(
                "SELECT title_key, paper_id, json_extract(record, '$.paper_id') FROM records WHERE source=?", (source,)
            ).fetchall()
            kept = {(key, own): paper_id for key, paper_id, own in old if paper_id}
            rows = []
            for seq, paper in enumerate(papers):
                key = normalise_title(paper.title)
                doi, arxiv, given = identity_columns(json.loads(record := paper.model_dump_json()))
                rows.append((source, seq, key, doi, arxiv, given, kept.get((key, paper.paper_id)), record))
            self.db.execute("DELETE FROM records WHERE source=?", (source,))
            self.db.executemany(f"INSERT INTO records ({RECORD_COLUMNS}) VALUES (?,?,?,?,?,?,?,?)", rows)
            touched = {TITLE + row[2] for row in rows} | {TITLE + key for key, _, _ in old}
            touched |= {PAPER + paper_id for _, paper_id, _ in old if paper_id}
            self._mark_pending(touched)
        return touched

    def forget_records(self, *, source: str | None = None, paper_id: str | None = None) -> set[str]:
        """Delete the records of a source, or every record of one paper; return the pending keys touched."""
        column, value = ("source", source) if source is not None else ("paper_id", paper_id)
        with self._lock, self.db:
            self.db.execute("BEGIN")
            rows = self.db.execute(f"SELECT title_key, paper_id FROM records WHERE {column}=?", (value,)).fetchall()
            self.db.execute(f"DELETE FROM records WHERE {column}=?", (value,))
            touched = {TITLE + key for key, _ in rows} | {PAPER + pid for _, pid in rows if pid}
            if paper_id is not None:  # a paper whose records were lost is removed all the same
                touched.add(PAPER + paper_id)
            self._mark_pending(touched)
        return touched

    def component(self, keys: Iterable[str]) -> Component:
        """Every record and stored paper linked to these keys through titles, identifiers and papers."""
        found = Component()
        frontier: dict[str, set[str]] = {
            "title_key": {k[len(TITLE) :] for k in keys if k.startswith(TITLE)},
            "paper_id": {k[len(PAPER) :] for k in keys if k.startswith(PAPER)},
        }
        seen: dict[str, set[str]] = {column: set() for column in LINKS}
        rows: dict[tuple[str, int], tuple] = {}
        papers: dict[str, tuple] = {}
        while any(frontier.values()):
            for column in LINKS:
                seen[column] |= frontier.get(column, set())
            new_rows = [
                row
                for column, values in frontier.items()
                for row in self._select_in(f"SELECT {RECORD_COLUMNS} FROM records WHERE {column} IN ({{}})", values)
                if (row[0], row[1]) not in rows
            ]
            new_papers = [
                row
                for column in ("title_key", "paper_id")
                for row in self._select_in(
                    f"SELECT paper_id, title_key, record, content_hash FROM papers WHERE {column} IN ({{}})",
                    frontier.get(column, ()),
                )
                if row[0] not in papers
            ]
            rows.update({(row[0], row[1]): row for row in new_rows})
            papers.update({row[0]: row for row in new_papers})
            frontier = {column: set() for column in LINKS}
            for row in new_rows:
                for column, value in zip(LINKS, row[2:7], strict=True):
                    if value is not None and value not in seen[column]:
                        frontier[column].add(value)
            for paper_id, key, _, _ in new_papers:
                frontier["paper_id"] |= {paper_id} - seen["paper_id"]
                frontier["title_key"] |= {key} - seen["title_key"]
        for source, seq, *_, paper_id, record in sorted(rows.values(), key=lambda r: (r[0], r[1])):
            found.records.append(StoredRecord(source, seq, paper_id, Paper.model_validate_json(record)))
        for paper_id, _, record, digest in papers.values():
            found.papers[paper_id] = Paper.model_validate_json(record)
            found.hashes[paper_id] = digest
        return found

    def _assign(self, members: dict[str, list[tuple[str, int]]]) -> None:
        """Within the caller's transaction: these records (source, seq) are grouped into these papers now."""
        self.db.executemany(
            "UPDATE records SET paper_id=? WHERE source=? AND seq=?",
            [(paper_id, source, seq) for paper_id, keys in members.items() for source, seq in keys],
        )

    def assign(self, members: dict[str, list[tuple[str, int]]]) -> None:
        """Records grouped into a paper that did not change (a record that says what it said before)."""
        with self._lock, self.db:
            self.db.execute("BEGIN")
            self._assign(members)

    def sources(self) -> list[str]:
        with self._lock:
            return [r[0] for r in self.db.execute("SELECT DISTINCT source FROM records ORDER BY source")]

    def _mark_pending(self, keys: Iterable[str]) -> None:
        """Within the caller's transaction: these keys must be grouped again (`settle` when they have been)."""
        self.db.executemany("INSERT OR IGNORE INTO pending VALUES (?)", [(key,) for key in keys])

    def mark_disagreeing_keys(self) -> None:
        """Mark every key whose records and paper rows disagree as pending, however that came about: the slow,
        whole-catalog check, for `paperchat doctor --repair` and catalogs written before pending keys."""
        with self._lock, self.db:
            self.db.execute(f"INSERT OR IGNORE INTO pending {DISAGREEING_KEYS}")

    def unfinished_keys(self) -> set[str]:
        """Keys whose records changed but whose papers were not settled: left by an interrupted run. Read from their
        own table, so each ingest pays for what is pending, not for the library's size."""
        with self._lock:
            return {row[0] for row in self.db.execute("SELECT key FROM pending")}

    def settle(self, keys: Iterable[str]) -> None:
        """The papers of these keys follow their records now: an interrupted run leaves the rest pending."""
        with self._lock, self.db:
            self.db.execute("BEGIN")
            self.db.executemany("DELETE FROM pending WHERE key=?", [(key,) for key in keys])
