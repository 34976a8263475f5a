"""The web UI under load, against a real `paperchat ui` process on 127.0.0.1, driven by gradio_client as scripts are:

1. memory: the server's resident memory over 2,000 answers after a warm-up, from clients that each ask a few
   questions and go (a new session every few answers, as browsers and scripts come and go);
2. the question limit: how fast a question over a user's limit is refused while every answer slot is busy, through
   gradio_client and through Gradio's HTTP API on a kept-alive connection (the server's own time), and what the
   server logs for it;
3. a kill mid-ingest: an upload is cut off by SIGKILL while its papers are embedded; what the uploader's call ends
   with, what doctor finds, and what it finds once the server has started again.

    python bench/web_load.py [--answers 2000] [--warm-up 1000] [--clients 8] [--per-session 4] [--quick]

Prints numbers; asserts nothing. The seed index is built once in $PAPERCHAT_BENCH_CACHE/web-load.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script from a checkout

from bench.common import CACHE, SEED_QA, SEEDS, fresh_dir, load  # noqa: E402
from bench.web_server import PAPERCHAT, WebServer  # noqa: E402

WORK = CACHE / "web-load"
KEYS = {"text", "refused", "citations"}  # Answer.to_dict(), as /ask returns it


def seed_index() -> Path:
    """The four seed listings, indexed once and copied for each server."""
    built = WORK / "seed-index"
    if not (built / "catalog.sqlite").exists():
        subprocess.run([str(PAPERCHAT), "--index", str(built), "ingest", str(SEEDS)], check=True)
    return built


def copy_of(index: Path, name: str) -> Path:
    target = fresh_dir(WORK / name) / "index"
    shutil.copytree(index, target)
    return target


def questions() -> list[str]:
    return [json.loads(line)["question"] for line in SEED_QA.read_text().splitlines() if line.strip()]


def calls(tally: dict) -> int:
    """Every call made, a malformed answer too: a changed answer shape must end the load, not stall it."""
    return tally["answers"] + tally["errors"] + tally["malformed"]


def ask_many(
    url: str,
    asked: list[str],
    count: int,
    per_session: int,
    clients: int,
    tally: dict,
    stop: threading.Event | None = None,
) -> None:
    """`count` more answers (or until `stop`) from `clients` threads; each thread opens a new session every
    `per_session` questions. `tally` counts answers, malformed answers and errors across calls."""
    from gradio_client import Client

    lock, started, goal = threading.Lock(), time.monotonic(), calls(tally) + count
    stop = stop or threading.Event()

    def worker(number: int) -> None:
        client, used = None, 0
        while not stop.is_set():
            with lock:
                if calls(tally) >= goal:
                    return
                question = asked[(tally["answers"] + number) % len(asked)]
            try:
                if client is None:
                    client = Client(url, verbose=False)
                if used >= per_session:  # a new session, as a new browser tab or script run has (a new hash)
                    client.reset_session()
                    used = 0
                used += 1
                answer = client.predict(question, api_name="/ask")
                with lock:
                    tally["answers" if set(answer) >= KEYS else "malformed"] += 1
            except Exception as error:  # noqa: BLE001 - counted and shown, the load goes on
                with lock:
                    tally["errors"] += 1
                    tally.setdefault("first_error", repr(error)[:200])

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    tally["seconds"] = round(tally.get("seconds", 0) + time.monotonic() - started, 1)


def memory(index: Path, args: argparse.Namespace) -> dict:
    """Resident memory after a warm-up, then every 200 answers."""
    server = WebServer(copy_of(index, "memory"), WORK / "memory.log")
    asked, tally = questions(), {"answers": 0, "errors": 0, "malformed": 0}
    with server:
        samples = [("started", 0, server.rss_mb())]
        step = max(1, args.answers // 10)
        while calls(tally) < args.warm_up:  # in steps, so a slow machine shows its pace
            ask_many(
                server.url,
                asked,
                min(step, args.warm_up - calls(tally)),
                args.per_session,
                args.clients,
                tally,
            )
            print(
                f"  warm-up {tally['answers']:>5} answers in {tally['seconds']} s: {server.rss_mb():.1f} MB", flush=True
            )
        samples.append(("warm", tally["answers"], server.rss_mb()))
        while calls(tally) < args.warm_up + args.answers:
            ask_many(server.url, asked, step, args.per_session, args.clients, tally)
            samples.append(("load", tally["answers"], server.rss_mb()))
            print(f"  {tally['answers']:>5} answers: {samples[-1][2]:.1f} MB (load {load()})", flush=True)
    warm = samples[1][2]
    after = [mb for label, _, mb in samples if label == "load"]
    return {
        "rss_mb": [(n, mb) for _, n, mb in samples],
        "started_mb": samples[0][2],
        "after_warm_up_mb": warm,
        "last_mb": after[-1],
        "growth_after_warm_up_pct": round((max(after) - warm) / warm * 100, 1),
        "answers": tally["answers"],
        "sessions": (tally["answers"] + tally["errors"]) // args.per_session,
        "errors": tally["errors"],
        "malformed": tally["malformed"],
        "first_error": tally.get("first_error"),
        "seconds": tally["seconds"],
    }


def timed(call: Callable[[], object]) -> tuple[float, str]:
    started = time.monotonic()
    try:
        call()
        outcome = "answered"
    except Exception as error:  # noqa: BLE001 - the refusal is what is measured
        outcome = str(error)[:120]
    return time.monotonic() - started, outcome


def greedy_user(url: str, asked: list[str]) -> list[tuple[float, str]]:
    """One user's questions through gradio_client, one after another, each timed with what it ended with."""
    from gradio_client import Client

    client = Client(url, verbose=False)
    return [timed(lambda q=q: client.predict(q, api_name="/ask")) for q in asked]


