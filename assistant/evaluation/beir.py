"""BEIR-format retrieval evaluation: corpus.jsonl, queries.jsonl, qrels/<split>.tsv → nDCG, Recall, MRR.

The corpus goes through our real ingest pipeline (as a JSONL papers file whose paper_id is the BEIR doc id),
and each retriever mode is our real Retriever with a settings copy whose `retrieval.mode` differs.
"""

from __future__ import annotations

import csv
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from paperchat.assistant.evaluation.metrics import evaluate, percentile

if TYPE_CHECKING:
    from paperchat.assistant.api import Assistant

Progress = Callable[[str, int, int], None]
MODES = {"dense": "dense", "bm25": "keyword"}  # report label → RetrievalSettings.mode
DEPTH = 100  # documents ranked per query: enough for Recall@100


class DatasetError(ValueError):
    """The directory is not a readable BEIR dataset."""


@dataclass
class BeirDataset:
    name: str
    corpus: dict[str, tuple[str, str]]  # doc id → (title, text)
    queries: dict[str, str]  # query id → text, only the queries judged in the split
    qrels: dict[str, dict[str, int]]  # query id → doc id → grade


@dataclass
class BeirReport:
    dataset: str
    documents: int
    queries: int
    configured_mode: str
    results: dict[str, dict[str, float]] = field(default_factory=dict)  # label → metric → value
    ingest: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {
            "dataset": self.dataset,
            "documents": self.documents,
            "queries": self.queries,
            "configured_mode": self.configured_mode,
            "results": self.results,
            "ingest": self.ingest,
        }


def load_beir(directory: Path, split: str = "test", limit: int | None = None) -> BeirDataset:
    """Read a BEIR dataset; `limit` keeps the first judged queries (for quick runs)."""
    paths = {name: directory / name for name in ("corpus.jsonl", "queries.jsonl")}
    paths["qrels"] = directory / "qrels" / f"{split}.tsv"
    for path in paths.values():
        if not path.is_file():
            raise DatasetError(f"{directory} is not a BEIR dataset: {path.relative_to(directory)} is missing")
    corpus = {
        str(record["_id"]): (str(record.get("title") or ""), str(record.get("text") or ""))
        for record in _jsonl(paths["corpus.jsonl"])
    }
    qrels: dict[str, dict[str, int]] = {}
    with paths["qrels"].open(encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle, delimiter="\t"):
            if len(row) < 3 or not row[2].strip().lstrip("-").isdigit():
                continue  # the header line, or a blank one
            qrels.setdefault(row[0], {})[row[1]] = int(row[2])
    texts = {str(record["_id"]): str(record["text"]) for record in _jsonl(paths["queries.jsonl"])}
    judged = [qid for qid in qrels if qid in texts]
    if limit is not None:
        judged = judged[:limit]
    return BeirDataset(
        name=directory.resolve().name,
        corpus=corpus,
        queries={qid: texts[qid] for qid in judged},
        qrels={qid: qrels[qid] for qid in judged},
    )


def write_papers_jsonl(dataset: BeirDataset, path: Path) -> Path:
    """The corpus as a papers file for `ingest`: paper_id = doc id, title, abstract = text.

    Papers are merged by normalised title, so documents that share a title (SciFact has three called
    "Summary") get their id appended to stay separate documents, as BEIR counts them."""
    from paperchat.ingest.papers import normalise_title

    seen: dict[str, int] = {}
    for title, _ in dataset.corpus.values():
        seen[normalise_title(title)] = seen.get(normalise_title(title), 0) + 1
    lines = []
    for doc_id, (title, text) in dataset.corpus.items():
        if not title.strip() or seen[normalise_title(title)] > 1:
            title = f"{title} [{doc_id}]".strip()
        lines.append(json.dumps({"paper_id": doc_id, "title": title, "abstract": text}, ensure_ascii=False))
    content = "\n".join(lines) + "\n"
    # Rewritten only when different: a reused index then sees an unchanged source.
    if not path.exists() or path.read_text(encoding="utf-8") != content:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    return path


def rank_documents(
    assistant: Assistant, queries: dict[str, str], mode: str, progress: Progress | None = None, label: str = ""
) -> tuple[dict[str, list[str]], list[float]]:
    """Query id → paper ids best first (a paper once, at its best chunk), and each query's latency in seconds."""
    from paperchat.assistant.retrieval.retriever import Retriever

    retriever = Retriever(assistant.index, assistant.settings.retrieval.model_copy(update={"mode": mode}))
    run: dict[str, list[str]] = {}
    latencies: list[float] = []
    for done, (qid, text) in enumerate(queries.items(), 1):
        started = time.perf_counter()
        sources = retriever.retrieve(text, DEPTH)
        latencies.append(time.perf_counter() - started)
        run[qid] = list(dict.fromkeys(source.paper_id for source in sources))
        if progress:
            progress(label or mode, done, len(queries))
    return run, latencies


def evaluate_retrievers(
    assistant: Assistant, dataset: BeirDataset, progress: Progress | None = None, labels: list[str] | None = None
) -> BeirReport:
    """Metrics of dense, BM25 and the configured retriever over the dataset already in `assistant`'s index."""
    configured = assistant.settings.retrieval.mode
    report = BeirReport(dataset.name, len(dataset.corpus), len(dataset.queries), configured)
    modes = {**MODES, "configured": configured}
    for label in labels or list(modes):
        run, latencies = rank_documents(assistant, dataset.queries, modes[label], progress, label)
        metrics = evaluate(run, dataset.qrels)
        metrics["latency_p50_ms"] = percentile(latencies, 50) * 1000
        metrics["latency_p95_ms"] = percentile(latencies, 95) * 1000
        report.results[label] = metrics
    return report


def _jsonl(path: Path) -> list[dict]:
    records = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as error:
                raise DatasetError(f"{path}:{number}: invalid JSON ({error.msg})") from None
    return records
