"""bench/web_load.py's third phase: an upload cut off by SIGKILL while its papers are embedded; what the uploader's
call ends with, what doctor finds, and what it finds once the server has started again (it finishes at start what an
interrupted ingest left)."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from pathlib import Path

from bench.web_load import WORK, copy_of
from bench.web_server import WebServer


def synthetic_papers(count: int) -> str:
    topics = ["kelp forests", "tidal turbines", "coral reefs", "bee navigation", "glacier melt", "soil microbes"]
    rows = []
    for n in range(count):
        topic = topics[n % len(topics)]
        abstract = f"Study {n} measures {topic} at site {n * 7 % 101}. " * 12
        rows.append(json.dumps({"title": f"Field study {n} of {topic}", "abstract": abstract, "year": 2020 + n % 6}))
    return "\n".join(rows) + "\n"


def catalog_count(index: Path, table: str) -> int:
    try:
        with sqlite3.connect(f"file:{index / 'catalog.sqlite'}?mode=ro", uri=True, timeout=5) as db:
            return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608 - our own table names
    except sqlite3.Error:
        return 0


def unfinished(index: Path) -> str:
    from paperchat.assistant import Assistant

    found = {f.check: f for f in Assistant.diagnose(index)}
    return found["papers"].detail if not found["papers"].ok else "none"


def kill_mid_ingest(index: Path, count: int) -> dict:
    """Upload `count` papers, SIGKILL the server while they are embedded, start it again."""
    from gradio_client import Client, handle_file

    copy = copy_of(index, "kill")
    papers, before = copy.parent / "field-studies.jsonl", catalog_count(copy, "papers")
    papers.write_text(synthetic_papers(count))
    (WORK / "kill.log").unlink(missing_ok=True)  # this run's lines only
    server, outcome = WebServer(copy, WORK / "kill.log"), {}
    server.start()

    def upload() -> None:
        try:
            outcome["result"] = Client(server.url, verbose=False).predict(
                [handle_file(str(papers))], "", api_name="/ingest"
            )
        except BaseException as error:  # noqa: BLE001 - what the uploader sees is what is measured
            outcome["error"] = f"{type(error).__name__}: {error}"

    uploader = threading.Thread(target=upload)
    uploader.start()
    deadline = time.monotonic() + 600
    # The upload's records are written first, its papers once embedded: kill while they are embedded.
    records = catalog_count(copy, "records")
    while catalog_count(copy, "records") < records + count and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(1.0)
    server.kill()
    pending_when_killed = catalog_count(copy, "pending")
    killed_with = catalog_count(copy, "papers") - before
    uploader.join(timeout=120)
    left = unfinished(copy)
    restart = server.start()
    server.stop()
    return {
        "uploaded": count,
        "indexed_when_killed": killed_with,
        "pending_when_killed": pending_when_killed,
        "uploader_call_ended_with": outcome.get("error") or f"a result: {outcome.get('result')}",
        "doctor_before_restart": left,
        "restart_seconds": round(restart, 1),
        "doctor_after_restart": unfinished(copy),
        "papers_after_restart": catalog_count(copy, "papers") - before,
        "server_said": [line.split("paperchat ui: ", 1)[-1] for line in server.log_lines() if "interrupted" in line],
    }
