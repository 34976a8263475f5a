"""Stop: one signal per browser session, an answer that ends within a poll of Stop even while its engine is busy,
a wait for an answer slot that Stop ends too, and the answer as it stood."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import AsyncIterator

from paperchat.assistant.results import Passage
from paperchat.ui.web import stop


def test_each_session_has_one_signal_that_stop_sets_and_the_answer_lets_go() -> None:
    signals = stop.StopSignals()
    first = signals.start("tab-1")
    assert signals.current("tab-1") is first and not first.is_set()
    assert signals.stop("tab-1") and first.is_set() and not signals.stop("tab-2")  # tab-2 has no answer
    second = signals.start("tab-1")  # the next question: a fresh signal
    signals.finish("tab-1", first)  # the stopped answer ending late does not drop the new one
    assert signals.current("tab-1") is second and not second.is_set() and signals.busy("tab-1")
    signals.finish("tab-1", second)
    assert len(signals) == 0 and not signals.busy("tab-1")


async def _busy_engine(started: threading.Event) -> AsyncIterator[str]:
    yield "first "
    started.set()
    await asyncio.sleep(30)  # an engine that writes nothing for a long time
    yield "never"


def test_an_answer_ends_within_a_poll_of_stop_even_while_the_engine_writes_nothing() -> None:
    signal, started = threading.Event(), threading.Event()

    async def run() -> tuple[list[str], float]:
        got: list[str] = []

        async def press_stop() -> float:
            await asyncio.get_running_loop().run_in_executor(None, started.wait)
            signal.set()
            return time.monotonic()

        pressed = asyncio.ensure_future(press_stop())
        async for piece in stop.until_stopped(_busy_engine(started), signal):
            if piece is not None:  # None: a poll went by without a piece
                got.append(piece)
        return got, time.monotonic() - await pressed

    got, after_stop = asyncio.run(run())
    assert got == ["first "] and after_stop < 1.0


def test_a_wait_for_an_answer_slot_ends_with_stop_and_takes_no_slot() -> None:
    async def run() -> tuple[bool, bool, int]:
        slots = asyncio.Semaphore(1)
        await slots.acquire()  # every slot busy
        signal = threading.Event()
        asyncio.get_running_loop().call_later(0.2, signal.set)
        stopped = await stop.acquire(slots, signal)
        slots.release()
        got = await stop.acquire(slots, threading.Event())
        return stopped, got, slots._value

    stopped, got, left = asyncio.run(run())
    assert stopped is False and got is True and left == 0


def test_the_stopped_answer_keeps_its_text_without_unchecked_markers_and_its_papers_best_first() -> None:
    found = [
        Passage(chunk_id="a:0", paper_id="a", title="A", text="x", dense_score=0.2),
        Passage(chunk_id="b:0", paper_id="b", title="B", text="y", dense_score=0.7),
    ]
    answer = stop.stopped_answer("Why?", "Kelp stores carbon [3] and", found, time.monotonic() - 2)
    assert answer.text == "Kelp stores carbon and" and answer.citations == [] and not answer.refused
    assert answer.considered == ["b", "a"] and stop.is_stopped(answer) and answer.timings[stop.STOPPED] >= 2
