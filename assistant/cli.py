"""`paperchat`: the command line, a thin shell over `assistant.Assistant`.

Heavy libraries load only inside the commands that need them, so `--help` is instant.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

EPILOG = """environment:
  PAPERCHAT_INDEX_DIR   index directory (default ./.paperchat); --index overrides it
  settings are read from PAPERCHAT_* variables and .env; see .env.example"""


def _year_range(text: str) -> tuple[int | None, int | None]:
    """'2024' → (2024, 2024); '2023..2025' → (2023, 2025); '2024..' → (2024, None)."""
    low, sep, high = text.partition("..")
    try:
        start = int(low) if low else None
        end = (int(high) if high else None) if sep else start
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"year must be YYYY or YYYY..YYYY, got {text!r}") from error
    return start, end


def _add_filter_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--year", type=_year_range, help="year or range: 2024, 2023..2025, 2024..")
    parser.add_argument("--author", help="only papers by this author (any name order, case-insensitive)")
    parser.add_argument("--category", help="only this category, e.g. CV or cs.LG")
    parser.add_argument("--org", help="only papers from this organisation")
    parser.add_argument("--source", help="only papers from this source file")
    parser.add_argument("--has-code", action="store_true", default=None, help="only papers that release code")


def _filters(args: argparse.Namespace):  # noqa: ANN202
    from assistant.filters import Filters

    year_from, year_to = args.year if args.year else (None, None)
    return Filters(
        year_from=year_from,
        year_to=year_to,
        author=args.author,
        category=args.category,
        org=args.org,
        source=args.source,
        has_code=args.has_code,
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="paperchat",
        description="Ask questions of your research papers; answers cite the papers.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--index", type=Path, help="index directory (default: $PAPERCHAT_INDEX_DIR or ./.paperchat)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    ingest = commands.add_parser(
        "ingest", help="add papers from files and folders (listings, PDF, BibTeX, JSONL, Markdown)"
    )
    ingest.add_argument("paths", nargs="*", type=Path, help="files or folders (folders are read recursively)")
    ingest.add_argument("--rebuild", action="store_true", help="re-embed every known paper with the current settings")
    ingest.add_argument("--json", action="store_true", help="print the report as JSON")

    ask = commands.add_parser("ask", help="answer a question with citations")
    ask.add_argument("question")
    ask.add_argument("-k", type=int, help="passages to retrieve")
    ask.add_argument("--json", action="store_true", help="print the answer as JSON")
    _add_filter_options(ask)

    papers = commands.add_parser("papers", help="list the indexed papers")
    papers.add_argument("--json", action="store_true", help="every field of every paper, as JSON")
    _add_filter_options(papers)

    remove = commands.add_parser("remove", help="remove a paper (by paper_id) or a source file's papers")
    remove.add_argument("targets", nargs="+", help="paper ids or source file paths")

    stats = commands.add_parser("stats", help="index size, papers, chunks, models")
    stats.add_argument("--json", action="store_true")
    return parser


def _open(args: argparse.Namespace, rebuild: bool = False):  # noqa: ANN202
    from assistant.api import Assistant

    return Assistant.open(args.index, rebuild=rebuild)


def cmd_ingest(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    if not args.paths and not args.rebuild:
        print("paperchat ingest: give files or folders to add (or --rebuild)", file=sys.stderr)
        return 2
    assistant = _open(args, rebuild=args.rebuild)
    bars: dict[str, tqdm] = {}

    def progress(stage: str, done: int, total: int) -> None:
        bar = bars.get(stage)
        if bar is None:
            label = {"parse": "reading files", "embed": "embedding chunks"}.get(stage, stage)
            bar = bars[stage] = tqdm(
                total=total, desc=label, unit="", file=sys.stderr, leave=False, disable=not sys.stderr.isatty()
            )
        bar.update(done - bar.n)

    report = assistant.ingest(args.paths, progress)
    for bar in bars.values():
        bar.close()
    if args.json:
        print(json.dumps(report.to_dict(), indent=2))
    else:
        for problem in report.problems:
            print(f"error: {problem}", file=sys.stderr)
        print(report.summary())
        stage_times = ", ".join(f"{k} {v:.2f}s" for k, v in report.timings.items())
        print(f"time: {stage_times}")
    return 1 if report.problems else 0


def cmd_ask(args: argparse.Namespace) -> int:
    from assistant.errors import QuestionError

    assistant = _open(args)
    try:
        answer = assistant.ask(args.question, filters=_filters(args), k=args.k)
    except QuestionError as error:
        print(f"paperchat ask: {error}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(answer.to_dict(), indent=2, ensure_ascii=False))
    else:
        print(answer.text)
        if answer.citations:
            print("\nReferences:")
            print(answer.references_text())
    return 0


def cmd_papers(args: argparse.Namespace) -> int:
    papers = _open(args).papers(_filters(args))
    if args.json:
        print(json.dumps([p.to_dict() for p in papers], indent=2, ensure_ascii=False))
        return 0
    for paper in papers:
        meta = " · ".join(filter(None, [paper.authors_text, paper.date, paper.category, paper.org]))
        print(f"{paper.paper_id}  {paper.display_title}\n    {meta}")
    print(f"{len(papers)} papers")
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    assistant = _open(args)
    status = 0
    for target in args.targets:
        report = assistant.remove(target)
        if report.removed:
            print(f"{target}: removed {len(report.removed)} papers ({', '.join(report.removed)})")
        elif report.updated:
            print(f"{target}: {len(report.updated)} papers kept from other sources")
        else:
            print(f"paperchat remove: {target}: no such paper id or source file", file=sys.stderr)
            status = 1
    return status


def cmd_stats(args: argparse.Namespace) -> int:
    stats = _open(args).stats()
    if args.json:
        print(json.dumps(stats, indent=2))
    else:
        for key, value in stats.items():
            print(f"{key:>14}: {value}")
    return 0


COMMANDS = {"ingest": cmd_ingest, "ask": cmd_ask, "papers": cmd_papers, "remove": cmd_remove, "stats": cmd_stats}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # a clear one-line error instead of a traceback for expected failures
        from assistant.errors import USER_ERRORS

        if isinstance(error, USER_ERRORS):
            print(f"paperchat {args.command}: {error}", file=sys.stderr)
            return 1
        raise


if __name__ == "__main__":
    sys.exit(main())
