"""The async twins, through the public `paperchat` import: they run in the Assistant's own bounded pool of threads
(settings.limits.async_threads), so ten questions to a model server are all in flight at once."""

from __future__ import annotations

import asyncio
import shutil
import threading
from pathlib import Path

import pytest

from paperchat import Answer, Assistant, QuestionError
from tests.conftest import make_settings
from tests.openai_stand_in import ScriptedChatServer

REPLY = "Kelp forests grow half a metre a day in cold water [1]."
QUESTIONS = [f"How fast does kelp grow at site {n}?" for n in range(10)]


class InFlight:
    """A scripted model that counts the requests it is answering at once."""

    def __init__(self, wait_for: int = 0) -> None:
        self.lock = threading.Lock()
        self.now = self.most = 0
        self.all_in = threading.Barrier(wait_for, timeout=60) if wait_for else None
        self.release = threading.Event()

    def reply(self, messages: list[dict]) -> str:
        with self.lock:
            self.now += 1
            self.most = max(self.most, self.now)
        try:
            if self.all_in is not None:
                self.all_in.wait()  # breaks (and the request fails) unless every question is in flight at once
            else:
                self.release.wait(0.3)
            return REPLY
        finally:
            with self.lock:
                self.now -= 1


def model_assistant(index_dir: Path, server: ScriptedChatServer, **limits: int) -> Assistant:
    settings = make_settings(
        index_dir,
        # The model answers; the rules read the questions (a planning request per question would double the count).
        answer={"backend": "openai-like", "base_url": server.base_url, "model": "scripted", "plan_with_model": False},
        limits={"max_results": 50, "questions_per_minute": 0, **limits},
    )
    return Assistant.open(index_dir, settings)


@pytest.fixture
def index_dir(tiny_index_dir: Path, tmp_path: Path) -> Path:
    shutil.copytree(tiny_index_dir, tmp_path / "index")
    return tmp_path / "index"


def test_ten_questions_to_a_model_server_are_in_flight_at_once(index_dir: Path) -> None:
    model = InFlight(wait_for=len(QUESTIONS))
    with ScriptedChatServer(model.reply) as server:
        assistant = model_assistant(index_dir, server)

        async def all_at_once() -> list[Answer]:
            return list(await asyncio.gather(*(assistant.aask(q) for q in QUESTIONS)))

        answers = asyncio.run(all_at_once())
    assert model.most == len(QUESTIONS)
    assert all(not a.refused and a.citations for a in answers)


def test_the_pool_has_the_size_of_the_setting(index_dir: Path) -> None:
    model = InFlight()
    with ScriptedChatServer(model.reply) as server:
        assistant = model_assistant(index_dir, server, async_threads=3)

        async def all_at_once() -> list[Answer]:
            return list(await asyncio.gather(*(assistant.aask(q) for q in QUESTIONS)))

        answers = asyncio.run(all_at_once())
    assert assistant.executor._max_workers == 3  # noqa: SLF001 - the documented size, checked
    assert 1 <= model.most <= 3 and len(answers) == len(QUESTIONS)


def test_astream_works_in_the_pool_and_checks_its_arguments_at_the_call(index_dir: Path) -> None:
    assistant = Assistant.open(index_dir, make_settings(index_dir))
    workers: set[str] = set()
    run = assistant.engine.run

    def recorded(*args: object, **kwargs: object):  # noqa: ANN202
        workers.add(threading.current_thread().name)
        yield from run(*args, **kwargs)

    assistant.engine.run = recorded  # type: ignore[method-assign]

    async def streamed() -> tuple[list[str], Answer, bool | None]:
        stream = assistant.astream("How fast does kelp grow?")
        pieces = [piece async for piece in stream]
        return pieces, await stream.answer(), stream.incremental

    pieces, answer, incremental = asyncio.run(streamed())
    assert "".join(pieces).strip() == answer.text and incremental is False  # the extractive answer comes whole
    assert workers and all(name.startswith("paperchat-async") for name in workers)
    with pytest.raises(QuestionError, match="empty"):
        assistant.astream("  ")
    assistant.close()


def test_every_async_twin_has_the_arguments_of_its_call(index_dir: Path) -> None:
    with Assistant.open(index_dir, make_settings(index_dir)) as assistant:

        async def calls() -> tuple:
            return (
                await assistant.aretrieve("kelp", {"year_from": None}, 2),
                await assistant.achat("How fast does kelp grow?", [], k=1),
                await assistant.apapers({"has_code": None}),
                await assistant.astats(),
            )

        passages, chatted, papers, stats = asyncio.run(calls())
    assert len(passages) == 2 and len(chatted.passages) == 1 and len(papers) == stats["papers"] == 8


def test_every_public_call_has_an_async_twin(seed_assistant: Assistant) -> None:
    async def calls() -> tuple:
        return (
            await seed_assistant.apapers(),
            await seed_assistant.astats(),
            await seed_assistant.aretrieve("conformer speech", k=2),
            await seed_assistant.astream("conformer speech recognition").answer(),
            await seed_assistant.achat("conformer speech recognition", [], k=2),
        )

    papers, stats, sources, streamed, chatted = asyncio.run(calls())
    assert len(papers) == stats["papers"] == 271
    assert len(sources) == 2 and isinstance(streamed, Answer) and streamed.citations
    assert len(chatted.passages) <= 2


def test_astream_delivers_pieces_before_the_answer_is_finished(seed_assistant: Assistant) -> None:
    """The async twin streams truly: a piece arrives while the engine is still working in its thread."""
    release = threading.Event()
    pieces = seed_assistant.engine.run

    def held(*args: object, **kwargs: object):  # noqa: ANN202
        for number, piece in enumerate(pieces(*args, **kwargs)):
            if number == 1:
                release.wait(10)
            yield piece

    async def first_piece_then_answer() -> tuple[str, bool, Answer]:
        stream = seed_assistant.astream("conformer speech recognition")
        iterator = stream.__aiter__()
        first = await iterator.__anext__()
        finished_early = release.is_set()
        release.set()
        async for _ in iterator:
            pass
        return first, finished_early, await stream.answer()

    seed_assistant.engine.run = held  # type: ignore[method-assign]
    try:
        first, finished_early, answer = asyncio.run(first_piece_then_answer())
    finally:
        del seed_assistant.engine.run
    assert first and not finished_early and answer.text
