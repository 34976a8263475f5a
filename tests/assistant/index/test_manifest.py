"""The index manifest records the embedding model and chunking that built an index, so another one is refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from paperchat.assistant.errors import IndexMismatchError
from paperchat.assistant.index.manifest import FORMAT_VERSION, check_manifest, read_manifest, write_manifest

BUILT_WITH = {
    "embedding": {"model": "minilm", "dimension": 384},
    "chunking": {"chunk_tokens": 256, "chunk_overlap": 32},
}


def test_a_written_manifest_reads_back_with_its_format_and_time(tmp_path: Path) -> None:
    assert read_manifest(tmp_path) is None
    write_manifest(tmp_path, BUILT_WITH)
    found = read_manifest(tmp_path)
    assert found["embedding"] == BUILT_WITH["embedding"] and found["format_version"] == FORMAT_VERSION
    assert found["updated"].startswith("20")
    assert not (tmp_path / "manifest.tmp").exists()  # written aside, then moved into place


def test_the_same_settings_pass_and_a_new_index_passes(tmp_path: Path) -> None:
    check_manifest(tmp_path, BUILT_WITH)  # no manifest yet: a new index
    write_manifest(tmp_path, BUILT_WITH)
    check_manifest(tmp_path, BUILT_WITH)
    check_manifest(tmp_path, {"embedding": {"model": "minilm", "device": None}})  # unknown values are not compared


def test_another_embedding_model_names_both_and_the_fix(tmp_path: Path) -> None:
    write_manifest(tmp_path, BUILT_WITH)
    other = {**BUILT_WITH, "embedding": {"model": "bge-small", "dimension": 384}}
    with pytest.raises(
        IndexMismatchError, match=r"another embedding \(model: index has 'minilm', settings say 'bge-small'\)"
    ):
        check_manifest(tmp_path, other)
    with pytest.raises(IndexMismatchError, match="another chunking.*--rebuild"):
        check_manifest(tmp_path, {**BUILT_WITH, "chunking": {"chunk_tokens": 512}})


def test_another_format_version_is_refused(tmp_path: Path) -> None:
    (tmp_path / "manifest.json").write_text(json.dumps({**BUILT_WITH, "format_version": FORMAT_VERSION + 1}))
    with pytest.raises(IndexMismatchError, match=f"index format {FORMAT_VERSION + 1}"):
        check_manifest(tmp_path, BUILT_WITH)


def test_an_unreadable_manifest_is_named(tmp_path: Path) -> None:
    (tmp_path / "manifest.json").write_text("{half a manifest")
    with pytest.raises(IndexMismatchError, match="manifest.json: unreadable manifest"):
        read_manifest(tmp_path)
