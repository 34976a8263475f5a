"""History helpers: normalising turns, the papers the last answer cited, and what a question points back at."""

from __future__ import annotations

from paperchat.assistant.question import conversation
from paperchat.ingest.papers import Paper

PAPERS = [Paper(title="FRUGAL: Memory-Efficient Optimization"), Paper(title="GaLore 2: Large-Scale Pre-Training")]


def test_history_pairs_become_turns_and_the_last_answer_cites_in_order() -> None:
    turns = conversation.normalise_history(
        [("q1", "old"), ("q2", "[1] GaLore 2: Large-Scale Pre-Training\n[2] FRUGAL: Memory-Efficient Optimization")]
    )
    assert [t["role"] for t in turns] == ["user", "assistant", "user", "assistant"]
    assert conversation.cited_papers(turns, PAPERS) == [PAPERS[1].paper_id, PAPERS[0].paper_id]
    assert conversation.previous_question(turns) == "q2"


def test_pointers() -> None:
    assert conversation.points_back("What does it propose?")
    assert not conversation.points_back("What is MemAscend?")
    assert not conversation.points_back("the paper that discovered Lion")  # a description, not a pointer
    assert conversation.points_back_to_many("Which of these use LoRA?")
    assert conversation.continues_previous("And in 2024?")


def test_pointed_at() -> None:
    cited = ["a", "b", "c"]
    assert conversation.pointed_at("Who wrote the second one?", cited) == ["b"]
    assert conversation.pointed_at("and the last paper?", cited) == ["c"]
    assert conversation.pointed_at("What does it propose?", cited) == ["a"]
    assert conversation.pointed_at("Which of these use LoRA?", cited) == cited
