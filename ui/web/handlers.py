"""The app's shell over one Assistant: index status, the Library tab's handlers, uploads and exports.

The Chat tab's handlers are in ui/web/chat.py. No retrieval happens here: files go to `Assistant` as they are.
"""

from __future__ import annotations

import asyncio
import logging
import re
import shutil
import tempfile
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any

import gradio as gr

from paperchat.assistant.ingest_report import progress_text
from paperchat.assistant.limits import RateLimiter
from paperchat.assistant.results import IngestReport
from paperchat.ui.web import library, render, uploads
from paperchat.ui.web.paper_page import category_label
from paperchat.ui.web.roots import FolderRoots
from paperchat.ui.web.settings import UISettings

WELCOME = "Ask a question about your papers. Answers cite them with [n]; the cited papers appear as cards beside them."
NOT_ADMIN = "Only an admin may add or remove papers; you may ask questions."
LOG = logging.getLogger("paperchat.ui.web")
_SETTING = re.compile(r"\s*\((?:--[a-z-]+ or )?(?:PAPERCHAT|OPENAI|SLACK)_[A-Z_]+\)")


def username(request: gr.Request | None) -> str | None:
    return getattr(request, "username", None) if request is not None else None


def asker(request: gr.Request | None) -> str:
    """Who asks, for the question limit: the login, else the browser session (or API client), else 'local'."""
    return username(request) or getattr(request, "session_hash", None) or "local"


def for_readers(message: str) -> str:
    """An error as the page shows it: without the server setting it names (an operator's word, not a reader's)."""
    return _SETTING.sub("", message)


class UnknownPaper(LookupError):
    """A paper id that names no indexed paper."""


