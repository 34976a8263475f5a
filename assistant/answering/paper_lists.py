"""Lists by relevance: "which papers …" retrieves deeply and keeps each paper's best passage when the paper clears
a cut relative to the best paper. When the question names specific terms (GaLore, GPT-2, Muon), the papers are those
whose passages mention one of them. The whole catalog is listed only when asked for (catalog_answers)."""

from __future__ import annotations

from collections.abc import Collection

from paperchat.assistant.answering.refusal import evidence
from paperchat.assistant.question.terms import mentions
from paperchat.assistant.results import Passage
from paperchat.ingest.papers import by_date

LIST_DEPTH = 40  # passages retrieved for a list question: several per paper, enough papers to choose from
# A paper whose best fused score is below this share of the best paper's is not about the topic. Measured on the
# development lists: recall and precision are flat from 0.68 to 0.72; 0.6 lists twice the noise.
RELATIVE_CUT = 0.7
# ... or below this share of the second best paper's, whichever is lower. On the development lists decided by the cut
# (85 questions) recall 0.834 → 0.853 and precision 0.746 → 0.743.
SECOND_CUT = 0.9
MAX_LISTED = 12
PASSAGES_PER_SHOWN = 2  # retrieved beyond a list's depth for each paper shown before, which the list then leaves out
ONE_PAPER_MARGIN = 0.05  # for "which paper …": another paper this close to the best one is as much the answer
SHOWN_CUT = 0.6  # "any others?": a paper below this share of the best on the topic, shown or not, is not one


def best_per_paper(question: str, passages: list[Passage]) -> list[tuple[Passage, float]]:
    """Each paper's best passage and its relevance (refusal.evidence), best paper first."""
    best: dict[str, tuple[Passage, float]] = {}
    for passage, score in zip(passages, evidence(question, passages), strict=True):
        if passage.paper_id not in best or score > best[passage.paper_id][1]:
            best[passage.paper_id] = (passage, score)
    return sorted(best.values(), key=lambda pair: pair[1], reverse=True)


def relevant_papers(
    passages: list[Passage],
    key_terms: list[str],
    aliases: dict[str, list[str]] | None = None,
    shown: Collection[str] = (),
) -> list[Passage]:
    """The best passage of every paper the list should name, best first (by the retriever's fused score). A term is
    mentioned by itself or by another form of it the library defines (`aliases`: ZO → zeroth order).

    Papers `shown` before ("any others?") are left out; the rest must clear the usual cut below the best of them, and
    a lower one below the best paper on the topic, shown or not: papers far below what was shown are not "others"
    on the topic, and when none is left the list is empty."""
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
    if fresh := [passage for passage in mentioning if passage.paper_id not in shown]:
        return fresh[:MAX_LISTED]
    rest = [passage for passage in ranked if passage.paper_id not in shown]
    if not rest:
        return []
    # One paper far above the rest does not set the bar alone: the second best, nearly as high, may lower it.
    bar = rest[0].score * RELATIVE_CUT
    if len(rest) > 1:
        bar = min(bar, rest[1].score * SECOND_CUT)
    floor = max(bar, ranked[0].score * SHOWN_CUT)
    return [passage for passage in rest if passage.score >= floor][:MAX_LISTED]


def in_order(listed: list[Passage], order: str | None) -> list[Passage]:
    """The listed papers in the date order the question asked for ("oldest first"), undated ones last; as they are
    (by relevance) when it asked for none."""
    return listed if order is None else by_date(listed, newest=order == "newest")


def focused(query: str, passages: list[Passage]) -> list[Passage]:
    """For a question that asks for one paper: the passages of the best paper, and of any other that matches the
    question nearly as well (a second paper is cited only when it is as much the answer)."""
    ranked = best_per_paper(query, passages)
    if not ranked:
        return passages
    floor = ranked[0][1] - ONE_PAPER_MARGIN
    kept = {passage.paper_id for passage, score in ranked if score >= floor}
    return [passage for passage in passages if passage.paper_id in kept]
