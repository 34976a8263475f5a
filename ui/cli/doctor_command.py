"""`paperchat doctor`: check the index and repair what can be repaired without the source files."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from pathlib import Path

HELP = "check the index (catalog, manifest, vector store, vectors, keywords); --repair fixes what it can"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--repair", action="store_true", help="fix what can be fixed (re-embeds only what is missing)")
    parser.add_argument("--json", action="store_true", help="print the findings as JSON")


def run(args: argparse.Namespace) -> int:
    from paperchat.assistant import Assistant, Settings
    from paperchat.assistant.errors import IndexNotFoundError

    settings = Settings()
    index_dir = Path(getattr(args, "index", None) or settings.index_dir)
    if not Assistant.exists(index_dir):
        raise IndexNotFoundError(index_dir)
    findings = Assistant.diagnose(index_dir, settings, repair=args.repair)
    healthy = all(f.settled for f in findings)
    if args.json:
        print(json.dumps({"index_dir": str(index_dir), "ok": healthy, "findings": [asdict(f) for f in findings]},
                         indent=2))
    else:
        print(f"paperchat doctor: {index_dir}")
        for f in findings:
            status = "repaired" if f.repaired else "ok" if f.ok else "PROBLEM"
            print(f"  {status:<9}{f.check:<10}{f.detail}")
            if f.fix and not f.settled:
                print(f"{'':21}fix: {f.fix}")
    return 0 if healthy else 1
