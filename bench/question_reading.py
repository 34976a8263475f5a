"""Reading a question after the library changes: does it cost the whole library, or the change?

Run: python bench/question_reading.py [--sizes 10000 100000] [--repeats 3]

Each question is read into a plan (`read_question`: the names, titles and term frequencies of the catalog), as
every ask does first. A catalog of `size` papers (the scale corpus: SciFact abstracts and sentences) is written
in a temporary directory; then: the first question (everything is built), the same question again (nothing
changed), a question after one paper is added, and one after a paper is removed. No model and no vectors: the
catalog is all that reading needs.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import load, log, median, save_section  # noqa: E402
from bench.scale_corpus import records  # noqa: E402

QUESTION = "Which papers by Yufeng Yang on GaLore 2 describe memory-efficient fine-tuning?"
ADDED = {
    "paper_id": "added-0001",
    "title": "Cavitation Erosion of Tidal Turbine Blades",
    "abstract": "We measure how cavitation bubbles erode composite coatings on tidal turbine blades.",
    "authors": ["Ada Turbine", "Ben Blade"],
}


def timed_read(library: object) -> float:
    from paperchat.assistant.question.reader import read_question

    started = time.perf_counter()
    read_question(QUESTION, library)  # type: ignore[arg-type]
    return round(time.perf_counter() - started, 3)


def measure(size: int, repeats: int) -> dict:
    from paperchat.assistant.index.catalog import Catalog
    from paperchat.assistant.question.index_library import IndexLibrary
    from paperchat.ingest.papers import Paper

    papers = [Paper(**record) for record in records(size)]
    with tempfile.TemporaryDirectory(prefix="question-reading-") as work:
        catalog = Catalog(Path(work) / "catalog.sqlite")
        for start in range(0, len(papers), 10_000):
            catalog.write_papers([(p, [], None) for p in papers[start : start + 10_000]])
        library = IndexLibrary(catalog)
        row: dict = {"papers": size, "first": timed_read(library), "unchanged": timed_read(library)}
        added, removed = [], []
        for n in range(repeats):
            paper = Paper(**{**ADDED, "paper_id": f"added-{n}", "title": f"{ADDED['title']} {n}"})
            catalog.write_papers([(paper, [], None)])
            added.append(timed_read(library))
            catalog.delete_paper(paper.paper_id)
            removed.append(timed_read(library))
        row |= {"after_add": median(added), "after_remove": median(removed), "load": load()}
        catalog.close()
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    rows = []
    for size in args.sizes:
        log(f"{size} papers")
        rows.append(measure(size, args.repeats))
        print(rows[-1], flush=True)
    save_section("question_reading", {"rows": rows})


if __name__ == "__main__":
    main()
