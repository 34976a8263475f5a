"""`make bench`: every benchmark in turn, then bench/RESULTS.md. Expect an hour or more on 2 busy cores the
first time (SciFact and the 100k-chunk corpus are embedded once, then cached in $PAPERCHAT_BENCH_CACHE).

Run: python bench/run_all.py [--quick]   (--quick: seeds only, for checking the scripts)
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import PYTHON, REPO, log, save_section  # noqa: E402

FULL = [
    ["bench/ingest_speed.py"],
    ["bench/quality.py"],  # reuses the SciFact index ingest_speed.py built
    ["bench/scale.py"],
    ["bench/query_speed.py"],  # reuses the 100k-chunk index scale.py built
    ["bench/question_reading.py"],
    ["bench/answers.py"],
]
QUICK = [
    ["bench/ingest_speed.py", "--corpus", "seeds", "--repeats", "1"],
    ["bench/quality.py", "--skip-scifact"],
    ["bench/scale.py", "--sizes", "1000", "--server-size", "1000"],
    ["bench/query_speed.py", "--skip-100k", "--rounds", "1"],
    ["bench/question_reading.py", "--sizes", "1000", "--repeats", "1"],
    ["bench/answers.py", "--sets", "dev"],
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    started = time.perf_counter()
    durations = {}
    for command in QUICK if args.quick else FULL:
        log(" ".join(command))
        began = time.perf_counter()
        if subprocess.run([PYTHON, *command], cwd=REPO).returncode != 0:
            print(f"bench: {' '.join(command)} failed", file=sys.stderr)
            return 1
        durations[command[0]] = round(time.perf_counter() - began, 1)
    total = round(time.perf_counter() - started, 1)
    save_section("run_all", {"seconds": total, "scripts": durations, "quick": args.quick})
    print(f"make bench: {total / 60:.1f} min ({durations}); see bench/RESULTS.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
