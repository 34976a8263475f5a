"""Server mode: the store and index behaviour suite against a real `chroma run` server, selected the way users
select it (PAPERCHAT_CHROMA_HOST / PAPERCHAT_CHROMA_PORT); a server that goes away mid-session is a clear error,
and the next call after it is back reconnects by itself.

The module starts its own server unless PAPERCHAT_CHROMA_HOST already names one (then the restart test is skipped).
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from paperchat.assistant.config import Settings
from paperchat.assistant.errors import StoreUnavailableError
from tests.assistant.index import test_paper_index as index_suite
from tests.conftest import REPO, make_settings
from tests.reliability.helpers import assert_citations_valid, assert_consistent, tiny_papers, write_jsonl

pytestmark = pytest.mark.slow
STARTUP_SECONDS = 90.0  # a loaded machine needs far more than the usual second or two


class ChromaServer:
    """`chroma run` on a free loopback port, stoppable and restartable on the same data and port."""

    def __init__(self, path: Path) -> None:
        self.path, self.host = path, "127.0.0.1"
        with socket.socket() as probe:
            probe.bind((self.host, 0))
            self.port = probe.getsockname()[1]
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        command = [str(REPO / ".venv" / "bin" / "chroma"), "run", "--path", str(self.path), "--host", self.host,
                   "--port", str(self.port)]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                        env={**os.environ, "ANONYMIZED_TELEMETRY": "False"})
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"chroma run exited with {self.process.returncode}")
            try:
                with urllib.request.urlopen(f"http://{self.host}:{self.port}/api/v2/heartbeat", timeout=2):
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        pytest.fail(f"chroma run did not answer its heartbeat within {STARTUP_SECONDS:.0f} s")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChromaServer | None]:
    if os.environ.get("PAPERCHAT_CHROMA_HOST"):
        yield None  # the developer's own server, named in the environment
        return
    server = ChromaServer(tmp_path_factory.mktemp("chroma-server"))
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(autouse=True)
def server_environment(chroma_server: ChromaServer | None, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every Settings made in these tests (the suite's own make_settings calls too) points at the server, with a
    collection of its own: on a server, collections of different indexes would otherwise mix."""
    if chroma_server is not None:
        monkeypatch.setenv("PAPERCHAT_CHROMA_HOST", chroma_server.host)
        monkeypatch.setenv("PAPERCHAT_CHROMA_PORT", str(chroma_server.port))
    monkeypatch.setenv("PAPERCHAT_COLLECTION", f"test-{uuid.uuid4().hex[:12]}")


@pytest.fixture
def settings(tmp_path: Path) -> Settings:  # overrides conftest's: the imported suite below uses this one
    made = make_settings(tmp_path / "index")
    assert made.chroma_host, "server mode needs PAPERCHAT_CHROMA_HOST"
    return made


# The store and index behaviour suite, collected again here and run against the server.
test_reingesting_unchanged_files_embeds_nothing = index_suite.test_reingesting_unchanged_files_embeds_nothing
test_a_changed_paper_is_replaced = index_suite.test_a_changed_paper_is_replaced
test_crash_between_embedding_and_catalog_write_is_finished_by_next_run = (
    index_suite.test_crash_between_embedding_and_catalog_write_is_finished_by_next_run
)
test_an_interrupted_run_is_finished_even_without_its_files = (
    index_suite.test_an_interrupted_run_is_finished_even_without_its_files
)
test_same_paper_in_two_files_is_one_paper_with_both_sources = (
    index_suite.test_same_paper_in_two_files_is_one_paper_with_both_sources
)
test_remove_a_paper_and_a_source = index_suite.test_remove_a_paper_and_a_source
test_bad_files_are_named_and_the_rest_is_indexed = index_suite.test_bad_files_are_named_and_the_rest_is_indexed
test_a_file_that_turns_bad_keeps_its_papers = index_suite.test_a_file_that_turns_bad_keeps_its_papers
test_opening_with_another_embedding_model_is_a_clear_error = (
    index_suite.test_opening_with_another_embedding_model_is_a_clear_error
)
test_rebuild_reembeds_every_known_paper = index_suite.test_rebuild_reembeds_every_known_paper


