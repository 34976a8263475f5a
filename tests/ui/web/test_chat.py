"""The Chat tab's handlers: panel values to Filters, answers to chat messages and to the engine's history, the
sources before the answer, and a filter chip's ×."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from paperchat.assistant.results import Answer, Citation
from paperchat.ui.web.chat import Chat, panel_filters
from paperchat.ui.web.handlers import Shell


def _answer(question: str = "What is <b>X</b>?") -> Answer:
    citation = Citation(n=1, paper_id="p1", title="Grass: Low-Memory LLM Training", authors=["A B"], snippet="s")
    return Answer(question=question, text="X saves memory [1].", citations=[citation])


def test_empty_filter_widgets_mean_no_filter() -> None:
    assert panel_filters(0, 0, "  ", None, "").is_empty()  # an empty Number box sends 0
    assert panel_filters(None, None, None, None, None).is_empty()


def test_filter_widgets_become_filters_and_a_reversed_year_range_is_swapped() -> None:
    filters = panel_filters(2025.0, 2023.0, " Yufeng Yang ", "LG", "nvidia")
    assert filters.describe() == {
        "year_from": 2023,
        "year_to": 2025,
        "author": "Yufeng Yang",
        "category": "LG",
        "org": "nvidia",
    }


def test_history_carries_references_so_follow_ups_know_the_cited_papers() -> None:
    history = Chat.history([_answer()])
    assert [turn["role"] for turn in history] == ["user", "assistant"]
    assert history[0]["content"] == "What is <b>X</b>?"
    assert "Grass: Low-Memory LLM Training" in history[1]["content"] and "[1]" in history[1]["content"]


def test_chat_messages_escape_the_question_and_link_markers() -> None:
    messages = Chat.display([_answer()], pending="next <i>one</i>", draft="Partial <draft")
    assert messages[0]["content"] == "What is &lt;b&gt;X&lt;/b&gt;?"
    assert "(#source-1-1)" in messages[1]["content"]
    assert messages[2]["content"] == "next &lt;i&gt;one&lt;/i&gt;" and messages[3]["content"] == "Partial &lt;draft"


def test_the_keep_undated_box_keeps_papers_without_a_year() -> None:
    assert panel_filters(2024, None, None, None, None, True).keep_undated is True
    assert panel_filters(2024, None, None, None, None, False).keep_undated is None


def test_a_set_chips_cross_empties_that_filter_and_a_year_chip_both_ends() -> None:
    panel = (2023, 2025, "Ada Lovelace", "LG", None, True)
    assert Chat.clear_filter("clear:author", *panel) == (2023, 2025, None, "LG", None, True)
    assert Chat.clear_filter("clear:year", *panel) == (None, None, "Ada Lovelace", "LG", None, True)


def test_the_sources_come_before_the_answer_text(seed_assistant: Any, tmp_path: Path) -> None:
    chat = Chat(Shell(seed_assistant, export_dir=tmp_path))
    question = "How does MemAscend reduce system memory when offloading fine-tuning to SSDs?"
    outputs = list(chat.respond(question, [], "", None, None, "", None, None))
    searching = next(i for i, out in enumerate(outputs) if "pc-pending-turn" in str(out[3]))
    first_text = next(i for i, out in enumerate(outputs) if isinstance(out[1], list) and out[1][-1]["content"] != "…")
    assert searching < first_text  # the retrieved papers were shown before any of the answer was
    assert "MemAscend" in outputs[searching][3] and "writing the answer" in outputs[searching][3]
    final_sources = outputs[-1][3]
    assert "pc-pending-turn" not in final_sources and 'id="source-1-1"' in final_sources


def test_an_inferred_chips_cross_asks_again_without_it(seed_assistant: Any, tmp_path: Path) -> None:
    chat = Chat(Shell(seed_assistant, export_dir=tmp_path))
    question = "Which papers from 2025 are about speech recognition?"
    *_, first = chat.respond(question, [], "", None, None, "", None, None)
    answers = first[2]
    assert answers[-1].filters["year_from"] == 2025 and 'data-action="drop:year"' in first[4]
    *_, again = chat.respond("", answers, "drop:year", None, None, "", None, None)
    redone = again[2]
    assert len(redone) == 1 and redone[0].question == question  # in place of the answer, not after it
    assert "year_from" not in redone[0].filters and redone[0].filters["ignore_inferred"] == ["year_from", "year_to"]
    assert "Not applied: years" in again[4]
    *_, unknown = chat.respond("", redone, "drop:colour", None, None, "", None, None)  # a name no filter has
    assert unknown[2][0].filters["ignore_inferred"] == ["year_from", "year_to"]


def test_regenerate_answers_the_last_question_again_in_its_place(seed_assistant: Any, tmp_path: Path) -> None:
    chat = Chat(Shell(seed_assistant, export_dir=tmp_path))
    *_, first = chat.respond("What is MemAscend?", [], "", None, None, "", None, None)
    *_, again = chat.respond("ignored, the last question is asked", first[2], "regenerate", None, None, "", None, None)
    assert [answer.question for answer in again[2]] == ["What is MemAscend?"]
    assert list(chat.respond("", [], "regenerate", None, None, "", None, None)) == []  # nothing to regenerate
