"""The web UI's public HTTP API: /ask for everyone logged in, /ingest and /remove for admins.

Every other handler of the page is private. Roles are checked here, on the server, so a script gets the same answer
as the page. Call it with gradio_client (README: "Web UI for a team").
"""

from __future__ import annotations

import threading
from pathlib import Path

import gradio as gr
from gradio import FileData
from gradio.utils import get_upload_folder

from paperchat.assistant.errors import USER_ERRORS
from paperchat.ui.web import stop, uploads
from paperchat.ui.web.handlers import NOT_ADMIN, Shell, UnknownPaper, for_readers
from paperchat.ui.web.panel import panel_filters

NEVER = threading.Event()  # an API question has no Stop button


def refuse(message: str) -> gr.Error:
    """An error for the caller, without a traceback in the server's log (the refusal is the whole story)."""
    return gr.Error(message, print_exception=False)


def uploaded_paths(files: list | None) -> list[str]:
    """The files of an /ingest call as paths, each of which must be a file the server received as an upload (in
    Gradio's upload folder). A path anywhere else, however it is passed, is refused: server folders go through
    the folder roots."""
    paths = [
        str(f.path if isinstance(f, FileData) else (f.get("path") if isinstance(f, dict) else f)) for f in files or []
    ]
    cache = Path(get_upload_folder()).resolve()
    if outside := [path for path in paths if cache not in Path(path).resolve().parents]:
        raise refuse(f"{Path(outside[0]).name}: not an uploaded file; upload files, or name a folder")
    return paths


class PublicAPI:
    """The three endpoints, bound to one Shell (one Assistant and its UI settings)."""

    def __init__(self, shell: Shell) -> None:
        self.shell = shell

    async def ask(
        self,
        question: str,
        year_from: int | None = None,
        year_to: int | None = None,
        author: str | None = None,
        category: str | None = None,
        org: str | None = None,
        keep_undated: bool = False,
        request: gr.Request = None,
    ) -> dict:  # type: ignore[assignment]
        """Answer a question from the indexed papers. Filters are optional; `keep_undated` keeps papers without a
        year in a year range. Returns the Answer as `Answer.to_dict()` gives it: `text`, `refused` and `refusal`
        (its reason), `citations` (n, paper_id, title, display_title, authors, date, year, url, snippet, score,
        chunk_id), `passages` (every retrieved one), `warnings`, `filters`, `timings`."""
        if refusal := self.shell.over_limit(request):  # before waiting for an answer slot: refused at once
            raise refuse(refusal)
        filters = panel_filters(year_from, year_to, author, category, org, keep_undated)
        await stop.acquire(self.shell.slots, NEVER)
        try:
            return (await self.shell.assistant.aask(question, filters)).to_dict()
        except USER_ERRORS as error:
            raise refuse(for_readers(str(error))) from None
        finally:
            self.shell.slots.release()

    def ingest(self, files: list[FileData] | None = None, folder: str = "", request: gr.Request = None) -> dict:  # type: ignore[assignment]
        """Admins only: add uploaded files, or a folder under one of the server's folder roots. Returns the counts
        of new, updated and unchanged papers and one line per problem."""
        if not self.shell.may_change(request):
            raise refuse(NOT_ADMIN)
        paths, names, errors = self.shell.gather(uploaded_paths(files), folder)
        if errors and not paths:
            raise refuse("; ".join(errors))
        report = self.shell.assistant.ingest(paths)
        shown = [f"{names.get(p.source, Path(p.source).name)}: {p.reason}" for p in report.problems]
        return {
            "files": report.files,
            "new": report.new,
            "updated": report.updated,
            "unchanged": report.unchanged,
            "problems": errors + shown,
        }

    def remove(self, paper_id: str, request: gr.Request = None) -> dict:  # type: ignore[assignment]
        """Admins only: remove one paper by its id (as /ask's citations give it); an id no paper has is an error.
        An upload no other paper comes from is deleted with it."""
        if not self.shell.may_change(request):
            raise refuse(NOT_ADMIN)
        try:
            report, _, held = self.shell.remove_paper(paper_id)
        except UnknownPaper as error:
            raise refuse(str(error)) from None
        uploads.discard(held)  # no Undo through the API
        return {"removed": report.removed}

    def register(self, library_limit: dict) -> None:
        """Inside a `gr.Blocks`: the named endpoints. /ask takes an answer slot itself (Shell.slots, shared with the
        page), so Gradio's queue starts it at once and a question over the limit never waits to be refused."""
        gr.api(self.ask, api_name="ask", concurrency_limit=None)
        gr.api(self.ingest, api_name="ingest", **library_limit)
        gr.api(self.remove, api_name="remove", **library_limit)
