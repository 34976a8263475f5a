"""Lists by relevance: "which papers …" retrieves deeply, scores each paper by its best passage, and keeps the papers
above two cuts, one relative to the best paper and one absolute. The whole catalog is listed only when asked for."""

from __future__ import annotations

from paperchat.assistant.answering.refusal import evidence
from paperchat.assistant.results import Passage

LIST_DEPTH = 40  # passages retrieved for a list question: several per paper, enough papers to choose from
RELATIVE_MARGIN = 0.12  # a paper whose best passage is this far below the best paper's is not about the topic
MAX_LISTED = 12


def best_per_paper(question: str, passages: list[Passage]) -> list[tuple[Passage, float]]:
    """Each paper's best passage and its relevance, best paper first."""
    best: dict[str, tuple[Passage, float]] = {}
    for passage, score in zip(passages, evidence(question, passages), strict=True):
        if passage.paper_id not in best or score > best[passage.paper_id][1]:
            best[passage.paper_id] = (passage, score)
    return sorted(best.values(), key=lambda pair: pair[1], reverse=True)


def relevant_papers(question: str, passages: list[Passage], min_relevance: float) -> list[Passage]:
    """The best passage of every paper that clears both cuts, best first."""
    scored = best_per_paper(question, passages)
    if not scored:
        return []
    floor = max(min_relevance, scored[0][1] - RELATIVE_MARGIN)
    return [passage for passage, score in scored if score >= floor][:MAX_LISTED]
