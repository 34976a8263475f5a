"""The Library tab's pure parts: the paper table, the ingest summary, example questions. Uploads are in uploads.py."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from paperchat.ui.web.paper_page import category_label
from paperchat.ui.web.render import dated, esc

if TYPE_CHECKING:
    from paperchat.assistant.results import IngestReport

Paper = Any  # a paper record as `Assistant.papers()` returns it (title, authors, date, year, category, ...)

COLUMNS = ["Title", "Authors", "Date", "Category", "Org", "Code"]


def sortable_date(paper: Paper) -> str:
    """An ISO date sorts as written; a date without its year ('May 25') as its paper's year; no year at all as ''."""
    if paper.date and paper.date[:4].isdigit():
        return paper.date
    return str(paper.year) if paper.year else ""


def shown_date(paper: Paper) -> str:
    """The Date column: the date as the paper gives it, with its year when the date lacks one; else the year."""
    return dated(paper.date, paper.year) or ""


SORTS = {
    "Newest first": (sortable_date, True),
    "Oldest first": (lambda p: sortable_date(p) or "9999", False),
    "Title A–Z": (lambda p: p.display_title.lower(), False),
    "First author A–Z": (lambda p: p.authors[0].split()[-1].lower() if p.authors else "~", False),
    "Category": (lambda p: (p.category or "~").lower(), False),
}


def matches(paper: Paper, query: str) -> bool:
    words = query.lower().split()
    haystack = " ".join(
        [paper.title, paper.authors_text, paper.abstract[:2000], paper.category or "", paper.org or "", paper.paper_id]
    ).lower()
    return all(word in haystack for word in words)


def paper_rows(papers: list[Paper], query: str = "", sort: str = "Newest first") -> list[list[str]]:
    key, reverse = SORTS.get(sort, SORTS["Newest first"])
    chosen = sorted((p for p in papers if matches(p, query)), key=key, reverse=reverse)
    return [
        [p.display_title, p.authors_text, shown_date(p), p.category or "", p.org or "", "✓" if p.has_code else ""]
        for p in chosen
    ]


def paper_for_row(papers: list[Paper], row: list) -> str | None:
    """The paper_id of a table row (the table shows no ids: title, authors and date pick the paper)."""
    wanted = [str(cell) for cell in row[:3]]
    return next((p.paper_id for p in papers if [p.display_title, p.authors_text, shown_date(p)] == wanted), None)


def paper_choices(papers: list[Paper]) -> list[tuple[str, str]]:
    """(label, paper_id) pairs for the paper picker, sorted by title: the title, its first author and year (ids
    are the index's business, not the reader's)."""

    def label(paper: Paper) -> str:
        by = (
            paper.authors[0] + (" et al." if len(paper.authors) > 1 or paper.authors_truncated else "")
            if paper.authors
            else ""
        )
        about = ", ".join(part for part in (by, str(paper.year or "")) if part)
        return f"{paper.display_title[:90]}" + (f" — {about}" if about else "")

    return sorted(((label(p), p.paper_id) for p in papers), key=lambda choice: choice[0].lower())


def report_html(report: IngestReport, papers: list[Paper], inputs: list[Path], names: dict[str, str]) -> str:
    """Per-file summary of one ingest: papers new / updated per file, and every failed file with its reason."""
    shown = {str(path): names.get(str(path), str(path)) for path in inputs}
    changed = {pid: "new" for pid in report.new} | {pid: "updated" for pid in report.updated}
    per_file: dict[str, Counter[str]] = {}
    for paper in papers:
        if paper.paper_id in changed:
            for source in paper.sources:
                per_file.setdefault(source, Counter())[changed[paper.paper_id]] += 1
    rows = []
    for source, counts in sorted(per_file.items()):
        if any(source == str(p) or source.startswith(str(p).rstrip("/") + "/") for p in inputs):
            label = shown.get(source, source)
            rows.append(
                f'<div class="pc-file pc-ok"><span>✓</span><b>{esc(label)}</b>'
                f"<span>{counts['new']} new, {counts['updated']} updated</span></div>"
            )
    for problem in report.problems:
        label = shown.get(problem.source, problem.source)
        where = f" (line {problem.line})" if problem.line else ""
        rows.append(
            f'<div class="pc-file pc-error"><span>✗</span><b>{esc(label)}</b>'
            f"<span>{esc(problem.reason)}{where}</span></div>"
        )
    status = "pc-error" if report.problems else "pc-ok"
    head = (
        f'<p class="{status}"><b>{report.files} file{"s" if report.files != 1 else ""} read</b>: '
        f"{len(report.new)} new, {len(report.updated)} updated, {report.unchanged} unchanged papers; "
        f"{len(report.failed_files)} file{'s' if len(report.failed_files) != 1 else ''} failed.</p>"
    )
    table = f'<div class="pc-report">{"".join(rows)}</div>' if rows else ""
    return f'<div class="pc-ingest">{head}{table}</div>'


def example_questions(papers: list[Paper], n: int = 4) -> list[str]:
    """Questions of each kind paperchat answers, made from the loaded papers: a which-papers list, a fact about one
    paper, a comparison of two, and a question about the collection itself."""
    recent = sorted(papers, key=lambda p: (-(p.year or 0), p.paper_id))
    names = list(dict.fromkeys(name for p in recent if (name := _short_name(p))))
    questions: list[str] = []
    if topic := _common_topic(papers):
        questions.append(f"Which papers are about {topic}?")
    if names:
        questions.append(f"What problem does {names[0]} solve?")
    if len(names) >= 3:
        questions.append(f"How does {names[1]} compare with {names[2]}?")
    years = Counter(p.year for p in papers if p.year)
    if years:
        questions.append(f"How many papers are from {years.most_common(1)[0][0]}?")
    elif any(p.has_code for p in papers):
        questions.append("Which papers release code?")
    for paper in recent:  # too few named papers: ask what a title proposes
        title = paper.display_title.strip()
        if len(questions) >= n:
            break
        if 3 <= len(title.split()) <= 12:
            questions.append(f"What does the paper “{title}” propose?")
    return questions[:n]


def _short_name(paper: Paper) -> str | None:
    """'MemAscend' from 'MemAscend: System Memory Optimization…': a title's short name before a colon."""
    name, colon, rest = paper.display_title.partition(":")
    return name.strip() if colon and 1 <= len(name.split()) <= 3 and rest.strip() else None


def _common_topic(papers: list[Paper]) -> str | None:
    """The most common category, by its name, when at least two papers share it."""
    counts = Counter(p.category for p in papers if p.category)
    for code, count in counts.most_common():
        if count >= 2 and (label := category_label(code)) != code:
            return label.split(" — ", 1)[1]
    return None
