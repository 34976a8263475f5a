"""The Assistant: the one object every shell (CLI, UI, Slack bot) talks to."""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

from paperchat.assistant.answering.catalog_answers import (
    LISTED,
    collection_answer,
    matching_papers,
    parse_collection_question,
)
from paperchat.assistant.answering.extractive import Draft
from paperchat.assistant.config import Settings, offline_environment
from paperchat.assistant.errors import QuestionError
from paperchat.assistant.filters import Filters
from paperchat.assistant.index.paper_index import PaperIndex, Progress, reset_vectors
from paperchat.assistant.question.conversation import (
    cited_papers,
    is_follow_up,
    normalise_history,
    previous_question,
    refers_to_one,
)
from paperchat.assistant.question.stated_filters import KnownNamesCache, infer_filters, merge_filters
from paperchat.assistant.results import Answer, IngestReport, Passage
from paperchat.ingest.papers import Paper


class Assistant:
    """Ask questions of an index of papers. Open with `Assistant.open(index_dir)`."""

    def __init__(self, index: PaperIndex, settings: Settings, llm: object | None = None) -> None:
        from paperchat.assistant.answering.answerer import Answerer
        from paperchat.assistant.retrieval.retriever import Retriever

        self.settings = settings
        self.index = index
        self.retriever = Retriever(index, settings.retrieval)
        self.answerer = Answerer(settings, lambda texts: self.index.embed(texts), llm)
        self._known_names = KnownNamesCache()

    @classmethod
    def open(
        cls, index_dir: str | Path | None = None, settings: Settings | None = None, rebuild: bool = False
    ) -> Assistant:
        """Open (or create) the index at `index_dir`, default `settings.index_dir` (PAPERCHAT_INDEX_DIR)."""
        offline_environment()
        from paperchat.assistant.answering.backends import make_llm
        from paperchat.assistant.embedding.backends import make_embedding

        settings = settings or Settings()
        index_dir = Path(index_dir) if index_dir is not None else settings.index_dir
        if rebuild:
            reset_vectors(index_dir, settings)
        return cls(PaperIndex(index_dir, settings, make_embedding(settings)), settings, make_llm(settings))

    @staticmethod
    def diagnose(index_dir: str | Path | None = None, settings: Settings | None = None, repair: bool = False) -> list:
        """Check an index directory without opening it (it may be broken); with `repair`, fix what can be fixed.
        One finding per check: catalog, manifest, papers, vectors, orphans, keywords."""
        from paperchat.assistant.index.doctor import diagnose

        settings = settings or Settings()
        return diagnose(Path(index_dir) if index_dir is not None else settings.index_dir, settings, repair)

    # --- the library --------------------------------------------------------------------------------
    def ingest(self, paths: list[str | Path] | str | Path, progress: Progress | None = None) -> IngestReport:
        """Add or update papers from files and folders; bad files are reported, never fatal."""
        paths = [paths] if isinstance(paths, (str, Path)) else paths
        return self.index.ingest([Path(p) for p in paths], progress)

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
        question, k = self._check_question(question), self._check_k(k)
        return self._answer(question, question, self._filters(filters), k)

    def chat(
        self,
        history: list[dict] | list[tuple[str, str]] | None,
        question: str,
        filters: Filters | dict | None = None,
        k: int | None = None,
    ) -> Answer:
        """Answer a question in a conversation: "it" and "that paper" refer to what earlier answers cited."""
        question, k = self._check_question(question), self._check_k(k)
        retrieval_query, scoped = self._resolve_follow_up(normalise_history(history), question, self._filters(filters))
        return self._answer(question, retrieval_query, scoped, k)

    def stream(
        self,
        question: str,
        filters: Filters | dict | None = None,
        k: int | None = None,
        history: list[dict] | None = None,
    ) -> Iterator[str | Answer]:
        """Yield the answer text in pieces as it is produced, then the final Answer with validated citations.

        Streamed pieces are the raw draft; the final Answer's text is the checked one and replaces them."""
        question, k = self._check_question(question), self._check_k(k)
        retrieval_query, scoped = self._resolve_follow_up(normalise_history(history), question, self._filters(filters))
        streamed = False
        for piece in self._answer_stream(question, retrieval_query, scoped, k):
            if isinstance(piece, Answer) and not streamed:
                # The offline answerer has the whole text at once; pieces keep one interface for every backend.
                yield from re.findall(r"\S+\s*", piece.text)
            streamed = streamed or isinstance(piece, str)
            yield piece

    def _filters(self, filters: Filters | dict | None) -> Filters | None:
        """The call's filters over the defaults in Settings.filters; None when nothing is filtered."""
        given = filters if isinstance(filters, Filters) or filters is None else Filters(**filters)
        defaults = self.settings.filters
        if defaults.is_empty():
            return given
        return merge_filters(given, defaults)

    # --- async twins: the engine is CPU-bound and thread-safe, so a worker thread keeps event loops free ---
    async def aask(self, question: str, filters: Filters | dict | None = None, k: int | None = None) -> Answer:
        return await asyncio.to_thread(self.ask, question, filters, k)

    async def achat(self, history: list[dict] | None, question: str, filters: Filters | dict | None = None) -> Answer:
        return await asyncio.to_thread(self.chat, history, question, filters)

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

    async def astream(
        self,
        question: str,
        filters: Filters | dict | None = None,
        k: int | None = None,
        history: list[dict] | None = None,
    ) -> AsyncIterator[str | Answer]:
        pieces = await asyncio.to_thread(lambda: list(self.stream(question, filters, k, history)))
        for piece in pieces:
            yield piece

    # --- internals ----------------------------------------------------------------------------------
    def _resolve_follow_up(
        self, history: list[dict], question: str, filters: Filters | None
    ) -> tuple[str, Filters | None]:
        """The question to retrieve with, and the filters: an LLM rewrites the follow-up; without one, the
        papers the last answer cited become the scope."""
        if not history or not is_follow_up(question):
            return question, filters
        if self.answerer.llm is not None:
            return self.answerer.condense(history, question), filters
        cited = cited_papers(history, self.index.catalog.papers())
        retrieval_query = f"{previous_question(history)} {question}".strip()
        if not cited:
            return retrieval_query, filters
        scope = cited[:1] if refers_to_one(question) else cited
        return retrieval_query, (filters or Filters()).model_copy(update={"paper_ids": scope})

    def _answer(self, question: str, retrieval_query: str, filters: Filters | None, k: int | None) -> Answer:
        *_, answer = self._answer_stream(question, retrieval_query, filters, k)
        return answer

    def _answer_stream(
        self, question: str, retrieval_query: str, filters: Filters | None, k: int | None
    ) -> Iterator[str | Answer]:
        from paperchat.assistant.answering.citations import validate_citations
        from paperchat.assistant.answering.extractive import refusal_text

        started = time.perf_counter()
        timings: dict[str, float] = {}
        version, papers = self.index.catalog.versioned_papers()
        inferred = infer_filters(retrieval_query, self._known_names.get(version, papers))
        if not inferred.filters.is_empty():
            filters, retrieval_query = merge_filters(filters, inferred.filters), inferred.question
        collection = parse_collection_question(question)
        draft = Draft("", refused=True)
        if collection is not None:
            matched = matching_papers(papers, collection, filters)
            first = self.index.catalog.first_chunks(p.paper_id for p in matched[:LISTED])
            text, sources = collection_answer(collection, matched, first, filters)
            draft = Draft(text) if text else draft
            t0 = time.perf_counter()
        else:
            sources = self.retriever.retrieve(retrieval_query, k, filters, timings)
            t0 = time.perf_counter()
            for piece in self.answerer.stream(question, sources):
                if isinstance(piece, Draft):
                    draft = piece
                else:
                    yield piece
        checked = validate_citations(draft.text, sources, draft.snippets)
        refused = draft.refused or not checked.citations
        text = refusal_text(sources) if refused else checked.text
        if filters is not None and filters.sentence() and collection is None:
            text = f"{filters.sentence()}\n\n{text}"
        timings["answer"] = time.perf_counter() - t0
        timings["total"] = time.perf_counter() - started
        yield Answer(
            question=question,
            text=text,
            citations=[] if refused else checked.citations,
            passages=sources,
            refused=refused,
            filters=filters.describe() if filters else {},
            warnings=[] if refused else checked.warnings,
            timings={key: round(value, 4) for key, value in timings.items()},
        )
