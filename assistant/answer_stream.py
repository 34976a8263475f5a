"""AnswerStream: iterate it for the answer's text as it is written, then call .answer() for the checked Answer.

The streamed pieces are the answerer's raw draft; the Answer's text is the one the citation contract checked,
and replaces them. `.passages` holds what retrieval found as soon as it is done, before the answer is written
(`events()` yields it in its place among the pieces), so a page can show sources while the answer streams.
The async twin streams truly: pieces arrive while a worker thread is still producing them.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass

from paperchat.assistant.results import Answer, Passage


@dataclass(frozen=True)
class Retrieved:
    """The passages an answer will be written from, sent as soon as retrieval is done."""

    passages: list[Passage]


Pieces = Iterator["str | Retrieved | Answer"]


class AnswerStream:
    def __init__(self, pieces: Pieces) -> None:
        self._pieces = pieces
        self._answer: Answer | None = None
        self.passages: list[Passage] | None = None  # set once retrieval is done; None before (or without it)

    def events(self) -> Iterator[str | Retrieved]:
        """Text pieces, and the Retrieved passages where they arrive (before the first piece they inform)."""
        for piece in self._pieces:
            if isinstance(piece, Answer):
                self._answer = piece
            else:
                if isinstance(piece, Retrieved):
                    self.passages = piece.passages
                yield piece

    def __iter__(self) -> Iterator[str]:
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
    """`async for piece in stream` while the engine works in a thread; `await stream.answer()` at the end.

    `events()` also gives the Retrieved passages where they arrive. One run of the engine serves every call. A
    consumer that stops early (break, `aclose()`, a cancelled task) stops the worker at its next piece, so an answer
    nobody waits for any more stops costing work (and a model's tokens)."""

    def __init__(self, start: Callable[[], AnswerStream]) -> None:
        self._start = start
        self._answer: Answer | None = None
        self._events: AsyncIterator[str | Retrieved] | None = None
        self.passages: list[Passage] | None = None  # as AnswerStream.passages: set before the first piece

    def events(self) -> AsyncIterator[str | Retrieved]:
        """Text pieces, and the Retrieved passages where they arrive (before the first piece they inform)."""
        if self._events is None:
            self._events = self._run()
        return self._events

    async def _run(self) -> AsyncIterator[str | Retrieved]:
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue[tuple[str, object]] = asyncio.Queue()
        stopped = threading.Event()

        def send(kind: str, value: object) -> None:
            with contextlib.suppress(RuntimeError):  # the loop is gone: nobody is waiting any more
                loop.call_soon_threadsafe(queue.put_nowait, (kind, value))

        def work() -> None:
            try:
                stream = self._start()
                for piece in stream.events():
                    if stopped.is_set():
                        return  # the generators are closed as they are let go, the model's stream with them
                    send("piece", piece)
                send("answer", stream.answer())
            except BaseException as error:  # noqa: BLE001 - handed to the awaiting side, raised there
                send("error", error)

        threading.Thread(target=work, name="paperchat-astream", daemon=True).start()
        try:
            while True:
                kind, value = await queue.get()
                if kind == "piece":
                    if isinstance(value, Retrieved):
                        self.passages = value.passages
                    yield value  # type: ignore[misc]
                elif kind == "answer":
                    self._answer = value  # type: ignore[assignment]
                    return
                else:
                    raise value  # type: ignore[misc]
        finally:
            stopped.set()

    async def __aiter__(self) -> AsyncIterator[str]:
        async for piece in self.events():
            if isinstance(piece, str):
                yield piece

    async def answer(self) -> Answer:
        """The checked Answer; reads whatever was not iterated yet."""
        if self._answer is None:
            async for _ in self.events():
                pass
        if self._answer is None:
            raise RuntimeError("the answer stream ended without an answer")
        return self._answer
