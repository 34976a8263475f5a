"""`paperchat eval`: retrieval metrics on a BEIR dataset and answer quality on a question file, as a table or JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from paperchat.ui.cli import eval_command as command
from tests.assistant.evaluation.test_beir import write_dataset

SEED_QA = Path(__file__).resolve().parents[2] / "data" / "seed_qa.jsonl"


def test_a_dataset_without_qrels_is_a_one_line_error(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    root = write_dataset(tmp_path / "tiny")
    (root / "qrels" / "test.tsv").unlink()
    assert command.main(["--beir", str(root)]) == 2
    error = capsys.readouterr().err.strip()
    assert error.startswith("paperchat eval: ") and "qrels/test.tsv" in error and "\n" not in error


def test_a_missing_question_file_is_a_one_line_error(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    assert command.main(["--index", str(tmp_path / "index"), "--qa", str(tmp_path / "none.jsonl")]) == 2
    assert "none.jsonl" in capsys.readouterr().err


@pytest.mark.slow
def test_eval_beir_reports_every_retriever_and_reuses_its_index(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    root = write_dataset(tmp_path / "tiny")
    work = tmp_path / "work"
    assert command.main(["--beir", str(root), "--json", "--beir-index", str(work)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["documents"] == 5 and report["queries"] == 3
    assert report["ingest"]["chunks_embedded"] == 5
    assert set(report["results"]) == {"dense", "bm25", "configured"}
    for label, metrics in report["results"].items():
        # Each query has one obvious answer in five documents: every retriever ranks it first.
        assert metrics["ndcg@10"] == pytest.approx(1.0), label
        assert metrics["mrr@10"] == pytest.approx(1.0), label
        assert metrics["recall@100"] == pytest.approx(1.0), label

    assert command.main(["--beir", str(root), "--beir-index", str(work), "--retrievers", "bm25"]) == 0
    table = capsys.readouterr().out
    assert "0 chunks embedded" in table  # the second run reuses the index
    assert "nDCG@10" in table and "bm25" in table and "dense" not in table


@pytest.mark.slow
def test_eval_qa_command_prints_a_table_and_json(seed_index_dir: Path, tmp_path: Path, capsys) -> None:  # noqa: ANN001
    questions = tmp_path / "qa.jsonl"
    questions.write_text("\n".join(SEED_QA.read_text().splitlines()[:2] + SEED_QA.read_text().splitlines()[-1:]))
    assert command.main(["--index", str(seed_index_dir), "--qa", str(questions)]) == 0
    table = capsys.readouterr().out
    assert "3 questions: 2 answerable, 1 not" in table
    assert "refusal accuracy (unanswerable)" in table
    assert command.main(["--index", str(seed_index_dir), "--qa", str(questions), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data["questions"]) == 3 and data["summary"]["questions"] == 3
