"""`paperchat eval`: retrieval quality on a BEIR dataset, or answer quality on a question file.

Only argparse-level imports at the top: the CLI imports this module to build its parser.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

BEIR_COLUMNS = [
    ("nDCG@10", "ndcg@10", "{:.3f}"),
    ("Recall@10", "recall@10", "{:.3f}"),
    ("Recall@100", "recall@100", "{:.3f}"),
    ("MRR@10", "mrr@10", "{:.3f}"),
    ("p50 ms", "latency_p50_ms", "{:.0f}"),
    ("p95 ms", "latency_p95_ms", "{:.0f}"),
]
QA_ROWS = [
    ("gold-paper recall (cited)", "gold_recall", "{:.3f}"),
    ("citation precision", "citation_precision", "{:.3f}"),
    ("fair citations (gold or acceptable)", "fair_citation_share", "{:.3f}"),
    ("refusal accuracy (unanswerable)", "refusal_accuracy", "{:.3f}"),
    ("unanswerable refused", "refused_unanswerable", "{}"),
    ("false refusals (answerable)", "false_refusals", "{:.3f}"),
    ("answerable refused", "refused_answerable", "{}"),
    ("keyword hit rate", "keyword_hit_rate", "{:.3f}"),
    ("latency p50 ms", "latency_p50_ms", "{:.0f}"),
    ("latency p95 ms", "latency_p95_ms", "{:.0f}"),
]


HELP = "measure retrieval (--beir DIR) or answers (--qa FILE.jsonl): nDCG, recall, citations, latency"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--beir", type=Path, metavar="DIR", help="BEIR dataset: corpus.jsonl, queries.jsonl, qrels/")
    source.add_argument(
        "--qa",
        type=Path,
        metavar="FILE",
        help='questions (JSONL) answered from the current index; a line with "turns" is a conversation, asked turn '
        "by turn with its history and scored by turn and by pattern",
    )
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument(
        "--limit", type=int, metavar="N", help="evaluate only the first N queries, questions or conversations"
    )
    parser.add_argument("--split", default="test", help="BEIR qrels split (default: test)")
    parser.add_argument(
        "--beir-index",
        type=Path,
        metavar="DIR",
        help="build the BEIR index here and reuse it next time (default: a throwaway directory)",
    )
    parser.add_argument(
        "--retrievers",
        default="dense,bm25,configured",
        help="comma-separated: dense, bm25, configured (the settings' mode, hybrid by default)",
    )
    parser.add_argument("--details", action="store_true", help="with --qa: one line per question")


def run(args: argparse.Namespace) -> int:
    from paperchat.assistant.evaluation.beir import DatasetError
    from paperchat.assistant.evaluation.qa import QAFileError

    try:
        return _run_beir(args) if args.beir else _run_qa(args)
    except (DatasetError, QAFileError, OSError) as error:
        print(f"paperchat eval: {error}", file=sys.stderr)
        return 2


def _run_beir(args: argparse.Namespace) -> int:
    from paperchat.assistant.api import Assistant
    from paperchat.assistant.config import Settings
    from paperchat.assistant.evaluation.beir import MODES, evaluate_retrievers, load_beir, write_papers_jsonl

    labels = [label.strip() for label in args.retrievers.split(",") if label.strip()]
    unknown = [label for label in labels if label not in {*MODES, "configured"}]
    if unknown:
        print(f"paperchat eval: unknown retriever {', '.join(unknown)} (dense, bm25, configured)", file=sys.stderr)
        return 2
    dataset = load_beir(args.beir, args.split, args.limit)
    with _work_dir(args.beir_index) as work, _progress_bars() as progress:
        settings = Settings()
        update: dict = {"index_dir": work / "index"}
        if settings.chroma_host:  # a server is shared: never write the corpus into the user's collection
            update["collection"] = f"eval-{dataset.name}"
        settings = settings.model_copy(update=update)
        assistant = Assistant.open(settings.index_dir, settings)
        ingest = assistant.ingest([write_papers_jsonl(dataset, work / "papers.jsonl")], progress)
        if ingest.problems:
            print(f"paperchat eval: {len(ingest.problems)} corpus lines were not indexed", file=sys.stderr)
        report = evaluate_retrievers(assistant, dataset, progress, labels)
        report.ingest = {"chunks_embedded": ingest.chunks_embedded, "timings": ingest.timings}
        assistant.index.catalog.close()
    if args.json:
        print(json.dumps(report.to_dict(), indent=2))
        return 0
    print(f"{report.dataset}: {report.documents} documents, {report.queries} judged queries ({args.split})")
    timings = ingest.timings
    print(f"index: {ingest.chunks_embedded} chunks embedded in {timings.get('total', 0):.1f} s")
    rows = [
        [_label(label, report.configured_mode)] + [fmt.format(metrics[key]) for _, key, fmt in BEIR_COLUMNS]
        for label, metrics in report.results.items()
    ]
    print(format_table(["retriever"] + [title for title, _, _ in BEIR_COLUMNS], rows))
    return 0


def _run_qa(args: argparse.Namespace) -> int:
    from paperchat.assistant.api import Assistant
    from paperchat.assistant.evaluation.qa import evaluate_conversations, load_conversations

    conversations = load_conversations(args.qa)[: args.limit]
    assistant = Assistant.open(args.index)
    if not assistant.stats()["papers"]:
        print("paperchat eval: the index has no papers; run `paperchat ingest` first", file=sys.stderr)
        return 1
    with _progress_bars() as progress:
        report = evaluate_conversations(assistant, conversations, progress)
    for title in report.missing_gold:
        print(f"warning: gold title not in the index: {title}", file=sys.stderr)
    if args.json:
        print(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
        return 0
    summary = report.summary()
    print(f"{summary['questions']} questions: {summary['answerable']} answerable, {summary['unanswerable']} not")
    rows = [[name, "n/a" if summary[key] is None else fmt.format(summary[key])] for name, key, fmt in QA_ROWS]
    print(format_table(["metric", "value"], rows))
    by_type = report.by_type()
    if len(by_type) > 1 or "" not in by_type:
        print()
        print(format_table(TYPE_COLUMNS, [type_row(kind, values) for kind, values in by_type.items()]))
    for label, groups in (("turn", report.by_turn()), ("pattern", report.by_pattern())):
        if groups:
            print()
            print(format_table([label, *TYPE_COLUMNS[1:]], [type_row(name, values) for name, values in groups.items()]))
    if args.details:
        detail = [
            [
                o.item.question[:60],
                "refused" if o.refused else f"{len(o.cited_titles)} cited",
                "-" if not o.item.answerable else f"{o.gold_recall:.2f}",
            ]
            for o in report.outcomes
        ]
        print(format_table(["question", "answer", "gold recall"], detail))
    return 0


TYPE_COLUMNS = [
    "type",
    "n",
    "gold recall",
    "citation precision",
    "fair citations",
    "wrongly refused",
    "keyword hits",
    "refused (unanswerable)",
]


def type_row(kind: str, values: dict) -> list[str]:
    """One line of the by-type table; blanks where a measure does not apply to the type."""

    def number(key: str) -> str:
        return "" if values[key] is None else f"{values[key]:.2f}"

    answerable = values["answerable"]
    return [
        kind or "(untyped)",
        str(values["questions"]),
        number("gold_recall") if answerable else "",
        number("citation_precision"),
        number("fair_citation_share"),
        str(values["refused_answerable"]) if answerable else "",
        number("keyword_hit_rate"),
        f"{values['refused_unanswerable']} of {values['unanswerable']}" if values["unanswerable"] else "",
    ]


def format_table(headers: list[str], rows: list[list[str]]) -> str:
    """A plain-text table: first column left-aligned, the others right-aligned."""
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows, strict=True)]

    def line(cells: list[str]) -> str:
        return "  ".join(
            str(cell).ljust(width) if n == 0 else str(cell).rjust(width)
            for n, (cell, width) in enumerate(zip(cells, widths, strict=True))
        )

    return "\n".join([line(headers), "  ".join("-" * width for width in widths), *map(line, rows)])


def _label(label: str, configured_mode: str) -> str:
    return f"configured ({configured_mode})" if label == "configured" else label


@contextmanager
def _work_dir(chosen: Path | None) -> Iterator[Path]:
    if chosen is not None:
        chosen.mkdir(parents=True, exist_ok=True)
        yield chosen
        return
    with tempfile.TemporaryDirectory(prefix="paperchat-eval-") as throwaway:
        yield Path(throwaway)


@contextmanager
def _progress_bars() -> Iterator[Callable[[str, int, int], None]]:
    """Progress callback drawing one tqdm bar per stage on stderr (only on a terminal)."""
    from tqdm import tqdm

    bars: dict[str, tqdm] = {}
    labels = {"parse": "reading corpus", "embed": "embedding chunks", "questions": "asking"}

    def progress(stage: str, done: int, total: int) -> None:
        bar = bars.get(stage)
        if bar is None:
            bar = bars[stage] = tqdm(
                total=total,
                desc=labels.get(stage, stage),
                file=sys.stderr,
                leave=False,
                disable=not sys.stderr.isatty(),
            )
        bar.update(done - bar.n)

    try:
        yield progress
    finally:
        for bar in bars.values():
            bar.close()


def main(argv: list[str] | None = None) -> int:
    """Standalone entry point (`python -m assistant.evaluation.command`), the same as `paperchat eval`."""
    parser = argparse.ArgumentParser(prog="paperchat eval", description=__doc__)
    parser.add_argument("--index", type=Path, help="index directory (default: $PAPERCHAT_INDEX_DIR or ./.paperchat)")
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
