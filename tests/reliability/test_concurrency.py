"""20 questions at once through the Python API (threads, then asyncio) and through the UI's HTTP API, while a
writer keeps adding and removing papers: no errors, and every answer cites only papers that were in the index
while it was being answered."""

from __future__ import annotations

import asyncio
import re
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import make_settings
from tests.reliability.helpers import TOPICS, assert_citations_valid, tiny_papers, write_jsonl

pytestmark = pytest.mark.slow
CONCURRENT = 20
QUESTIONS = [f"What do the papers find about {topic}?" for topic, _ in TOPICS] * 3
# PaperIndex.stats() walks keywords/ while tantivy merges segments in it: files that vanish are skipped.
CITED_CARD = re.compile(r'id="source-\d+-\d+" data-paper-id="([^"]+)"')


@dataclass
class Timeline:
    """What the index held when: each writer call's (start, end, paper ids after it)."""

    changes: list[tuple[float, float, frozenset[str]]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    writing: threading.Event = field(default_factory=threading.Event)  # set while a writer call runs

    def record(self, start: float, end: float, ids: set[str]) -> None:
        with self.lock:
            self.changes.append((start, end, frozenset(ids)))

    def wait_for_a_call_started_after(self, moment: float) -> None:
        """Until then, a call that was running during [.., moment] may still add papers nobody has seen."""
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            with self.lock:
                if self.changes[-1][0] > moment:
                    return
            time.sleep(0.05)
        raise AssertionError("the writer stopped making progress")

    def present_between(self, t0: float, t1: float) -> set[str]:
        """Papers that may have been in the index at some moment of [t0, t1]. A call's result may become
        visible as early as the call starts, and last until the next call ends."""
        with self.lock:
            changes = list(self.changes)
        present: set[str] = set()
        for i, (start, _, ids) in enumerate(changes):
            until = changes[i + 1][1] if i + 1 < len(changes) else float("inf")
            if start <= t1 and until >= t0:
                present |= ids
        return present

    def writes_during(self, t0: float, t1: float) -> int:
        with self.lock:
            return sum(1 for start, end, _ in self.changes[1:] if start <= t1 and end >= t0)


class Writer(threading.Thread):
    """Adds a wave of papers, then removes the wave before it, over and over, through the same Assistant."""

    def __init__(self, assistant: Any, folder: Path, timeline: Timeline) -> None:
        super().__init__(daemon=True)
        self.assistant, self.folder, self.timeline = assistant, folder, timeline
        self.stopping = threading.Event()
        self.errors: list[str] = []

    def run(self) -> None:
        wave = 0
        while not self.stopping.is_set():
            try:
                source = write_jsonl(self.folder / f"wave-{wave}.jsonl", tiny_papers(8, 100 * wave, f"Wave {wave}"))
                self._timed(lambda s=source: self.assistant.ingest([s]))
                if wave:
                    self._timed(lambda w=wave: self.assistant.remove(str(self.folder / f"wave-{w - 1}.jsonl")))
            except Exception as error:  # reported by the test
                self.errors.append(f"{type(error).__name__}: {error}")
            wave += 1

    def _timed(self, call: Any) -> None:
        start = time.monotonic()
        self.timeline.writing.set()
        try:
            call()
        finally:
            self.timeline.writing.clear()
        self.timeline.record(start, time.monotonic(), {p.paper_id for p in self.assistant.papers()})


@pytest.fixture(scope="module")
def busy_library(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, Timeline, Writer]]:
    from paperchat.assistant import Assistant

    root = tmp_path_factory.mktemp("concurrency")
    assistant = Assistant.open(root / "index", make_settings(root / "index"))
    assistant.ingest([write_jsonl(root / "base.jsonl", tiny_papers(len(TOPICS), prefix="Base"))])
    timeline = Timeline()
    timeline.record(0.0, 0.0, {p.paper_id for p in assistant.papers()})
    writer = Writer(assistant, root, timeline)
    writer.start()
    try:
        yield assistant, timeline, writer
    finally:
        writer.stopping.set()
        writer.join(120)
    assert not writer.errors, writer.errors[:3]


