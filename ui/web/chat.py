"""The Chat tab's handlers: filter widgets to Filters, streaming an answer (its sources first) that Stop ends at once,
regenerating, removing a filter chip, and a conversation kept across reloads (a question being answered too).

No retrieval or prompting happens here: questions, filters and history go to the `Assistant` as they are.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from typing import TypeVar

import gradio as gr

from paperchat.assistant.answer_stream import Retrieved
from paperchat.assistant.errors import USER_ERRORS
from paperchat.assistant.filters import Filters
from paperchat.assistant.results import Answer
from paperchat.ui.web import cards, conversation, filter_chips, render, stop
from paperchat.ui.web.handlers import Shell, for_readers
from paperchat.ui.web.panel import PANEL, PanelError, dropped_filters, panel_filters

OUTPUTS = ("question", "chat", "kept", "sources", "applied", "markdown", "bibtex", "scope", "scope_chip")
T = TypeVar("T")
RESUME = "resume"  # the action of the page's load chain: ask again the question a reload interrupted, if any
SHOW_EVERY = 0.08  # seconds between redraws of a streaming answer: pieces that arrive sooner are drawn together


def updates(**given: object) -> tuple:
    """Chat.respond's outputs in OUTPUTS order: the ones given, the rest left as they are."""
    return tuple(given.get(name, gr.skip()) for name in OUTPUTS)


async def show(render: Callable[..., T], *arguments: object) -> T:
    """Rendering (and the index reads behind it) off the server's event loop: a long conversation takes a while to
    draw, and the loop meanwhile sends what was yielded before and serves every other user."""
    return await asyncio.to_thread(render, *arguments)


def session(request: gr.Request | None) -> str:
    return getattr(request, "session_hash", None) or "local"


def resumed(question: str, kept: dict | None, action: str | None) -> tuple[str, str | None]:
    """The question and action an event chain asks. On a page load (RESUME) that is the question the browser kept
    as being answered, never what the box holds: the user may already be typing or have asked."""
    if action != RESUME:
        return question, action
    return conversation.from_browser(kept)[1] or "", ""


def asks_nothing(question: str, action: str | None) -> bool:
    return not action and not (question or "").strip()


