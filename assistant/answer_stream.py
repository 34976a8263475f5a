"""AnswerStream: iterate it for the answer's text as it is written, then call .answer() for the checked Answer.

The streamed pieces are the answerer's draft with every `[n]` marker held back until it is complete and dropped
when it names no retrieved passage, so a marker the checked answer would remove is never shown. The Answer's text
is the one the citation contract checked (markers renumbered by first use, claims without a citation listed in
`warnings`) and replaces the pieces. `.passages` holds what retrieval found as soon as it is done, before the answer
is written (`events()` yields it in its place among the pieces), so a page can show sources while the answer
streams. `.incremental` says whether pieces arrive as a model writes them, or whether the answer was composed
whole (the offline extractive answerer, answers from the catalog) and its words all arrive at once.
The async twin streams truly: pieces arrive while a worker thread is still producing them.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from concurrent.futures import Executor
from dataclasses import dataclass

from paperchat.assistant.results import Answer, Passage


@dataclass(frozen=True)
class Retrieved:
    """The passages an answer will be written from, sent as soon as retrieval is done."""

    passages: list[Passage]


@dataclass(frozen=True)
class ComposedWhole:
    """Sent before the pieces of an answer that was composed at once rather than written piece by piece."""


Pieces = Iterator["str | Retrieved | ComposedWhole | Answer"]


class AnswerStream:
    """The answer as it is written. `for piece in stream` gives text; `stream.answer()` the checked Answer."""

    def __init__(self, pieces: Pieces, incremental: bool = True) -> None:
        self._pieces = pieces
        self._answer: Answer | None = None
        self.passages: list[Passage] | None = None  # set once retrieval is done; None before (or without it)
        self.incremental = incremental  # False once the answer turns out to be composed whole

    def events(self) -> Iterator[str | Retrieved]:
        """Text pieces, and the Retrieved passages where they arrive (before the first piece they inform)."""
        for piece in self._pieces:
            if isinstance(piece, Answer):
                self._answer = piece
            elif isinstance(piece, ComposedWhole):
                self.incremental = False
            else:
                if isinstance(piece, Retrieved):
                    self.passages = piece.passages
                yield piece

    def __iter__(self) -> Iterator[str]:
        """The text pieces only."""
        for piece in self.events():
            if isinstance(piece, str):
                yield piece

    def answer(self) -> Answer:
        """The checked Answer; reads whatever was not iterated yet."""
        for _ in self:
            pass
        if self._answer is None:
            raise RuntimeError("the answer stream ended without an answer")
        return self._answer


class AsyncAnswerStream:
    """`async for piece in stream` while the engine works in a worker thread of `executor` (the Assistant's
    bounded pool; a thread of its own without one); `await stream.answer()` at the end. One worker per stream:
    iterating again, or awaiting the answer after a partial iteration, goes on where the pieces stopped.

    `events()` also gives the Retrieved passages where they arrive. A consumer of `events()` that stops early
    (break, `aclose()`, a cancelled task) stops the worker at its next piece, so an answer nobody waits for any more
    stops costing work (and a model's tokens): that is Stop in a page."""

    def __init__(self, start: Callable[[], AnswerStream], executor: Executor | None = None) -> None:
        self._start = start
        self._executor = executor
        self._queue: asyncio.Queue[tuple[str, object]] | None = None
        self._stopped = threading.Event()
        self._answer: Answer | None = None
        self.passages: list[Passage] | None = None  # as AnswerStream.passages: set before the first piece
        self.incremental: bool | None = None  # as AnswerStream.incremental, once the engine has started

    def _started(self) -> asyncio.Queue[tuple[str, object]]:
        if self._queue is not None:
            return self._queue
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue[tuple[str, object]] = asyncio.Queue()
        self._queue = queue

        def post(kind: str, value: object) -> bool:
            try:
                loop.call_soon_threadsafe(queue.put_nowait, (kind, value))
                return True
            except RuntimeError:  # the event loop is closed: nobody is listening any more
                return False

        def work() -> None:
            try:
                stream = self._start()
                for piece in stream.events():
                    self.incremental = stream.incremental
                    if self._stopped.is_set() or not post("piece", piece):
                        return  # the generators are closed as they are let go, the model's stream with them
                answer = stream.answer()
                self.incremental = stream.incremental
                post("answer", answer)
            except BaseException as error:  # noqa: BLE001 - handed to the awaiting side, raised there
                post("error", error)

        if self._executor is None:
            threading.Thread(target=work, name="paperchat-astream", daemon=True).start()
        else:
            loop.run_in_executor(self._executor, work)
        return queue

    async def _pieces(self) -> AsyncIterator[str | Retrieved]:
        queue = self._started()
        while self._answer is None:
            kind, value = await queue.get()
            if kind == "piece":
                if isinstance(value, Retrieved):
                    self.passages = value.passages
                yield value  # type: ignore[misc]
            elif kind == "answer":
                self._answer = value  # type: ignore[assignment]
            else:
                raise value  # type: ignore[misc]

    async def events(self) -> AsyncIterator[str | Retrieved]:
        """Text pieces, and the Retrieved passages where they arrive; stopping early stops the worker."""
        try:
            async for piece in self._pieces():
                yield piece
        finally:
            if self._answer is None:
                self._stopped.set()

    async def __aiter__(self) -> AsyncIterator[str]:
        """Text pieces as the worker produces them (stopping early leaves the worker on, for `answer()`)."""
        async for piece in self._pieces():
            if isinstance(piece, str):
                yield piece

    async def answer(self) -> Answer:
        """The checked Answer; reads whatever was not iterated yet."""
        if self._stopped.is_set():
            raise RuntimeError("the answer stream was stopped before its answer")
        async for _ in self._pieces():
            pass
        if self._answer is None:
            raise RuntimeError("the answer stream ended without an answer")
        return self._answer
