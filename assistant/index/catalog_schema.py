"""The catalog's tables, and the upgrade of catalogs written by earlier paperchat versions, in place, on open.

Layout 2 keys papers by `paper_id` (layout 1 keyed them by normalised title, so two papers of one title were one
row) and keeps every record of a source (layout 1 kept one per title). Upgrading copies rows and keeps every
paper_id and chunk, so nothing is embedded again. What layout 1 dropped (a second record of one title in one file)
comes back when that file is ingested again.
"""

from __future__ import annotations

import json
import sqlite3

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
                                   text TEXT NOT NULL, text_hash TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS chunks_by_paper ON chunks (paper_id);
CREATE TABLE IF NOT EXISTS keyword_changes (seq INTEGER PRIMARY KEY AUTOINCREMENT, chunk_id TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS pending (key TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS feedback (id INTEGER PRIMARY KEY, data TEXT NOT NULL,
                                     created REAL NOT NULL DEFAULT (CAST(strftime('%s','now') AS REAL)));
"""
# Pending keys name what must be grouped again: "title:<normalised title>" or "paper:<paper_id>".
TITLE, PAPER = "title:", "paper:"
# Keys whose records and paper rows disagree: records no paper row stands for, or a paper row without records.
DISAGREEING_KEYS = (
    f"SELECT '{TITLE}' || title_key FROM records"
    " WHERE paper_id IS NULL OR paper_id NOT IN (SELECT paper_id FROM papers)"
    f" UNION SELECT '{PAPER}' || paper_id FROM papers"
    " WHERE paper_id NOT IN (SELECT paper_id FROM records WHERE paper_id IS NOT NULL)"
)


def prepare(db: sqlite3.Connection) -> bool:
    """Create the tables, or upgrade an older catalog to this layout. True when the catalog came from before
    pending keys were kept, so what an interrupted run left must be found the slow way (DISAGREEING_KEYS)."""
    tables = _tables(db)
    if db.execute("PRAGMA user_version").fetchone()[0] >= LAYOUT or "papers" not in tables:
        db.executescript(SCHEMA)
        db.execute(f"PRAGMA user_version = {LAYOUT}")
        return False
    db.execute("BEGIN IMMEDIATE")  # one process upgrades; another opening meanwhile waits, then finds it done
    try:
        tables = _tables(db)
        if db.execute("PRAGMA user_version").fetchone()[0] >= LAYOUT:
            db.execute("COMMIT")
            return False
        _upgrade_from_layout_1(db, tables)
        db.execute(f"PRAGMA user_version = {LAYOUT}")
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    return "pending_keys" not in tables


def _tables(db: sqlite3.Connection) -> set[str]:
    return {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def identity_columns(record: dict) -> tuple[str | None, str | None, str | None]:
    """(doi, arxiv, given_id) of a stored record, read from its JSON without building a Paper."""
    paper_id = record.get("paper_id") or ""
    derived = derived_identity(record.get("url"), paper_id)
    given = paper_id if paper_id and not paper_id.startswith(DERIVED_PREFIXES) else None
    return record.get("doi") or derived["doi"], record.get("arxiv_id") or derived["arxiv_id"], given


def _upgrade_from_layout_1(db: sqlite3.Connection, tables: set[str]) -> None:
    """Papers keyed by title → by paper_id; one record per source and title → every record, each knowing its
    paper; pending title keys → pending keys. Runs inside the caller's transaction."""
    paper_columns = {row[1] for row in db.execute("PRAGMA table_info(papers)")}
    write_id = "write_id" if "write_id" in paper_columns else "0"
    db.execute("ALTER TABLE papers RENAME TO papers_layout1")
    if "records" in tables:
        db.execute("ALTER TABLE records RENAME TO records_layout1")
    for statement in filter(str.strip, SCHEMA.split(";")):  # not executescript: it would commit half an upgrade
        db.execute(statement)
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
