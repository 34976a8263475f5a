"""A catalog written by an older paperchat is upgraded in place on open: new columns, new tables, nothing lost."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from paperchat.assistant.index.catalog import Catalog
from paperchat.assistant.index.catalog_schema import ChunkPlace, create_or_upgrade

FIRST_SCHEMA = """
CREATE TABLE records (source TEXT NOT NULL, title_key TEXT NOT NULL, record TEXT NOT NULL,
                      PRIMARY KEY (source, title_key));
CREATE TABLE papers (title_key TEXT PRIMARY KEY, paper_id TEXT NOT NULL UNIQUE, record TEXT NOT NULL,
                     content_hash TEXT NOT NULL, indexed_at REAL NOT NULL DEFAULT 0);
CREATE TABLE chunks (chunk_id TEXT PRIMARY KEY, paper_id TEXT NOT NULL, n INTEGER NOT NULL,
                     text TEXT NOT NULL, text_hash TEXT NOT NULL);
INSERT INTO chunks VALUES ('p:1', 'p', 1, 'an old chunk', 'h');
"""


def test_an_old_catalog_gains_the_new_columns_and_keeps_its_chunks(tmp_path: Path) -> None:
    path = tmp_path / "catalog.sqlite"
    with closing(sqlite3.connect(path)) as db:
        db.executescript(FIRST_SCHEMA)
    catalog = Catalog(path)
    assert catalog.chunks_by_id(["p:1"]) == {"p:1": ("p", "an old chunk")}
    assert catalog.chunk_places(["p:1"]) == {"p:1": ChunkPlace()}  # no page until the paper is ingested again
    catalog.close()


def test_upgrading_twice_changes_nothing_and_says_whether_pending_keys_were_new(tmp_path: Path) -> None:
    with closing(sqlite3.connect(tmp_path / "c.sqlite")) as db:
        assert create_or_upgrade(db) is True
        assert create_or_upgrade(db) is False


def test_a_place_round_trips_through_its_row() -> None:
    place = ChunkPlace(7, "5.4 Ablations", [120, 900])
    assert ChunkPlace.from_row(place.row()) == place
    assert ChunkPlace.from_row(ChunkPlace().row()) == ChunkPlace()
