"""Question → Answer: read the question, retrieve or look up, let the answerer draft, then the refusal step and the
citation contract, for every backend alike. The Assistant facade streams what this yields."""

from __future__ import annotations

import time
from collections.abc import Iterator

from paperchat.assistant.answering.base import Answerer, Draft, Turn
from paperchat.assistant.answering.catalog_answers import (
    LISTED,
    collection_answer,
    matching_papers,
    parse_collection_question,
)
from paperchat.assistant.answering.citations import validate_citations
from paperchat.assistant.answering.refusal import refusal_text, too_weak
from paperchat.assistant.config import Settings
from paperchat.assistant.filters import Filters
from paperchat.assistant.index.paper_index import PaperIndex
from paperchat.assistant.question.conversation import cited_papers, is_follow_up, previous_question, refers_to_one
from paperchat.assistant.question.stated_filters import KnownNamesCache, infer_filters, merge_filters
from paperchat.assistant.results import Answer
from paperchat.assistant.retrieval.retriever import Retriever

Pieces = Iterator["str | Answer"]


class AnswerEngine:
    def __init__(self, index: PaperIndex, retriever: Retriever, answerer: Answerer, settings: Settings) -> None:
        self.index = index
        self.retriever = retriever
        self.answerer = answerer
        self.settings = settings
        self._known_names = KnownNamesCache()

    def run(self, question: str, history: list[Turn], filters: Filters | None, k: int | None) -> Pieces:
        """Text pieces as the answerer writes them, then the checked Answer."""
        retrieval_query, filters = self._resolve_follow_up(history, question, filters)
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
            text, passages = collection_answer(collection, matched, first, filters)
            draft = Draft(text) if text else draft
            t0 = time.perf_counter()
        else:
            passages = self.retriever.retrieve(retrieval_query, k, filters, timings)
            t0 = time.perf_counter()
            if passages and not too_weak(question, passages, self.settings.answer.min_relevance):
                for piece in self.answerer.stream(question, passages):
                    if isinstance(piece, Draft):
                        draft = piece
                    else:
                        yield piece
        checked = validate_citations(draft.text, passages, draft.snippets)
        refused = draft.refused or not checked.citations
        text = refusal_text(passages) if refused else checked.text
        if filters is not None and filters.sentence() and collection is None:
            text = f"{filters.sentence()}\n\n{text}"
        timings["answer"] = time.perf_counter() - t0
        timings["total"] = time.perf_counter() - started
        yield Answer(
            question=question,
            text=text,
            citations=[] if refused else checked.citations,
            passages=passages,
            refused=refused,
            filters=filters.describe() if filters else {},
            warnings=[] if refused else checked.warnings,
            timings={key: round(value, 4) for key, value in timings.items()},
        )

    def _resolve_follow_up(
        self, history: list[Turn], question: str, filters: Filters | None
    ) -> tuple[str, Filters | None]:
        """The question to retrieve with, and the filters: the answerer may rewrite a follow-up; otherwise the
        papers the last answer cited become the scope."""
        if not history or not is_follow_up(question):
            return question, filters
        rewritten = self.answerer.condense(history, question)
        if rewritten != question:
            return rewritten, filters
        cited = cited_papers(history, self.index.catalog.papers())
        retrieval_query = f"{previous_question(history)} {question}".strip()
        if not cited:
            return retrieval_query, filters
        scope = cited[:1] if refers_to_one(question) else cited
        return retrieval_query, (filters or Filters()).model_copy(update={"paper_ids": scope})
