"""The Gradio app: layout and wiring. Handlers live in chat.py and handlers.py, rendering in render.py; serve.py
serves it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from paperchat.assistant.config import offline_environment

offline_environment()  # before gradio is imported: no analytics, no telemetry

import gradio as gr  # noqa: E402

from paperchat.ui.web import library, render  # noqa: E402
from paperchat.ui.web.api import PublicAPI  # noqa: E402
from paperchat.ui.web.chat import Chat  # noqa: E402
from paperchat.ui.web.handlers import WELCOME, Shell  # noqa: E402
from paperchat.ui.web.paper_page import PaperPage  # noqa: E402
from paperchat.ui.web.settings import UISettings  # noqa: E402
from paperchat.ui.web.style import ABOUT, BRAND, PRIVATE  # noqa: E402


def build_app(assistant: Any, upload_dir: Path | None = None, ui: UISettings | None = None) -> gr.Blocks:
    """The app for one Assistant. `assistant` is an `assistant.Assistant` (or anything with its methods).

    Only /ask, /ingest and /remove are public API endpoints; every page handler is private (`PRIVATE`)."""
    ui = ui or UISettings()
    shell = Shell(assistant, upload_dir, ui=ui)
    chat = Chat(shell)
    answer_limit = {"concurrency_id": "answers", "concurrency_limit": ui.concurrency}
    library_limit = {"concurrency_id": "library", "concurrency_limit": 1}  # one ingest or removal at a time

    with gr.Blocks(title="paperchat", fill_width=True) as demo:
        PublicAPI(shell).register(answer_limit, library_limit)  # first, so they own the names /ask, /ingest, /remove
        answers = gr.State([])
        kept = gr.BrowserState([], storage_key="paperchat-conversation")  # survives a reload of the page
        with gr.Row(elem_classes="pc-header", equal_height=True):
            gr.HTML(BRAND, padding=False, elem_id="pc-brand")
            summary_line = gr.HTML(padding=False, elem_id="pc-summary")
        with gr.Tabs(elem_id="pc-tabs") as tabs:
            with gr.Tab("Chat", id="chat", elem_id="pc-tab-chat"):
                banner = gr.HTML(visible=False, elem_id="pc-banner", padding=False)
                with gr.Row(equal_height=False):
                    with gr.Column(scale=6, min_width=420):
                        with gr.Row(equal_height=True, elem_classes="pc-chat-head"):
                            gr.HTML('<div class="pc-section">Conversation</div>', padding=False)
                            new_chat = gr.Button(
                                "+ New conversation", size="sm", scale=0, min_width=170, elem_id="pc-new"
                            )
                        chatbot = gr.Chatbot(
                            label="Conversation",
                            show_label=False,
                            height=520,
                            placeholder=WELCOME,
                            elem_id="pc-chat",
                            buttons=["copy"],
                            feedback_options=None,
                            sanitize_html=True,
                            latex_delimiters=[],
                        )
                        scope = gr.State(None)  # a paper chosen with "Ask about this paper"
                        scope_chip = gr.HTML(elem_id="pc-scope", padding=False)
                        pending = gr.HTML(elem_id="pc-pending", padding=False)
                        with gr.Row(equal_height=True):
                            question = gr.Textbox(
                                placeholder="Ask about your papers…",
                                show_label=False,
                                scale=6,
                                lines=1,
                                max_lines=4,
                                elem_id="pc-question",
                                autofocus=True,
                            )
                            ask = gr.Button("Ask", variant="primary", scale=1, min_width=90, elem_id="pc-ask")
                            stop = gr.Button(
                                "Stop", variant="stop", scale=1, min_width=90, elem_id="pc-stop", visible=False
                            )
                        examples = gr.Dataset(
                            components=[question],
                            samples=[[""]],
                            label="Try asking",
                            visible=False,
                            elem_id="pc-examples",
                            samples_per_page=6,
                        )
                        with gr.Accordion("Filters for the next question", open=False, elem_id="pc-filter-panel"):
                            with gr.Row():
                                year_from = gr.Number(label="From year", precision=0, elem_id="pc-year-from")
                                year_to = gr.Number(label="Until year", precision=0, elem_id="pc-year-to")
                                author = gr.Textbox(label="Author", placeholder="e.g. Yufeng Yang", elem_id="pc-author")
                            with gr.Row():
                                category = gr.Dropdown(
                                    label="Category",
                                    choices=[],
                                    allow_custom_value=True,
                                    value=None,
                                    elem_id="pc-category",
                                )
                                org = gr.Dropdown(
                                    label="Organisation",
                                    choices=[],
                                    allow_custom_value=True,
                                    value=None,
                                    elem_id="pc-org",
                                )
                                clear = gr.Button("Clear filters", size="sm", elem_id="pc-clear-filters")
                            keep_undated = gr.Checkbox(
                                label="Keep papers without a year when a year range is set", elem_id="pc-keep-undated"
                            )
                        with gr.Accordion("Export this conversation", open=False, elem_id="pc-export"):
                            markdown = gr.Textbox(
                                label="Questions and answers as Markdown, with references",
                                interactive=False,
                                lines=6,
                                max_lines=16,
                                buttons=["copy"],
                                elem_id="pc-markdown",
                            )
                            bibtex = gr.DownloadButton(
                                "Download every cited paper as BibTeX", visible=False, elem_id="pc-bibtex", size="sm"
                            )
                    with gr.Column(scale=5, min_width=360, elem_id="pc-side"):
                        applied = gr.HTML(elem_id="pc-applied", padding=False)
                        sources = gr.HTML(render.render_sources([]), elem_id="pc-sources", padding=False)
            with gr.Tab("Library", id="library", elem_id="pc-tab-library"), gr.Row(equal_height=False):
                with gr.Column(scale=2, min_width=320, visible=False) as add_column:
                    gr.Markdown(
                        "### Add papers\nPDF, BibTeX, JSONL, Markdown or text files, and paper "
                        "listings: the format is recognised from the content."
                    )
                    upload = gr.File(
                        label="Upload files", file_count="multiple", type="filepath", elem_id="pc-upload", height=150
                    )
                    folder = gr.Textbox(
                        label="…or ingest a folder on the server (inside its allowed folders)",
                        placeholder="papers/2025",
                        elem_id="pc-folder",
                        visible=False,
                    )
                    add = gr.Button("Add to library", variant="primary", elem_id="pc-add")
                    summary = gr.HTML(elem_id="pc-ingest-summary", padding=False)
                with gr.Column(scale=5, min_width=480):
                    with gr.Row(equal_height=True):
                        search = gr.Textbox(
                            label="Search the library",
                            placeholder="title, author, abstract, category, organisation…",
                            scale=4,
                            elem_id="pc-search",
                        )
                        sort = gr.Dropdown(
                            list(library.SORTS), value="Newest first", label="Sort by", scale=1, elem_id="pc-sort"
                        )
                    count = gr.Markdown(elem_id="pc-count")
                    table = gr.Dataframe(
                        headers=library.COLUMNS,
                        interactive=False,
                        wrap=True,
                        max_height=520,
                        elem_id="pc-papers",
                        buttons=["fullscreen", "copy"],
                        column_widths=["39%", "23%", "11%", "9%", "11%", "7%"],
                    )
                    gr.Markdown("**Open a paper**: click its row in the table, or pick it here.")
                    remove_pick = gr.Dropdown(
                        choices=[], value=None, show_label=False, container=False, elem_id="pc-remove-pick"
                    )
                    paper_view = gr.HTML(elem_id="pc-paper", padding=False)
                    with gr.Row():
                        ask_about = gr.Button(
                            "Ask about this paper", variant="primary", visible=False, elem_id="pc-ask-about"
                        )
                        remove = gr.Button("Remove paper…", variant="stop", visible=False, elem_id="pc-remove")
                    with gr.Row(visible=False, elem_id="pc-confirm-row") as confirm_row:
                        gr.Markdown("**Remove this paper from the index?** You can undo it right after.")
                        confirm = gr.Button("Yes, remove it", variant="stop", elem_id="pc-confirm-remove")
                        cancel = gr.Button("Cancel", elem_id="pc-cancel-remove")
                    removed = gr.HTML(elem_id="pc-removed", padding=False)
                    undo = gr.Button("Undo the removal", visible=False, elem_id="pc-undo", size="sm")
                    undo_state = gr.State(None)

            with gr.Tab("About", id="about", elem_id="pc-tab-about"):
                stats = gr.HTML(padding=False, elem_id="pc-stats")
                gr.Markdown(ABOUT)

        refreshed = [summary_line, stats, banner, examples, category, org, table, count, remove_pick]
        filters = [year_from, year_to, author, category, org, keep_undated]
        # A chip's × (page script) names its action here and presses one of these hidden buttons.
        chip_action = gr.Textbox(visible="hidden", elem_id="pc-chip-action")
        chip_clear = gr.Button(visible="hidden", elem_id="pc-chip-clear")
        chip_drop = gr.Button(visible="hidden", elem_id="pc-chip-drop")
        read_action = "() => window.pcChipAction || ''"
        answer_outputs = [question, chatbot, answers, sources, applied, markdown, bibtex]
        conversation = [chatbot, answers, sources, applied, markdown, bibtex]

        def busy() -> tuple:
            return gr.update(interactive=False), gr.update(visible=False), gr.update(visible=True)

        def idle() -> tuple:
            return gr.update(interactive=True), gr.update(visible=True), gr.update(visible=False)

        controls = [question, ask, stop]
        asked = []  # every event that streams an answer: Stop cancels them

        def answering(start: Any, inputs: list) -> None:
            """After `start`, Chat.respond with `inputs` (question, answers, action) and the panel's filters."""
            event = start.then(busy, None, controls, queue=False, **PRIVATE).then(
                chat.respond, [*inputs, *filters, scope], answer_outputs, **PRIVATE, **answer_limit
            )
            asked.append(event)
            done = event.then(idle, None, controls, queue=False, **PRIVATE)
            done.then(chat.saved, answers, kept, queue=False, **PRIVATE)

        asking, regenerating = gr.State(""), gr.State("regenerate")  # Chat.respond's action
        for trigger in (question.submit, ask.click):
            answering(trigger(lambda: None, None, None, queue=False, **PRIVATE), [question, answers, asking])
        answering(
            examples.click(lambda sample: sample[0], examples, question, queue=False, **PRIVATE),
            [question, answers, asking],
        )
        answering(chatbot.retry(lambda: None, None, None, queue=False, **PRIVATE), [question, answers, regenerating])
        answering(
            chip_drop.click(None, None, chip_action, js=read_action, queue=False, **PRIVATE),
            [question, answers, chip_action],
        )
        chip_clear.click(None, None, chip_action, js=read_action, queue=False, **PRIVATE).then(
            chat.clear_filter, [chip_action, *filters], filters, queue=False, **PRIVATE
        )
        stop.click(idle, None, controls, cancels=asked, queue=False, **PRIVATE).then(
            chat.stopped, answers, sources, queue=False, **PRIVATE
        )
        for trigger in (new_chat.click, chatbot.clear):
            trigger(chat.new_conversation, None, [*conversation, question], queue=False, **PRIVATE).then(
                lambda: [], None, kept, queue=False, **PRIVATE
            )
        clear.click(
            lambda: (None, None, "", None, None, False, None, ""),
            None,
            [*filters, scope, scope_chip],
            queue=False,
            **PRIVATE,
        )
        for widget in filters:
            widget.change(chat.pending_filters, filters, pending, queue=False, **PRIVATE)

        add.click(
            shell.ingest,
            [upload, folder, search, sort],
            [summary, upload, folder, *refreshed],
            **PRIVATE,
            **library_limit,
        )
        page = PaperPage(shell)
        remove_pick.change(page.show, remove_pick, [paper_view, ask_about, remove, confirm_row, removed], **PRIVATE)
        ask_about.click(page.ask_about, remove_pick, [scope, tabs, scope_chip], queue=False, **PRIVATE)
        remove.click(page.confirm, None, [confirm_row, remove], queue=False, **PRIVATE)
        cancel.click(
            lambda: (gr.update(visible=False), gr.update(visible=True)),
            None,
            [confirm_row, remove],
            queue=False,
            **PRIVATE,
        )
        confirm.click(
            page.remove,
            [remove_pick, search, sort],
            [removed, undo_state, undo, confirm_row, *refreshed],
            **PRIVATE,
            **library_limit,
        )
        undo.click(
            page.undo, [undo_state, search, sort], [removed, undo_state, undo, *refreshed], **PRIVATE, **library_limit
        )
        for trigger in (search.change, sort.change):
            trigger(shell.library_view, [search, sort], [table, count, remove_pick], queue=False, **PRIVATE)
        table.select(shell.selected_paper, None, remove_pick, queue=False, **PRIVATE)
        demo.load(shell.refresh, [search, sort], refreshed, **PRIVATE)
        demo.load(chat.restore, kept, conversation, **PRIVATE)
        demo.load(shell.roles, None, [add_column, folder], queue=False, **PRIVATE)
    demo.queue(default_concurrency_limit=ui.concurrency)
    return demo
