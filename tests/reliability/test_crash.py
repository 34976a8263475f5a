"""SIGKILL a real `paperchat ingest` at several points, rerun it, and check the index ends complete, with no paper
twice, while an index that was fine before keeps answering during and after every interrupted run.

Kill points: two found by watching the catalog from outside (the records of a file are written, the papers of the
first write batch are committed), two that no outside view can hit reliably (half of a batch's vectors stored;
all of them stored but no catalog row yet), reached by running the CLI in a wrapper that pauses there."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from paperchat.assistant.index.paper_index import WRITE_BATCH_CHUNKS
from tests.conftest import make_settings
from tests.reliability.helpers import (
    assert_citations_valid,
    assert_consistent,
    catalog_counts,
    chroma_rows,
    cli_env,
    popen_cli,
    python_cli,
    tiny_papers,
    write_jsonl,
)

pytestmark = pytest.mark.slow
BASE = 4  # papers indexed before any interrupted run
BATCH = WRITE_BATCH_CHUNKS  # chunks (here: papers) embedded and committed together
NEW = BATCH + 200  # two write batches; the second big enough to be caught while it is embedded
WAIT = 300.0  # seconds any one stage may take on a loaded machine
PAUSE_WRAPPER = """
import os, sys, time
from pathlib import Path
from paperchat.assistant.index.catalog import Catalog
from paperchat.assistant.index.store import VectorStore

marker, point = Path(os.environ["CRASH_MARKER"]), os.environ["CRASH_AT"]
real_upsert = VectorStore.upsert

def half_upsert(self, ids, vectors, metadatas):
    if ids:
        half = len(ids) // 2
        real_upsert(self, ids[:half], vectors[:half], metadatas[:half])
        marker.write_text(str(half))
        time.sleep(600)

def paused_write(self, items, members=None):
    marker.write_text(str(len(items)))
    time.sleep(600)

if point == "mid-upsert":
    VectorStore.upsert = half_upsert
else:
    Catalog.write_papers = paused_write
