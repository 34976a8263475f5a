"""One writer per index: a second writer waits, says so with the seconds it has waited, and gives up past its limit
with IndexBusyError naming the holder. (Across processes: tests/reliability/test_concurrent_writers.py.)"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from paperchat import IndexBusyError
from paperchat.assistant.index.write_lock import LOCK_FILE, holder, write_lock


def test_a_free_index_is_locked_at_once_and_the_holder_is_written_down(tmp_path: Path) -> None:
    steps: list[tuple] = []
    with write_lock(tmp_path, 5, lambda *step: steps.append(step)):
        assert holder(tmp_path / LOCK_FILE).startswith("process ")
    assert steps == []  # nothing to wait for, nothing said
    assert holder(tmp_path / LOCK_FILE) == "another process"  # emptied on release


def test_a_second_writer_waits_says_how_long_and_gives_up(tmp_path: Path) -> None:
    held, release = threading.Event(), threading.Event()

    def first() -> None:
        with write_lock(tmp_path, 5):
            held.set()
            release.wait(30)

    thread = threading.Thread(target=first)
    thread.start()
    held.wait(30)
    steps: list[tuple] = []
    try:
        busy = pytest.raises(IndexBusyError, match=r"being written by process \d+ .*gave up after waiting 2 s")
        with busy, write_lock(tmp_path, 2.0, lambda *step: steps.append(step)):
            pass
    finally:
        release.set()
        thread.join(30)
    assert steps and {step for step, _, _ in steps} == {"wait"} and steps[-1][2] == 2
    with write_lock(tmp_path, 2.0):  # free again once the first writer is done
        pass
