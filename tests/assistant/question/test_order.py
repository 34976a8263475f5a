"""The order a list is asked in, and the phrase that asks it (left out of what is searched)."""

from __future__ import annotations

from paperchat.assistant.question.order import list_order


def test_a_list_asked_oldest_or_newest_first() -> None:
    question = "Which papers go after activation memory specifically? Oldest first, please."
    order, span = list_order(question)
    assert order == "oldest" and span is not None and question[span[0] : span[1]] == "Oldest first"
    assert list_order("which ones use LoRA, most recent first")[0] == "newest"
    assert list_order("list them from newest to oldest")[0] == "newest"
    assert list_order("papers on RAG in reverse chronological order")[0] == "newest"


def test_sorted_by_date_without_a_direction_is_chronological() -> None:
    assert list_order("Could you list her papers on image editing, sorted by date?")[0] == "oldest"
    assert list_order("papers on splatting, sorted by date, newest first")[0] == "newest"
    assert list_order("list them chronologically")[0] == "oldest"


def test_a_question_that_asks_no_order_has_none() -> None:
    assert list_order("Which papers are the newest?") == (None, None)  # a superlative, not an order
    assert list_order("What came first, GaLore or FRUGAL?") == (None, None)