from paperchat.ui.cli.main import main
sys.exit(main(sys.argv[1:]))
"""


class Asker(threading.Thread):
    """Keeps asking the index in this process while other processes write it; remembers every failure."""

    def __init__(self, index_dir: Path) -> None:
        super().__init__(daemon=True)
        from paperchat.assistant import Assistant

        self.assistant = Assistant.open(index_dir, make_settings(index_dir))
        self.errors: list[str] = []
        self.answers = 0
        self.stopping = threading.Event()

    def check_once(self) -> None:
        answer = self.assistant.ask("How fast do kelp forests grow?")
        assert_citations_valid(answer, {p.paper_id for p in self.assistant.papers()})
        assert answer.citations, answer.text  # the base papers answer this, whatever the writer is doing

    def run(self) -> None:
        while not self.stopping.is_set():
            try:
                self.check_once()
                self.answers += 1
            except Exception as error:  # recorded, not raised: the test reports every one
                self.errors.append(f"{type(error).__name__}: {error}")
            self.stopping.wait(0.5)


def kill_when(process: subprocess.Popen, ready: Callable[[], bool], point: str) -> None:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"ingest ended (exit {process.returncode}) before {point}: {process.stderr.read()[-2000:]}")
        if ready():
            os.killpg(process.pid, signal.SIGKILL)  # the group holds only this ingest (start_new_session)
            process.wait(30)
            return
        time.sleep(0.02)
    os.killpg(process.pid, signal.SIGKILL)
    pytest.fail(f"ingest never reached {point} within {WAIT:.0f} s")


def test_sigkill_at_four_points_then_rerun_completes_the_index(tmp_path: Path) -> None:
    from paperchat.assistant import Assistant
    from paperchat.assistant.index.doctor import diagnose

    index_dir = tmp_path / "index"
    base = write_jsonl(tmp_path / "base.jsonl", [
        {"title": "Kelp forest growth rates", "abstract": "Kelp forests grow half a metre a day in cold water."},
        *tiny_papers(BASE - 1, start=1000, prefix="Base"),
    ])
    Assistant.open(index_dir, make_settings(index_dir), create=True).ingest([base])
    source = write_jsonl(tmp_path / "new.jsonl", tiny_papers(NEW))
    # Small embedding batches stretch the embedding phase, so a poll every 20 ms lands inside it.
    env = cli_env(index_dir, PAPERCHAT_INGEST__EMBED_BATCH_SIZE="4")
    asker = Asker(index_dir)
    asker.check_once()
    asker.start()
    states: list[dict] = []
    try:
        # 1. Mid-embedding: the file's records are in the catalog, no paper of it is finished yet.
        run = popen_cli(["ingest", str(source)], env)
        kill_when(run, lambda: catalog_counts(index_dir)["records"] >= BASE + NEW, "records written")
        states.append({"point": "mid-embedding", **catalog_counts(index_dir), "vectors": chroma_rows(index_dir)})
        assert states[-1]["papers"] == BASE
        # 2. Between write batches: the first batch of papers is committed, the rest are being embedded.
        run = popen_cli(["ingest", str(source)], env)
        kill_when(run, lambda: catalog_counts(index_dir)["papers"] >= BASE + BATCH, "the first batch committed")
        states.append({"point": "after a batch", **catalog_counts(index_dir), "vectors": chroma_rows(index_dir)})
        assert BASE + BATCH <= states[-1]["papers"] < BASE + NEW
        # 3. Mid-upsert (half of the last batch's vectors stored) and 4. vectors stored, catalog not yet written.
        for point in ("mid-upsert", "before-catalog-write"):
            marker = tmp_path / f"{point}.marker"
            pause = {**env, "CRASH_AT": point, "CRASH_MARKER": str(marker)}
            run = python_cli(PAUSE_WRAPPER, ["ingest", str(source)], pause)
            kill_when(run, marker.exists, point)
            states.append({"point": point, **catalog_counts(index_dir), "vectors": chroma_rows(index_dir)})
            assert states[-1]["papers"] < BASE + NEW, states
        asker.check_once()  # after the last kill, before the rerun
        # The rerun finishes everything, embedding only what no run stored.
        final = popen_cli(["ingest", "--json", str(source)], env)
        out, err = final.communicate(timeout=WAIT)
        assert final.returncode == 0, err[-2000:]
    finally:
        asker.stopping.set()
        asker.join(60)
    print("\nkill states:", *states, sep="\n  ")
    assert not asker.errors, asker.errors[:5]
    assert asker.answers >= 1
    report = json.loads(out)
    assert report["chunks_embedded"] < NEW - BATCH, "vectors stored before the kills were embedded again"
    reopened = Assistant.open(index_dir, make_settings(index_dir))
    assert len(reopened.papers()) == BASE + NEW
    assert_consistent(reopened)
    answer = reopened.ask("How do honey bees navigate?")
    assert_citations_valid(answer, {p.paper_id for p in reopened.papers()})
    assert answer.citations and all("bees" in c.title for c in answer.citations)
    reopened.index.catalog.close()
    findings = diagnose(index_dir, make_settings(index_dir))
    assert all(f.ok for f in findings), findings


def test_a_reading_process_answers_from_what_another_process_ingested(tmp_path: Path) -> None:
    """The UI or bot stays open while `paperchat ingest` runs in a terminal: its next answer uses the new papers
    (dense search included), and it never fails on vectors only the other process knows."""
    from paperchat.assistant import Assistant

    index_dir = tmp_path / "index"
    Assistant.open(index_dir, make_settings(index_dir), create=True).ingest(
        [write_jsonl(tmp_path / "base.jsonl", tiny_papers(BASE, prefix="Base"))])
    reader = Assistant.open(index_dir, make_settings(index_dir))  # only reads, like the UI between uploads
    question = "How fast does basaltic glass weather into clay?"
    assert not reader.ask(question).citations
    glass = {"title": "Volcanic glass weathering", "abstract": "Basaltic glass weathers into clay within decades."}
    run = popen_cli(["ingest", str(write_jsonl(tmp_path / "new.jsonl", [*tiny_papers(20), glass]))], cli_env(index_dir))
    assert run.wait(WAIT) == 0, run.stderr.read()[-2000:]
    [best] = reader.index.store.query(reader.index.embed_query(question), 1)  # dense search sees the new vectors
    assert reader.index.catalog.chunks_by_id([best.chunk_id])[best.chunk_id][1].startswith("Volcanic glass")
    assert reader.index.store.count() == BASE + 21
    answer = reader.ask(question)
    assert [c.title for c in answer.citations][:1] == ["Volcanic glass weathering"], answer.text

    writer = Assistant.open(index_dir, make_settings(index_dir))  # a process that wrote, then reads again
    writer.ingest([write_jsonl(tmp_path / "more.jsonl", tiny_papers(2, start=500, prefix="More"))])
    last = write_jsonl(tmp_path / "last.jsonl", tiny_papers(6, start=900))
    run = popen_cli(["ingest", str(last)], cli_env(index_dir))
    assert run.wait(WAIT) == 0, run.stderr.read()[-2000:]
    assert writer.ask("How do honey bees navigate?").citations  # no "Error finding id" from Chroma
