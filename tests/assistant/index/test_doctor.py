"""Index health, module by module: diagnose an index, check a catalog file, salvage a damaged one.
Repairs of each kind of damage are shown in tests/reliability/test_integrity.py."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from paperchat.assistant.index.doctor import NO_MANIFEST, diagnose, integrity_problems, salvage_catalog
from tests.conftest import make_settings


def test_a_healthy_index_passes_every_check(seed_copy: Path) -> None:
    findings = diagnose(seed_copy, make_settings(seed_copy))
    assert [f.check for f in findings] == ["catalog", "manifest", "papers", "vectors", "orphans", "keywords"]
    assert all(f.ok and not f.repaired for f in findings), [f.detail for f in findings if not f.ok]


def test_a_deleted_manifest_is_found_and_rewritten_by_repair(seed_copy: Path) -> None:
    (seed_copy / "manifest.json").unlink()
    settings = make_settings(seed_copy)
    manifest = {f.check: f for f in diagnose(seed_copy, settings)}["manifest"]
    assert not manifest.settled and manifest.detail == NO_MANIFEST and manifest.fix == "paperchat doctor --repair"
    repaired = {f.check: f for f in diagnose(seed_copy, settings, repair=True)}["manifest"]
    assert repaired.repaired  # the stored vectors proved they come from the model in use
    assert (seed_copy / "manifest.json").exists()
    assert all(f.ok for f in diagnose(seed_copy, settings))


def test_a_folder_without_an_index_says_how_to_make_one_and_is_left_alone(tmp_path: Path) -> None:
    [finding] = diagnose(tmp_path / "nothing", make_settings(tmp_path / "nothing"))
    assert finding.check == "index" and not finding.ok and finding.fix == "paperchat ingest PATH..."
    assert finding.detail == f"no index at {tmp_path / 'nothing'}"
    assert not (tmp_path / "nothing").exists()


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
