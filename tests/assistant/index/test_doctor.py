"""Index health, module by module: diagnose an index, check a catalog file, salvage a damaged one.
Repairs of each kind of damage are shown in tests/reliability/test_integrity.py."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from paperchat.assistant.index.doctor import NO_MANIFEST, diagnose
from tests.conftest import make_settings


def test_a_healthy_index_passes_every_check(seed_copy: Path) -> None:
    findings = diagnose(seed_copy, make_settings(seed_copy))
    assert [f.check for f in findings] == ["catalog", "manifest", "store", "papers", "vectors", "orphans", "keywords"]
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


def test_a_store_whose_vectors_read_but_not_their_metadata_is_found_and_rebuilt(seed_copy: Path) -> None:
    """Chroma's own SQLite file without its metadata table: counts and queries still work, reading a chunk's text
    hash does not. The store check reads a few vectors with their metadata, so it is found there and repaired."""
    with closing(sqlite3.connect(seed_copy / "chroma" / "chroma.sqlite3")) as chroma:
        chroma.execute("ALTER TABLE embedding_metadata RENAME TO embedding_metadata_lost")
        chroma.commit()
    settings = make_settings(seed_copy)
    store = {f.check: f for f in diagnose(seed_copy, settings)}["store"]
    assert not store.ok and "no such table: embedding_metadata" in store.detail, store.detail
    repaired = {f.check: f for f in diagnose(seed_copy, settings, repair=True)}["store"]
    assert repaired.repaired and "0 chunks re-embedded" in repaired.detail, repaired.detail  # every vector recovered
    assert all(f.ok for f in diagnose(seed_copy, settings))


def test_a_check_that_fails_on_what_it_reads_is_a_finding_and_the_checks_after_it_run(seed_copy: Path) -> None:
    """A catalog whose chunks table lacks the text hash column (hand-edited, or from another version): the vectors
    check cannot read it. Doctor says so, names the error and a rebuild, and still runs the checks after it."""
    with closing(sqlite3.connect(seed_copy / "catalog.sqlite")) as catalog:
        catalog.execute("ALTER TABLE chunks RENAME COLUMN text_hash TO text_digest")
        catalog.commit()
    findings = {f.check: f for f in diagnose(seed_copy, make_settings(seed_copy))}
    vectors = findings["vectors"]
    assert not vectors.ok and vectors.detail.startswith("could not be checked: OperationalError: no such column")
    assert vectors.fix == "paperchat ingest --rebuild PATH..."
    assert findings["orphans"].ok and findings["keywords"].ok
