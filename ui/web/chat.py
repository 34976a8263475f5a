"""The Chat tab's handlers: filter widgets to Filters, streaming an answer (its sources first), regenerating,
removing a filter chip, and a conversation kept across reloads.

No retrieval or prompting happens here: questions, filters and history go to the `Assistant` as they are.
"""

from __future__ import annotations

from collections.abc import Iterator

import gradio as gr

from paperchat.assistant.answer_stream import Retrieved
from paperchat.assistant.errors import USER_ERRORS
from paperchat.assistant.filters import Filters
from paperchat.assistant.results import Answer
from paperchat.ui.web import conversation, filter_chips, render
from paperchat.ui.web.conversation import conversation_markdown
from paperchat.ui.web.handlers import Shell

PANEL = ("year_from", "year_to", "author", "category", "org", "keep_undated")  # the filter panel's widgets, in order


def panel_filters(
    year_from: float | None,
    year_to: float | None,
    author: str | None,
    category: str | None,
    org: str | None,
    keep_undated: bool | None = None,
    paper_id: str | None = None,
) -> Filters:
    """The filter panel's values as Filters: empty boxes filter nothing, a reversed year range is swapped."""
    low, high = (int(y) if y else None for y in (year_from, year_to))  # an empty Number box sends 0
    if low is not None and high is not None and low > high:
        low, high = high, low
    return Filters(
        year_from=low,
        year_to=high,
        author=(author or "").strip() or None,
        category=(category or "").strip() or None,
        org=(org or "").strip() or None,
        keep_undated=True if keep_undated else None,
        paper_ids=[paper_id] if paper_id else None,
    )


def dropped_filters(answer: Answer, chip: str) -> list[str]:
    """The inferred filters `answer` left out, and those of `chip`: the names a new answer should ignore."""
    names = [*(answer.filters.get("ignore_inferred") or []), *filter_chips.field_names(chip)]
    return [name for name in dict.fromkeys(names) if name in Filters.model_fields]  # the chip comes from the page


class Chat:
    """Handlers bound to one Shell; every method is stateless, the conversation lives in the page's State."""

    display = staticmethod(conversation.chat_messages)
    history = staticmethod(conversation.engine_history)
    saved = staticmethod(conversation.to_browser)

    def __init__(self, shell: Shell) -> None:
        self.shell = shell
        self.assistant = shell.assistant

    def pending_filters(self, *panel: object) -> str:
        """Chips above the question box for the panel's filters (its values in PANEL order), and how many undated
        papers a year range leaves out."""
        given = panel_filters(*panel).describe()  # type: ignore[arg-type]
        undated = 0
        if "year_from" in given or "year_to" in given:
            undated = sum(1 for paper in self.assistant.papers() if not paper.year)
        return filter_chips.pending_filters(given, undated)

    @staticmethod
    def clear_filter(action: str, *panel: object) -> tuple:
        """A set chip's ×: the panel's values with that filter emptied (`action` is `clear:NAME`)."""
        names = filter_chips.field_names(action.removeprefix("clear:"))
        return tuple(None if name in names else value for name, value in zip(PANEL, panel, strict=True))

    def respond(
        self,
        question: str,
        answers: list[Answer] | None,
        action: str | None,
        year_from: float | None,
        year_to: float | None,
        author: str | None,
        category: str | None,
        org: str | None,
        keep_undated: bool | None = None,
        scope: str | None = None,
        request: gr.Request | None = None,
    ) -> Iterator[tuple]:
        """Stream one answer into the conversation, within the panel's filters (`scope`: the one paper asked about).

        `action` says which answer: empty asks `question`; `regenerate` asks the last question again, in place of
        its answer; `drop:NAME` (an inferred chip's ×) does so without the filter NAME the engine inferred, nor
        those removed from it before. Outputs: question box, chatbot, answers, sources, filters, markdown, BibTeX."""
        answers = list(answers or [])
        given = panel_filters(year_from, year_to, author, category, org, keep_undated, scope)
        if action:
            if not answers:
                return
            last = answers.pop()
            question = last.question
            if action.startswith("drop:"):
                given.ignore_inferred = dropped_filters(last, action.removeprefix("drop:"))
        yield from self.answer(question, answers, given, request)

    def answer(self, question: str, answers: list[Answer], given: Filters, request: gr.Request | None) -> Iterator:
        """The answer to `question` after `answers`, within `given`: the sources as soon as retrieval is done,
        then the text as it is written, then the checked answer with its cards, chips and export."""
        question = (question or "").strip()
        skip = gr.skip()
        if not question:
            yield skip, skip, skip, skip, skip, skip, skip
            return
        if refusal := self._cannot_answer(request):
            chat = [*self.display(answers), {"role": "user", "content": render.esc(question)}, refusal]
            yield question, chat, skip, skip, skip, skip, skip
            return
        draft = ""
        yield "", self.display(answers, question), skip, skip, skip, skip, skip
        try:
            stream = self.assistant.stream(question, given, None, self.history(answers))
            for event in stream.events():
                if isinstance(event, Retrieved):
                    sources = render.render_sources(answers, pending=(question, event.passages))
                    yield skip, skip, skip, sources, skip, skip, skip
                    continue
                draft += event
                yield skip, self.display(answers, question, draft), skip, skip, skip, skip, skip
            final = stream.answer()
        except USER_ERRORS as error:
            gr.Warning(str(error))
            yield question, self.display(answers), skip, render.render_sources(answers), skip, skip, skip
            return
        answers.append(final)
        yield (skip, self.display(answers), answers, *self.views(answers, given.describe()))

    def _cannot_answer(self, request: gr.Request | None) -> dict | None:
        """The message instead of an answer, when the user asked too often or nothing is indexed; else None."""
        user = getattr(request, "username", None) or getattr(request, "session_hash", None) or "local"
        limiter = self.shell.limiter
        if not limiter.allow(user):
            wait = max(1, round(limiter.retry_after(user)))
            text = f"You have asked {limiter.per_minute} questions in the last minute; please try again in {wait} s."
            return {"role": "assistant", "content": text}
        if not self.shell.status()[2]:
            text = (
                "No papers are indexed yet: add some in the **Library** tab, "
                "or run `paperchat ingest PATH` in a terminal."
            )
            return {"role": "assistant", "content": text}
        return None

    def views(self, answers: list[Answer], given: dict) -> tuple:
        """What follows the conversation: source cards, the last answer's filter chips, Markdown and BibTeX."""
        bib = conversation.write_bibtex(answers, self.shell.export_dir)
        return (
            render.render_sources(answers),
            filter_chips.render_filters(answers[-1].filters, given) if answers else "",
            conversation_markdown(answers),
            gr.DownloadButton(value=bib, visible=bib is not None),
        )

    @staticmethod
    def stopped(answers: list[Answer] | None) -> str:
        """After Stop: the sources of the answers that finished, not those of the one stopped."""
        return render.render_sources(list(answers or []))

    def restore(self, saved: list[dict] | None) -> tuple:
        """A reloaded page: the kept conversation back in the chat, the sources and the export."""
        answers = conversation.from_browser(saved)
        if not answers:
            return self.new_conversation()[:-1]
        return (self.display(answers), answers, *self.views(answers, {}))

    @staticmethod
    def new_conversation() -> tuple:
        return ([], [], render.render_sources([]), "", "", gr.DownloadButton(value=None, visible=False), "")
