"""`paperchat`: the command line, a thin shell over `paperchat.Assistant`.

Heavy libraries load only inside the commands that need them, so `--help` is instant.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
from pathlib import Path

from paperchat.ui.cli.errors import check_writable, user_error_line
from paperchat.ui.cli.filter_options import add_filter_options, filters_from

EPILOG = """environment:
  PAPERCHAT_INDEX_DIR   index directory (default ./.paperchat); --index overrides it
  settings are read from PAPERCHAT_* variables and .env; see .env.example"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="paperchat",
        description="Ask questions of your research papers; answers cite the papers.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--index", type=Path, help="index directory (default: $PAPERCHAT_INDEX_DIR or ./.paperchat)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    ingest = _command(commands, "ingest", "add papers from files and folders (listings, PDF, BibTeX, JSONL, Markdown)")
    ingest.add_argument("paths", nargs="*", type=Path, help="files or folders (folders are read recursively)")
    ingest.add_argument(
        "--rebuild",
        action="store_true",
        help="re-embed every known paper with the current settings; readers answer from the old index until done",
    )
    ingest.add_argument("--json", action="store_true", help="print the report as JSON")

    ask = _command(commands, "ask", "answer a question with citations")
    ask.add_argument("question")
    ask.add_argument("-k", type=int, help="passages to retrieve")
    ask.add_argument("--json", action="store_true", help="print the answer as JSON")
    ask.add_argument("--stream", action="store_true", help="print the answer as it is written")
    ask.add_argument("--bibtex", action="store_true", help="print the cited papers as BibTeX after the answer")
    add_filter_options(ask)

    chat = _command(commands, "chat", "a conversation in the terminal; follow-up questions understood")
    chat.add_argument("-k", type=int, help="passages to retrieve")
    add_filter_options(chat)

    papers = _command(commands, "papers", "list the indexed papers")
    papers.add_argument("--json", action="store_true", help="every field of every paper, as JSON")
    add_filter_options(papers)

    remove = _command(commands, "remove", "remove a paper (by paper_id) or a source file's papers")
    remove.add_argument("targets", nargs="+", help="paper ids or source file paths")

    stats = _command(commands, "stats", "index size, papers, chunks, models")
    stats.add_argument("--json", action="store_true")

    for name, module_name in module_commands().items():
        module = importlib.import_module(module_name)
        module.add_arguments(_command(commands, name, module.HELP))
    return parser


def _command(commands: argparse._SubParsersAction, name: str, help_text: str) -> argparse.ArgumentParser:
    """A subcommand whose one-line help is also the first line of its own --help."""
    return commands.add_parser(name, help=help_text, description=help_text)


def _open(args: argparse.Namespace, rebuild: bool = False):  # noqa: ANN202
    from paperchat.assistant.api import Assistant
    from paperchat.assistant.config import Settings

    check_writable(Path(args.index or Settings().index_dir))
    return Assistant.open(args.index, rebuild=rebuild)


