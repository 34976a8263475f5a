"""The Assistant's async twins: `await assistant.aask(...)` and friends, for notebooks, web servers and bots.

Each call runs the synchronous one in the Assistant's own pool of worker threads, never asyncio's default pool (a
handful of threads, shared with everything else in the program). Its size is `settings.limits.async_threads`
(PAPERCHAT_LIMITS__ASYNC_THREADS, default 16): that many questions are answered at once; more wait for a free
thread. A thread that waits on a model server costs no CPU, so ten questions to an LLM server take about as long as
the slowest one. Cancelling an awaiting task stops the waiting, not the worker: its answer is dropped when done.
"""

from __future__ import annotations

import asyncio
import functools
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from paperchat.assistant.answer_stream import AnswerStream, AsyncAnswerStream
from paperchat.assistant.filters import Filters
from paperchat.assistant.ingest_report import IngestReport
from paperchat.assistant.results import Answer, Passage

if TYPE_CHECKING:
    from paperchat.assistant.config import Settings
    from paperchat.ingest.papers import Paper

Result = TypeVar("Result")
FiltersArg = Filters | dict | None


class AsyncTwins:
    """Mixed into Assistant: an async twin of every public call, with the same arguments and the same errors."""

    settings: Settings
    _executor: ThreadPoolExecutor | None = None
    _executor_lock = threading.Lock()

    @property
    def executor(self) -> ThreadPoolExecutor:
        """The worker threads of the async calls, made on first use (settings.limits.async_threads of them)."""
        with self._executor_lock:
            if self._executor is None:
                self._executor = ThreadPoolExecutor(
                    max_workers=self.settings.limits.async_threads, thread_name_prefix="paperchat-async"
                )
            return self._executor

    async def _run(self, call: Callable[..., Result], *args: Any, **kwargs: Any) -> Result:  # noqa: ANN401
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.executor, functools.partial(call, *args, **kwargs))

    async def aask(self, question: str, filters: FiltersArg = None, k: int | None = None) -> Answer:
        """`ask`, awaited: the Answer to `question` within `filters`, drawn from at most `k` sources."""
        return await self._run(self.ask, question, filters, k)  # type: ignore[attr-defined]

    async def achat(
        self, question: Any, history: Any = None, filters: FiltersArg = None, k: int | None = None  # noqa: ANN401
    ) -> Answer:
        """`chat`, awaited: the Answer to `question` after the conversation `history`."""
        return await self._run(self.chat, question, history, filters, k)  # type: ignore[attr-defined]

    async def aretrieve(self, question: str, filters: Any = None, k: Any = None) -> list[Passage]:  # noqa: ANN401
        """`retrieve`, awaited: the passages an answer would be drawn from, best first."""
        return await self._run(self.retrieve, question, filters, k)  # type: ignore[attr-defined]

    async def apapers(self, filters: FiltersArg = None) -> list[Paper]:
        """`papers`, awaited: every indexed paper within `filters`."""
        return await self._run(self.papers, filters)  # type: ignore[attr-defined]

    async def astats(self) -> dict:
        """`stats`, awaited: the index's size, models and counts."""
        return await self._run(self.stats)  # type: ignore[attr-defined]

    async def aremove(self, target: str) -> IngestReport:
        """`remove`, awaited: forget a paper by id, or a source file's papers."""
        return await self._run(self.remove, target)  # type: ignore[attr-defined]

    async def aingest(self, paths: list[str | Path] | str | Path, progress: Any = None) -> IngestReport:  # noqa: ANN401
        """`ingest`, awaited: add or update papers from files and folders. `progress` is called from the worker."""
        return await self._run(self.ingest, paths, progress)  # type: ignore[attr-defined]

    def astream(
        self,
        question: str,
        filters: FiltersArg = None,
        k: int | None = None,
        history: Any = None,  # noqa: ANN401
    ) -> AsyncAnswerStream:
        """`stream`, for `async for piece in assistant.astream(q)`; pieces arrive while the answer is written in a
        worker thread; `await stream.answer()` for the checked Answer. Bad arguments raise here, at the call."""
        stream: AnswerStream = self.stream(question, filters, k, history)  # type: ignore[attr-defined]
        return AsyncAnswerStream(lambda: stream, self.executor)

    def close(self) -> None:
        """Let the worker threads go (after the questions they are answering) and close the catalog. Also the end
        of `with Assistant.open(...) as assistant:`."""
        with self._executor_lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True)
        self.index.catalog.close()  # type: ignore[attr-defined]

    def __enter__(self) -> AsyncTwins:
        """`with Assistant.open(...) as assistant:` closes it at the end of the block."""
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
