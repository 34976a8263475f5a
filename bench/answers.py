"""Answers on the shared development sets and on the first-sight sets, through `paperchat eval --qa` over an index
of the seed listings (../shared/seeds): gold recall, citation precision and refusals overall, by type, and, for
conversations, by turn and by follow-up pattern; and latency.

A first-sight set (tests/data/first_sight/DATE-x) was written by someone who had not read the code and was scored
once before the change it measures; that score is in its `scores.json` ("before", with the commit it was measured
at), with the first score after the change when one was taken before anyone read the set ("first_after": the honest
one), and is shown beside today's. After that first measurement a set is development data.

Run: python bench/answers.py [--sets dev dev_conversations first_sight]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import CACHE, PYTHON, REPO, SHARED, load, log, save_section  # noqa: E402

FIRST_SIGHT = REPO / "tests" / "data" / "first_sight"
KEYS = (
    "gold_recall",
    "citation_precision",
    "refused_unanswerable",
    "unanswerable",
    "refused_answerable",
    "answerable",
    "latency_p50_ms",
    "latency_p95_ms",
)


def paperchat(*args: str) -> str:
    done = subprocess.run([PYTHON, "-m", "paperchat.ui.cli.main", *args], capture_output=True, text=True, cwd=REPO)
    if done.returncode != 0:
        raise RuntimeError(f"paperchat {' '.join(args)} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return done.stdout


def seed_index() -> Path:
    """An index of the shared seed listings, built once and reused (re-ingesting unchanged files does no work)."""
    index = CACHE / "shared-seed-index"
    paperchat("--index", str(index), "ingest", str(SHARED / "seeds"))
    return index


def evaluate(index: Path, path: Path) -> dict:
    report = json.loads(paperchat("--index", str(index), "eval", "--qa", str(path), "--json"))
    keep = {"summary", "by_type", "by_turn", "by_pattern"}
    return {key: value for key, value in report.items() if key in keep}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", nargs="+", default=["dev", "dev_conversations", "first_sight"])
    args = parser.parse_args()
    index = seed_index()
    section: dict = {"load_before": load(), "dev": {}, "first_sight": {}}
    for name in ("dev", "dev_conversations"):
        if name in args.sets:
            log(f"{name}.jsonl")
            section["dev"][name] = evaluate(index, SHARED / "qa" / f"{name}.jsonl")
    if "first_sight" in args.sets:
        for folder in sorted(p for p in FIRST_SIGHT.iterdir() if p.is_dir()):
            recorded = json.loads((folder / "scores.json").read_text()) if (folder / "scores.json").exists() else {}
            for part in ("questions", "conversations"):
                log(f"first sight {folder.name} {part}")
                now = evaluate(index, folder / f"{part}.jsonl")
                before = recorded.get(part, {})
                section["first_sight"][f"{folder.name}/{part}"] = {
                    "before": before.get("summary", {}),
                    "before_at": recorded.get("before_at", ""),
                    "first_after": recorded.get("first_after", {}).get(part, {}).get("summary", {}),
                    "first_after_at": recorded.get("first_after_at", ""),
                    "now": now,
                }
    section["load_after"] = load()
    save_section("answers", section)
    return 0


def render(section: dict) -> list[str]:
    """The RESULTS.md section: the dev sets by type, turn and pattern, and the first-sight sets before and now."""
    lines = [f"Load average before / after: {section.get('load_before')} / {section.get('load_after')}.", ""]
    for name, report in section.get("dev", {}).items():
        lines += [f"`{name}.jsonl`:", "", *_table(report), ""]
    if section.get("first_sight"):
        lines += [
            "First sight: sets written by someone who had not read the code, scored before the change they measure "
            "(at the commit shown) and now. After that first measurement a set is development data.",
            "",
            "| set | when | gold recall | citation precision | unanswerable refused | answerable refused | p50 ms |",
            "|---|---|---:|---:|---:|---:|---:|",
        ]
        for name, entry in section["first_sight"].items():
            for label, summary in (
                (f"before ({entry['before_at']})", entry["before"]),
                (f"first after ({entry.get('first_after_at', '')})", entry.get("first_after", {})),
                ("now", entry["now"].get("summary", {})),
            ):
                if summary:
                    lines.append(f"| {name} | {label} | {_row(summary)} |")
        lines.append("")
    return lines


def _table(report: dict) -> list[str]:
    lines = [
        "| group | n | gold recall | citation precision | unanswerable refused | answerable refused | p50 ms |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    lines.append(f"| all | {report['summary']['questions']} | {_row(report['summary'])} |")
    for label, groups in (
        ("type", report.get("by_type", {})),
        ("turn", report.get("by_turn", {})),
        ("pattern", report.get("by_pattern", {})),
    ):
        for name, summary in groups.items():
            lines.append(f"| {label} {name} | {summary['questions']} | {_row(summary)} |")
    return lines


def _row(summary: dict) -> str:
    def number(key: str) -> str:
        value = summary.get(key)
        return (
            "–"
            if value is None
            else f"{value:.3f}"
            if isinstance(value, float) and key != "latency_p50_ms"
            else (f"{value:.0f}" if isinstance(value, float) else str(value))
        )

    unanswerable = f"{summary.get('refused_unanswerable', 0)} of {summary.get('unanswerable', 0)}"
    return " | ".join(
        [
            number("gold_recall"),
            number("citation_precision"),
            unanswerable,
            f"{summary.get('refused_answerable', 0)} of {summary.get('answerable', 0)}",
            number("latency_p50_ms"),
        ]
    )


if __name__ == "__main__":
    sys.exit(main())
