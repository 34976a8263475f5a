"""The catalog's tables, and the upgrade of a catalog written by an older paperchat (new columns, new tables),
done in place on open: nothing is re-embedded."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field

from paperchat.ingest.chunking import Chunk

SCHEMA = """
CREATE TABLE IF NOT EXISTS records (source TEXT NOT NULL, title_key TEXT NOT NULL, record TEXT NOT NULL,
                                    PRIMARY KEY (source, title_key));
CREATE INDEX IF NOT EXISTS records_by_key ON records (title_key);
CREATE TABLE IF NOT EXISTS papers (title_key TEXT PRIMARY KEY, paper_id TEXT NOT NULL UNIQUE, record TEXT NOT NULL,
                                   content_hash TEXT NOT NULL,
                                   indexed_at REAL NOT NULL DEFAULT (CAST(strftime('%s','now') AS REAL)),
                                   write_id INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS chunks (chunk_id TEXT PRIMARY KEY, paper_id TEXT NOT NULL, n INTEGER NOT NULL,
                                   text TEXT NOT NULL, text_hash TEXT NOT NULL, page INTEGER,
                                   section TEXT NOT NULL DEFAULT '', page_breaks TEXT NOT NULL DEFAULT '');
CREATE INDEX IF NOT EXISTS chunks_by_paper ON chunks (paper_id);
CREATE TABLE IF NOT EXISTS keyword_changes (seq INTEGER PRIMARY KEY AUTOINCREMENT, chunk_id TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS pending_keys (title_key TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS feedback (id INTEGER PRIMARY KEY, data TEXT NOT NULL,
                                     created REAL NOT NULL DEFAULT (CAST(strftime('%s','now') AS REAL)));
"""
# Title keys whose records and paper row disagree: records without a paper row, or a paper row without records.
DISAGREEING_KEYS = (
    "SELECT title_key FROM records WHERE title_key NOT IN (SELECT title_key FROM papers) "
    "UNION SELECT title_key FROM papers WHERE title_key NOT IN (SELECT title_key FROM records)"
)
# Columns added since the first catalogs, with their definitions: (table, column, definition).
ADDED_COLUMNS = (
    ("papers", "write_id", "INTEGER NOT NULL DEFAULT 0"),
    ("chunks", "page", "INTEGER"),  # chunks indexed before pages were kept have none until re-ingested
    ("chunks", "section", "TEXT NOT NULL DEFAULT ''"),
    ("chunks", "page_breaks", "TEXT NOT NULL DEFAULT ''"),
)


def create_or_upgrade(db: sqlite3.Connection) -> bool:
    """Create what is missing; True when the catalog predates the pending-keys table (its caller then finds what
    an interrupted run left the slow way)."""
    had_pending = db.execute("SELECT 1 FROM sqlite_master WHERE name='pending_keys'").fetchone()
    db.executescript(SCHEMA)
    for table, column, definition in ADDED_COLUMNS:
        if column not in {row[1] for row in db.execute(f"PRAGMA table_info({table})")}:
            db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {definition}")
    return not had_pending


@dataclass(frozen=True)
class ChunkPlace:
    """Where a chunk sits in its paper: the PDF page its text starts on, its section, and the offsets in its text
    where each following page begins."""

    page: int | None = None
    section: str = ""
    page_breaks: list[int] = field(default_factory=list)

    @classmethod
    def of(cls, chunk: Chunk) -> ChunkPlace:
        return cls(chunk.page, chunk.section, list(chunk.page_breaks))

    def row(self) -> tuple[int | None, str, str]:
        return self.page, self.section, json.dumps(self.page_breaks) if self.page_breaks else ""

    @classmethod
    def from_row(cls, row: tuple) -> ChunkPlace:
        page, section, breaks = row
        return cls(page, section or "", json.loads(breaks) if breaks else [])
