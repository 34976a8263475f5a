"""AnswerStream: iterate it for the answer's text as it is written, then call .answer() for the checked Answer.

The streamed pieces are the answerer's raw draft; the Answer's text is the one the citation contract checked,
and replaces them. `.passages` holds what retrieval found as soon as it is done, before the answer is written
(`events()` yields it in its place among the pieces), so a page can show sources while the answer streams.
The async twin streams truly: pieces arrive while a worker thread is still producing them.
"""

from __future__ import annotations

import asyncio
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
    """`async for piece in stream` while the engine works in a thread; `await stream.answer()` at the end."""

    def __init__(self, start: Callable[[], AnswerStream]) -> None:
        self._start = start
        self._answer: Answer | None = None
        self.passages: list[Passage] | None = None  # as AnswerStream.passages: set before the first piece

    async def __aiter__(self) -> AsyncIterator[str]:
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue[tuple[str, object]] = asyncio.Queue()
        stream_box: list[AnswerStream] = []

        def work() -> None:
            try:
                stream = self._start()
                stream_box.append(stream)
                for piece in stream.events():
                    kind = "piece" if isinstance(piece, str) else "passages"
                    loop.call_soon_threadsafe(queue.put_nowait, (kind, piece))
                loop.call_soon_threadsafe(queue.put_nowait, ("answer", stream.answer()))
            except BaseException as error:  # noqa: BLE001 - handed to the awaiting side, raised there
                loop.call_soon_threadsafe(queue.put_nowait, ("error", error))

        threading.Thread(target=work, name="paperchat-astream", daemon=True).start()
        while True:
            kind, value = await queue.get()
            if kind == "piece":
                yield value  # type: ignore[misc]
            elif kind == "passages":
                self.passages = value.passages  # type: ignore[attr-defined]
            elif kind == "answer":
                self._answer = value  # type: ignore[assignment]
                return
            else:
                raise value  # type: ignore[misc]

    async def answer(self) -> Answer:
        if self._answer is None:
            async for _ in self:
                pass
        assert self._answer is not None
        return self._answer
