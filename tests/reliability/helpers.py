"""Shared pieces of the reliability tests: tiny corpora, the real CLI in a subprocess, index invariants."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path
from typing import Any

from paperchat.ingest.identity import merge_papers
from tests.conftest import REPO
from tests.installed import as_user, installed_venv

PAPERCHAT = REPO / ".venv" / "bin" / "paperchat"
TOPICS = [
    ("kelp", "Kelp forests grow half a metre a day in cold nutrient-rich water."),
    ("turbines", "Tidal turbine blades erode when cavitation bubbles collapse near their coating."),
    ("bees", "Honey bees navigate by the polarisation pattern of the sky."),
    ("glaciers", "Alpine glaciers lost a tenth of their ice volume in two summers."),
    ("enzymes", "Engineered enzymes break down PET plastic at forty degrees."),
    ("lattices", "Quantum spin lattices show frustrated magnetism at low temperature."),
    ("rivers", "River deltas sink where groundwater is pumped faster than sediment arrives."),
    ("optimisers", "Eight-bit optimiser states cut the memory of training by a factor of four."),
]


def tiny_papers(count: int, start: int = 0, prefix: str = "Study") -> list[dict]:
    """`count` distinct short papers: cheap to embed, each about one of a few topics."""
    papers = []
    for i in range(start, start + count):
        topic, sentence = TOPICS[i % len(TOPICS)]
        papers.append({"title": f"{prefix} {i} on {topic}", "abstract": f"{sentence} Sample {i} was measured."})
    return papers


def write_jsonl(path: Path, papers: list[dict]) -> Path:
    path.write_text("".join(json.dumps(p) + "\n" for p in papers))
    return path


def cli_env(index_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of a `paperchat` subprocess: this repo's index settings only, nothing from a .env. Without
    this process's TIKTOKEN_CACHE_DIR: the CLI finds the files its own llama-index ships (another user may not be
    able to read this checkout's, and tiktoken would then try to download them)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAPERCHAT_") and k != "TIKTOKEN_CACHE_DIR"}
    env.update(PAPERCHAT_INDEX_DIR=str(index_dir), PYTHONUNBUFFERED="1", **extra)
    return env


def run_cli(
    args: list[str], env: dict[str, str], timeout: float = 240, user: str | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess:
    """The real console script. `user` runs it as another account (root reads every file, a user does not): then
    from the wheel installed where that user can read it, since the checkout may sit in a folder only root enters."""
    command = [str(installed_venv(user) / "bin" / "paperchat") if user else str(PAPERCHAT), *args]
    command = as_user(user, command)
    # Run beside the index, not in the repo: a developer's .env there must not change what the test runs.
    cwd = cwd or Path(env["PAPERCHAT_INDEX_DIR"]).parent
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=timeout, cwd=cwd)


def popen_cli(args: list[str], env: dict[str, str]) -> subprocess.Popen:
    return _started([str(PAPERCHAT), *args], env)


def python_cli(code: str, args: list[str], env: dict[str, str]) -> subprocess.Popen:
    """`python -c CODE ARGS...`: the CLI run through a test wrapper (which patches a pause point in first)."""
    return _started([sys.executable, "-c", code, *args], env)


def _started(command: list[str], env: dict[str, str]) -> subprocess.Popen:
    """A process in its own session beside the index (not in the repo, whose .env must not count), pipes read."""
    return subprocess.Popen(
        command,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=Path(env["PAPERCHAT_INDEX_DIR"]).parent,
        start_new_session=True,
    )


def catalog_counts(index_dir: Path) -> dict[str, int]:
    """Rows in the catalog, read from outside the process writing it (WAL readers never block the writer)."""
    path = index_dir / "catalog.sqlite"
    if not path.exists():
        return {"records": 0, "papers": 0, "chunks": 0}
    try:
        with closing(sqlite3.connect(path, timeout=1)) as db:
            return {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("records", "papers", "chunks")}
    except sqlite3.OperationalError:  # the schema is still being created
        return {"records": 0, "papers": 0, "chunks": 0}


def chroma_rows(index_dir: Path) -> int:
    """Vectors the embedded Chroma store has accepted, read from its SQLite log (-1 when busy or absent)."""
    path = index_dir / "chroma" / "chroma.sqlite3"
    if not path.exists():
        return 0
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=0.05)) as db:
            return db.execute("SELECT count(*) FROM embeddings").fetchone()[0]
    except sqlite3.OperationalError:
        return -1


def assert_consistent(assistant: Any) -> None:
    """Every catalog chunk has exactly one vector and one keyword entry; no paper twice; no orphan vector."""
    chunk_ids = [cid for cid, _, _ in assistant.index.catalog.all_chunks()]
    assert len(chunk_ids) == len(set(chunk_ids))
    assert assistant.index.store.all_ids() == set(chunk_ids)
    assert assistant.index.store.count() == len(chunk_ids)
    assert assistant.index.keywords.indexed_ids() == set(chunk_ids)
    papers = assistant.papers()
    ids = [p.paper_id for p in papers]
    assert len(ids) == len(set(ids)) == len(merge_papers(papers).papers), "a paper is indexed twice"
    records = assistant.index.catalog.db.execute("SELECT count(*) FROM records WHERE paper_id IS NULL").fetchone()[0]
    assert records == 0, "a record belongs to no paper"


MARKER = re.compile(r"\[(\d+)\]")


def assert_citations_valid(answer: Any, known_ids: set[str]) -> None:
    """Every [n] resolves to a citation, numbered 1..k, each citing a paper that is in the index."""
    numbers = {int(n) for n in MARKER.findall(answer.text)}
    assert numbers <= set(range(1, len(answer.citations) + 1)), (answer.text, answer.citations)
    assert [c.n for c in answer.citations] == list(range(1, len(answer.citations) + 1))
    assert {c.paper_id for c in answer.citations} <= known_ids
