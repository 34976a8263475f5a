"""AnswerStream: text pieces while the answer is written, then the checked Answer; its async twin streams truly."""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path

import pytest

from paperchat.assistant.answer_stream import AnswerStream, AsyncAnswerStream, Retrieved
from paperchat.assistant.results import Answer, Passage

FINAL = Answer(question="q", text="A checked answer [1].")
FOUND = Retrieved([Passage(chunk_id="c1", paper_id="p1", title="A paper", text="A passage.", score=0.8)])


def pieces():  # noqa: ANN201
    yield FOUND
    yield "A draft "
    yield "answer."
    yield FINAL


def test_iterating_gives_text_then_answer_gives_the_checked_result() -> None:
    stream = AnswerStream(pieces())
    assert list(stream) == ["A draft ", "answer."]
    assert stream.answer() is FINAL


def test_the_passages_are_known_before_the_first_piece_of_text() -> None:
    stream = AnswerStream(pieces())
    assert stream.passages is None
    events = stream.events()
    assert next(events) is FOUND and stream.passages == FOUND.passages
    assert list(events) == ["A draft ", "answer."]
    assert stream.answer() is FINAL


def test_answer_reads_what_was_not_iterated() -> None:
    assert AnswerStream(pieces()).answer() is FINAL


def test_a_stream_without_an_answer_is_an_error() -> None:
    with pytest.raises(RuntimeError, match="without an answer"):
        AnswerStream(iter(["only text"])).answer()


def test_the_async_twin_yields_a_piece_before_the_producer_finishes() -> None:
    release = threading.Event()

    def held():  # noqa: ANN202
        yield FOUND
        yield "first"
        release.wait(10)
        yield FINAL

    async def consume() -> tuple[str, bool, list | None, Answer]:
        stream = AsyncAnswerStream(lambda: AnswerStream(held()))
        iterator = stream.__aiter__()
        first = await iterator.__anext__()
        still_working = not release.is_set()
        release.set()
        return first, still_working, stream.passages, await stream.answer()

    first, still_working, passages, answer = asyncio.run(consume())
    assert first == "first" and still_working and answer is FINAL
    assert passages == FOUND.passages  # known with the first piece, while the answer was still being written


def test_the_async_twin_raises_what_the_producer_raised() -> None:
    def failing():  # noqa: ANN202
        yield "x"
        raise ValueError("engine broke")

    async def consume() -> None:
        async for _ in AsyncAnswerStream(lambda: AnswerStream(failing())):
            pass

    with pytest.raises(ValueError, match="engine broke"):
        asyncio.run(consume())


# --- through the Assistant, with a scripted model on 127.0.0.1 -------------------------------------------------------
def test_a_marker_that_names_no_passage_is_never_streamed(tiny_index_dir: Path) -> None:
    from paperchat import Assistant
    from tests.conftest import make_settings
    from tests.openai_stand_in import ScriptedChatServer

    draft = (
        "Kelp forests grow half a metre a day in cold water [1]. They need nutrients [9]. "
        "Bees navigate by the polarisation pattern of the sky on every single flight [1, 7]."
    )
    with ScriptedChatServer(lambda messages: draft) as server:
        answer_settings = {"backend": "openai-like", "base_url": server.base_url, "model": "scripted"}
        assistant = Assistant.open(tiny_index_dir, make_settings(tiny_index_dir, answer=answer_settings))
        stream = assistant.stream("How fast do kelp forests grow?")
        pieces = list(stream)
        answer = stream.answer()
    shown = "".join(pieces)
    assert "[9]" not in shown and "[7]" not in shown and "[1, 7]" not in shown
    assert shown.count("[1]") == 2 and stream.incremental is True and len(pieces) > 10
    assert "dropped citation [9]: no such source" in answer.warnings
    assert "claim without a citation: 'They need nutrients.'" in answer.warnings  # it lost its only marker
    assert answer.text.startswith("Kelp forests grow half a metre a day in cold water [1]. They need nutrients.")


def test_the_extractive_answer_says_it_arrives_whole(tiny_index_dir: Path) -> None:
    from paperchat import Assistant
    from tests.conftest import make_settings

    stream = Assistant.open(tiny_index_dir, make_settings(tiny_index_dir)).stream("How fast do kelp forests grow?")
    assert stream.incremental is False
    assert "".join(stream).strip() == stream.answer().text


def test_the_async_twin_answers_once_when_iteration_stops_early() -> None:
    started: list[int] = []

    def once() -> AnswerStream:
        started.append(1)
        return AnswerStream(pieces())

    async def consume() -> tuple[str, Answer]:
        stream = AsyncAnswerStream(once)
        iterator = stream.__aiter__()
        first = await iterator.__anext__()  # a reader that stops after the first piece, then wants the answer
        await iterator.aclose()
        return first, await stream.answer()

    first, answer = asyncio.run(consume())
    assert first == "A draft " and answer is FINAL and started == [1]  # the question was not asked twice


def test_the_async_twin_gives_the_passages_among_its_events_and_runs_the_engine_once() -> None:
    runs = []

    def counted() -> AnswerStream:
        runs.append(1)
        return AnswerStream(pieces())

    async def consume() -> tuple[list, Answer]:
        stream = AsyncAnswerStream(counted)
        events = [event async for event in stream.events()]
        return events, await stream.answer()

    events, answer = asyncio.run(consume())
    assert events == [FOUND, "A draft ", "answer."] and answer is FINAL and len(runs) == 1


def test_a_consumer_that_stops_early_stops_the_worker() -> None:
    """Closing the events (Stop in a page) ends the engine's run at its next piece, not after the whole answer."""
    produced: list[int] = []
    closed = threading.Event()

    def endless():  # noqa: ANN202
        try:
            for n in range(1000):
                produced.append(n)
                yield f"piece {n} "
                time.sleep(0.01)
            yield FINAL
        finally:
            closed.set()

    async def consume() -> None:
        events = AsyncAnswerStream(lambda: AnswerStream(endless())).events()
        assert (await events.__anext__()).startswith("piece")
        await events.aclose()

    asyncio.run(consume())
    assert closed.wait(5) and len(produced) < 100
