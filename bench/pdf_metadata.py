"""PDF metadata accuracy against a gold file: titles, first authors, full author lists and years.

Reads a folder of real PDFs with its `gold.json` (../shared/pdfs/papers with ../shared/pdfs/gold.json, or
../shared/pdfs/wide with its own gold.json), parses each PDF with paperchat's parser and compares what it read
with what a careful reader reads on the paper. Words are compared accent- and case-free (`ingest.text.words`), so
"Zoltán Gyöngyi" and "Zoltan Gyongyi" agree; a gold entry's `title_alternatives` and `year_alternatives` count as
right too. A gold entry without `authors` is not counted for full lists; one whose `year` is null is not counted
for years.

`--exclude` and `--only` take file names (or `@FILE`, a file with one name per line), so a held-out part of a set
can be left alone while tuning and measured once at the end; `--quiet` prints the counts without naming any file.

Run: python bench/pdf_metadata.py --set wide --exclude @bench/pdf_held_out.txt
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import RESULTS_JSON, SHARED_PDFS, load, save_section  # noqa: E402
from paperchat.ingest.formats import pdf  # noqa: E402
from paperchat.ingest.formats.base import ParseError  # noqa: E402
from paperchat.ingest.text import words  # noqa: E402

SETS = {"papers": ("papers", "gold.json"), "wide": ("wide", "wide/gold.json")}
FIELDS = ("titles", "first_authors", "author_lists", "years")


def names(values: list[str] | None) -> set[str] | None:
    """File names from the arguments; '@list.txt' reads one name per line."""
    if not values:
        return None
    found: set[str] = set()
    for value in values:
        if value.startswith("@"):
            found |= {line.strip() for line in Path(value[1:]).read_text().splitlines() if line.strip()}
        else:
            found.add(value)
    return found


def judge(entry: dict, title: str, authors: list[str], year: int | None) -> dict[str, bool | None]:
    """Right (True), wrong (False) or not counted (None) for each field."""
    titles = [entry["title"], *entry.get("title_alternatives", [])]
    first = entry.get("first_author")
    gold_authors = entry.get("authors")
    years = [entry["year"], *entry.get("year_alternatives", [])]
    return {
        "titles": any(words(title) == words(option) for option in titles),
        "first_authors": (not authors) if first is None else bool(authors) and words(authors[0]) == words(first),
        "author_lists": None if gold_authors is None else list(map(words, authors)) == list(map(words, gold_authors)),
        "years": None if entry["year"] is None else year in years,
    }


def measure(set_name: str, folder: Path, include: set[str] | None, exclude: set[str] | None) -> dict:
    subfolder, gold_name = SETS[set_name]
    gold = json.loads((folder / gold_name).read_text())
    chosen = [
        entry
        for entry in gold
        if (include is None or entry["file"] in include) and (exclude is None or entry["file"] not in exclude)
    ]
    right = dict.fromkeys(FIELDS, 0)
    counted = dict.fromkeys(FIELDS, 0)
    misses: list[dict] = []
    started = time.perf_counter()
    for entry in chosen:
        data = (folder / subfolder / entry["file"]).read_bytes()
        try:
            paper = pdf.parse(data, entry["file"]).papers[0]
            title, authors, year = paper.title, paper.authors, paper.year
        except ParseError as error:
            title, authors, year = f"(parse error: {error})", [], None
        verdict = judge(entry, title, authors, year)
        for field, ok in verdict.items():
            if ok is not None:
                counted[field] += 1
                right[field] += ok
        wrong = [field for field, ok in verdict.items() if ok is False]
        if wrong:
            misses.append({"file": entry["file"], "wrong": wrong, "title": title, "authors": authors, "year": year})
    return {
        "set": set_name,
        "papers": len(chosen),
        "right": right,
        "counted": counted,
        "seconds": round(time.perf_counter() - started, 1),
        "misses": misses,
    }


def summary(result: dict) -> str:
    parts = [
        f"{field.replace('_', ' ')} {result['right'][field]}/{result['counted'][field]}"
        for field in FIELDS
        if result["counted"][field]
    ]
    return f"{result['set']} ({result['papers']} PDFs): " + ", ".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pdfs", type=Path, default=SHARED_PDFS, help="the shared set (papers/, wide/, gold.json)")
    parser.add_argument("--set", choices=list(SETS), nargs="+", default=list(SETS))
    parser.add_argument("--only", nargs="+", help="only these files (names, or @FILE with one per line)")
    parser.add_argument("--exclude", nargs="+", help="leave these files out (names, or @FILE)")
    parser.add_argument("--quiet", action="store_true", help="counts only: name no file and show no value")
    parser.add_argument("--save", metavar="LABEL", help="store the counts in bench/results.json under this label")
    args = parser.parse_args()
    if not (args.pdfs / "gold.json").is_file():
        sys.exit(f"no {args.pdfs / 'gold.json'}: this bench needs the shared set of real papers")
    results = [measure(name, args.pdfs, names(args.only), names(args.exclude)) for name in args.set]
    for result in results:
        print(summary(result))
        if not args.quiet:
            for miss in result["misses"]:
                print(f"  {miss['file']}: wrong {', '.join(miss['wrong'])}")
                print(f"    title   {miss['title']!r}")
                print(f"    authors {miss['authors']!r}")
                print(f"    year    {miss['year']!r}")
    if args.save:
        save(results, args.save)


def save(results: list[dict], label: str) -> None:
    """Add these counts to the table in bench/results.json (one row per set and label), re-render RESULTS.md."""
    stored = json.loads(RESULTS_JSON.read_text()) if RESULTS_JSON.exists() else {}
    rows = stored.get("pdf_metadata", {}).get("rows", {})
    for result in results:
        rows[f"{result['set']} ({result['papers']}), {label}"] = {
            field: f"{result['right'][field]}/{result['counted'][field]}" if result["counted"][field] else "–"
            for field in FIELDS
        }
    header = ["| PDFs, run | titles | first authors | full author lists | years |", "|---|---|---|---|---|"]
    lines = [f"| {key} | " + " | ".join(row[field] for field in FIELDS) + " |" for key, row in rows.items()]
    save_section("pdf_metadata", {"rows": rows, "lines": header + lines, "load": load()})


if __name__ == "__main__":
    main()
