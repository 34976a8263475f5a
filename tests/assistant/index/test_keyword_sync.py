"""The keyword index follows the catalog: logged changes applied, or the whole index built again from the chunks."""

from __future__ import annotations

import shutil
from pathlib import Path

from paperchat import Assistant
from paperchat.assistant.index import keyword_sync
from tests.conftest import make_settings


def test_a_build_covers_every_chunk_and_removes_the_old_keyword_folder(tiny_index_dir: Path, tmp_path: Path) -> None:
    shutil.copytree(tiny_index_dir, tmp_path / "index")
    (tmp_path / "index" / keyword_sync.OLD_KEYWORDS_DIR).mkdir()  # an index from before tantivy
    assistant = Assistant.open(tmp_path / "index", make_settings(tmp_path / "index"))
    assistant.index.rebuild_keywords()
    assert assistant.index.keywords.indexed_ids() == assistant.index.catalog.all_chunk_ids()
    assert not (tmp_path / "index" / keyword_sync.OLD_KEYWORDS_DIR).exists()


def test_logged_changes_are_applied(tiny_index_dir: Path, tmp_path: Path) -> None:
    shutil.copytree(tiny_index_dir, tmp_path / "index")
    assistant = Assistant.open(tmp_path / "index", make_settings(tmp_path / "index"))
    [gone] = [p for p in assistant.papers() if "kelp" in p.title]
    chunk_ids = assistant.index.catalog.chunk_ids(gone.paper_id)
    assistant.index.catalog.forget_records(paper_id=gone.paper_id)
    key = next(iter(assistant.index.catalog.unfinished_keys()))
    assistant.index.catalog.delete_paper(key)  # logs the chunk change; the keyword index has not seen it
    assert set(chunk_ids) <= assistant.index.keywords.indexed_ids()
    keyword_sync.apply_changes(assistant.index)
    assert not set(chunk_ids) & assistant.index.keywords.indexed_ids()
    assert assistant.index.catalog.keyword_changes()[1] == []
