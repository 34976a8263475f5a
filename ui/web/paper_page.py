"""The Library's paper page: one paper's details, "ask about this paper", and a remove that asks first and can be
undone. Category codes are shown with their arXiv names."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import gradio as gr

from paperchat.ui.web import uploads
from paperchat.ui.web.render import dated, esc, paper_url, safe_url

# arXiv's subject classes (computer science, electrical engineering, statistics, mathematics) by their short code.
CATEGORY_NAMES = {
    "AI": "Artificial Intelligence",
    "AR": "Hardware Architecture",
    "CC": "Computational Complexity",
    "CE": "Computational Engineering",
    "CG": "Computational Geometry",
    "CL": "Computation and Language",
    "CR": "Cryptography and Security",
    "CV": "Computer Vision",
    "CY": "Computers and Society",
    "DB": "Databases",
    "DC": "Distributed Computing",
    "DL": "Digital Libraries",
    "DM": "Discrete Mathematics",
    "DS": "Data Structures and Algorithms",
    "ET": "Emerging Technologies",
    "FL": "Formal Languages",
    "GL": "General Literature",
    "GR": "Graphics",
    "GT": "Game Theory",
    "HC": "Human-Computer Interaction",
    "IR": "Information Retrieval",
    "IT": "Information Theory",
    "LG": "Machine Learning",
    "LO": "Logic",
    "MA": "Multiagent Systems",
    "MM": "Multimedia",
    "MS": "Mathematical Software",
    "NA": "Numerical Analysis",
    "NE": "Neural and Evolutionary Computing",
    "NI": "Networking",
    "OC": "Optimization and Control",
    "OS": "Operating Systems",
    "PF": "Performance",
    "PL": "Programming Languages",
    "RO": "Robotics",
    "SC": "Symbolic Computation",
    "SD": "Sound",
    "SE": "Software Engineering",
    "SI": "Social Networks",
    "SY": "Systems and Control",
    "AS": "Audio and Speech Processing",
    "IV": "Image and Video Processing",
    "SP": "Signal Processing",
    "ML": "Machine Learning (statistics)",
    "ME": "Methodology",
    "TH": "Statistics Theory",
}


def category_label(code: str | None) -> str:
    """'CL — Computation and Language' for a known code ('cs.CL' too); the code alone otherwise."""
    if not code:
        return ""
    name = CATEGORY_NAMES.get(code.split(".")[-1].upper())
    return f"{code} — {name}" if name else code


def page_html(paper: Any) -> str:
    """One paper as a page: title, authors, date, category, links, abstract, and the files it came from (names)."""
    facts = [esc(paper.authors_text) if paper.authors_text else "authors not listed"]
    facts += [esc(v) for v in (dated(paper.date, paper.year), category_label(paper.category), paper.org) if v]
    links = []
    if href := paper_url(paper.url, paper.paper_id):
        links.append(f'<a href="{esc(href)}" target="_blank" rel="noopener noreferrer">paper ↗</a>')
    if href := safe_url(paper.code_url):
        links.append(f'<a href="{esc(href)}" target="_blank" rel="noopener noreferrer">code ↗</a>')
    abstract = paper.display_abstract or "No abstract was indexed for this paper."
    files = ", ".join(sorted({Path(source).name for source in paper.sources}))  # names: no server paths
    return (
        f'<div class="pc-paper" data-paper-id="{esc(paper.paper_id)}"><h3>{esc(paper.display_title)}</h3>'
        f'<div class="pc-meta">{" · ".join(facts)}</div><span class="pc-links">{" ".join(links)}</span>'
        f'<p class="pc-abstract">{esc(abstract)}</p>'
        f'<p class="pc-muted">Indexed from {esc(files or "an unknown file")}</p></div>'
    )


def scope_chip(title: str) -> str:
    """The chip above the question box while the next question is about one paper; its × asks about every paper."""
    shown = title if len(title) <= 80 else title[:79].rstrip() + "…"
    return (
        f'<span class="pc-chip pc-filter" data-filter="paper">about: {esc(shown)}'
        f'<button class="pc-chip-x" data-action="clear:scope" title="Ask about every paper again" '
        f'aria-label="Stop asking only about {esc(shown)}">×</button></span>'
    )


class PaperPage:
    """Handlers of the paper page, over the Shell (its Assistant, its roles and its library views)."""

    def __init__(self, shell: Any) -> None:
        self.shell = shell

    def paper(self, paper_id: str | None) -> Any:
        return next((p for p in self.shell.assistant.papers() if p.paper_id == paper_id), None)

    def show(self, paper_id: str | None, request: gr.Request | None = None) -> tuple:
        """The page for the picked paper; outputs: page, ask button, remove button, confirm row, message."""
        paper = self.paper(paper_id)
        admin = self.shell.may_change(request)
        hidden = gr.update(visible=False)
        if paper is None:
            return "", hidden, hidden, hidden, ""
        return page_html(paper), gr.update(visible=True), gr.update(visible=admin), hidden, ""

    def ask_about(self, paper_id: str | None) -> tuple:
        """Scope the next question to this paper and go to the chat; outputs: scope, tabs, scope chip."""
        paper = self.paper(paper_id)
        if paper is None:
            return None, gr.update(), ""
        return paper.paper_id, gr.update(selected="chat"), scope_chip(paper.display_title)

    @staticmethod
    def confirm() -> tuple:
        return gr.update(visible=True), gr.update(visible=False)

    def remove(self, paper_id: str | None, query: str, sort: str, request: gr.Request | None = None) -> tuple:
        """Remove after the confirmation; keeps what Undo needs. Outputs: message, undo state, undo button, confirm
        row, views."""
        message, *views, undo = self.shell.remove(paper_id, query, sort, request)
        return (message, undo, gr.update(visible=undo is not None), gr.update(visible=False), *views)

    def undo(self, kept: dict | None, query: str, sort: str, request: gr.Request | None = None) -> tuple:
        """Bring a removed paper back: its uploads back in the upload folder, its files read again. Outputs: message,
        undo state, undo button, views."""
        if not self.shell.may_change(request) or not kept:
            return ("", None, gr.update(visible=False), *self.shell.refresh(query, sort))
        uploads.bring_back(kept.get("held") or {})
        report = self.shell.assistant.ingest([Path(source) for source in kept.get("sources") or []])
        back = len(report.new) + len(report.updated)
        text = f"Restored {back} paper{'s' if back != 1 else ''}." if back else "Its files are gone: nothing restored."
        status = "pc-ok" if back else "pc-error"
        return (
            f'<p class="{status}">{esc(text)}</p>',
            None,
            gr.update(visible=False),
            *self.shell.refresh(query, sort),
        )
