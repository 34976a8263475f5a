"""The Library tab's pure parts: safe uploads, the paper table, the ingest summary, example questions."""

from __future__ import annotations

from pathlib import Path

from paperchat.assistant.results import IngestReport
from paperchat.ingest.formats.base import Problem
from paperchat.ingest.papers import Paper
from paperchat.ui.web import library


def _papers() -> list[Paper]:
    return [
        Paper(
            title="MemAscend: System Memory Optimization",
            authors=["Ann Zed"],
            date="2025-05-29",
            year=2025,
            category="LG",
            abstract="SSD offloading for fine-tuning.",
            sources=["/in/a.txt"],
        ),
        Paper(
            title="A Conformer Based Acoustic Model for Speech",
            authors=["Yufeng Yang"],
            date="2022-03-01",
            year=2022,
            category="SD",
            abstract="Speech recognition.",
            sources=["/in/b.txt"],
        ),
        Paper(
            title="Beta Paper on Vision Transformers",
            authors=["Cy Moe"],
            date="May 25",
            category="CV",
            org="nvidia NVIDIA",
            code_url="https://github.com/x/y",
            sources=["/in/a.txt"],
        ),
    ]


def test_paper_rows_search_every_field_and_sort() -> None:
    papers = _papers()
    assert [r[0] for r in library.paper_rows(papers, "speech")] == ["A Conformer Based Acoustic Model for Speech"]
    assert [r[0] for r in library.paper_rows(papers, "nvidia transformers")] == ["Beta Paper on Vision Transformers"]
    assert len(library.paper_rows(papers, "")) == 3
    newest = [r[2] for r in library.paper_rows(papers, "", "Newest first")]
    assert newest == ["2025-05-29", "2022-03-01", "May 25"]
    oldest = [r[2] for r in library.paper_rows(papers, "", "Oldest first")]
    assert oldest[:2] == ["2022-03-01", "2025-05-29"]
    assert [r[0][0] for r in library.paper_rows(papers, "", "Title A–Z")] == ["A", "B", "M"]
    row = library.paper_rows(papers, "beta")[0]
    assert row[5] == "✓" and library.paper_for_row(papers, row) == papers[2].paper_id
    assert library.paper_for_row(papers, ["No such paper", "", ""]) is None


def test_report_names_each_file_and_each_error() -> None:
    papers = _papers()
    report = IngestReport(
        files=2,
        new=[papers[0].paper_id, papers[2].paper_id],
        updated=[papers[1].paper_id],
        problems=[Problem("/in/bad.pdf", "not a PDF <really>")],
        failed_files=["/in/bad.pdf"],
    )
    html = library.report_html(report, papers, [Path("/in")], {})
    assert "/in/a.txt" in html and "2 new, 0 updated" in html and "0 new, 1 updated" in html
    assert "/in/bad.pdf" in html and "not a PDF &lt;really&gt;" in html and "1 file failed" in html
    shown = library.report_html(report, papers, [Path("/in/a.txt")], {"/in/a.txt": "a.txt"})
    assert ">a.txt<" in shown and "/in/b.txt" not in shown


def test_example_questions_come_from_the_index_one_of_each_kind() -> None:
    papers = [
        *_papers(),
        Paper(title="Grass: Sparse Gradients", year=2025, category="LG"),
        Paper(title="TARA: Token Routing", year=2024, category="CV"),
    ]
    questions = library.example_questions(papers)
    assert questions[0] == "Which papers are about Machine Learning?"  # a list: the commonest category, by name
    assert questions[1] in ("What problem does MemAscend solve?", "What problem does Grass solve?")  # a fact
    assert questions[2].startswith("How does ") and " compare with " in questions[2]  # a comparison
    assert questions[3] == "How many papers are from 2025?"  # the collection itself
    assert library.example_questions([]) == []


def test_the_date_column_shows_a_year_when_a_paper_has_no_date_and_sorts_by_it() -> None:
    papers = [Paper(title="Only a year", year=2023), Paper(title="Listed", date="May 25", year=2025), *_papers()[:2]]
    rows = library.paper_rows(papers, "", "Newest first")
    assert [(r[0][:6], r[2]) for r in rows] == [
        ("MemAsc", "2025-05-29"),
        ("Listed", "May 25, 2025"),
        ("Only a", "2023"),
        ("A Conf", "2022-03-01"),
    ]
    assert library.paper_for_row(papers, rows[2]) == papers[0].paper_id


def test_the_paper_picker_names_papers_by_title_author_and_year_never_by_id() -> None:
    choices = dict(library.paper_choices(_papers()))
    assert "MemAscend: System Memory Optimization — Ann Zed, 2025" in choices
    assert all(paper_id not in label for label, paper_id in library.paper_choices(_papers()))
