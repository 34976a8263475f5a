"""The handlers' glue: widget values to Filters, answers to chat messages and to the engine's history."""

from __future__ import annotations

from assistant.results import Answer, Citation
from ui.handlers import Shell


def _answer(question: str = "What is <b>X</b>?") -> Answer:
    citation = Citation(n=1, paper_id="p1", title="Grass: Low-Memory LLM Training", authors=["A B"], snippet="s")
    return Answer(question=question, text="X saves memory [1].", citations=[citation])


def test_empty_filter_widgets_mean_no_filter() -> None:
    assert Shell.filters(0, 0, "  ", None, "").is_empty()  # an empty Number box sends 0
    assert Shell.filters(None, None, None, None, None).is_empty()


def test_filter_widgets_become_filters_and_a_reversed_year_range_is_swapped() -> None:
    filters = Shell.filters(2025.0, 2023.0, " Yufeng Yang ", "LG", "nvidia")
    assert filters.describe() == {"year_from": 2023, "year_to": 2025, "author": "Yufeng Yang", "category": "LG",
                                  "org": "nvidia"}


def test_history_carries_references_so_follow_ups_know_the_cited_papers() -> None:
    history = Shell.history([_answer()])
    assert [turn["role"] for turn in history] == ["user", "assistant"]
    assert history[0]["content"] == "What is <b>X</b>?"
    assert "Grass: Low-Memory LLM Training" in history[1]["content"] and "[1]" in history[1]["content"]


def test_chat_messages_escape_the_question_and_link_markers() -> None:
    messages = Shell.display([_answer()], pending="next <i>one</i>", draft="Partial <draft")
    assert messages[0]["content"] == "What is &lt;b&gt;X&lt;/b&gt;?"
    assert "(#source-1-1)" in messages[1]["content"]
    assert messages[2]["content"] == "next &lt;i&gt;one&lt;/i&gt;" and messages[3]["content"] == "Partial &lt;draft"
