"""An IngestReport says what an ingest did: one line, a readable summary, a notebook table, a JSON-ready dict."""

from __future__ import annotations

import json

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
