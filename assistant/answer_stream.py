"""AnswerStream: iterate it for the answer's text as it is written, then call .answer() for the checked Answer.

The streamed pieces are the answerer's raw draft; the Answer's text is the one the citation contract checked,
and replaces them. The async twin streams truly: pieces arrive while a worker thread is still producing them.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Callable, Iterator

from paperchat.assistant.results import Answer

Pieces = Iterator["str | Answer"]


class AnswerStream:
    def __init__(self, pieces: Pieces) -> None:
        self._pieces = pieces
        self._answer: Answer | None = None

    def __iter__(self) -> Iterator[str]:
        for piece in self._pieces:
            if isinstance(piece, Answer):
                self._answer = piece
            else:
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

    async def __aiter__(self) -> AsyncIterator[str]:
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue[tuple[str, object]] = asyncio.Queue()
        stream_box: list[AnswerStream] = []

        def work() -> None:
            try:
                stream = self._start()
                stream_box.append(stream)
                for piece in stream:
                    loop.call_soon_threadsafe(queue.put_nowait, ("piece", piece))
                loop.call_soon_threadsafe(queue.put_nowait, ("answer", stream.answer()))
            except BaseException as error:  # noqa: BLE001 - handed to the awaiting side, raised there
                loop.call_soon_threadsafe(queue.put_nowait, ("error", error))

        threading.Thread(target=work, name="paperchat-astream", daemon=True).start()
        while True:
            kind, value = await queue.get()
            if kind == "piece":
                yield value  # type: ignore[misc]
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
