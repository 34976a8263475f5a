"""A rebuild makes a new generation beside the current one and switches to it at once; a switch stopped halfway
counts as made when the catalog already has the new chunks; a replaced generation is dropped a minute later."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from paperchat import Assistant
from paperchat.assistant.index import rebuild
from paperchat.assistant.index.manifest import read_manifest, write_manifest
from tests.conftest import make_settings


@pytest.fixture
def index_dir(tiny_index_dir: Path, tmp_path: Path) -> Path:
    shutil.copytree(tiny_index_dir, tmp_path / "index")
    return tmp_path / "index"


def test_a_rebuild_switches_every_part_to_the_new_generation(index_dir: Path) -> None:
    assistant = Assistant.open(index_dir, make_settings(index_dir), rebuild=True)
    report = assistant.ingest([])
    assert len(report.updated) == 8 and report.chunks_embedded == 8 and "rebuild" in report.timings
    manifest = read_manifest(index_dir)
    assert manifest["generation"] == 1 and manifest["retired"]["generation"] == 0 and "switching" not in manifest
    assert assistant.index.store.name.endswith("-g1") and assistant.index.keywords_path.name == "keywords-g1"
    assert not rebuild.has_next_chunks(assistant.index.catalog)
    assert assistant.index.store.all_ids() == assistant.index.catalog.all_chunk_ids()
    assert assistant.ask("How fast do kelp forests grow?").citations


def test_a_switch_stopped_after_the_catalog_counts_as_made(index_dir: Path) -> None:
    assistant = Assistant.open(index_dir, make_settings(index_dir))
    write_manifest(index_dir, {**read_manifest(index_dir), "switching": 1})
    assert rebuild.current_generation(assistant.index) == 1  # no chunks_next: the catalog switched
    with assistant.index.catalog.db:
        assistant.index.catalog.db.execute(f"CREATE TABLE {rebuild.NEXT} (chunk_id TEXT)")
    assert rebuild.current_generation(assistant.index) == 0  # the new chunks still wait: nothing switched
    rebuild.settle(assistant.index)
    assert "switching" not in read_manifest(index_dir)


def test_the_replaced_generation_is_dropped_a_while_later(index_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assistant = Assistant.open(index_dir, make_settings(index_dir), rebuild=True)
    assistant.ingest([])
    assert (index_dir / "keywords").exists()
    rebuild.settle(assistant.index)  # too soon: questions may still be answered from it
    assert (index_dir / "keywords").exists()
    monkeypatch.setattr(rebuild, "RETIRE_AFTER_SECONDS", 0.0)
    rebuild.settle(assistant.index)
    assert not (index_dir / "keywords").exists() and "retired" not in read_manifest(index_dir)
