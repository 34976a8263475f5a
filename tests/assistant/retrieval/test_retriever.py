"""The retriever: dense and keyword rankings fused, within metadata filters, as Passages with both scores."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from paperchat.assistant import Assistant, Filters
from paperchat.assistant.retrieval.retriever import Retriever, source_from
from paperchat.ingest.papers import Paper


def test_hybrid_passages_carry_both_scores_best_first(seed_assistant: Assistant) -> None:
    timings: dict[str, float] = {}
    passages = seed_assistant.retriever.retrieve("conformer acoustic model for noisy speech", 5, None, timings)
    assert len(passages) == 5 and passages[0].title.startswith("A Conformer Based Acoustic Model")
    assert [p.score for p in passages] == sorted((p.score for p in passages), reverse=True)
    assert passages[0].dense_score is not None and passages[0].keyword_score is not None
    assert {"embed_query", "dense", "keyword", "keyword_wait", "fuse", "retrieve"} <= set(timings)


def test_the_keyword_side_runs_in_a_worker_thread_beside_the_dense_side(
    seed_assistant: Assistant, monkeypatch: pytest.MonkeyPatch
) -> None:
    keywords = seed_assistant.index.keywords
    searched_in: list[threading.Thread] = []
    search = keywords.search

    def recording_search(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202 - passes through
        searched_in.append(threading.current_thread())
        return search(*args, **kwargs)

    monkeypatch.setattr(keywords, "search", recording_search)
    passages = seed_assistant.retriever.retrieve("conformer acoustic model for noisy speech", 5)
    assert passages and passages[0].keyword_score is not None
    assert searched_in and searched_in[0] is not threading.current_thread()


def test_questions_asked_at_once_rank_as_when_asked_one_by_one(seed_assistant: Assistant) -> None:
    retriever = Retriever(seed_assistant.index, seed_assistant.settings.retrieval)
    questions = ["conformer acoustic model", "speech enhancement in noise", "graph neural networks", "kelp"] * 3
    one_by_one = [[(p.chunk_id, p.score) for p in retriever.retrieve(q, 5)] for q in questions]
    with ThreadPoolExecutor(max_workers=6) as pool:
        at_once = list(pool.map(lambda q: [(p.chunk_id, p.score) for p in retriever.retrieve(q, 5)], questions))
    assert at_once == one_by_one


def test_filters_limit_the_papers_and_an_empty_selection_retrieves_nothing(seed_assistant: Assistant) -> None:
    only = seed_assistant.retriever.retrieve("speech", 5, Filters(author="Yufeng Yang"))
    # Papers on her profile are hers even where the shown author line stops before her name (and then says so).
    assert only and all("Yufeng Yang" in p.authors_text for p in only)
    assert seed_assistant.retriever.retrieve("speech", 5, Filters(year_from=1900, year_to=1901)) == []
    assert seed_assistant.retriever.allowed_papers(None) is None


def test_a_passage_is_made_from_a_paper_and_a_chunk() -> None:
    paper = Paper(title="Kelp", authors=["A B"], year=2024)
    passage = source_from(paper, f"{paper.paper_id}:0", "Kelp\nKelp grows.", 0.5, dense=0.6)
    assert (passage.title, passage.year, passage.relevance, passage.keyword_score) == ("Kelp", 2024, 0.6, None)