def check(results: list[tuple[float, float, Any]], timeline: Timeline, cited: Any) -> int:
    """Every question answered, citing only papers present while it ran; returns how many cited a new wave."""
    errors = [r for _, _, r in results if isinstance(r, BaseException)]
    assert not errors, [repr(e) for e in errors[:3]]
    timeline.wait_for_a_call_started_after(max(t1 for _, t1, _ in results))
    base = timeline.changes[0][2]
    from_waves = 0
    for t0, t1, result in results:
        ids = cited(result)
        assert ids, f"no citation in {result!r:.300}"
        stray = ids - timeline.present_between(t0, t1)
        assert not stray, f"cited papers that were not in the index while answering: {stray}"
        from_waves += bool(ids - base)
    first, last = min(t0 for t0, _, _ in results), max(t1 for _, t1, _ in results)
    assert timeline.writes_during(first, last) >= 1, "no write overlapped the questions"
    return from_waves


def timed(call: Any) -> tuple[float, float, Any]:
    start = time.monotonic()
    try:
        result = call()
    except Exception as error:  # collected, then asserted on
        result = error
    return start, time.monotonic(), result


def api_citations(answer: Any) -> set[str]:
    return {c.paper_id for c in answer.citations}


def test_twenty_threads_ask_while_papers_are_added_and_removed(busy_library: tuple) -> None:
    assistant, timeline, _ = busy_library
    start = threading.Barrier(CONCURRENT)
    assert timeline.writing.wait(120)

    def ask(question: str) -> tuple[float, float, Any]:
        start.wait(60)
        return timed(lambda: assistant.ask(question))

    with ThreadPoolExecutor(CONCURRENT) as pool:
        results = list(pool.map(ask, QUESTIONS[:CONCURRENT], timeout=600))
    for _, _, answer in results:
        if not isinstance(answer, BaseException):
            assert_citations_valid(answer, {c.paper_id for c in answer.citations})
    print(f"\nthreads: {len(results)} answers, {check(results, timeline, api_citations)} citing new waves")


def test_twenty_asyncio_questions_while_papers_are_added_and_removed(busy_library: tuple) -> None:
    assistant, timeline, _ = busy_library

    async def ask(question: str) -> tuple[float, float, Any]:
        start = time.monotonic()
        try:
            result: Any = await asyncio.wait_for(assistant.aask(question), 600)
        except Exception as error:  # collected, then asserted on
            result = error
        return start, time.monotonic(), result

    async def all_at_once() -> list[tuple[float, float, Any]]:
        return list(await asyncio.gather(*(ask(q) for q in QUESTIONS[:CONCURRENT])))

    assert timeline.writing.wait(120)
    results = asyncio.run(all_at_once())
    print(f"\nasyncio: {len(results)} answers, {check(results, timeline, api_citations)} citing new waves")


def test_twenty_questions_through_the_ui_http_api_while_papers_change(busy_library: tuple) -> None:
    from gradio_client import Client

    from paperchat.ui.web.app import build_app
    from paperchat.ui.web.command import free_port
    from paperchat.ui.web.serve import launch

    assistant, timeline, _ = busy_library
    demo = build_app(assistant)
    url = launch(demo, host="127.0.0.1", port=free_port("127.0.0.1"), block=False, quiet=True)
    try:
        # One client per question: each is its own browser session, with its own conversation state.
        with ThreadPoolExecutor(CONCURRENT) as pool:
            clients = list(pool.map(lambda _: Client(url, verbose=False), range(CONCURRENT)))
        assert timeline.writing.wait(120)
        started = time.monotonic()
        asked = zip(clients, QUESTIONS[:CONCURRENT], strict=True)
        jobs = [c.submit(q, api_name="/ask") for c, q in asked]  # the UI's public endpoint
        results = [(started, *timed(lambda j=job: j.result(timeout=600))[1:]) for job in jobs]
    finally:
        demo.close()

    def cards(answer: dict) -> set[str]:
        assert "[1]" in answer["text"], answer["text"]  # the answer cites its first source
        return {c["paper_id"] for c in answer["citations"]}

    print(f"\nUI HTTP: {len(results)} answers, {check(results, timeline, cards)} citing new waves")
