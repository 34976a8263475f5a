"""The Assistant: the one object every shell (CLI, UI, Slack bot) talks to."""

from __future__ import annotations

import asyncio
import logging
import re
import threading
from collections.abc import Iterator
from pathlib import Path

from paperchat.assistant.answer_stream import AnswerStream, AsyncAnswerStream
from paperchat.assistant.config import Settings, offline_environment
from paperchat.assistant.errors import QuestionError
from paperchat.assistant.filters import Filters, merge_filters
from paperchat.assistant.index.paper_index import PaperIndex, Progress, reset_vectors
from paperchat.assistant.question.conversation import normalise_history
from paperchat.assistant.results import Answer, IngestReport, Passage
from paperchat.ingest.papers import Paper


class Assistant:
    """Ask questions of an index of papers. Open with `Assistant.open(index_dir)`."""

    def __init__(self, index: PaperIndex, settings: Settings) -> None:
        from paperchat.assistant.answering.backends import make_answerer
        from paperchat.assistant.answering.engine import AnswerEngine
        from paperchat.assistant.retrieval.retriever import Retriever

        self.settings = settings
        self.index = index
        self.retriever = Retriever(index, settings.retrieval)
        self.answerer = make_answerer(settings, lambda texts: self.index.embed(texts))
        self.engine = AnswerEngine(index, self.retriever, self.answerer, settings)

    @classmethod
    def open(
        cls, index_dir: str | Path | None = None, settings: Settings | None = None, rebuild: bool = False
    ) -> Assistant:
        """Open (or create) the index at `index_dir`, default `settings.index_dir` (PAPERCHAT_INDEX_DIR)."""
        offline_environment()
        from paperchat.assistant.embedding.backends import make_embedding

        settings = settings or Settings()
        index_dir = Path(index_dir) if index_dir is not None else settings.index_dir
        if rebuild:
            reset_vectors(index_dir, settings)
        return cls(PaperIndex(index_dir, settings, make_embedding(settings)), settings)

    @staticmethod
    def diagnose(index_dir: str | Path | None = None, settings: Settings | None = None, repair: bool = False) -> list:
        """Check an index directory without opening it (it may be broken); with `repair`, fix what can be fixed.
        One finding per check: catalog, manifest, papers, vectors, orphans, keywords."""
        from paperchat.assistant.index.doctor import diagnose

        settings = settings or Settings()
        return diagnose(Path(index_dir) if index_dir is not None else settings.index_dir, settings, repair)

    def warm_up(self, wait: bool = True) -> threading.Thread | None:
        """Load what the first question needs: the embedding model, the vector and keyword stores, and the question
        reader's indexes of the library (16–19 s at 100k papers). A server calls it with `wait=False` as it starts,
        so that its first user does not pay for it. A failure is only logged: the question that needs the broken
        part says what is wrong."""
        if not wait:
            thread = threading.Thread(target=self.warm_up, name="paperchat-warm-up", daemon=True)
            thread.start()
            return thread
        from paperchat.assistant.question.reader import prepare

        try:
            prepare(self.engine.library)
            self.retriever.retrieve("warm up", k=1)
        except Exception as error:  # noqa: BLE001 - warming up must never stop a server from starting
            logging.getLogger(__name__).warning("paperchat: warming up failed (%s)", error)
        return None

    # --- the library --------------------------------------------------------------------------------
    def ingest(self, paths: list[str | Path] | str | Path, progress: Progress | None = None) -> IngestReport:
        """Add or update papers from files and folders; bad files are reported, never fatal."""
        paths = [paths] if isinstance(paths, (str, Path)) else paths
        return self.index.ingest([Path(p) for p in paths], progress)

    def finish_interrupted(self) -> IngestReport | None:
        """Finish the papers an interrupted ingest left unfinished (their records read, their indexing not done): the
        step every ingest starts with, run on its own, as a server does when it starts. None when none were left."""
        if not self.index.catalog.unfinished_keys():
            return None
        return self.index.ingest([])

    def remove(self, target: str) -> IngestReport:
        """Remove a paper by id, or every paper that only a given source file provided."""
        if target in self.index.catalog.sources():
            return self.index.remove(source=target)
        resolved = str(Path(target).resolve())
        if resolved in self.index.catalog.sources():
            return self.index.remove(source=resolved)
        return self.index.remove(paper_id=target)

    def papers(self, filters: Filters | None = None) -> list[Paper]:
        allowed = self.retriever.allowed_papers(filters)
        papers = self.index.catalog.papers()
        return papers if allowed is None else [p for p in papers if p.paper_id in set(allowed)]

    def stats(self) -> dict:
        return {**self.index.stats(), "answer_backend": self.settings.answer.backend}

    def record_feedback(self, answer: Answer | dict, helpful: bool, user: str | None = None, channel: str = "") -> None:
        """Keep a verdict on an answer, with its question and citations, in the index directory."""
        data = answer.to_dict() if isinstance(answer, Answer) else dict(answer)
        self.index.catalog.add_feedback({"helpful": helpful, "user": user, "channel": channel, **data})

    def feedback(self) -> list[dict]:
        """Every recorded verdict, oldest first: helpful, user, channel, question, answer, citations, created."""
        return self.index.catalog.feedback()

    # --- questions ----------------------------------------------------------------------------------
    def _check_question(self, question: str) -> str:
        question = question.strip()
        if not question:
            raise QuestionError("the question is empty")
        limit = self.settings.answer.max_question_chars
        if len(question) > limit:
            raise QuestionError(
                f"the question is {len(question)} characters, over the {limit} limit "
                "(PAPERCHAT_ANSWER__MAX_QUESTION_CHARS)"
            )
        return question

    def _check_k(self, k: int | None) -> int | None:
        """None (the configured top_k), or a number of passages within settings.limits.max_results."""
        limit = self.settings.limits.max_results
        if k is not None and not 1 <= k <= limit:
            raise QuestionError(
                f"{k} results asked for, over the limit of {limit} (PAPERCHAT_LIMITS__MAX_RESULTS)"
                if k > limit
                else f"{k} results asked for; ask for 1 to {limit} (PAPERCHAT_LIMITS__MAX_RESULTS)"
            )
        return k

    def retrieve(self, question: str, k: int | None = None, filters: Filters | dict | None = None) -> list[Passage]:
        """The passages the answer would be built from, best first."""
        return self.retriever.retrieve(self._check_question(question), self._check_k(k), self._filters(filters))

    def ask(self, question: str, filters: Filters | dict | None = None, k: int | None = None) -> Answer:
        """Answer from the indexed papers with numbered citations, or say plainly that they do not answer."""
        return self.stream(question, filters, k).answer()

    def chat(
        self,
        history: list[dict] | list[tuple[str, str]] | None,
        question: str,
        filters: Filters | dict | None = None,
        k: int | None = None,
    ) -> Answer:
        """Answer a question in a conversation: "it" and "that paper" refer to what earlier answers cited."""
        return self.stream(question, filters, k, history).answer()

    def stream(
        self,
        question: str,
        filters: Filters | dict | None = None,
        k: int | None = None,
        history: list[dict] | list[tuple[str, str]] | None = None,
    ) -> AnswerStream:
        """The answer as it is written: iterate for text pieces, then `.answer()` for the checked Answer."""
        question, k = self._check_question(question), self._check_k(k)
        turns = normalise_history(history)
        return AnswerStream(self._pieces(question, turns, self._filters(filters), k))

    def _pieces(self, question: str, history: list[dict], filters: Filters | None, k: int | None) -> Iterator:
        streamed = False
        for piece in self.engine.run(question, history, filters, k):
            if isinstance(piece, Answer) and not streamed:
                # The offline answerer has the whole text at once; pieces keep one interface for every backend.
                yield from re.findall(r"\S+\s*", piece.text)
            streamed = streamed or isinstance(piece, str)
            yield piece

    def _filters(self, filters: Filters | dict | None) -> Filters | None:
        """The call's filters over the defaults in Settings.filters; None when nothing is filtered."""
        given = filters if isinstance(filters, Filters) or filters is None else Filters(**filters)
        defaults = self.settings.filters
        if not defaults.describe():
            return given
        return merge_filters(given, defaults)

    # --- async twins: the engine is CPU-bound and thread-safe, so a worker thread keeps event loops free ---
    async def aask(self, question: str, filters: Filters | dict | None = None, k: int | None = None) -> Answer:
        return await asyncio.to_thread(self.ask, question, filters, k)

    async def achat(
        self,
        history: list[dict] | None,
        question: str,
        filters: Filters | dict | None = None,
        k: int | None = None,
    ) -> Answer:
        return await asyncio.to_thread(self.chat, history, question, filters, k)

    async def aretrieve(
        self, question: str, k: int | None = None, filters: Filters | dict | None = None
    ) -> list[Passage]:
        return await asyncio.to_thread(self.retrieve, question, k, filters)

    async def apapers(self, filters: Filters | dict | None = None) -> list[Paper]:
        return await asyncio.to_thread(self.papers, filters)

    async def aremove(self, target: str) -> IngestReport:
        return await asyncio.to_thread(self.remove, target)

    async def astats(self) -> dict:
        return await asyncio.to_thread(self.stats)

    async def aingest(self, paths: list[str | Path], progress: Progress | None = None) -> IngestReport:
        return await asyncio.to_thread(self.ingest, paths, progress)

    def astream(
        self,
        question: str,
        filters: Filters | dict | None = None,
        k: int | None = None,
        history: list[dict] | None = None,
    ) -> AsyncAnswerStream:
        """`async for piece in assistant.astream(q)` receives pieces while they are written; `await .answer()`."""
        question, k = self._check_question(question), self._check_k(k)
        return AsyncAnswerStream(lambda: self.stream(question, filters, k, history))
