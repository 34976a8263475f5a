"""Concurrent use of one index is said, and never costs the readers: an ingest that waits for another process's
write says so and for how long (and gives up with IndexBusyError past its limit); while `paperchat ingest
--rebuild` runs in another process, readers go on answering from the old index, and switch when the new one is
complete."""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from paperchat import Assistant, IndexBusyError
from tests.conftest import make_settings
from tests.reliability.helpers import (
    TOPICS,
    assert_citations_valid,
    assert_consistent,
    cli_env,
    python_cli,
    tiny_papers,
    write_jsonl,
)

pytestmark = pytest.mark.slow
WAIT = 300.0
HOLDER = """
import sys
from pathlib import Path
from paperchat.assistant.index.write_lock import write_lock

with write_lock(Path(sys.argv[1]), 600):
    print("held", flush=True)
    sys.stdin.readline()  # until the test closes our stdin
"""
PAUSED_REBUILD = """
import os, sys, time
from pathlib import Path
from paperchat.assistant.index import rebuild

real = rebuild.write_manifest

def paused(index_dir, data):  # the moment before the switch: everything new is built
    Path(os.environ["READY"]).write_text("built")
    while not Path(os.environ["GO"]).exists():
        time.sleep(0.1)
    real(index_dir, data)

rebuild.write_manifest = paused
from paperchat.ui.cli.main import main
sys.exit(main(sys.argv[1:]))
"""
QUESTION = "How fast do kelp forests grow?"


@pytest.fixture
def index_dir(tiny_index_dir: Path, tmp_path: Path) -> Path:
    shutil.copytree(tiny_index_dir, tmp_path / "index")
    return tmp_path / "index"


def hold(index_dir: Path) -> subprocess.Popen:
    """Another process holding the index's write lock until its stdin closes."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(index_dir)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    return holder


def wait_for(condition: object, what: str, timeout: float = WAIT) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def test_an_ingest_waiting_for_another_process_says_so_and_for_how_long(
    index_dir: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="paperchat")
    assistant = Assistant.open(index_dir, make_settings(index_dir))
    source = write_jsonl(tmp_path / "more.jsonl", tiny_papers(1, start=100, prefix="Later"))
    holder = hold(index_dir)
    steps: list[tuple[str, int, int]] = []
    done: list = []
    writer = threading.Thread(target=lambda: done.append(assistant.ingest(source, lambda *step: steps.append(step))))
    writer.start()
    try:
        wait_for(lambda: len([s for s in steps if s[0] == "wait"]) >= 3, "three reports of waiting")
        waits = [s for s in steps if s[0] == "wait"]
        assert [total for _, _, total in waits] == [600] * len(waits)
        assert [seconds for _, seconds, _ in waits] == sorted(seconds for _, seconds, _ in waits)
        assert waits[-1][1] >= 2 and not done  # it waits, and says how long it has waited
        assert f"waiting for process {holder.pid} (" in caplog.text and f"which is writing {index_dir}" in caplog.text
    finally:
        holder.communicate("", timeout=60)
    writer.join(WAIT)
    [report] = done
    assert len(report.new) == 1 and "is free after" in caplog.text
    assert steps.index(waits[-1]) < steps.index(next(s for s in steps if s[0] == "parse"))


def test_an_ingest_gives_up_on_a_busy_index_with_a_clear_error(index_dir: Path, tmp_path: Path) -> None:
    settings = make_settings(index_dir, limits={"write_wait_seconds": 1})
    assistant = Assistant.open(index_dir, settings)
    holder = hold(index_dir)
    try:
        with pytest.raises(IndexBusyError, match=rf"being written by process {holder.pid} .*WRITE_WAIT_SECONDS"):
            assistant.ingest(write_jsonl(tmp_path / "more.jsonl", tiny_papers(1, start=100)))
        with pytest.raises(IndexBusyError):
            assistant.remove(assistant.papers()[0].paper_id)
    finally:
        holder.communicate("", timeout=60)
    assert len(assistant.papers()) == len(TOPICS)  # nothing was changed while another process held the index


def test_readers_answer_from_the_old_index_until_a_rebuild_is_complete(
    index_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reader = Assistant.open(index_dir, make_settings(index_dir))  # like the web UI, open all along
    before = reader.ask(QUESTION)
    assert not before.refused and reader.index.generation == 0
    ready, go = tmp_path / "ready", tmp_path / "go"
    run = python_cli(PAUSED_REBUILD, ["ingest", "--rebuild"], cli_env(index_dir, READY=str(ready), GO=str(go)))
    try:
        wait_for(ready.exists, "the rebuild to have built everything new")
        during = reader.ask(QUESTION)  # every vector and chunk has been made again, not switched to yet
        assert not during.refused and [c.title for c in during.citations] == [c.title for c in before.citations]
        assert len(reader.papers()) == len(TOPICS) and reader.index.generation == 0
        assert_consistent(reader)
        go.write_text("go")
        assert run.wait(WAIT) == 0, run.stderr.read()[-2000:] if run.stderr else ""
    finally:
        if run.poll() is None:
            run.kill()
    after = reader.ask(QUESTION)
    assert reader.index.generation == 1 and not after.refused  # followed the switch by itself
    assert_citations_valid(after, {p.paper_id for p in reader.papers()})
    assert_consistent(reader)
    assert (index_dir / "keywords").exists()  # the old generation is kept a while for questions in flight

    from paperchat.assistant.index import rebuild

    monkeypatch.setattr(rebuild, "RETIRE_AFTER_SECONDS", 0.0)
    reader.ingest([])  # the next write drops it
    assert not (index_dir / "keywords").exists() and reader.ask(QUESTION).citations


def test_a_rebuild_stopped_before_its_switch_changes_nothing(index_dir: Path, tmp_path: Path) -> None:
    reader = Assistant.open(index_dir, make_settings(index_dir))
    ready, go = tmp_path / "ready", tmp_path / "go"
    run = python_cli(PAUSED_REBUILD, ["ingest", "--rebuild"], cli_env(index_dir, READY=str(ready), GO=str(go)))
    wait_for(ready.exists, "the rebuild to have built everything new")
    run.kill()
    run.wait(60)
    assert not reader.ask(QUESTION).refused and reader.index.generation == 0
    again = python_cli(PAUSED_REBUILD, ["ingest", "--rebuild"], cli_env(index_dir, READY=str(ready), GO=str(go)))
    go.write_text("go")
    assert again.wait(WAIT) == 0
    assert reader.ask(QUESTION).citations and reader.index.generation == 1
    assert_consistent(reader)
