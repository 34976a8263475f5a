"""The Chat tab's handlers: panel values to Filters, answers to chat messages and to the engine's history, the
sources before the answer, and a filter chip's ×."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path
from typing import Any

import gradio as gr

from paperchat.assistant.results import Answer, Citation
from paperchat.ui.web import conversation
from paperchat.ui.web.chat import OUTPUTS, RESUME, Chat
from paperchat.ui.web.handlers import Shell
from paperchat.ui.web.stop import is_stopped
from tests.ui.web.held_assistant import held_assistant

KEPT, SOURCES, APPLIED, SCOPE, SCOPE_CHIP = (
    OUTPUTS.index(n) for n in ("kept", "sources", "applied", "scope", "scope_chip")
)


def answers_in(update: tuple) -> list[Answer]:
    """The conversation an update writes into the page (browser storage), as Answers."""
    return conversation.from_browser(update[KEPT])[0]


QUESTION_ANY = "How can LLMs be fine-tuned with little GPU memory?"
PAGE = type("Request", (), {"session_hash": "tab-1", "username": None})()  # one browser tab


def respond(chat: Chat, *arguments: Any, scope: str | None = None) -> list[tuple]:
    """Every update Chat.respond streams for one question (an async generator, as Gradio runs it)."""

    async def collect() -> list[tuple]:
        return [update async for update in chat.respond(*arguments, None, None, "", None, None, None, scope, PAGE)]

    return asyncio.run(collect())


def _answer(question: str = "What is <b>X</b>?") -> Answer:
    citation = Citation(n=1, paper_id="p1", title="Grass: Low-Memory LLM Training", authors=["A B"], snippet="s")
    return Answer(question=question, text="X saves memory [1].", citations=[citation])


def test_history_is_the_answers_so_follow_ups_read_the_papers_they_considered() -> None:
    answer = _answer().model_copy(update={"considered": ["p1"], "plan": {"kind": "list"}})
    (given,) = Chat.history([answer])
    assert given.considered == ["p1"] and given.plan == {"kind": "list"} and given.question == "What is <b>X</b>?"


def test_chat_messages_escape_the_question_and_link_markers() -> None:
    messages = Chat.display([_answer()], pending="next <i>one</i>", draft="Partial <draft")
    assert messages[0]["content"].startswith('What is &lt;b&gt;X&lt;/b&gt;?\n\n<div class="pc-copy" hidden>')
    assert "(#source-1-1)" in messages[1]["content"]
    assert (
        messages[2]["content"].startswith("next &lt;i&gt;one&lt;/i&gt;")
        and messages[3]["content"] == "Partial &lt;draft"
    )
    assert Chat.display([], pending="q", draft="Kelp [3] grows [4].")[1]["content"] == "Kelp grows."  # unchecked


def test_a_set_chips_cross_empties_that_filter_and_a_year_chip_both_ends() -> None:
    panel = (2023, 2025, "Ada Lovelace", "LG", None, True)
    assert Chat.clear_filter("clear:author", *panel, "p1")[:7] == (2023, 2025, None, "LG", None, True, "p1")
    assert Chat.clear_filter("clear:year", *panel, None)[:6] == (None, None, "Ada Lovelace", "LG", None, True)
    assert Chat.clear_filter("clear:scope", *panel, "p1") == (*panel, None, "")  # the paper scope's ×


def test_the_sources_come_before_the_answer_text(seed_assistant: Any, tmp_path: Path) -> None:
    chat = Chat(Shell(seed_assistant, export_dir=tmp_path))
    question = "How does MemAscend reduce system memory when offloading fine-tuning to SSDs?"
    outputs = respond(chat, question, [], "")
    searching = next(i for i, out in enumerate(outputs) if "pc-pending-turn" in str(out[SOURCES]))
    first_text = next(i for i, out in enumerate(outputs) if isinstance(out[1], list) and out[1][-1]["content"] != "…")
    assert searching < first_text  # the retrieved papers were shown before any of the answer was
    assert "MemAscend" in outputs[searching][SOURCES] and "writing the answer" in outputs[searching][SOURCES]
    final_sources = outputs[-1][SOURCES]
    assert "pc-pending-turn" not in final_sources and 'id="source-1-1"' in final_sources


def test_an_inferred_chips_cross_asks_again_without_it(seed_assistant: Any, tmp_path: Path) -> None:
    chat = Chat(Shell(seed_assistant, export_dir=tmp_path))
    question = "Which papers from 2025 are about speech recognition?"
    *_, first = respond(chat, question, [], "")
    answers = first[KEPT]
    assert answers_in(first)[-1].filters["year_from"] == 2025 and 'data-action="drop:year"' in first[APPLIED]
    *_, again = respond(chat, "", answers, "drop:year")
    redone = answers_in(again)
    assert len(redone) == 1 and redone[0].question == question  # in place of the answer, not after it
    assert "year_from" not in redone[0].filters and redone[0].filters["ignore_inferred"] == ["year_from", "year_to"]
    assert "Not applied: years" in again[APPLIED]
    *_, unknown = respond(chat, "", again[KEPT], "drop:colour")  # a name no filter has
    assert answers_in(unknown)[0].filters["ignore_inferred"] == ["year_from", "year_to"]


def test_regenerate_answers_the_last_question_again_in_its_place(seed_assistant: Any, tmp_path: Path) -> None:
    chat = Chat(Shell(seed_assistant, export_dir=tmp_path))
    *_, first = respond(chat, "What is MemAscend?", [], "")
    *_, again = respond(chat, "ignored, the last question is asked", first[KEPT], "regenerate")
    assert [answer.question for answer in answers_in(again)] == ["What is MemAscend?"]
    assert respond(chat, "", [], "regenerate") == [(gr.skip(),) * len(OUTPUTS)]  # nothing to regenerate: no change
    assert respond(chat, "   ", [], "") == [(gr.skip(),) * len(OUTPUTS)]  # an empty question: no change either
    assert len(chat.stops) == 0  # no Stop signal outlives its answer


def test_a_paper_scope_is_used_by_one_question_and_named_in_its_chip(seed_assistant: Any, tmp_path: Path) -> None:
    chat = Chat(Shell(seed_assistant, export_dir=tmp_path))
    paper = next(p for p in seed_assistant.papers() if p.display_title.startswith("MemAscend"))
    outputs = respond(chat, "What does it propose?", [], "", scope=paper.paper_id)
    assert outputs[0][SCOPE] is None and outputs[0][SCOPE_CHIP] == ""  # used up as soon as it is asked
    answer = answers_in(outputs[-1])[-1]
    assert not answer.refused and {c.paper_id for c in answer.citations} == {paper.paper_id}
    assert (
        f"about: {paper.display_title[:40]}" in outputs[-1][APPLIED] and "previous answer" not in outputs[-1][APPLIED]
    )
    *_, again = respond(chat, "", outputs[-1][KEPT], "regenerate")  # asked again: about the same paper
    assert {c.paper_id for c in answers_in(again)[-1].citations} == {paper.paper_id}
    *_, broad = respond(chat, "Which papers study robust speech recognition?", again[KEPT], "")
    widened = answers_in(broad)[-1]  # the next question searches the whole library again
    assert "paper_ids" not in widened.filters and widened.citations
    assert paper.paper_id not in {c.paper_id for c in widened.citations}


def test_stop_ends_the_answer_with_what_it_had_and_its_sources(seed_assistant: Any, tmp_path: Path) -> None:
    release = threading.Event()
    chat = Chat(Shell(held_assistant(seed_assistant, release, after=3), export_dir=tmp_path))

    async def ask_then_stop() -> list[tuple]:
        chat.stops.start(PAGE.session_hash)
        updates = []
        async for update in chat.respond(
            "How can LLMs be fine-tuned with little GPU memory?", [], "", None, None, "", None, None, None, None, PAGE
        ):
            updates.append(update)
            if isinstance(update[1], list) and update[1][-1]["content"] not in ("…", ""):
                await chat.stop(PAGE)  # the answer has begun: Stop, while the engine is held
        return updates

    try:
        updates = asyncio.run(ask_then_stop())
    finally:
        release.set()
    stopped = answers_in(updates[-1])[-1]
    assert is_stopped(stopped) and stopped.text and stopped.passages and not stopped.citations
    assert "Stopped before the answer was finished" in updates[-1][SOURCES] and "pc-uncited" in updates[-1][SOURCES]
    assert "⏹ Stopped" in updates[-1][1][-1]["content"] and "[1]" not in updates[-1][1][-1]["content"]
    assert len(chat.stops) == 0


def test_a_year_that_is_not_one_is_said_and_the_question_waits(seed_assistant: Any, tmp_path: Path) -> None:
    chat = Chat(Shell(seed_assistant, export_dir=tmp_path))

    async def collect() -> list[tuple]:
        return [u async for u in chat.respond("Kelp?", [], "", "twenty", None, "", None, None, None, None, PAGE)]

    (update,) = asyncio.run(collect())
    assert update[0] == "Kelp?" and update[KEPT] == gr.skip()  # not asked; still in its box
    assert "From year: “twenty” is not a year" in chat.pending_filters("twenty", None, None, None, None, None)


def test_what_was_written_before_a_pause_is_shown_during_the_pause(seed_assistant: Any, tmp_path: Path) -> None:
    """Pieces are drawn in batches; the last batch before the engine pauses is drawn while it waits, not after."""
    release = threading.Event()
    chat = Chat(Shell(held_assistant(seed_assistant, release, after=4), export_dir=tmp_path))  # 3 pieces, then held
    seen_during_pause: list[str] = []

    async def run() -> None:
        async for update in chat.respond(QUESTION_ANY, [], "", None, None, "", None, None, None, None, PAGE):
            shown = update[1][-1]["content"] if isinstance(update[1], list) else ""
            if not release.is_set() and len(shown.split()) >= 3:
                seen_during_pause.append(shown)
                release.set()

    try:
        asyncio.run(run())
    finally:
        release.set()
    assert seen_during_pause  # the three pieces were on screen while the engine was held


def test_a_page_load_asks_again_only_a_question_a_reload_interrupted(seed_assistant: Any, tmp_path: Path) -> None:
    """The page's load chain restores the kept conversation and asks again the question being answered when the
    page was reloaded; never what the box holds, which the user may be typing on a slow machine."""
    chat = Chat(Shell(seed_assistant, export_dir=tmp_path))
    assert chat.restore(None) == (gr.skip(),) * 6  # nothing kept: the page, and the box, stay as they are
    assert chat.begin("typed, not asked yet", None, RESUME, PAGE) == (gr.skip(),) * 4 and len(chat.stops) == 0
    (update,) = respond(chat, "typed, not asked yet", None, RESUME)
    assert update[KEPT] == gr.skip() and len(chat.stops) == 0

    interrupted = conversation.to_browser([_answer()], QUESTION_ANY)  # a reload while this was answered
    assert chat.restore(interrupted)[-1] == QUESTION_ANY
    chat.begin("typed meanwhile", interrupted, RESUME, PAGE)
    answered = respond(chat, "typed meanwhile", interrupted, RESUME)
    assert [answer.question for answer in answers_in(answered[-1])] == [_answer().question, QUESTION_ANY]


def test_a_load_chain_ending_leaves_a_question_asked_meanwhile_its_stop(seed_assistant: Any, tmp_path: Path) -> None:
    """When the user asks before the page's load chain has ended (a slow machine), that chain's end must neither
    take the answer's Stop signal nor hide Stop."""
    chat = Chat(Shell(seed_assistant, export_dir=tmp_path))
    busy = chat.begin(QUESTION_ANY, None, "", PAGE)  # Enter: the box disabled, Ask hidden, Stop shown
    users_signal = chat.stops.current(PAGE.session_hash)
    respond(chat, QUESTION_ANY, None, RESUME)  # the load chain's answer step: nothing to ask again
    assert chat.stops.current(PAGE.session_hash) is users_signal
    assert chat.settle(PAGE) == (gr.skip(),) * 3  # the load chain ends; the controls stay as `busy` set them
    assert busy[2] == gr.update(visible=True)
    answered = respond(chat, QUESTION_ANY, None, "")  # the user's answer, then its own chain's end
    assert answers_in(answered[-1])[-1].citations and chat.settle(PAGE) == Chat.idle()
