"""Shared by the bench scripts: paths, machine facts, timing helpers, worker subprocesses, the results file.

Every script stores its numbers under its own key in bench/results.json and re-renders bench/RESULTS.md,
so one script can be re-run alone. Timings are wall clock on a shared machine: each measurement records the
load average and CPU seconds beside it, and repeated measurements report the median.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import contextmanager
from importlib.metadata import version
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # run from a checkout without installing

SEEDS = REPO / "examples" / "papers"
SEED_QA = REPO / "tests" / "data" / "seed_qa.jsonl"
# The shared data beside the checkout (../shared); PAPERCHAT_SHARED points elsewhere (a worktree one level deeper).
SHARED = Path(os.environ.get("PAPERCHAT_SHARED", REPO.parent / "shared"))
SHARED_PDFS = SHARED / "pdfs"
SCIFACT = Path(os.environ.get("PAPERCHAT_BENCH_SCIFACT", SHARED / "bench" / "scifact"))
# Indexes and vectors built by one script and reused by others; never inside the repository.
CACHE = Path(os.environ.get("PAPERCHAT_BENCH_CACHE", "/tmp/paperchat-bench"))
RESULTS_JSON = REPO / "bench" / "results.json"
PYTHON = sys.executable


def load() -> float:
    return round(os.getloadavg()[0], 2)


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        return round(int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6, 1)


@contextmanager
def stopwatch(into: dict, key: str):  # noqa: ANN201 - a context manager
    """Record wall seconds, CPU seconds and the load average under `key`, `key_cpu`, `key_load`."""
    wall, cpu = time.perf_counter(), time.process_time()
    yield
    into[key] = round(time.perf_counter() - wall, 3)
    into[f"{key}_cpu"] = round(time.process_time() - cpu, 3)
    into[f"{key}_load"] = load()


def median(values: list[float]) -> float:
    return round(statistics.median(values), 4) if values else 0.0


def percentiles_ms(seconds: list[float]) -> dict[str, float]:
    from paperchat.assistant.evaluation.metrics import percentile

    return {
        "p50_ms": round(percentile(seconds, 50) * 1000, 1),
        "p95_ms": round(percentile(seconds, 95) * 1000, 1),
        "n": len(seconds),
    }


def machine() -> dict:
    with open("/proc/meminfo") as handle:
        total_kb = int(next(line for line in handle if line.startswith("MemTotal")).split()[1])
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as handle:
            cpu = next(line.split(":", 1)[1].strip() for line in handle if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    from paperchat.assistant.embedding.minilm import available_cores

    return {
        "cores": available_cores(),
        "cpu": cpu,
        "memory_gb": round(total_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
        "os": f"{platform.system()} {platform.release()}",
        "versions": {
            name: _version(name)
            for name in ("paperchat", "chromadb", "llama-index-core", "onnxruntime", "bm25s", "tokenizers")
        },
    }


def _version(name: str) -> str:
    try:
        return version(name)
    except Exception:  # noqa: BLE001 - a missing package is reported, not fatal
        return "not installed"


def run_worker(script: Path, *args: str, timeout: float = 7200) -> dict:
    """Run `script --worker ...` in a fresh interpreter (clean peak memory, cold caches); return its JSON."""
    started = time.perf_counter()
    done = subprocess.run(
        [PYTHON, str(script), "--worker", *args], capture_output=True, text=True, timeout=timeout, cwd=REPO
    )
    if done.returncode != 0:
        raise RuntimeError(f"{script.name} worker {args} failed:\n{done.stderr[-4000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result.setdefault("process_wall_s", round(time.perf_counter() - started, 3))
    return result


def emit(result: dict) -> None:
    """A worker's answer: one JSON line, last on stdout."""
    print(json.dumps(result), flush=True)


def fresh_dir(path: Path) -> Path:
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


def dir_size_mb(path: Path) -> float:
    return round(sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6, 2)


def save_section(name: str, data: dict) -> None:
    """Store one script's results and re-render RESULTS.md from everything stored so far."""
    results = json.loads(RESULTS_JSON.read_text()) if RESULTS_JSON.exists() else {}
    results[name] = {"date": time.strftime("%Y-%m-%d %H:%M"), "machine": machine(), **data}
    RESULTS_JSON.write_text(json.dumps(results, indent=2) + "\n")
    from bench.report import render

    render(results)


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')} load {load():.1f}] {message}", file=sys.stderr, flush=True)


def timed(function: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter()
    value = function()
    return time.perf_counter() - started, value
