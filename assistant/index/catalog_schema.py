"""The catalog's tables, and the upgrade of catalogs written by earlier paperchat versions, in place, on open:
nothing is embedded again.

Layout 2 keys papers by `paper_id` (layout 1 keyed them by normalised title, so two papers of one title were one
row) and keeps every record of a source (layout 1 kept one per title). Upgrading copies rows and keeps every
paper_id and chunk. What layout 1 dropped (a second record of one title in one file) comes back when that file is
ingested again. Columns added since a layout began (ADDED_COLUMNS) are added after any layout upgrade.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field

from paperchat.ingest.chunking import Chunk
from paperchat.ingest.identity import DERIVED_PREFIXES
from paperchat.ingest.papers import derived_identity

LAYOUT = 2  # PRAGMA user_version of a catalog in this layout
SCHEMA = """
CREATE TABLE IF NOT EXISTS records (source TEXT NOT NULL, seq INTEGER NOT NULL, title_key TEXT NOT NULL,
                                    doi TEXT, arxiv TEXT, given_id TEXT, paper_id TEXT, record TEXT NOT NULL,
                                    PRIMARY KEY (source, seq));
CREATE INDEX IF NOT EXISTS records_by_title ON records (title_key);
CREATE INDEX IF NOT EXISTS records_by_doi ON records (doi);
CREATE INDEX IF NOT EXISTS records_by_arxiv ON records (arxiv);
CREATE INDEX IF NOT EXISTS records_by_given_id ON records (given_id);
CREATE INDEX IF NOT EXISTS records_by_paper ON records (paper_id);
CREATE TABLE IF NOT EXISTS papers (paper_id TEXT PRIMARY KEY, title_key TEXT NOT NULL, record TEXT NOT NULL,
                                   content_hash TEXT NOT NULL,
                                   indexed_at REAL NOT NULL DEFAULT (CAST(strftime('%s','now') AS REAL)),
                                   write_id INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS papers_by_title ON papers (title_key);
CREATE TABLE IF NOT EXISTS chunks (chunk_id TEXT PRIMARY KEY, paper_id TEXT NOT NULL, n INTEGER NOT NULL,
                                   text TEXT NOT NULL, text_hash TEXT NOT NULL, page INTEGER,
                                   section TEXT NOT NULL DEFAULT '', page_breaks TEXT NOT NULL DEFAULT '');
CREATE INDEX IF NOT EXISTS chunks_by_paper ON chunks (paper_id);
CREATE TABLE IF NOT EXISTS keyword_changes (seq INTEGER PRIMARY KEY AUTOINCREMENT, chunk_id TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS pending (key TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS feedback (id INTEGER PRIMARY KEY, data TEXT NOT NULL,
                                     created REAL NOT NULL DEFAULT (CAST(strftime('%s','now') AS REAL)));
"""
# Columns added since the first catalogs, with their definitions: (table, column, definition).
ADDED_COLUMNS = (
    ("papers", "write_id", "INTEGER NOT NULL DEFAULT 0"),
    ("chunks", "page", "INTEGER"),  # chunks indexed before pages were kept have none until re-ingested
    ("chunks", "section", "TEXT NOT NULL DEFAULT ''"),
    ("chunks", "page_breaks", "TEXT NOT NULL DEFAULT ''"),
)
# Pending keys name what must be grouped again: "title:<normalised title>" or "paper:<paper_id>".
TITLE, PAPER = "title:", "paper:"
# Keys whose records and paper rows disagree: records no paper row stands for, or a paper row without records.
DISAGREEING_KEYS = (
    f"SELECT '{TITLE}' || title_key FROM records"
    " WHERE paper_id IS NULL OR paper_id NOT IN (SELECT paper_id FROM papers)"
    f" UNION SELECT '{PAPER}' || paper_id FROM papers"
    " WHERE paper_id NOT IN (SELECT paper_id FROM records WHERE paper_id IS NOT NULL)"
)


def create_or_upgrade(db: sqlite3.Connection) -> bool:
    """Create the tables, or upgrade an older catalog to this layout and its columns. True when the catalog came
    from before pending keys were kept, so what an interrupted run left must be found the slow way
    (DISAGREEING_KEYS)."""
    tables = _tables(db)
    if "papers" not in tables or (_version(db) >= LAYOUT and not _missing_columns(db)):
        db.executescript(SCHEMA)
        db.execute(f"PRAGMA user_version = {LAYOUT}")
        return False
    db.execute("BEGIN IMMEDIATE")  # one process upgrades; another opening meanwhile waits, then finds it done
    try:
        tables = _tables(db)
        from_layout_1 = _version(db) < LAYOUT
        if from_layout_1:
            _upgrade_from_layout_1(db, tables)
            db.execute(f"PRAGMA user_version = {LAYOUT}")
        _create_tables(db)
        for table, column, definition in _missing_columns(db):
            db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {definition}")
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    return from_layout_1 and "pending_keys" not in tables


def _tables(db: sqlite3.Connection) -> set[str]:
    return {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def _version(db: sqlite3.Connection) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


def _missing_columns(db: sqlite3.Connection) -> list[tuple[str, str, str]]:
    """ADDED_COLUMNS this catalog's tables lack (a table not there yet is created whole, so lacks none)."""
    missing = []
    for table, column, definition in ADDED_COLUMNS:
        columns = {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
        if columns and column not in columns:
            missing.append((table, column, definition))
    return missing


def _create_tables(db: sqlite3.Connection) -> None:
    """SCHEMA statement by statement: executescript would commit the caller's transaction half way."""
    for statement in filter(str.strip, SCHEMA.split(";")):
        db.execute(statement)


def identity_columns(record: dict) -> tuple[str | None, str | None, str | None]:
    """(doi, arxiv, given_id) of a stored record, read from its JSON without building a Paper."""
    paper_id = record.get("paper_id") or ""
    derived = derived_identity(record.get("url"), paper_id)
    given = paper_id if paper_id and not paper_id.startswith(DERIVED_PREFIXES) else None
    return record.get("doi") or derived["doi"], record.get("arxiv_id") or derived["arxiv_id"], given


def _upgrade_from_layout_1(db: sqlite3.Connection, tables: set[str]) -> None:
    """Papers keyed by title → by paper_id; one record per source and title → every record, each knowing its
    paper; pending title keys → pending keys. Chunks stay as they are. Runs inside the caller's transaction."""
    paper_columns = {row[1] for row in db.execute("PRAGMA table_info(papers)")}
    write_id = "write_id" if "write_id" in paper_columns else "0"
    db.execute("ALTER TABLE papers RENAME TO papers_layout1")
    if "records" in tables:
        db.execute("ALTER TABLE records RENAME TO records_layout1")
    _create_tables(db)
    db.execute(
        "INSERT OR IGNORE INTO papers (paper_id, title_key, record, content_hash, indexed_at, write_id) "
        f"SELECT paper_id, title_key, record, content_hash, indexed_at, {write_id} FROM papers_layout1"
    )
    if "records" in tables:
        by_title = dict(db.execute("SELECT title_key, paper_id FROM papers_layout1"))
        rows, seq = [], {}
        for source, key, record in db.execute("SELECT source, title_key, record FROM records_layout1 ORDER BY rowid"):
            seq[source] = seq.get(source, -1) + 1
            doi, arxiv, given = identity_columns(json.loads(record))
            rows.append((source, seq[source], key, doi, arxiv, given, by_title.get(key), record))
        db.executemany("INSERT INTO records VALUES (?,?,?,?,?,?,?,?)", rows)
        db.execute("DROP TABLE records_layout1")
    if "pending_keys" in tables:
        db.execute(f"INSERT OR IGNORE INTO pending SELECT '{TITLE}' || title_key FROM pending_keys")
        db.execute("DROP TABLE pending_keys")
    db.execute("DROP TABLE papers_layout1")


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
