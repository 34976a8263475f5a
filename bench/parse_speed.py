"""PDF parse speed: paperchat's PDF parser (no chunking, no embedding) on every real PDF of the shared set.

Each PDF in ../shared/pdfs/papers and ../shared/pdfs/wide is parsed the way `paperchat ingest` parses it (every
page's text, the title page character by character, covers, OCR detection), `--repeats` times; the fastest run of
each file counts, so a busy moment of the shared machine does not. Prints pages per second per folder and overall,
the slowest files, and stores them in bench/RESULTS.md. Accuracy of titles, authors and years is
bench/pdf_metadata.py's.

Run: python bench/parse_speed.py [--pdfs ../shared/pdfs] [--repeats 3]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import SHARED_PDFS, load, log, save_section  # noqa: E402
from paperchat.ingest.formats import pdf  # noqa: E402
from paperchat.ingest.formats.base import ParseError  # noqa: E402
from paperchat.ingest.formats.pdf.reader import open_pdf  # noqa: E402

FOLDERS = ("papers", "wide")
SLOWEST = 3


def measure_file(path: Path, repeats: int) -> dict:
    data = path.read_bytes()
    pages = len(open_pdf(data))
    best = float("inf")
    failed = ""
    for _ in range(repeats):
        started = time.perf_counter()
        try:
            pdf.parse(data, path.name)
        except ParseError as error:
            failed = error.reason
        best = min(best, time.perf_counter() - started)
    return {"file": path.name, "pages": pages, "seconds": round(best, 3), "failed": failed}


def summary(rows: list[dict]) -> dict:
    pages = sum(row["pages"] for row in rows)
    seconds = sum(row["seconds"] for row in rows)
    return {"files": len(rows), "pages": pages, "seconds": round(seconds, 2), "pages_per_s": round(pages / seconds, 1)}


def render(measured: dict[str, list[dict]], load_average: float, repeats: int) -> list[str]:
    lines = [
        f"paperchat's PDF parser (pypdfium2) on every real PDF of ../shared/pdfs, fastest of {repeats} runs per file, "
        f"no chunking or embedding; load {load_average}.",
        "",
        "| PDFs | files | pages | seconds | pages/s |",
        "|---|---|---|---|---|",
    ]
    everything = [row for rows in measured.values() for row in rows]
    for name, rows in [*measured.items(), ("all", everything)]:
        found = summary(rows)
        lines.append(f"| {name} | {found['files']} | {found['pages']} | {found['seconds']} | {found['pages_per_s']} |")
    slowest = sorted(everything, key=lambda row: row["seconds"] / max(row["pages"], 1), reverse=True)[:SLOWEST]
    described = ", ".join(f"{row['pages'] / row['seconds']:.1f} pages/s ({row['pages']} pages)" for row in slowest)
    lines += ["", f"Slowest files per page: {described}."]
    failed = [f"{row['file']}: {row['failed']}" for row in everything if row["failed"]]
    if failed:
        lines.append(f"Not parsed: {'; '.join(failed)}.")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pdfs", type=Path, default=SHARED_PDFS, help="the shared set (papers/ and wide/)")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    folders = [args.pdfs / name for name in FOLDERS if (args.pdfs / name).is_dir()]
    if not folders:
        sys.exit(f"no {args.pdfs}/papers or /wide: this bench needs the shared set of real papers")
    measured: dict[str, list[dict]] = {}
    for folder in folders:
        measured[folder.name] = [measure_file(path, args.repeats) for path in sorted(folder.glob("*.pdf"))]
        log(f"{folder.name}: {summary(measured[folder.name])}")
    lines = render(measured, load(), args.repeats)
    print("\n".join(lines))
    save_section("parse_speed", {"folders": {name: summary(rows) for name, rows in measured.items()}, "lines": lines})


if __name__ == "__main__":
    main()