class Chat:
    """Handlers bound to one Shell. The conversation lives in the page (browser storage, sent with each question),
    so the server keeps nothing of it between questions; only the Stop signals of answers in progress are here."""

    display = staticmethod(conversation.chat_messages)
    history = staticmethod(conversation.engine_history)

    def __init__(self, shell: Shell) -> None:
        self.shell = shell
        self.assistant = shell.assistant
        self.stops = stop.StopSignals()

    def pending_filters(self, *panel: object) -> str:
        """Chips above the question box for the panel's filters (its values in PANEL order), and how many undated
        papers a year range leaves out."""
        try:
            given = panel_filters(*panel).describe()  # type: ignore[arg-type]
        except PanelError as error:
            return (
                f'<div class="pc-filters pc-error">✗ {render.esc(error)}</div>'  # shown, so it is fixed before asking
            )
        undated = 0
        if "year_from" in given or "year_to" in given:
            undated = sum(1 for paper in self.assistant.papers() if not paper.year)
        return filter_chips.pending_filters(given, undated)

    @staticmethod
    def clear_filter(action: str, *panel_and_scope: object) -> tuple:
        """A set chip's ×: the panel's values and the paper scope, with that one emptied (`action` is `clear:NAME`;
        `clear:scope` asks about every paper again). Outputs: the panel's widgets, scope, scope chip."""
        *panel, scope = panel_and_scope
        name = action.removeprefix("clear:")
        if name == "scope":
            return (*panel, None, "")
        names = filter_chips.field_names(name)
        cleared = tuple(None if field in names else value for field, value in zip(PANEL, panel, strict=True))
        return (*cleared, scope, gr.skip())

    # --- asking -------------------------------------------------------------------------------------
    def begin(self, question: str, kept: dict | None, action: str | None, request: gr.Request) -> tuple:
        """The moment a question is asked: controls to busy, a Stop signal for it, and the question kept in the
        browser with the conversation, so a reload meanwhile asks it again. Outputs: box, Ask, Stop, kept."""
        question, action = resumed(question, kept, action)
        if asks_nothing(question, action):
            return gr.skip(), gr.skip(), gr.skip(), gr.skip()
        self.stops.start(session(request))
        answers, _ = conversation.from_browser(kept)
        kept = conversation.to_browser(answers, None if action else question.strip())
        return gr.update(interactive=False), gr.update(visible=False), gr.update(visible=True), kept

    async def stop(self, request: gr.Request) -> tuple:
        """Stop: the answer in progress ends with what it has (see respond). Outputs: box, Ask, Stop. Async, so it
        runs at once on the server's loop rather than waiting for a worker thread."""
        self.stops.stop(session(request))
        return self.idle()

    @staticmethod
    def idle() -> tuple:
        return gr.update(interactive=True), gr.update(visible=True), gr.update(visible=False)

    def settle(self, request: gr.Request) -> tuple:
        """The controls after an event chain ends: idle, unless another answer of this session is in progress (one
        asked while the page's load chain, or a stopped answer's chain, was still ending) whose Stop must stay."""
        return (gr.skip(),) * 3 if self.stops.busy(session(request)) else self.idle()

    async def respond(
        self,
        question: str,
        kept: dict | None,
        action: str | None,
        year_from: float | None,
        year_to: float | None,
        author: str | None,
        category: str | None,
        org: str | None,
        keep_undated: bool | None = None,
        scope: str | None = None,
        request: gr.Request | None = None,
    ) -> AsyncIterator[tuple]:
        """Stream one answer into the conversation `kept` in the page, within the panel's filters (`scope`: the one
        paper the next question is about; it is used up by that question).

        `action` says which answer: empty asks `question`; `regenerate` asks the last question again, in place of
        its answer; `drop:NAME` (an inferred chip's ×) does so without the filter NAME the engine inferred, nor
        those removed from it before; RESUME asks the question kept as being answered, if any. Outputs: OUTPUTS."""
        question, action = resumed(question, kept, action)
        if asks_nothing(question, action):
            # Nothing asked (a page load with no question to ask again), so no Stop signal is this chain's. Yield
            # anyway: a generator that yields nothing would make Gradio empty the outputs.
            yield updates()
            return
        answers, _ = conversation.from_browser(kept)
        try:
            given = panel_filters(year_from, year_to, author, category, org, keep_undated, scope)
        except PanelError as error:  # the question stays in its box, to ask once the filter is right
            self.stops.finish(session(request), self.stops.current(session(request)))
            gr.Warning(str(error))
            yield updates(question=question if not action else gr.skip())
            return
        if action:
            if not answers:
                self.stops.finish(session(request), self.stops.current(session(request)))
                yield updates()  # nothing to answer: every output stays as it is
                return
            last = answers.pop()
            question = last.question
            given.paper_ids = last.filters.get("paper_ids")  # asked again about the same papers, if any
            if action.startswith("drop:"):
                given.ignore_inferred = dropped_filters(last, action.removeprefix("drop:"))
        async for update in self.answer(question, answers, given, request):
            yield update

    async def answer(
        self, question: str, answers: list[Answer], given: Filters, request: gr.Request | None
    ) -> AsyncIterator[tuple]:
        """The answer to `question` after `answers`, within `given`: the sources as soon as retrieval is done, then
        the text as it is written, then the checked answer with its cards, chips and export; or, after Stop, the
        answer as it stood, marked as stopped, with the sources it was written from."""
        question = (question or "").strip()
        signal = self.stops.current(session(request))
        try:
            if refusal := await asyncio.to_thread(self._cannot_answer, request):
                chat = [*await show(self.display, answers), conversation.question_message(question), refusal]
                yield updates(question=question, chat=chat)
                return
            yield updates(question="", chat=await show(self.display, answers, question), scope=None, scope_chip="")
            async for update in self._stream(question, answers, given, signal):
                yield update
        finally:
            self.stops.finish(session(request), signal)

    async def _stream(self, question: str, answers: list[Answer], given: Filters, signal: object) -> AsyncIterator:
        started, draft, shown, drawn = time.monotonic(), "", 0.0, 0
        if not await stop.acquire(self.shell.slots, signal):  # type: ignore[arg-type]
            final = stop.stopped_answer(question, "", None, started)
        else:
            try:
                stream = self.assistant.astream(question, given, None, self.history(answers))
                async for event in stop.until_stopped(stream.events(), signal):  # type: ignore[arg-type]
                    if isinstance(event, Retrieved):
                        pending = (question, event.passages)
                        yield updates(sources=await show(cards.render_sources, answers, pending))
                        continue
                    draft += event or ""  # None: the engine is quiet for now; draw what has come
                    if len(draft) > drawn and (event is None or time.monotonic() - shown >= SHOW_EVERY):
                        shown, drawn = time.monotonic(), len(draft)
                        yield updates(chat=await show(self.display, answers, question, draft))
                stopped = signal.is_set()  # type: ignore[attr-defined]
                final = stop.stopped_answer(question, draft, stream.passages, started) if stopped else None
                final = final or await stream.answer()
            except USER_ERRORS as error:
                gr.Warning(for_readers(str(error)))
                shown_now = await show(self.display, answers)
                yield updates(question=question, chat=shown_now, sources=await show(cards.render_sources, answers))
                return
            finally:
                self.shell.slots.release()
        answers.append(final)
        chat = await show(self.display, answers)
        if stop.is_stopped(final):  # shown at once; the cards, chips and export follow
            yield updates(chat=chat)
        views = await show(self.views, answers, given.describe())
        yield updates(chat=chat, kept=conversation.to_browser(answers), **views)

    def _cannot_answer(self, request: gr.Request | None) -> dict | None:
        """The message instead of an answer, when the user asked too often or nothing is indexed; else None."""
        if refusal := self.shell.over_limit(request):
            return {"role": "assistant", "content": refusal}
        if not self.shell.status()[2]:
            text = (
                "No papers are indexed yet: add some in the **Library** tab, "
                "or run `paperchat ingest PATH` in a terminal."
            )
            return {"role": "assistant", "content": text}
        return None

    def views(self, answers: list[Answer], given: dict) -> dict:
        """What follows the conversation: source cards, the last answer's filter chips, Markdown and BibTeX."""
        bib = conversation.write_bibtex(answers, self.shell.export_dir)
        last = answers[-1] if answers else None
        titles = {p.paper_id: p.display_title for p in [*last.passages, *last.citations]} if last else {}
        return {
            "sources": cards.render_sources(answers),
            "applied": filter_chips.render_filters(last.filters, given, titles) if last else "",
            "markdown": conversation.conversation_markdown(answers),
            "bibtex": gr.DownloadButton(value=bib, visible=bib is not None),
        }

    def restore(self, kept: dict | list | None) -> tuple:
        """A reloaded page: the kept conversation back in the chat, the sources and the export, and a question that
        was being answered back in the box (the page asks it again). Outputs: chat, sources, applied, markdown,
        BibTeX, question box. With nothing kept the page stays as it is: a slow load must not clear a question typed
        or asked meanwhile."""
        answers, asking = conversation.from_browser(kept)
        box = asking or gr.skip()
        if not answers:
            return (*[gr.skip()] * 5, box)
        views = self.views(answers, {})
        shown = (views["sources"], views["applied"], views["markdown"], views["bibtex"])
        return (self.display(answers), *shown, box)

    @staticmethod
    def new_conversation() -> tuple:
        """Outputs: chat, sources, applied, markdown, BibTeX, kept, question box, scope, scope chip."""
        empty = cards.render_sources([])
        return (
            [],
            empty,
            "",
            "",
            gr.DownloadButton(value=None, visible=False),
            conversation.to_browser([]),
            "",
            "",
            "",
        )
