"""Lists by relevance: "which papers …" retrieves deeply and keeps each paper's best passage when the paper clears
a cut relative to the best paper. When the question names specific terms (GaLore, GPT-2, Muon), the papers are those
whose passages mention one of them. The whole catalog is listed only when asked for (catalog_answers)."""

from __future__ import annotations

from paperchat.assistant.answering.refusal import evidence
from paperchat.assistant.question.terms import mentions
from paperchat.assistant.results import Passage
from paperchat.ingest.papers import by_date

LIST_DEPTH = 40  # passages retrieved for a list question: several per paper, enough papers to choose from
# A paper whose best fused score is below this share of the best paper's is not about the topic. Measured on the
# development lists: recall and precision are flat from 0.68 to 0.72; 0.6 lists twice the noise.
RELATIVE_CUT = 0.7
MAX_LISTED = 12


def best_per_paper(question: str, passages: list[Passage]) -> list[tuple[Passage, float]]:
    """Each paper's best passage and its relevance (refusal.evidence), best paper first."""
    best: dict[str, tuple[Passage, float]] = {}
    for passage, score in zip(passages, evidence(question, passages), strict=True):
        if passage.paper_id not in best or score > best[passage.paper_id][1]:
            best[passage.paper_id] = (passage, score)
    return sorted(best.values(), key=lambda pair: pair[1], reverse=True)


def relevant_papers(
    passages: list[Passage], key_terms: list[str], aliases: dict[str, list[str]] | None = None
) -> list[Passage]:
    """The best passage of every paper the list should name, best first (by the retriever's fused score). A term is
    mentioned by itself or by another form of it the library defines (`aliases`: ZO → zeroth order)."""
    best: dict[str, Passage] = {}
    for passage in passages:
        if passage.paper_id not in best or passage.score > best[passage.paper_id].score:
            best[passage.paper_id] = passage
    ranked = sorted(best.values(), key=lambda passage: passage.score, reverse=True)
    if not ranked:
        return []
    aliases = aliases or {}
    forms = {term: [term, *aliases.get(term.upper(), aliases.get(term.lower(), []))] for term in key_terms}
    mentioning = [p for p in ranked if any(mentions(p.text, f) for term in key_terms for f in forms[term])]
    if mentioning:
        return mentioning[:MAX_LISTED]
    floor = ranked[0].score * RELATIVE_CUT
    return [passage for passage in ranked if passage.score >= floor][:MAX_LISTED]


def in_order(listed: list[Passage], order: str | None) -> list[Passage]:
    """The listed papers in the date order the question asked for ("oldest first"), undated ones last; as they are
    (by relevance) when it asked for none."""
    return listed if order is None else by_date(listed, newest=order == "newest")
