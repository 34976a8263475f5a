"""Stop: the signal the Stop button sets and the answer being written watches, and the answer as it stood then.

Each browser session has at most one answer in progress; Stop sets its signal, and the answer ends at once with
what was written so far, marked as stopped. Waiting for a free answer slot ends the same way.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections import OrderedDict
from collections.abc import AsyncIterator

from paperchat.assistant.results import Answer, Passage
from paperchat.ui.web.render import without_markers

POLL = 0.05  # seconds between looks at the signal: Stop shows within a tenth of a second of reaching the server
KEPT_SIGNALS = 10_000  # sessions whose signal outlived their answer (a page closed mid-answer) are forgotten
STOPPED = "stopped"  # the Answer.timings key a stopped answer carries: seconds from its question to Stop


class StopSignals:
    """One signal per browser session: made when a question is asked, set by Stop, let go when the answer ends."""

    def __init__(self) -> None:
        self._signals: OrderedDict[str, threading.Event] = OrderedDict()
        self._lock = threading.Lock()

    def start(self, session: str) -> threading.Event:
        """A fresh signal for the answer this session is about to get."""
        with self._lock:
            signal = self._signals[session] = threading.Event()
            self._signals.move_to_end(session)
            while len(self._signals) > KEPT_SIGNALS:
                self._signals.popitem(last=False)
            return signal

    def current(self, session: str) -> threading.Event:
        """The signal of the answer in progress (a fresh one when the question came without `start`)."""
        with self._lock:
            found = self._signals.get(session)
        return found if found is not None else self.start(session)

    def stop(self, session: str) -> bool:
        """Stop this session's answer; False when it has none in progress."""
        with self._lock:
            signal = self._signals.get(session)
        if signal is None:
            return False
        signal.set()
        return True

    def busy(self, session: str) -> bool:
        """Whether this session has an answer in progress."""
        with self._lock:
            return session in self._signals

    def finish(self, session: str, signal: threading.Event) -> None:
        with self._lock:
            if self._signals.get(session) is signal:
                del self._signals[session]

    def __len__(self) -> int:
        return len(self._signals)


async def acquire(slots: asyncio.Semaphore, signal: threading.Event) -> bool:
    """Wait for a free answer slot; False (holding none) when Stop came first. Every waiter polls, so none queues
    inside the semaphore (a cancelled wait there can lose a slot on Python 3.11)."""
    while not signal.is_set():
        if not slots.locked():  # then acquire() takes a slot at once, with no await between the look and the take
            await slots.acquire()
            return True
        await asyncio.sleep(POLL)
    return False


async def until_stopped(events: AsyncIterator, signal: threading.Event) -> AsyncIterator:
    """The events as they arrive, ending early, within POLL seconds, when `signal` is set; None after each POLL
    without one (so a consumer that draws in batches can draw what it holds while the engine is quiet)."""
    pending: asyncio.Future | None = None
    try:
        while not signal.is_set():
            pending = pending or asyncio.ensure_future(events.__anext__())
            done, _ = await asyncio.wait({pending}, timeout=POLL)
            if not done:
                yield None
                continue
            finished, pending = pending, None
            try:
                event = finished.result()
            except StopAsyncIteration:
                return
            yield event
    finally:
        if pending is not None:
            pending.cancel()
            await asyncio.wait({pending})
        with contextlib.suppress(RuntimeError):
            await events.aclose()  # type: ignore[attr-defined]


def stopped_answer(question: str, draft: str, passages: list[Passage] | None, started: float) -> Answer:
    """The answer as it stood at Stop. Its draft's markers were never checked against the sources, so they are
    taken out rather than shown unresolved; the papers retrieved for it stay, as the sources it was written from."""
    text = without_markers(draft).strip()
    found = list(passages or [])
    shown = list(dict.fromkeys(passage.paper_id for passage in sorted(found, key=lambda p: -p.relevance)))
    return Answer(
        question=question,
        text=text,
        passages=found,
        considered=shown,
        timings={STOPPED: round(time.monotonic() - started, 3)},
    )


def is_stopped(answer: Answer) -> bool:
    return STOPPED in answer.timings
