"""Index health, module by module: diagnose an index, check a catalog file, salvage a damaged one.
Repairs of each kind of damage are shown in tests/reliability/test_integrity.py."""

from __future__ import annotations

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
