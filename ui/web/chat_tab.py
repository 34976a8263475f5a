"""The Chat tab: its layout, and the events that ask, stop, regenerate, restore and clear a conversation.

Handlers live in chat.py; this module only places widgets and wires them.
"""

from __future__ import annotations

from typing import Any

import gradio as gr

from paperchat.ui.web.cards import render_sources
from paperchat.ui.web.chat import RESUME, Chat
from paperchat.ui.web.handlers import WELCOME
from paperchat.ui.web.style import PRIVATE

READ_ACTION = "() => window.pcChipAction || ''"  # the action a chip's × named (page script)


class ChatTab:
    """The widgets of the Chat tab, placed when made (inside `gr.Tab`); `wire` connects them."""

    def __init__(self, chat: Chat) -> None:
        self.chat = chat
        self.banner = gr.HTML(visible=False, elem_id="pc-banner", padding=False)
        with gr.Row(equal_height=False):
            with gr.Column(scale=6, min_width=420):
                self._conversation()
                self._question_box()
                self._filter_panel()
                self._export()
            with gr.Column(scale=5, min_width=360, elem_id="pc-side"):
                self.applied = gr.HTML(elem_id="pc-applied", padding=False)
                self.sources = gr.HTML(render_sources([]), elem_id="pc-sources", padding=False)
        # The paper chosen with "Ask about this paper" (its id): the next question is about it. A page value, sent
        # with the question, so it holds however many sessions the server has kept since.
        self.scope = gr.Textbox(visible="hidden", elem_id="pc-scope-id")
        # A chip's × (page script) names its action here and presses one of these hidden buttons.
        self.chip_action = gr.Textbox(visible="hidden", elem_id="pc-chip-action")
        self.chip_clear = gr.Button(visible="hidden", elem_id="pc-chip-clear")
        self.chip_drop = gr.Button(visible="hidden", elem_id="pc-chip-drop")

    def _conversation(self) -> None:
        with gr.Row(equal_height=True, elem_classes="pc-chat-head"):
            gr.HTML('<div class="pc-section">Conversation</div>', padding=False)
            self.new_chat = gr.Button("+ New conversation", size="sm", scale=0, min_width=170, elem_id="pc-new")
        self.chatbot = gr.Chatbot(
            label="Conversation",
            show_label=False,
            height=520,
            placeholder=WELCOME,
            elem_id="pc-chat",
            buttons=["copy"],  # the page script makes Copy give plain text with a reference list
            feedback_options=None,
            sanitize_html=True,
            latex_delimiters=[],
        )

    def _question_box(self) -> None:
        self.scope_chip = gr.HTML(elem_id="pc-scope", padding=False)
        self.pending = gr.HTML(elem_id="pc-pending", padding=False)
        with gr.Row(equal_height=True, elem_id="pc-ask-row"):
            self.question = gr.Textbox(
                placeholder="Ask about your papers…",
                show_label=False,
                scale=6,
                lines=1,
                max_lines=4,
                elem_id="pc-question",
                autofocus=True,
            )
            self.ask = gr.Button("Ask", variant="primary", scale=1, min_width=90, elem_id="pc-ask")
            self.stop = gr.Button("Stop", variant="stop", scale=1, min_width=90, elem_id="pc-stop", visible=False)
        self.examples = gr.Dataset(
            components=[self.question],
            samples=[[""]],
            label="Try asking",
            visible=False,
            elem_id="pc-examples",
            samples_per_page=6,
        )

    def _filter_panel(self) -> None:
        with gr.Accordion("Filters for the next question", open=False, elem_id="pc-filter-panel"):
            with gr.Row():
                self.year_from = gr.Textbox(label="From year", placeholder="any", max_lines=1, elem_id="pc-year-from")
                self.year_to = gr.Textbox(label="Until year", placeholder="any", max_lines=1, elem_id="pc-year-to")
                self.author = gr.Textbox(label="Author", placeholder="e.g. Yufeng Yang", elem_id="pc-author")
            with gr.Row():
                self.category = gr.Dropdown(
                    label="Category", choices=[], allow_custom_value=True, value=None, elem_id="pc-category"
                )
                self.org = gr.Dropdown(
                    label="Organisation", choices=[], allow_custom_value=True, value=None, elem_id="pc-org"
                )
                self.clear = gr.Button("Clear filters", size="sm", elem_id="pc-clear-filters")
            self.keep_undated = gr.Checkbox(
                label="Keep papers without a year when a year range is set", elem_id="pc-keep-undated"
            )
        self.filters = [self.year_from, self.year_to, self.author, self.category, self.org, self.keep_undated]

    def _export(self) -> None:
        with gr.Accordion("Export this conversation", open=False, elem_id="pc-export"):
            self.markdown = gr.Textbox(
                label="Questions and answers as Markdown, with references",
                interactive=False,
                lines=6,
                max_lines=16,
                buttons=["copy"],
                elem_id="pc-markdown",
            )
            self.bibtex = gr.DownloadButton(
                "Download every cited paper as BibTeX", visible=False, elem_id="pc-bibtex", size="sm"
            )

    # --- events -------------------------------------------------------------------------------------
    def wire(self, kept: gr.BrowserState, load: Any) -> None:
        """Connect the tab's events; `kept` is the conversation in browser storage, `load` the page's load event
        (a question a reload interrupted is asked again after it)."""
        chat = self.chat
        controls = [self.question, self.ask, self.stop]
        outputs = [
            self.question,
            self.chatbot,
            kept,
            self.sources,
            self.applied,
            self.markdown,
            self.bibtex,
            self.scope,
            self.scope_chip,
        ]
        conversation_views = [self.chatbot, self.sources, self.applied, self.markdown, self.bibtex]

        def answering(start: Any, action: Any) -> None:
            """After `start`: busy controls and a Stop signal, then the answer (with `action`) written into the page's
            conversation, then idle again."""
            inputs = [self.question, kept, action]
            event = start.then(chat.begin, inputs, [*controls, kept], queue=False, **PRIVATE).then(
                chat.respond,
                [*inputs, *self.filters, self.scope],
                outputs,
                concurrency_limit=None,  # answer slots are taken inside, so Stop can end a wait for one too
                **PRIVATE,
            )
            event.then(chat.settle, None, controls, queue=False, **PRIVATE)

        asking, regenerating = gr.State(""), gr.State("regenerate")  # Chat.respond's action
        for trigger in (self.question.submit, self.ask.click):
            answering(trigger(lambda: None, None, None, queue=False, **PRIVATE), asking)
        answering(
            self.examples.click(lambda sample: sample[0], self.examples, self.question, queue=False, **PRIVATE),
            asking,
        )
        answering(self.chatbot.retry(lambda: None, None, None, queue=False, **PRIVATE), regenerating)
        drop = self.chip_drop.click(None, None, self.chip_action, js=READ_ACTION, queue=False, **PRIVATE)
        answering(drop, self.chip_action)
        answering(load.then(chat.restore, kept, [*conversation_views, self.question], **PRIVATE), gr.State(RESUME))
        self.stop.click(chat.stop, None, controls, queue=False, **PRIVATE)

        self.chip_clear.click(None, None, self.chip_action, js=READ_ACTION, queue=False, **PRIVATE).then(
            chat.clear_filter,
            [self.chip_action, *self.filters, self.scope],
            [*self.filters, self.scope, self.scope_chip],
            queue=False,
            **PRIVATE,
        )
        for trigger in (self.new_chat.click, self.chatbot.clear):
            trigger(
                chat.new_conversation,
                None,
                [*conversation_views, kept, self.question, self.scope, self.scope_chip],
                queue=False,
                **PRIVATE,
            )
        self.clear.click(
            lambda: (None, None, "", None, None, False, None, ""),
            None,
            [*self.filters, self.scope, self.scope_chip],
            queue=False,
            **PRIVATE,
        )
        for widget in self.filters:
            widget.change(chat.pending_filters, self.filters, self.pending, queue=False, **PRIVATE)
