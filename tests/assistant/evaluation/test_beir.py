"""Loading a BEIR dataset (a tiny one written here). The `paperchat eval --beir` command is in tests/ui/cli."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from paperchat.assistant.evaluation.beir import DatasetError, load_beir, write_papers_jsonl

DOCS = {
    "d1": ("Sourdough fermentation", "Wild yeast and lactic acid bacteria leaven bread dough over many hours."),
    "d2": ("Glacier retreat", "Alpine glaciers lose ice mass as summer temperatures rise."),
    "d3": ("Summary", "Honeybees communicate the direction of flowers with a waggle dance."),
    "d4": ("Summary", "Volcanic eruptions inject sulfur dioxide that cools the climate for a year or two."),
    "d5": ("Chess openings", "The Sicilian Defence answers the king's pawn opening with an asymmetric pawn move."),
}
QUERIES = {
    "q1": "how do bees tell each other where flowers are",
    "q2": "sulfur dioxide from volcanoes cooling the climate",
    "q3": "melting alpine glaciers",
    "q9": "a query without judgements is not evaluated",
}
QRELS = [("q1", "d3", 1), ("q2", "d4", 1), ("q3", "d2", 1)]


def write_dataset(root: Path) -> Path:
    (root / "qrels").mkdir(parents=True)
    with (root / "corpus.jsonl").open("w") as handle:
        for doc_id, (title, text) in DOCS.items():
            handle.write(json.dumps({"_id": doc_id, "title": title, "text": text, "metadata": {}}) + "\n")
    with (root / "queries.jsonl").open("w") as handle:
        for qid, text in QUERIES.items():
            handle.write(json.dumps({"_id": qid, "text": text}) + "\n")
    rows = ["query-id\tcorpus-id\tscore"] + [f"{q}\t{d}\t{s}" for q, d, s in QRELS]
    (root / "qrels" / "test.tsv").write_text("\n".join(rows) + "\n")
    return root


def test_load_keeps_judged_queries_only(tmp_path: Path) -> None:
    dataset = load_beir(write_dataset(tmp_path / "tiny"))
    assert set(dataset.queries) == {"q1", "q2", "q3"}
    assert dataset.qrels["q2"] == {"d4": 1}
    assert len(dataset.corpus) == 5
    assert list(load_beir(tmp_path / "tiny", limit=2).queries) == ["q1", "q2"]


def test_documents_sharing_a_title_stay_separate_papers(tmp_path: Path) -> None:
    from paperchat.ingest.formats import jsonl

    path = write_papers_jsonl(load_beir(write_dataset(tmp_path / "tiny")), tmp_path / "papers.jsonl")
    papers = jsonl.parse(path.read_text(), str(path)).papers
    assert [p.paper_id for p in papers] == list(DOCS)
    assert len({p.title for p in papers}) == 5


def test_a_directory_without_qrels_is_a_clear_error(tmp_path: Path) -> None:
    root = write_dataset(tmp_path / "tiny")
    (root / "qrels" / "test.tsv").unlink()
    with pytest.raises(DatasetError, match="qrels/test.tsv"):
        load_beir(root)