def greedy_http_user(url: str, asked: list[str]) -> list[tuple[float, str]]:
    """The same over Gradio's HTTP API on one kept-alive connection, as curl or a small client would ask: what the
    server itself takes, without gradio_client's own cost (a new HTTP client and TLS context per call)."""
    import httpx

    def ask(http: httpx.Client, question: str) -> None:
        body = {"data": [question, None, None, None, None, None, False], "session_hash": "greedy-http-user"}
        event = http.post(f"{url.rstrip('/')}/gradio_api/call/ask", json=body).json()["event_id"]
        reply = http.get(f"{url.rstrip('/')}/gradio_api/call/ask/{event}").text
        if "event: error" in reply:
            raise RuntimeError(reply.split("data:", 1)[-1].strip())

    with httpx.Client(timeout=60) as http:
        return [timed(lambda q=q: ask(http, q)) for q in asked]


def refusals(results: list[tuple[float, str]]) -> dict:
    refused = [seconds for seconds, outcome in results if "questions in the last minute" in outcome]
    return {
        "asked": len(results),
        "answered": sum(outcome == "answered" for _, outcome in results),
        "refused": len(refused),
        "refusal_p50_s": round(statistics.median(refused), 3) if refused else None,
        "refusal_p90_s": round(statistics.quantiles(refused, n=10)[-1], 3) if len(refused) > 1 else None,
        "refusal_max_s": round(max(refused), 3) if refused else None,
    }


def question_limit(index: Path, args: argparse.Namespace) -> dict:
    """Two users, one through gradio_client and one through the HTTP API, ask past the limit while other users keep
    every answer slot busy."""
    limit = 5
    server = WebServer(
        copy_of(index, "limit"), WORK / "limit.log", {"PAPERCHAT_LIMITS__QUESTIONS_PER_MINUTE": str(limit)}
    )
    asked = questions()[: limit + 20]
    with server:
        busy, stop = {"answers": 0, "errors": 0, "malformed": 0}, threading.Event()
        background = threading.Thread(target=ask_many, args=(server.url, asked, 10**9, 1, args.clients, busy, stop))
        background.start()
        time.sleep(3)  # every answer slot taken by other users
        before = len(server.log_lines())
        # Each greedy user is a process of its own, as a script is: not sharing the busy clients' interpreter.
        with multiprocessing.get_context("spawn").Pool(2) as pool:
            by_client = pool.apply_async(greedy_user, (server.url, asked))
            by_http = pool.apply_async(greedy_http_user, (server.url, asked))
            results = {"gradio_client": refusals(by_client.get()), "http_api": refusals(by_http.get())}
        stop.set()
        background.join()
        log = server.log_lines()[before:]
    return {
        "limit_per_minute": limit,
        **results,
        "busy_answers_meanwhile": busy["answers"],
        "log_lines_refused": sum("question refused" in line for line in log),
        "log_tracebacks": sum("Traceback" in line for line in log),
        "log_lines": len(log),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=2000)
    parser.add_argument("--warm-up", type=int, default=1000, help="answers before measuring (fills bounded caches)")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--per-session", type=int, default=4)
    parser.add_argument("--upload", type=int, default=600, help="papers in the upload that is killed")
    parser.add_argument("--only", choices=["memory", "limit", "kill"], action="append")
    parser.add_argument("--quick", action="store_true", help="200 answers after 100: checks the script runs")
    args = parser.parse_args()
    if args.quick:
        args.answers, args.warm_up, args.upload = 200, 100, 200
    WORK.mkdir(parents=True, exist_ok=True)
    index = seed_index()
    from bench.web_kill import kill_mid_ingest  # its own module; it copies the index as the other phases do

    phases = {"memory": memory, "limit": question_limit, "kill": lambda i, a: kill_mid_ingest(i, a.upload)}
    for name in args.only or list(phases):
        print(f"{name} (load {load()}):", flush=True)
        print(json.dumps(phases[name](index, args), indent=2), flush=True)


if __name__ == "__main__":
    main()
