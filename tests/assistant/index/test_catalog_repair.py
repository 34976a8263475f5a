"""Repairing a catalog file: what the integrity check reports, a salvage that keeps every readable row, and the
records of salvaged papers restored from their rows."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from paperchat.assistant.index.catalog import Catalog
from paperchat.assistant.index.catalog_repair import integrity_problems, restore_records, salvage_catalog
from paperchat.ingest.papers import Paper


def test_integrity_problems_of_a_good_catalog_a_foreign_database_and_garbage(seed_copy: Path, tmp_path: Path) -> None:
    assert integrity_problems(seed_copy / "catalog.sqlite") == []
    foreign = tmp_path / "other.sqlite"
    with sqlite3.connect(foreign) as db:
        db.execute("CREATE TABLE papers (x)")
    assert integrity_problems(foreign) == ["tables missing: chunks, records"]
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"not sqlite at all" * 300)
    assert integrity_problems(garbage) == ["file is not a database"]


def test_salvage_keeps_the_old_file_and_copies_every_readable_row(seed_copy: Path) -> None:
    path = seed_copy / "catalog.sqlite"
    with sqlite3.connect(path) as db:
        papers, chunks = (db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("papers", "chunks"))
    kept, counts = salvage_catalog(path)
    assert kept.exists() and kept.name.startswith("catalog.sqlite.damaged-")
    assert counts["papers"] == papers > 0 and counts["chunks"] == chunks
    assert integrity_problems(path) == []


def test_a_paper_whose_records_were_lost_gets_one_per_source_back_from_its_row(tmp_path: Path) -> None:
    catalog = Catalog(tmp_path / "catalog.sqlite")
    paper = Paper(title="Kelp forests", url="https://doi.org/10.1000/KELP", sources=["a.bib", "b.jsonl"])
    catalog.replace_source("a.bib", [Paper(title="Other paper", sources=["a.bib"])])  # a.bib's next seq is 1
    restore_records(catalog.db, [paper.model_dump_json()])
    rows = catalog.db.execute("SELECT source, seq, title_key, doi, paper_id FROM records WHERE paper_id IS NOT NULL")
    assert sorted(rows) == [
        ("a.bib", 1, "kelp forests", "10.1000/kelp", "doi:10.1000/kelp"),
        ("b.jsonl", 0, "kelp forests", "10.1000/kelp", "doi:10.1000/kelp"),
    ]
    catalog.close()
