"""Query speed: retrieve and offline answer p50/p95 on the seed index and on a 100k-chunk index; CLI `ask`
cold start (and what it imports); memory of a loaded index.

Run: python bench/query_speed.py [--skip-100k] [--rounds 3]
The 100k index is the one scale.py builds (built here if missing).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import (  # noqa: E402
    PYTHON,
    REPO,
    SCIFACT,
    SEED_QA,
    emit,
    load,
    log,
    percentiles_ms,
    rss_mb,
    run_worker,
    save_section,
    stopwatch,
)

SCRIPT = Path(__file__).resolve()
COLD_RUNS = 5
QUESTION = "How can a vision transformer run on a microcontroller with little memory?"


def questions(kind: str) -> list[str]:
    if kind == "seeds":
        return [json.loads(line)["question"] for line in SEED_QA.read_text().splitlines() if line.strip()]
    from paperchat.assistant.evaluation.beir import load_beir

    return list(load_beir(SCIFACT, limit=100).queries.values())


def worker(kind: str, index: Path, rounds: int) -> dict:
    """Open the index, then time retrieve() and ask() over the question set, `rounds` times."""
    from paperchat.assistant.config import Settings, offline_environment

    offline_environment()
    result: dict = {"rss_before_open_mb": rss_mb()}
    with stopwatch(result, "open"):
        from paperchat.assistant.api import Assistant

        assistant = Assistant.open(index, Settings(_env_file=None, index_dir=index))
    with stopwatch(result, "first_ask"):  # the model, Chroma's HNSW index and BM25 load on first use
        assistant.ask(QUESTION)
    result["rss_loaded_mb"] = rss_mb()
    asked = questions(kind)
    retrieve, ask, answer_part = [], [], []
    for _ in range(rounds):
        for question in asked:
            started = time.perf_counter()
            assistant.retrieve(question)
            retrieve.append(time.perf_counter() - started)
            started = time.perf_counter()
            answer = assistant.ask(question)
            ask.append(time.perf_counter() - started)
            answer_part.append(answer.timings.get("answer", 0.0))
    result.update(
        chunks=assistant.index.catalog.counts()["chunks"],
        retrieve=percentiles_ms(retrieve),
        ask=percentiles_ms(ask),
        answer_stage=percentiles_ms(answer_part),
        rss_after_mb=rss_mb(),
        load=load(),
    )
    return result


def cold_start(index: Path) -> dict:
    """Wall time of whole `paperchat` processes, as a user starts them; median of COLD_RUNS."""
    out: dict = {}
    for name, args in {"help": ["--help"], "ask": ["--index", str(index), "ask", QUESTION]}.items():
        times = []
        for _ in range(COLD_RUNS):
            started = time.perf_counter()
            subprocess.run([PYTHON, "-m", "paperchat.ui.cli.main", *args], capture_output=True, check=True, cwd=REPO)
            times.append(time.perf_counter() - started)
        out[name] = {"median_s": round(statistics.median(times), 3), "runs": [round(t, 3) for t in times]}
    out["load"] = load()
    out["imports"] = heaviest_imports(["--index", str(index), "ask", QUESTION])
    return out


def heaviest_imports(args: list[str], top: int = 6) -> list[dict]:
    """Third-party packages by import time in one `ask` (python -X importtime): the largest cumulative time of
    any module of the package, its dependencies included."""
    done = subprocess.run(
        [PYTHON, "-X", "importtime", "-m", "paperchat.ui.cli.main", *args], capture_output=True, text=True, cwd=REPO
    )
    roots: dict[str, float] = {}
    for line in done.stderr.splitlines():
        parts = line.split("|")
        if not line.startswith("import time:") or len(parts) != 3 or not parts[1].strip().isdigit():
            continue
        root = parts[2].strip().split(".")[0]
        if root not in {"paperchat", "site", "encodings"}:
            roots[root] = max(roots.get(root, 0.0), int(parts[1]) / 1e6)
    ranked = sorted(roots.items(), key=lambda pair: -pair[1])[:top]
    return [{"module": name, "seconds": round(seconds, 3)} for name, seconds in ranked]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--skip-100k", action="store_true")
    parser.add_argument("--rounds", type=int, default=3, help="passes over the seed questions")
    parser.add_argument("--worker", nargs=3, metavar=("KIND", "INDEX", "ROUNDS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        kind, index, rounds = args.worker
        emit(worker(kind, Path(index), int(rounds)))
        return

    from bench.quality import seed_index

    section: dict = {}
    seeds = seed_index()
    log("seed index: retrieve and ask")
    section["seeds"] = run_worker(SCRIPT, "seeds", str(seeds), str(args.rounds))
    print("seeds:", summary_line(section["seeds"]))
    if not args.skip_100k:
        from bench.scale import build_index

        index = build_index(100_000)
        log("100k-chunk index: retrieve and ask")
        section["100k"] = run_worker(SCRIPT, "scifact", str(index), "1")
        print("100k:", summary_line(section["100k"]))
    log("CLI cold start")
    section["cold_start"] = cold_start(seeds)
    cold = section["cold_start"]
    print(f"cold start: --help {cold['help']['median_s']} s, ask {cold['ask']['median_s']} s; {cold['imports']}")
    save_section("query_speed", section)


def summary_line(result: dict) -> str:
    return (
        f"{result['chunks']} chunks; retrieve p50 {result['retrieve']['p50_ms']} ms / "
        f"p95 {result['retrieve']['p95_ms']} ms; ask p50 {result['ask']['p50_ms']} ms / "
        f"p95 {result['ask']['p95_ms']} ms; open {result['open']} s; "
        f"RSS loaded {result['rss_loaded_mb']} MB (load {result['load']})"
    )


if __name__ == "__main__":
    main()
