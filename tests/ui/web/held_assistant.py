"""An Assistant whose answers pause after their first events until a test releases them: for Stop, sources shown
before the answer, and concurrency."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Iterator
from typing import Any

from paperchat.assistant.answer_stream import AsyncAnswerStream


def held_assistant(
    assistant: Any, release: threading.Event, after: int, holds: Callable[[str], bool] = lambda question: True
) -> Any:
    """`assistant` with every answer whose question `holds` stopped after `after` events (the retrieved passages
    count as one, then each piece of text) until `release` is set: streamed, async-streamed (the page) or asked
    through the async twin (the API)."""

    class Held:
        def __init__(self, question: str, inner: Any) -> None:
            self.question, self.inner = question, inner

        @property
        def incremental(self) -> bool:
            return self.inner.incremental

        def events(self) -> Iterator[Any]:
            for number, event in enumerate(self.inner.events()):
                if holds(self.question) and number == after:
                    release.wait(30)
                yield event

        def __iter__(self) -> Iterator[str]:
            return (event for event in self.events() if isinstance(event, str))

        def answer(self) -> Any:
            for _ in self.events():  # held here too, when nothing iterated the events first
                pass
            return self.inner.answer()

    class HeldAssistant:
        settings = assistant.settings

        def __getattr__(self, name: str) -> Any:
            return getattr(assistant, name)

        def stream(self, question: str, *args: Any, **kwargs: Any) -> Held:
            return Held(question, assistant.stream(question, *args, **kwargs))

        def astream(self, question: str, *args: Any, **kwargs: Any) -> AsyncAnswerStream:
            return AsyncAnswerStream(lambda: self.stream(question, *args, **kwargs))  # type: ignore[arg-type,return-value]

        async def aask(self, question: str, *args: Any, **kwargs: Any) -> Any:
            return await asyncio.to_thread(lambda: self.stream(question, *args, **kwargs).answer())

    return HeldAssistant()
