"""`paperchat feedback`: list the verdicts users gave answers (the Slack bot's and the web UI's buttons)."""

from __future__ import annotations

import argparse
import json

HELP = "list the helpful / not helpful verdicts given to answers"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = "List the feedback users gave answers (Slack buttons), oldest first."
    parser.add_argument("--json", action="store_true", help="every field of every verdict, as JSON")
    verdict = parser.add_mutually_exclusive_group()
    verdict.add_argument("--helpful", dest="verdict", action="store_const", const=True, help="only helpful ones")
    verdict.add_argument("--not-helpful", dest="verdict", action="store_const", const=False,
                         help="only not-helpful ones")
    parser.add_argument("--last", type=int, metavar="N", help="only the N most recent")


def _short(text: str, limit: int = 200) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def format_feedback(item: dict) -> str:
    verdict = "helpful" if item.get("helpful") else "not helpful"
    where = " ".join(filter(None, [item.get("user") and f"user {item['user']}",
                                   item.get("channel") and f"in {item['channel']}"]))
    lines = [f"{item.get('created') or '?'}  {verdict:<11}  {where}".rstrip(),
             f"    Q: {_short(item.get('question') or '')}",
             f"    A: {_short(item.get('text') or item.get('answer') or '')}"]
    for citation in item.get("citations") or []:
        title = citation.get("title") or citation.get("paper_id") or "?"
        lines.append(f"    [{citation.get('n', '?')}] {_short(title, 120)}")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    from paperchat.assistant.api import Assistant

    items = Assistant.open(args.index).feedback()
    if getattr(args, "verdict", None) is not None:
        items = [item for item in items if bool(item.get("helpful")) == args.verdict]
    if getattr(args, "last", None):
        items = items[-args.last:]
    if getattr(args, "json", False):
        print(json.dumps(items, indent=2, ensure_ascii=False, default=str))
        return 0
    for item in items:
        print(format_feedback(item))
    helpful = sum(1 for item in items if item.get("helpful"))
    print(f"{len(items)} verdicts: {helpful} helpful, {len(items) - helpful} not helpful")
    return 0
