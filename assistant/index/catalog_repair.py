"""Repairing a damaged catalog without the source files: what SQLite's integrity check finds, and a salvage that
copies every readable row into a fresh catalog, keeping the damaged file beside it."""

from __future__ import annotations

import os
import sqlite3
import time
from contextlib import closing
from pathlib import Path


def integrity_problems(path: Path) -> list[str]:
    """What SQLite's integrity check says is wrong; an unreadable file is one problem."""
    try:
        with closing(sqlite3.connect(path, timeout=30)) as db:
            rows = [r[0] for r in db.execute("PRAGMA integrity_check(20)")]
            tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except sqlite3.DatabaseError as error:
        return [str(error)]
    missing = {"records", "papers", "chunks"} - tables
    return ([] if rows == ["ok"] else rows) + ([f"tables missing: {', '.join(sorted(missing))}"] if missing else [])


def salvage_catalog(path: Path) -> tuple[Path, dict[str, int]]:
    """Move the damaged file aside and copy every row that can still be read into a fresh catalog."""
    kept = path.with_name(f"{path.name}.damaged-{time.strftime('%Y%m%d-%H%M%S')}")
    for suffix in ("", "-wal", "-shm"):  # the WAL belongs to the damaged file: it moves with it
        if Path(f"{path}{suffix}").exists():
            os.replace(f"{path}{suffix}", f"{kept}{suffix}")
    fresh_catalog(path)
    counts: dict[str, int] = {}
    with closing(sqlite3.connect(kept)) as source, closing(sqlite3.connect(path, isolation_level=None)) as target:
        tables = [r[0] for r in target.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in tables:
            columns = [r[1] for r in target.execute(f"PRAGMA table_info({table})")]
            columns = [c for c in columns if c in _columns(source, table)] or columns  # an older catalog has fewer
            rows = _readable_rows(source, table, columns)
            marks = ",".join("?" * len(columns))
            with target:
                target.executemany(f"INSERT OR IGNORE INTO {table} ({','.join(columns)}) VALUES ({marks})", rows)
            counts[table] = len(rows)
    return kept, counts


def _readable_rows(db: sqlite3.Connection, table: str, columns: list[str]) -> list[tuple]:
    """Rows read front to back until a damaged page stops the scan, then back to front: both sides of the damage."""
    found: dict[int, tuple] = {}
    for order in ("ASC", "DESC"):
        try:
            for rowid, *values in db.execute(f"SELECT rowid, {','.join(columns)} FROM {table} ORDER BY rowid {order}"):
                found.setdefault(rowid, tuple(values))
        except sqlite3.DatabaseError:
            continue
    return list(found.values())


def _columns(db: sqlite3.Connection, table: str) -> set[str]:
    try:
        return {r[1] for r in db.execute(f"PRAGMA table_info({table})")}
    except sqlite3.DatabaseError:
        return set()


def fresh_catalog(path: Path) -> None:
    from paperchat.assistant.index.catalog import Catalog

    Catalog(path).close()


# --- manifest ---------------------------------------------------------------------------------------------------
