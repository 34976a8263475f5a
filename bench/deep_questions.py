"""Deep questions on real PDFs: does the answer state the fact, cite the right paper, and refuse a near miss?

Ingests ../shared/pdfs/papers, docs and wide (the papers only: not the sets' own README, gold or question files)
into one index kept outside the repository and reused, asks every question of the given question files through the
public Assistant API, and scores each by its `kind`:
- fact (all): every `answer_keywords` entry is in the answer text (case-insensitive, whitespace normalised);
- fact (any): at least one of them is;
- paper: the first cited paper came from the question's `file`; cited: any cited paper did;
- near misses (`answerable` false): refused.

Run: python bench/deep_questions.py [--index DIR] [--quiet] [--json OUT] [QUESTIONS.jsonl ...]
Default question files: ../shared/pdfs/deep_questions.jsonl and ../shared/pdfs/wide/questions.jsonl.
`--quiet` prints aggregate numbers only (for sets whose questions must stay unseen).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import CACHE, SHARED_PDFS  # noqa: E402
from paperchat import Assistant  # noqa: E402

PDFS = SHARED_PDFS  # ../shared/pdfs, or $PAPERCHAT_SHARED/pdfs
DOCUMENTS = ("bates.txt", "flag_day.html", "gravity_hill.md")
DEFAULT_INDEX = CACHE / "deep-questions-index"


def library_files(root: Path = PDFS) -> list[Path]:
    """The papers of the shared PDF sets: every PDF of papers/ and wide/, and the three documents of docs/."""
    return (
        sorted((root / "papers").glob("*.pdf"))
        + [root / "docs" / n for n in DOCUMENTS]
        + sorted((root / "wide").glob("*.pdf"))
    )


def normalised(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def score(assistant: Assistant, questions: list[dict], sources: dict[str, set[str]]) -> list[dict]:
    """One row per question: what was asked of it and how the answer did."""
    rows = []
    for q in questions:
        answer = assistant.ask(q["question"])
        text = normalised(answer.text)
        found = [normalised(k) in text for k in q.get("answer_keywords", [])]
        cited = [sources.get(c.paper_id, set()) for c in answer.citations]
        file = q.get("file") or q.get("gold_file")
        rows.append(
            {
                "id": q.get("id", ""),
                "kind": q.get("kind", ""),
                "answerable": q.get("answerable", True),
                "refused": answer.refused,
                "fact_all": bool(found) and all(found),
                "fact_any": any(found),
                "paper": bool(cited) and file in cited[0],
                "cited": any(file in files for files in cited),
                "text": answer.text,
            }
        )
    return rows


def table(rows: list[dict]) -> dict[str, dict[str, int]]:
    """Counts per kind (answerable questions) and for near misses."""
    kinds: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        if not row["answerable"]:
            kinds["near misses"]["n"] += 1
            kinds["near misses"]["refused"] += row["refused"]
            continue
        for key in (row["kind"], "all answerable"):
            kinds[key]["n"] += 1
            for measure in ("fact_all", "fact_any", "paper", "cited", "refused"):
                kinds[key][measure] += row[measure]
    return {
        k: dict(v) for k, v in sorted(kinds.items(), key=lambda kv: (kv[0] in ("all answerable", "near misses"), kv[0]))
    }


def render(name: str, counts: dict[str, dict[str, int]]) -> str:
    lines = [
        f"## {name}",
        "| kind | n | fact (all) | fact (any) | right paper first | right paper cited | refused |",
        "|---|---|---|---|---|---|---|",
    ]
    for kind, c in counts.items():
        if kind == "near misses":
            lines.append(f"| near misses | {c['n']} | | | | | {c['refused']} of {c['n']} |")
        else:
            lines.append(
                f"| {kind} | {c['n']} | {c['fact_all']} | {c['fact_any']} | {c['paper']} | {c['cited']} | "
                f"{c['refused']} |"
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("questions", nargs="*", type=Path)
    parser.add_argument("--index", type=Path, default=DEFAULT_INDEX)
    parser.add_argument("--quiet", action="store_true", help="aggregate numbers only, no question or answer")
    parser.add_argument("--json", type=Path, help="write every row (with answers) here")
    parser.add_argument("--only", help="comma-separated question ids to ask")
    args = parser.parse_args()
    files = args.questions or [PDFS / "deep_questions.jsonl", PDFS / "wide" / "questions.jsonl"]
    assistant = Assistant.open(args.index, create=True)
    report = assistant.ingest(library_files())  # unchanged files are skipped
    if report.problems:
        print(f"ingest: {report.summary()}", file=sys.stderr)
    sources = {p.paper_id: {Path(s).name for s in p.sources} for p in assistant.papers()}
    everything = {}
    for path in files:
        questions = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        if args.only:
            questions = [q for q in questions if q.get("id") in args.only.split(",")]
        rows = score(assistant, questions, sources)
        everything[str(path)] = rows
        if not args.quiet:
            for row in rows:
                mark = "ok " if (row["fact_all"] if row["answerable"] else row["refused"]) else "MISS"
                print(f"{mark} {row['id']:>5} {row['kind']:<14} paper={row['paper']!s:<5} refused={row['refused']}")
        print(render(path.name if not args.quiet else "(quiet set)", table(rows)))
    if args.json:
        args.json.write_text(json.dumps(everything, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
