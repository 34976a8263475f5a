"""The Library tab's wiring: what changes with the library is refreshed in the order the Shell gives it, and
library changes run one at a time."""

from __future__ import annotations

from pathlib import Path

import gradio as gr

from paperchat.ui.web.handlers import Shell
from paperchat.ui.web.library_tab import LibraryTab
from tests.ui.web.test_handlers import _Library


def test_the_views_match_what_the_shell_returns_for_them(tmp_path: Path) -> None:
    shell = Shell(_Library(tmp_path / "index"), upload_dir=tmp_path / "uploads")
    with gr.Blocks():
        tab = LibraryTab(shell)
    rows, count, picker = shell.library_view()
    assert [type(view) for view in tab.views] == [gr.Dataframe, gr.Markdown, gr.Dropdown]
    assert rows == [] and count == "0 papers" and isinstance(picker, gr.Dropdown)
    assert tab.roles() == [tab.add_column, tab.folder]


def test_adding_removing_and_undoing_run_one_at_a_time(tmp_path: Path) -> None:
    from paperchat.ui.web.app import build_app

    demo = build_app(_Library(tmp_path / "index"), upload_dir=tmp_path / "uploads")
    changes = [
        f
        for f in demo.fns.values()
        if f.fn and f.fn.__qualname__ in ("Shell.ingest", "PaperPage.remove", "PaperPage.undo")
    ]
    assert len(changes) == 3 and {f.concurrency_id for f in changes} == {"library"}
    assert {f.concurrency_limit for f in changes} == {1}
