"""The web UI's public HTTP API: /ask for everyone logged in, /ingest and /remove for admins.

Every other handler of the page is private. Roles are checked here, on the server, so a script gets the same answer
as the page. Call it with gradio_client (README: "Web UI for a team").
"""

from __future__ import annotations

from pathlib import Path

import gradio as gr
from gradio import FileData
from gradio.utils import get_upload_folder

from paperchat.assistant.errors import USER_ERRORS
from paperchat.ui.web.chat import panel_filters
from paperchat.ui.web.handlers import NOT_ADMIN, Shell, username


class PublicAPI:
    """The three endpoints, bound to one Shell (one Assistant and its UI settings)."""

    def __init__(self, shell: Shell) -> None:
        self.shell = shell

    def ask(
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
        user = username(request) or getattr(request, "session_hash", None) or "local"
        limiter = self.shell.limiter
        if not limiter.allow(user):
            raise gr.Error(
                f"Over {limiter.per_minute} questions a minute; try again in "
                f"{max(1, round(limiter.retry_after(user)))} s."
            )
        filters = panel_filters(year_from, year_to, author, category, org, keep_undated)
        try:
            return self.shell.assistant.ask(question, filters).to_dict()
        except USER_ERRORS as error:
            raise gr.Error(str(error)) from None

    def ingest(self, files: list[FileData] | None = None, folder: str = "", request: gr.Request = None) -> dict:  # type: ignore[assignment]
        """Admins only: add uploaded files, or a folder under one of the server's folder roots. Returns the counts
        of new, updated and unchanged papers and one line per problem."""
        if not self.shell.may_change(request):
            raise gr.Error(NOT_ADMIN)
        uploads = [str(f.path if isinstance(f, FileData) else f["path"]) for f in files or []]
        cache = Path(get_upload_folder()).resolve()
        if outside := [path for path in uploads if cache not in Path(path).resolve().parents]:
            raise gr.Error(f"{Path(outside[0]).name}: not an uploaded file; upload files, or name a folder")
        paths, names, errors = self.shell.gather(uploads, folder)
        if errors and not paths:
            raise gr.Error("; ".join(errors))
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
        """Admins only: remove one paper by its id (as /ask's citations give it)."""
        if not self.shell.may_change(request):
            raise gr.Error(NOT_ADMIN)
        return {"removed": self.shell.assistant.remove(paper_id).removed}

    def register(self, answer_limit: dict, library_limit: dict) -> None:
        """Inside a `gr.Blocks`: the named endpoints."""
        gr.api(self.ask, api_name="ask", **answer_limit)
        gr.api(self.ingest, api_name="ingest", **library_limit)
        gr.api(self.remove, api_name="remove", **library_limit)
