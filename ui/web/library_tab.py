"""The Library tab: its layout (adding papers, the searchable table, a paper's page) and the events that add,
open, remove and restore papers. Handlers live in handlers.py and paper_page.py."""

from __future__ import annotations

from typing import Any

import gradio as gr

from paperchat.ui.web import library
from paperchat.ui.web.handlers import Shell
from paperchat.ui.web.paper_page import PaperPage
from paperchat.ui.web.style import PRIVATE


class LibraryTab:
    """The widgets of the Library tab, placed when made (inside `gr.Tab`); `wire` connects them."""

    def __init__(self, shell: Shell) -> None:
        self.shell = shell
        self.page = PaperPage(shell)
        with gr.Row(equal_height=False):
            with gr.Column(scale=2, min_width=320, visible=False) as self.add_column:
                self._adding()
            with gr.Column(scale=5, min_width=320):
                self._table()
                self._paper_page()

    def _adding(self) -> None:
        gr.Markdown(
            "### Add papers\nPDF, BibTeX, JSONL, Markdown or text files, and paper "
            "listings: the format is recognised from the content."
        )
        self.upload = gr.File(
            label="Upload files", file_count="multiple", type="filepath", elem_id="pc-upload", height=150
        )
        self.folder = gr.Textbox(
            label="…or ingest a folder on the server (inside its allowed folders)",
            placeholder="papers/2025",
            elem_id="pc-folder",
            visible=False,
        )
        self.add = gr.Button("Add to library", variant="primary", elem_id="pc-add")
        self.summary = gr.HTML(elem_id="pc-ingest-summary", padding=False)

    def _table(self) -> None:
        with gr.Row(equal_height=True):
            self.search = gr.Textbox(
                label="Search the library",
                placeholder="title, author, abstract, category, organisation…",
                scale=4,
                min_width=200,
                elem_id="pc-search",
            )
            self.sort = gr.Dropdown(
                list(library.SORTS), value="Newest first", label="Sort by", scale=1, min_width=150, elem_id="pc-sort"
            )
        self.count = gr.Markdown(elem_id="pc-count")
        self.table = gr.Dataframe(
            headers=library.COLUMNS,
            interactive=False,
            wrap=True,
            max_height=520,
            elem_id="pc-papers",
            buttons=["fullscreen", "copy"],
            column_widths=["39%", "23%", "11%", "9%", "11%", "7%"],
        )

    def _paper_page(self) -> None:
        gr.Markdown("**Open a paper**: click its row in the table, or pick it here.")
        self.pick = gr.Dropdown(choices=[], value=None, show_label=False, container=False, elem_id="pc-remove-pick")
        self.paper_view = gr.HTML(elem_id="pc-paper", padding=False)
        with gr.Row():
            self.ask_about = gr.Button("Ask about this paper", variant="primary", visible=False, elem_id="pc-ask-about")
            self.remove = gr.Button("Remove paper…", variant="stop", visible=False, elem_id="pc-remove")
        with gr.Row(visible=False, elem_id="pc-confirm-row") as self.confirm_row:
            gr.Markdown("**Remove this paper from the index?** You can undo it right after.")
            self.confirm = gr.Button("Yes, remove it", variant="stop", elem_id="pc-confirm-remove")
            self.cancel = gr.Button("Cancel", elem_id="pc-cancel-remove")
        self.removed = gr.HTML(elem_id="pc-removed", padding=False)
        self.undo = gr.Button("Undo the removal", visible=False, elem_id="pc-undo", size="sm")
        self.undo_state = gr.State(None)

    @property
    def views(self) -> list:
        """What changes with the library: the table, its count and the paper picker (Shell.library_view's order)."""
        return [self.table, self.count, self.pick]

    # --- events -------------------------------------------------------------------------------------
    def wire(self, refreshed: list, library_limit: dict, scope_to: list) -> None:
        """Connect the tab's events. `refreshed` is everything Shell.refresh updates; `scope_to` the scope, tabs and
        scope chip that "Ask about this paper" sets."""
        shell, page = self.shell, self.page
        listing = [self.search, self.sort]
        self.add.click(
            shell.ingest,
            [self.upload, self.folder, *listing],
            [self.summary, self.upload, self.folder, *refreshed],
            **PRIVATE,
            **library_limit,
        )
        shown = [self.paper_view, self.ask_about, self.remove, self.confirm_row, self.removed]
        self.pick.change(page.show, self.pick, shown, **PRIVATE)
        self.ask_about.click(page.ask_about, self.pick, scope_to, queue=False, **PRIVATE)
        self.remove.click(page.confirm, None, [self.confirm_row, self.remove], queue=False, **PRIVATE)
        self.cancel.click(
            lambda: (gr.update(visible=False), gr.update(visible=True)),
            None,
            [self.confirm_row, self.remove],
            queue=False,
            **PRIVATE,
        )
        self.confirm.click(
            page.remove,
            [self.pick, *listing],
            [self.removed, self.undo_state, self.undo, self.confirm_row, *refreshed],
            **PRIVATE,
            **library_limit,
        )
        self.undo.click(
            page.undo,
            [self.undo_state, *listing],
            [self.removed, self.undo_state, self.undo, *refreshed],
            **PRIVATE,
            **library_limit,
        )
        for trigger in (self.search.change, self.sort.change):
            trigger(shell.library_view, listing, self.views, queue=False, **PRIVATE)
        self.table.select(shell.selected_paper, None, self.pick, queue=False, **PRIVATE)

    def roles(self) -> list[Any]:
        """Outputs of Shell.roles: the add column (admins) and the folder box (admins, with folder roots)."""
        return [self.add_column, self.folder]
