"""What `paperchat stats` shows of an index."""

from __future__ import annotations

import shutil
from pathlib import Path

from paperchat import Assistant
from paperchat.assistant.index.stats import directory_size, index_stats
from tests.conftest import make_settings


def test_stats_count_what_the_index_holds(tiny_index_dir: Path, tmp_path: Path) -> None:
    shutil.copytree(tiny_index_dir, tmp_path / "index")
    assistant = Assistant.open(tmp_path / "index", make_settings(tmp_path / "index"))
    stats = index_stats(assistant.index)
    assert stats["papers"] == stats["chunks"] == stats["vectors"] == 8
    assert stats["embedding"]["model"] == "all-MiniLM-L6-v2" and stats["size_mb"] > 0
    assert assistant.stats()["answer_backend"] == "extractive" and assistant.stats()["papers"] == 8


def test_the_size_counts_every_file_below_the_folder(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x").write_bytes(b"1234")
    (tmp_path / "y").write_bytes(b"12")
    assert directory_size(tmp_path) == 6
