"""The Assistant: the one object every shell (CLI, UI, Slack bot) talks to."""

from __future__ import annotations

import time
from pathlib import Path

from assistant.config import Settings, offline_environment
from assistant.errors import QuestionError
from assistant.filters import Filters
from assistant.index import IngestReport, PaperIndex, Progress, reset_vectors
from assistant.results import Answer, Source
from ingest.papers import Paper


class Assistant:
    """Ask questions of an index of papers. Open with `Assistant.open(index_dir)`."""

    def __init__(self, index: PaperIndex, settings: Settings) -> None:
        from assistant.retrieval import Retriever

        self.settings = settings
        self.index = index
        self.retriever = Retriever(index, settings.retrieval)

    @classmethod
    def open(cls, index_dir: str | Path | None = None, settings: Settings | None = None, rebuild: bool = False) -> Assistant:
        """Open (or create) the index at `index_dir`, default `settings.index_dir` (PAPERCHAT_INDEX_DIR)."""
        offline_environment()
        from assistant.embeddings import make_embedding

        settings = settings or Settings()
        index_dir = Path(index_dir) if index_dir is not None else settings.index_dir
        if rebuild:
            reset_vectors(index_dir, settings)
        return cls(PaperIndex(index_dir, settings, make_embedding(settings)), settings)

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

    # --- questions ----------------------------------------------------------------------------------
    def _check_question(self, question: str) -> str:
        question = question.strip()
        if not question:
            raise QuestionError("the question is empty")
        limit = self.settings.answer.max_question_chars
        if len(question) > limit:
            raise QuestionError(
                f"the question is {len(question)} characters, over the {limit} limit (PAPERCHAT_ANSWER__MAX_QUESTION_CHARS)"
            )
        return question

    def retrieve(self, question: str, k: int | None = None, filters: Filters | dict | None = None) -> list[Source]:
        """The passages the answer would be built from, best first."""
        return self.retriever.retrieve(self._check_question(question), k, _filters(filters))

    def ask(self, question: str, filters: Filters | dict | None = None, k: int | None = None) -> Answer:
        """Answer from the indexed papers with numbered citations, or say plainly that they do not answer."""
        from assistant.citations import validate_citations
        from assistant.extractive import compose, refusal_text

        started = time.perf_counter()
        question = self._check_question(question)
        filters = _filters(filters)
        timings: dict[str, float] = {}
        sources = self.retriever.retrieve(question, k, filters, timings)
        t0 = time.perf_counter()
        answer_settings = self.settings.answer
        draft = compose(question, sources, self.index.embed, answer_settings.min_relevance, answer_settings.max_sentences)
        checked = validate_citations(draft.text, sources, draft.snippets)
        refused = draft.refused or not checked.citations
        text = refusal_text(sources) if refused and not draft.refused else checked.text
        timings["answer"] = time.perf_counter() - t0
        timings["total"] = time.perf_counter() - started
        return Answer(
            question=question, text=text, citations=[] if refused else checked.citations, sources=sources,
            refused=refused, filters=filters.describe() if filters else {}, warnings=checked.warnings,
            timings={key: round(value, 4) for key, value in timings.items()},
        )


def _filters(filters: Filters | dict | None) -> Filters | None:
    if filters is None or isinstance(filters, Filters):
        return filters
    return Filters(**filters)
