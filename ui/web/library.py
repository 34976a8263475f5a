"""The Library tab's pure parts: storing uploads safely, the paper table, the ingest summary, example questions."""

from __future__ import annotations

import hashlib
import re
import shutil
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from paperchat.ui.web.paper_page import category_label
from paperchat.ui.web.render import esc

if TYPE_CHECKING:
    from paperchat.assistant.results import IngestReport

Paper = Any  # a paper record as `Assistant.papers()` returns it (title, authors, date, year, category, ...)

COLUMNS = ["Title", "Authors", "Date", "Category", "Org", "Code"]
SORTS = {
    "Newest first": (lambda p: (p.date or "") if p.year else "", True),
    "Oldest first": (lambda p: (p.date or "") if p.year else "9999", False),
    "Title A–Z": (lambda p: p.display_title.lower(), False),
    "First author A–Z": (lambda p: p.authors[0].split()[-1].lower() if p.authors else "~", False),
    "Category": (lambda p: (p.category or "~").lower(), False),
}
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


class UploadError(ValueError):
    """An uploaded file that cannot be stored (too large, unreadable)."""


def safe_name(name: str) -> str:
    """A plain file name from whatever the browser sent: no folders, no leading dots, no odd characters."""
    base = re.split(r"[\\/]", name)[-1]
    cleaned = _UNSAFE.sub("_", base).lstrip("._-")[:120]
    return cleaned or "upload"


def store_upload(temp_path: str | Path, original_name: str, upload_dir: Path, max_bytes: int) -> Path:
    """Copy an uploaded file into `upload_dir` under a safe name; the same content uploaded again reuses its file."""
    temp_path = Path(temp_path)
    size = temp_path.stat().st_size
    if size > max_bytes:
        # The limit is configured in MB of 1024 * 1024 bytes (PAPERCHAT_UI__MAX_UPLOAD_MB): say both in that unit.
        mb = 1024 * 1024
        raise UploadError(f"{safe_name(original_name)}: {size / mb:.3g} MB is over the {max_bytes / mb:.3g} MB limit")
    upload_dir.mkdir(parents=True, exist_ok=True)
    root = upload_dir.resolve()
    name = safe_name(original_name)
    digest = hashlib.sha256(temp_path.read_bytes()).hexdigest()
    stem, suffix = Path(name).stem, Path(name).suffix
    for attempt in range(1, 1000):
        target = (root / (name if attempt == 1 else f"{stem}-{attempt}{suffix}")).resolve()
        if target.parent != root:  # belt and braces: never write outside the upload folder
            raise UploadError(f"{name}: refusing a file name that leaves the upload folder")
        if target.exists():
            if hashlib.sha256(target.read_bytes()).hexdigest() == digest:
                return target
            continue
        shutil.copyfile(temp_path, target)
        return target
    raise UploadError(f"{name}: too many files with this name")


def store_uploads(files: list | None, upload_dir: Path, max_bytes: int) -> tuple[list[Path], dict[str, str], list[str]]:
    """Every uploaded file kept in `upload_dir`: stored paths, the names to show, and one error per refused file."""
    paths: list[Path] = []
    names: dict[str, str] = {}
    errors: list[str] = []
    for file in files or []:
        temp = getattr(file, "name", file)
        original = getattr(file, "orig_name", None) or Path(str(temp)).name
        try:
            stored = store_upload(temp, original, upload_dir, max_bytes)
        except (UploadError, OSError) as error:
            errors.append(str(error))
            continue
        paths.append(stored)
        names[str(stored)] = stored.name
    return paths, names, errors


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
        [p.display_title, p.authors_text, p.date or "", p.category or "", p.org or "", "✓" if p.has_code else ""]
        for p in chosen
    ]


def paper_for_row(papers: list[Paper], row: list) -> str | None:
    """The paper_id of a table row (the table shows no ids: title, authors and date pick the paper)."""
    wanted = [str(cell) for cell in row[:3]]
    return next((p.paper_id for p in papers if [p.display_title, p.authors_text, p.date or ""] == wanted), None)


def paper_choices(papers: list[Paper]) -> list[tuple[str, str]]:
    """(label, paper_id) pairs for the remove picker, sorted by title."""
    return sorted(((f"{p.display_title[:90]} — {p.paper_id}", p.paper_id) for p in papers), key=lambda c: c[0].lower())


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