def test_the_store_really_is_the_server(settings: Settings, tmp_path: Path) -> None:
    from paperchat.assistant import Assistant

    assistant = Assistant.open(settings.index_dir, settings, create=True)
    assistant.ingest([write_jsonl(tmp_path / "p.jsonl", tiny_papers(3))])
    assert assistant.stats()["store"].startswith("chroma server http://")
    assert not (settings.index_dir / "chroma").exists()  # nothing embedded on disk
    assert assistant.index.store.count() == 3


def test_doctor_repairs_missing_vectors_on_the_server(settings: Settings, tmp_path: Path) -> None:
    from paperchat.assistant import Assistant
    from paperchat.assistant.index.doctor import diagnose

    assistant = Assistant.open(settings.index_dir, settings, create=True)
    assistant.ingest([write_jsonl(tmp_path / "p.jsonl", tiny_papers(5))])
    assistant.index.store.delete(sorted(assistant.index.store.all_ids())[:2])
    assistant.index.catalog.close()
    assert "2 of 5 chunks have no vector" in {f.check: f.detail for f in diagnose(settings.index_dir, settings)}[
        "vectors"]
    assert all(f.settled for f in diagnose(settings.index_dir, settings, repair=True))
    assert_consistent(Assistant.open(settings.index_dir, settings))


def test_doctor_keeps_the_vectors_of_another_index_sharing_the_collection(tmp_path: Path) -> None:
    from paperchat.assistant import Assistant
    from paperchat.assistant.index.doctor import diagnose

    shared = f"shared-{uuid.uuid4().hex[:8]}"  # a misconfiguration doctor must survive, not "repair" away
    mine, theirs = (make_settings(tmp_path / name, collection=shared) for name in ("mine", "theirs"))
    Assistant.open(mine.index_dir, mine, create=True).ingest([write_jsonl(tmp_path / "mine.jsonl", tiny_papers(3))])
    other = Assistant.open(theirs.index_dir, theirs, create=True)
    other.ingest([write_jsonl(tmp_path / "theirs.jsonl", tiny_papers(3, start=20))])
    their_ids = {cid for cid, _, _ in other.index.catalog.all_chunks()}
    findings = {f.check: f for f in diagnose(mine.index_dir, mine, repair=True)}
    assert "another index may share collection" in findings["orphans"].detail
    assert not findings["orphans"].settled
    assert their_ids <= other.index.store.all_ids()
    assert other.ask("What breaks down PET plastic?").citations


def test_a_server_that_goes_away_is_a_clear_error_and_the_next_call_reconnects(
    chroma_server: ChromaServer | None, settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    from paperchat.assistant import Assistant
    from paperchat.ui.cli.main import main

    if chroma_server is None:
        pytest.skip("the server named by PAPERCHAT_CHROMA_HOST is not ours to stop")
    assistant = Assistant.open(settings.index_dir, settings, create=True)
    assistant.ingest([write_jsonl(tmp_path / "base.jsonl", tiny_papers(4))])
    question = "How do honey bees navigate?"
    assert assistant.ask(question).citations
    chroma_server.stop()
    try:
        started = time.monotonic()
        with pytest.raises(StoreUnavailableError) as raised:
            assistant.ask(question)
        assert time.monotonic() - started < 30  # fails fast, does not hang
        message = str(raised.value)
        assert f"127.0.0.1:{chroma_server.port}" in message and "chroma run" in message
        assert "\n" not in message
        with pytest.raises(StoreUnavailableError):  # an ingest meanwhile stops cleanly, after its records
            assistant.ingest([write_jsonl(tmp_path / "more.jsonl", tiny_papers(3, start=50))])
        status = main(["--index", str(settings.index_dir), "ask", question])
        err = capsys.readouterr().err
        assert status == 1 and err.count("\n") == 1 and "Traceback" not in err
    finally:
        chroma_server.start()
    answer = assistant.ask(question)  # the same object: it reconnects by itself
    assert_citations_valid(answer, {p.paper_id for p in assistant.papers()})
    assert answer.citations
    report = assistant.ingest([])  # the interrupted ingest is finished
    assert len(report.new) == 3 and len(assistant.papers()) == 7
    assert_consistent(assistant)