class Shell:
    """The UI's view of one Assistant: stateless per user; conversations live in each browser session's State."""

    def __init__(
        self,
        assistant: Any,
        upload_dir: Path | None = None,
        export_dir: Path | None = None,
        ui: UISettings | None = None,
    ) -> None:
        self.assistant = assistant
        self.settings = assistant.settings
        self.ui = ui or UISettings()
        self.roots = FolderRoots(self.ui.folder_roots)
        self.index_dir = Path(self.settings.index_dir)
        self.upload_dir = upload_dir or self.index_dir / "uploads"
        self.export_dir = export_dir or Path(tempfile.mkdtemp(prefix="paperchat-export-"))
        # A folder made here is removed with the Shell (or at exit), not left in /tmp after every UI run.
        self.close = weakref.finalize(self, shutil.rmtree, self.export_dir, True) if export_dir is None else None
        # Per browser session (or login): one user cannot keep every answer slot busy.
        self.limiter = RateLimiter(self.settings.limits.questions_per_minute)
        # Answers computed at once, page and API together. Waiting for one is outside Gradio's queue, so a question
        # over the limit is refused at once instead of waiting its turn to be refused.
        self.slots = asyncio.Semaphore(self.ui.concurrency)

    def over_limit(self, request: gr.Request | None) -> str | None:
        """The refusal for a user over the question limit, logged in one line; None when the question may go on."""
        user = asker(request)
        if self.limiter.allow(user):
            return None
        wait = max(1, round(self.limiter.retry_after(user)))
        LOG.warning(
            "question refused: %s asked over %d questions a minute (retry in %d s)", user, self.limiter.per_minute, wait
        )
        return f"You have asked {self.limiter.per_minute} questions in the last minute; please try again in {wait} s."

    # --- status -------------------------------------------------------------------------------------
    def status(self) -> tuple[str, dict, int]:
        stats = self.assistant.stats()
        name = Path(str(stats.get("index_dir") or self.index_dir)).name  # its name: the page shows no server paths
        empty = not stats.get("papers")
        banner = gr.update(value=render.empty_index_message(name) if empty else "", visible=empty)
        return render.render_stats(stats, render.llm_label(self.settings.answer)), banner, int(stats.get("papers") or 0)

    def refresh(self, query: str = "", sort: str = "Newest first") -> tuple:
        """Everything that depends on the index: on page load and after the library changes."""
        stats_html, banner, _ = self.status()
        papers = self.assistant.papers()
        categories = sorted({p.category for p in papers if p.category}, key=str.lower)
        orgs = sorted({p.org for p in papers if p.org}, key=str.lower)
        examples = [[q] for q in library.example_questions(papers)]
        return (
            render.render_summary(self.assistant.stats()),
            stats_html,
            banner,
            gr.Dataset(samples=examples or [[""]], visible=bool(examples)),
            gr.Dropdown(choices=[(category_label(c), c) for c in categories]),
            gr.Dropdown(choices=orgs),
            *self.library_view(query, sort, papers),
        )

    # --- library ------------------------------------------------------------------------------------
    def library_view(self, query: str = "", sort: str = "Newest first", papers: list | None = None) -> tuple:
        papers = self.assistant.papers() if papers is None else papers
        rows = library.paper_rows(papers, query or "", sort or "Newest first")
        count = f"Showing {len(rows)} of {len(papers)} papers" if query else f"{len(papers)} papers"
        return rows, count, gr.Dropdown(choices=library.paper_choices(papers), value=None)

    def may_change(self, request: gr.Request | None) -> bool:
        return self.ui.is_admin(username(request))

    def roles(self, request: gr.Request) -> tuple:
        """On page load: the library's add and remove controls only for admins, the folder box only with roots."""
        admin = self.may_change(request)
        return gr.update(visible=admin), gr.update(visible=admin and bool(self.roots))

    def gather(self, files: list[str] | None, folder: str | None) -> tuple[list[Path], dict[str, str], list[str]]:
        """Uploads stored in the upload folder, and the files of a folder under a root: paths, shown names, errors."""
        paths, names, errors = uploads.store_uploads(files, self.upload_dir, int(self.ui.max_upload_mb * 1024 * 1024))
        if folder and folder.strip():
            found, shown, refused = self.roots.gather(folder)
            paths, names, errors = paths + found, names | shown, errors + refused
        return paths, names, errors

    def ingest(
        self,
        files: list[str] | None,
        folder: str | None,
        query: str,
        sort: str,
        progress: Callable | None = gr.Progress(),  # noqa: B008 (how Gradio injects progress)
        request: gr.Request | None = None,
    ) -> tuple:
        """Store uploads in the upload folder, ingest them and any folder given; return the summary and views."""
        if not self.may_change(request):
            return (f'<p class="pc-error">✗ {render.esc(NOT_ADMIN)}</p>', None, "", *self.refresh(query, sort))
        paths, names, errors = self.gather(files, folder)
        if not paths and not errors:
            gr.Warning("Choose files to upload or type a folder path first.")
            return (gr.skip(), gr.skip(), gr.skip(), *self.refresh(query, sort))

        def report_progress(stage: str, done: int, total: int) -> None:
            if progress is not None and total:  # the steps in the words every shell uses
                progress((done, total), desc=progress_text(stage, done, total).capitalize())

        error_html = "".join(f'<p class="pc-error">✗ {render.esc(e)}</p>' for e in errors)
        summary = error_html
        if paths:
            report = self.assistant.ingest(paths, report_progress)
            summary += library.report_html(report, self.assistant.papers(), paths, names)
        return (summary, None, "", *self.refresh(query, sort))

    def remove_paper(self, paper_id: str) -> tuple[IngestReport, Any, dict[str, str]]:
        """Remove one paper; its uploads no other paper comes from leave the upload folder (put aside for Undo).
        Returns the report, the paper as it was, and where its uploads were put aside."""
        paper = next((p for p in self.assistant.papers() if p.paper_id == paper_id), None)
        if paper is None:
            raise UnknownPaper(f"{paper_id}: no indexed paper has this id")
        report = self.assistant.remove(paper_id)
        remaining = [source for p in self.assistant.papers() for source in p.sources]
        unused = uploads.unused_uploads(paper.sources, self.upload_dir, remaining)
        return report, paper, uploads.put_aside(unused, self.export_dir / "removed")

    def remove(self, paper_id: str | None, query: str, sort: str, request: gr.Request | None = None) -> tuple:
        """The page's remove: a message and the refreshed views, then what Undo needs (the paper's sources and its
        uploads put aside), or None when nothing was removed."""
        if not self.may_change(request):
            return (f'<p class="pc-error">✗ {render.esc(NOT_ADMIN)}</p>', *self.refresh(query, sort), None)
        if not paper_id:
            gr.Warning("Pick a paper to remove first.")
            return (gr.skip(), *self.refresh(query, sort), None)
        try:
            report, paper, held = self.remove_paper(paper_id)
        except UnknownPaper:
            return ('<p class="pc-error">✗ This paper is no longer in the index.</p>', *self.refresh(query, sort), None)
        if not report.removed:
            return ('<p class="pc-error">✗ This paper could not be removed.</p>', *self.refresh(query, sort), None)
        message = f'<p class="pc-ok">Removed “{render.esc(paper.display_title)}”.</p>'
        return (message, *self.refresh(query, sort), {"sources": list(paper.sources), "held": held})

    def selected_paper(self, event: gr.SelectData) -> str | None:
        return library.paper_for_row(self.assistant.papers(), event.row_value or [])
