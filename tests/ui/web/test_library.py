"""The Library tab's pure parts: safe uploads, the paper table, the ingest summary, example questions."""

from __future__ import annotations

from pathlib import Path

import pytest

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


@pytest.mark.parametrize("name", ["../../evil.md", "..\\..\\evil.md", "/etc/passwd", ".bashrc", "a/../../b.md"])
def test_uploads_never_leave_the_upload_folder(tmp_path: Path, name: str) -> None:
    temp = tmp_path / "temp.md"
    temp.write_text("# A paper\n\nText.")
    folder = tmp_path / "uploads"
    stored = library.store_upload(temp, name, folder, max_bytes=10_000)
    assert stored.parent == folder.resolve() and stored.is_file()
    assert not stored.name.startswith(".") and "/" not in stored.name
    assert sorted(p.name for p in tmp_path.iterdir()) == ["temp.md", "uploads"]


def test_same_upload_is_reused_and_a_different_one_gets_a_new_name(tmp_path: Path) -> None:
    first, second = tmp_path / "1", tmp_path / "2"
    first.write_text("one")
    second.write_text("two")
    folder = tmp_path / "up"
    a = library.store_upload(first, "paper.md", folder, 100)
    assert library.store_upload(first, "paper.md", folder, 100) == a
    b = library.store_upload(second, "paper.md", folder, 100)
    assert (a.name, b.name) == ("paper.md", "paper-2.md") and b.read_text() == "two"


def test_uploads_over_the_size_limit_are_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.pdf"
    big.write_bytes(b"x" * 2048)
    with pytest.raises(library.UploadError, match="over the"):
        library.store_upload(big, "big.pdf", tmp_path / "up", max_bytes=1024)
    assert not (tmp_path / "up" / "big.pdf").exists()


def test_paper_rows_search_every_field_and_sort() -> None:
    papers = _papers()
    assert [r[0] for r in library.paper_rows(papers, "speech")] == ["A Conformer Based Acoustic Model for Speech"]
    assert [r[0] for r in library.paper_rows(papers, "nvidia transformers")] == ["Beta Paper on Vision Transformers"]
    assert len(library.paper_rows(papers, "")) == 3
    newest = [r[2] for r in library.paper_rows(papers, "", "Newest first")]
    assert newest[:2] == ["2025-05-29", "2022-03-01"]
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