def cmd_ingest(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from paperchat.assistant.ingest_report import PROGRESS_STEPS

    if not args.paths and not args.rebuild:
        print("paperchat ingest: give files or folders to add (or --rebuild)", file=sys.stderr)
        return 2
    assistant = _open(args, rebuild=args.rebuild)
    bars: dict[str, tqdm] = {}

    def progress(stage: str, done: int, total: int) -> None:
        """One bar per step, in the words every shell uses; waiting for another process counts seconds (and is
        logged on stderr, with who holds the index, on a terminal or not)."""
        bar = bars.get(stage)
        if bar is None:
            bar = bars[stage] = tqdm(
                total=total,
                desc=PROGRESS_STEPS.get(stage, stage),
                unit=" s" if stage == "wait" else "",
                file=sys.stderr,
                leave=False,
                disable=not sys.stderr.isatty(),
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
        for notice in report.notices:
            print(f"note: {notice}", file=sys.stderr)
        print(report.summary())
        stage_times = ", ".join(f"{k} {v:.2f}s" for k, v in report.timings.items())
        print(f"time: {stage_times}")
    return 1 if report.problems else 0


def _print_answer(answer, args: argparse.Namespace, streamed: bool = False) -> None:  # noqa: ANN001
    if args.json:
        print(json.dumps(answer.to_dict(), indent=2, ensure_ascii=False))
        return
    if streamed:
        # The streamed draft is replaced by the checked text when checking changed it.
        print("\r\033[K" if sys.stdout.isatty() else "", end="")
    print(answer.text)
    if answer.citations:
        print("\nReferences:")
        print(answer.references_text())
    for warning in answer.warnings:
        print(f"note: {warning}", file=sys.stderr)
    if getattr(args, "bibtex", False) and answer.citations:
        print()
        print(answer.bibtex())


def cmd_ask(args: argparse.Namespace) -> int:
    from paperchat.assistant.errors import QuestionError

    assistant = _open(args)
    try:
        if args.stream and not args.json:
            stream = assistant.stream(args.question, filters=filters_from(args), k=args.k)
            for piece in stream:
                print(piece, end="", flush=True, file=sys.stderr)
            print(file=sys.stderr)
            _print_answer(stream.answer(), args, streamed=True)
            return 0
        answer = assistant.ask(args.question, filters=filters_from(args), k=args.k)
    except QuestionError as error:
        print(f"paperchat ask: {error}", file=sys.stderr)
        return 2
    _print_answer(answer, args)
    return 0


def cmd_chat(args: argparse.Namespace) -> int:
    """Read questions until EOF or 'exit'; each is answered with the conversation so far (its Answers) as history."""
    from paperchat.assistant.errors import QuestionError

    assistant = _open(args)
    history: list = []
    interactive = sys.stdin.isatty()
    if interactive:
        print("Ask about your papers. Follow-up questions work. 'new' starts over, 'exit' or Ctrl-D quits.")
    while True:
        try:
            question = input("you> " if interactive else "").strip()
        except EOFError:
            return 0
        if question in ("exit", "quit"):
            return 0
        if question == "new":
            history = []
            continue
        if not question:
            continue
        try:
            answer = assistant.chat(question, history, filters=filters_from(args), k=args.k)
        except QuestionError as error:
            print(f"paperchat chat: {error}", file=sys.stderr)
            continue
        print(str(answer) + "\n", flush=True)
        history.append(answer)  # the papers it showed and the plan it answered, not only its text


def cmd_papers(args: argparse.Namespace) -> int:
    papers = _open(args).papers(filters_from(args))
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


COMMANDS = {
    "ingest": cmd_ingest,
    "ask": cmd_ask,
    "chat": cmd_chat,
    "papers": cmd_papers,
    "remove": cmd_remove,
    "stats": cmd_stats,
}
# Commands that live in modules of their own: name → module. Each module has HELP, add_arguments(parser) and
# run(args), and imports only argparse-level things at the top, so `paperchat --help` stays fast.
MODULE_COMMANDS: dict[str, str] = {
    "eval": "paperchat.ui.cli.eval_command",
    "doctor": "paperchat.ui.cli.doctor_command",
    "feedback": "paperchat.ui.cli.feedback_command",
}
ENTRY_POINT_GROUP = "paperchat.commands"  # other shells (web UI, Slack bot) register their commands here


def module_commands() -> dict[str, str]:
    """Every command implemented in a module: the CLI's own, then those other shells register."""
    from importlib.metadata import entry_points

    registered = {point.name: point.value for point in entry_points(group=ENTRY_POINT_GROUP)}
    return {**MODULE_COMMANDS, **registered}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    modules = module_commands()
    command = importlib.import_module(modules[args.command]).run if args.command in modules else COMMANDS[args.command]
    try:
        status = command(args)
        sys.stdout.flush()  # here, not at exit, so that a reader gone away is caught below
        return status
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `paperchat papers | head`: the reader has what it wanted
        return _reader_gone()
    except Exception as error:  # a clear one-line error instead of a traceback for expected failures
        line = user_error_line(error)
        if line is None:
            raise
        print(f"paperchat {args.command}: {line}", file=sys.stderr)
        return 1


def _reader_gone() -> int:
    """Output the reader no longer takes goes to /dev/null, so that the flush at exit raises nothing either."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    return 141  # 128 + SIGPIPE: what a shell reports for any command whose reader left early


if __name__ == "__main__":
    sys.exit(main())
