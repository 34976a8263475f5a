"""The Gradio app: a header, the Chat, Library and About tabs, and the public API. Each tab places and wires its
own widgets (chat_tab.py, library_tab.py); handlers live in chat.py, handlers.py and paper_page.py; serve.py serves
the app."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from paperchat.assistant.config import offline_environment

offline_environment()  # before gradio is imported: no analytics, no telemetry

import gradio as gr  # noqa: E402

from paperchat.ui.web import conversation  # noqa: E402
from paperchat.ui.web.api import PublicAPI  # noqa: E402
from paperchat.ui.web.chat import Chat  # noqa: E402
from paperchat.ui.web.chat_tab import ChatTab  # noqa: E402
from paperchat.ui.web.handlers import Shell  # noqa: E402
from paperchat.ui.web.library_tab import LibraryTab  # noqa: E402
from paperchat.ui.web.settings import UISettings  # noqa: E402
from paperchat.ui.web.style import ABOUT, BRAND, PRIVATE  # noqa: E402


def build_app(assistant: Any, upload_dir: Path | None = None, ui: UISettings | None = None) -> gr.Blocks:
    """The app for one Assistant. `assistant` is an `assistant.Assistant` (or anything with its methods).

    Only /ask, /ingest and /remove are public API endpoints; every page handler is private (`PRIVATE`)."""
    ui = ui or UISettings()
    shell = Shell(assistant, upload_dir, ui=ui)
    library_limit = {"concurrency_id": "library", "concurrency_limit": 1}  # one ingest or removal at a time

    with gr.Blocks(title="paperchat", fill_width=True) as demo:
        PublicAPI(shell).register(library_limit)  # first, so they own the names /ask, /ingest, /remove
        # The conversation survives a reload of the page (with the question being answered, asked again).
        kept = gr.BrowserState(conversation.to_browser([]), storage_key="paperchat-conversation")
        with gr.Row(elem_classes="pc-header", equal_height=True):
            gr.HTML(BRAND, padding=False, elem_id="pc-brand")
            summary_line = gr.HTML(padding=False, elem_id="pc-summary")
        with gr.Tabs(elem_id="pc-tabs") as tabs:
            with gr.Tab("Chat", id="chat", elem_id="pc-tab-chat"):
                chat_tab = ChatTab(Chat(shell))
            with gr.Tab("Library", id="library", elem_id="pc-tab-library"):
                library_tab = LibraryTab(shell)
            with gr.Tab("About", id="about", elem_id="pc-tab-about"):
                stats = gr.HTML(padding=False, elem_id="pc-stats")
                gr.Markdown(ABOUT)

        # Shell.refresh's outputs: everything that depends on the index.
        refreshed = [
            summary_line,
            stats,
            chat_tab.banner,
            chat_tab.examples,
            chat_tab.category,
            chat_tab.org,
            *library_tab.views,
        ]
        load = demo.load(lambda: None, None, None, queue=False, **PRIVATE)
        chat_tab.wire(kept, load)
        library_tab.wire(refreshed, library_limit, [chat_tab.scope, tabs, chat_tab.scope_chip])
        demo.load(shell.refresh, [library_tab.search, library_tab.sort], refreshed, **PRIVATE)
        demo.load(shell.roles, None, library_tab.roles(), queue=False, **PRIVATE)
    demo.queue(default_concurrency_limit=ui.concurrency)
    return demo
