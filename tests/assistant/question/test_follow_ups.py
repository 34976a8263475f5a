"""Follow-up questions: a question points back at the last answer's papers only when it says so and brings no paper
or specific term of its own; scope is the last answer's cited papers, never compounded."""

from __future__ import annotations

from paperchat.assistant.question.reader import read_question
from tests.assistant.question.library_fixture import LIBRARY, PAPERS, paper_id


def answer_citing(*title_starts: str) -> str:
    """An assistant turn with a reference list, as the shells show it."""
    titles = [next(p.title for p in PAPERS if p.title.startswith(start)) for start in title_starts]
    return "Text [1].\n\nReferences:\n" + "\n".join(f"[{n}] {title}" for n, title in enumerate(titles, 1))


HISTORY = [
    {"role": "user", "content": "Which papers reduce optimizer memory?"},
    {"role": "assistant", "content": answer_citing("FRUGAL", "GaLore 2", "Natural GaLore")},
]


def test_a_pronoun_points_back_at_the_first_cited_paper() -> None:
    plan = read_question("What does it propose?", LIBRARY, HISTORY)
    assert plan.follow_up and plan.scope == [paper_id("FRUGAL")] and plan.kind == "summary"
    assert plan.retrieval_filters().paper_ids == [paper_id("FRUGAL")]


def test_these_papers_and_ordinals() -> None:
    many = read_question("Which of these use low-rank projection?", LIBRARY, HISTORY)
    assert many.follow_up and many.kind == "list" and len(many.scope) == 3
    second = read_question("Who wrote the second one?", LIBRARY, HISTORY)
    assert second.follow_up and second.scope == [paper_id("GaLore 2")] and second.asked_field == "authors"


def test_an_ellipsis_with_no_topic_of_its_own_is_a_follow_up() -> None:
    plan = read_question("Why?", LIBRARY, HISTORY)
    assert plan.follow_up and len(plan.scope) == 3


def test_naming_a_new_paper_is_a_new_question() -> None:
    plan = read_question("What is MemAscend?", LIBRARY, HISTORY)
    assert not plan.follow_up and plan.scope == [] and plan.named_papers == [paper_id("MemAscend")]
    assert plan.kind == "summary"


def test_comparing_the_paper_pointed_at_with_a_new_one() -> None:
    plan = read_question("How does it compare with MemAscend?", LIBRARY, HISTORY)
    assert plan.kind == "compare" and plan.named_papers == [paper_id("FRUGAL"), paper_id("MemAscend")]
    assert not plan.follow_up and plan.scope == []


def test_naming_a_cited_paper_scopes_to_it() -> None:
    plan = read_question("What does FRUGAL propose, and how does its memory use compare?", LIBRARY, HISTORY)
    assert plan.follow_up and plan.scope == [paper_id("FRUGAL")]


def test_a_new_topic_or_a_new_specific_term_searches_the_whole_library() -> None:
    assert not read_question("Which papers use federated learning?", LIBRARY, HISTORY).follow_up
    # "it" points back, but CUDA is in none of the cited papers: a new question.
    assert not read_question("Does it run on CUDA kernels written by KernelBlaster?", LIBRARY, HISTORY).follow_up
    assert not read_question("What is the oldest paper on the profile?", LIBRARY, HISTORY).follow_up


def test_scope_comes_from_the_last_answer_only() -> None:
    history = [
        *HISTORY,
        {"role": "user", "content": "What does it propose?"},
        {"role": "assistant", "content": answer_citing("FRUGAL")},
    ]
    plan = read_question("Which of these release code?", LIBRARY, history)
    assert plan.scope == [paper_id("FRUGAL")]  # not the three papers of the answer before


def test_a_continuation_keeps_the_previous_form_and_adds_constraints() -> None:
    history = [
        {"role": "user", "content": "How many papers are about GaLore?"},
        {"role": "assistant", "content": answer_citing("GaLore:", "GaLore 2")},
    ]
    plan = read_question("And in 2025?", LIBRARY, history)
    assert plan.kind == "count" and "GaLore" in plan.topic and plan.filters.year_from == 2025
    assert plan.follow_up == "continue" and not plan.scope  # a count over the library, now within 2025


def test_history_as_question_answer_pairs() -> None:
    pairs = [("Which papers reduce optimizer memory?", answer_citing("MemAscend"))]
    plan = read_question("When was it published?", LIBRARY, pairs)
    assert plan.follow_up and plan.scope == [paper_id("MemAscend")] and plan.asked_field == "date"
