"""Lists by relevance: papers that mention the question's specific terms, else those close to the best paper."""

from __future__ import annotations

from paperchat.assistant.answering.paper_lists import MAX_LISTED, best_per_paper, in_order, relevant_papers
from paperchat.assistant.results import Passage


def passage(paper_id: str, score: float, text: str = "", dense: float = 0.5) -> Passage:
    return Passage(
        paper_id=paper_id, title=paper_id, chunk_id=f"{paper_id}:{score}", text=text, score=score, dense_score=dense
    )


def test_papers_close_to_the_best_are_listed_once_each() -> None:
    passages = [passage("a", 0.9), passage("a", 0.5), passage("b", 0.7), passage("c", 0.3)]
    assert [p.paper_id for p in relevant_papers(passages, [])] == ["a", "b"]  # c is below 0.7 of the best


def test_one_paper_far_above_the_rest_does_not_set_the_bar_alone() -> None:
    passages = [passage("top", 0.8), passage("second", 0.55), passage("third", 0.5), passage("noise", 0.4)]
    # 0.7 of the best is 0.56; 0.9 of the second best, 0.495, is lower and keeps the third.
    assert [p.paper_id for p in relevant_papers(passages, [])] == ["top", "second", "third"]


def test_a_named_term_picks_the_papers_that_mention_it() -> None:
    passages = [
        passage("a", 0.9, "Adam at scale."),
        passage("b", 0.4, "We compare against GaLore."),
        passage("c", 0.3, "GaLore memory."),
    ]
    assert [p.paper_id for p in relevant_papers(passages, ["GaLore"])] == ["b", "c"]


def test_any_others_lists_only_papers_not_shown_that_still_clear_the_topics_bar() -> None:
    passages = [passage("shown", 1.0), passage("near", 0.75), passage("far", 0.5), passage("farther", 0.4)]
    # "far" is within 0.7 of the best paper not shown, but below 0.6 of the best on the topic: not one of "others".
    assert [p.paper_id for p in relevant_papers(passages, [], shown={"shown"})] == ["near"]
    assert relevant_papers([passage("shown", 1.0), passage("far", 0.5)], [], shown={"shown"}) == []


def test_when_every_paper_naming_the_term_was_shown_others_are_found_by_relevance() -> None:
    passages = [passage("a", 0.9, "GaLore memory."), passage("b", 0.8, "low-rank projection")]
    assert [p.paper_id for p in relevant_papers(passages, ["GaLore"], shown={"a"})] == ["b"]


def test_lists_are_bounded() -> None:
    passages = [passage(f"p{n}", 1.0) for n in range(MAX_LISTED + 5)]
    assert len(relevant_papers(passages, [])) == MAX_LISTED
    assert relevant_papers([], ["x"]) == []


def test_best_per_paper_orders_papers_by_their_best_passage() -> None:
    scored = best_per_paper(
        "kelp growth",
        [passage("a", 0, "kelp", 0.2), passage("b", 0, "kelp growth", 0.6), passage("a", 0, "kelp growth fast", 0.7)],
    )
    assert [p.paper_id for p, _ in scored] == ["a", "b"] and scored[0][1] > scored[1][1]


def test_a_list_asked_in_date_order_is_shown_in_it() -> None:
    dated = [
        passage("new", 0.9).model_copy(update={"date": "2025-06-01", "year": 2025}),
        passage("undated", 0.8),
        passage("old", 0.7).model_copy(update={"date": "Mar 1, 2022", "year": 2022}),
    ]
    assert [p.paper_id for p in in_order(dated, "oldest")] == ["old", "new", "undated"]
    assert [p.paper_id for p in in_order(dated, "newest")] == ["new", "old", "undated"]
    assert in_order(dated, None) == dated  # by relevance when no order was asked
