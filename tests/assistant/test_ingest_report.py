"""An IngestReport says what an ingest did: one line, a readable summary, a notebook table, a JSON-ready dict."""

from __future__ import annotations

import json
from pathlib import Path

from paperchat import IngestReport
from paperchat.ingest.formats.base import Problem


def report() -> IngestReport:
    return IngestReport(
        files=3,
        records=5,
        new=["a", "b"],
        updated=["c"],
        unchanged=2,
        chunks_embedded=9,
        problems=[Problem("papers.jsonl", "missing title", line=4)],
        failed_files=["bad.pdf"],
        timings={"total": 1.25},
    )


def test_an_ingest_report_sums_up_in_one_line() -> None:
    assert report().summary() == (
        "3 files, 5 records: 2 new, 1 updated, 2 unchanged, 0 removed papers; 1 files failed, 1 problems; "
        "9 chunks embedded"
    )
    assert not report().ok and IngestReport().ok
    assert report().to_dict()["problems"] == ["papers.jsonl:4: missing title"]
    assert json.loads(json.dumps(report().to_dict()))["new"] == ["a", "b"]


def test_str_is_a_readable_summary_and_repr_a_short_one() -> None:
    assert str(report()).splitlines() == [
        "Read 3 files (5 records) in 1.2 s.",
        "Papers: 2 new, 1 updated, 2 unchanged, 0 removed; 9 chunks embedded.",
        "1 problem:",
        "  papers.jsonl:4: missing title",
    ]
    assert repr(report()) == (
        "IngestReport(files=3, records=5, new=2, updated=1, unchanged=2, removed=0, problems=1, chunks_embedded=9)"
    )
    assert str(report()) != repr(report()) and str(IngestReport()).endswith("No problems.")


def test_a_notebook_shows_a_table_of_counts_and_the_problems() -> None:
    shown = report()._repr_markdown_()
    assert "| new papers | 2 |" in shown and "| problems | 1 |" in shown
    assert shown.endswith("- `papers.jsonl:4: missing title`")


def test_an_ingest_reports_each_step_and_the_embedding_batch_by_batch(tmp_path: Path) -> None:
    from paperchat import Assistant
    from paperchat.assistant.ingest_report import PROGRESS_STEPS
    from tests.conftest import make_settings
    from tests.reliability.helpers import tiny_papers, write_jsonl

    steps: list[tuple[str, int, int]] = []
    assistant = Assistant.open(tmp_path / "index", make_settings(tmp_path / "index"))
    report = assistant.ingest(write_jsonl(tmp_path / "papers.jsonl", tiny_papers(40)), lambda *step: steps.append(step))
    assert report.chunks_embedded == 40
    assert list(dict.fromkeys(step for step, _, _ in steps)) == ["parse", "embed", "keywords"]
    assert {step for step, _, _ in steps} <= set(PROGRESS_STEPS)
    embedded = [(done, total) for step, done, total in steps if step == "embed"]
    assert len(embedded) >= 5 and {total for _, total in embedded} == {40}  # the model's batches, as they finish
    assert [done for done, _ in embedded] == sorted(done for done, _ in embedded) and embedded[-1][0] == 40
