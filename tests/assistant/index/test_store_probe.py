"""Reading an embedded store that may be damaged in a child process: its answers come back, and a crash of the
reader (SIGSEGV inside Chroma) is said, not suffered."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from paperchat.assistant import Assistant
from paperchat.assistant.index.store_probe import readable_vectors, store_problem_in_child
from tests.assistant.index.test_store_repair import flushing_index, point_links_past_the_end

pytestmark = pytest.mark.slow


def test_a_sound_store_has_no_problem_and_gives_its_vectors(tmp_path: Path) -> None:
    index_dir, settings = flushing_index(tmp_path)
    assert store_problem_in_child(index_dir, settings.collection) is None
    ids = {cid for cid, _, _ in Assistant.open(index_dir, settings).index.catalog.all_chunks()}
    vectors = readable_vectors(index_dir / "chroma", settings.collection, ids | {"no-such-chunk"})
    assert set(vectors) == ids and {len(vector) for vector in vectors.values()} == {384}


def test_a_script_without_a_main_guard_can_check_a_store(tmp_path: Path) -> None:
    """The reader is a fresh interpreter, so a user's script that checks at its top level is not run again."""
    index_dir, settings = flushing_index(tmp_path)
    script = tmp_path / "check.py"
    script.write_text(
        "import sys\nfrom pathlib import Path\n"
        "from paperchat.assistant.index.store_probe import store_problem_in_child\n"
        "print('checked', store_problem_in_child(Path(sys.argv[1]), sys.argv[2]))\n"
    )
    done = subprocess.run(
        [sys.executable, str(script), str(index_dir), settings.collection], capture_output=True, text=True, timeout=300
    )
    assert done.stdout.splitlines() == ["checked None"], done.stderr[-2000:]


def test_a_store_that_crashes_its_reader_is_a_problem_and_gives_what_it_can(tmp_path: Path) -> None:
    index_dir, settings = flushing_index(tmp_path)
    point_links_past_the_end(index_dir)
    problem = store_problem_in_child(index_dir, settings.collection)
    assert problem == "reading it crashed the process that read it (signal 11, SIGSEGV)"
    assert readable_vectors(index_dir / "chroma", "no-such-collection", {"a"}) == {}  # nothing read, no error
