"""Reads of an embedded Chroma store that may be damaged, each in a child process.

A kill in the middle of Chroma's write can leave HNSW files that crash the process reading them (SIGSEGV inside
Chroma's native code), which no `except` catches. `paperchat doctor` must report and repair that state, not die of
it, so its reads of a store it does not yet trust happen in a child: a crash there is the finding.
"""

from __future__ import annotations

import os
import pickle
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

TIMEOUT = 1800  # seconds for one read; reading every vector of a large damaged store takes minutes
ID_BATCH = 2000  # ids per Chroma request
CHILD = "import sys; from paperchat.assistant.index.store_probe import run_job; run_job(sys.argv[1])"


def error_line(error: BaseException) -> str:
    """An error as one line of a finding: its type and its first 300 characters, whitespace folded."""
    return f"{type(error).__name__}: {' '.join(str(error).split())[:300]}"


class ReaderCrashed(Exception):
    """The child process reading the store died (a signal) or never answered."""


def store_problem_in_child(index_dir: Path, name: str) -> str | None:
    """What is wrong with the embedded collection `name` of `index_dir`, read in a child process; None when it
    opens and answers. A crash of the reader is the problem."""
    try:
        return _in_child(_problem, index_dir, name)
    except ReaderCrashed as crash:
        return f"reading it crashed the process that read it ({crash})"


def readable_vectors(folder: Path, name: str, ids: set[str]) -> dict[str, list[float]]:
    """Vectors of `ids` that Chroma still reads from the damaged store in `folder`, read in a child process (its
    damage may spare some reads); {} when it reads none, or crashes reading them."""
    if not ids:
        return {}
    try:
        found, vectors = _in_child(_vectors, folder, name, sorted(ids))
    except ReaderCrashed:
        return {}
    return {cid: vector.tolist() for cid, vector in zip(found, vectors, strict=True)}  # as the log's are: lists


def _in_child(read: Callable[..., Any], *arguments: Any) -> Any:
    """`read(*arguments)` run by a fresh interpreter; its result, or ReaderCrashed. A new process rather than
    multiprocessing: spawn would run again the main module of a script that calls the API without a main guard."""
    with tempfile.TemporaryDirectory(prefix="paperchat-read-") as folder:
        job, answer = Path(folder) / "job.pickle", Path(folder) / "answer.pickle"
        job.write_bytes(pickle.dumps((read.__name__, arguments)))
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(path for path in sys.path if path)}  # our imports
        try:
            done = subprocess.run([sys.executable, "-c", CHILD, folder], env=env, capture_output=True, timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            raise ReaderCrashed(f"no answer within {TIMEOUT} s") from None
        if not answer.exists():
            raise ReaderCrashed(_death(done.returncode))
        ok, result = pickle.loads(answer.read_bytes())  # written by the child just now, from our own code
    if not ok:
        raise ReaderCrashed(result)
    return result


def _death(exitcode: int) -> str:
    if exitcode < 0:
        return f"signal {-exitcode}, {signal.Signals(-exitcode).name}"
    return f"exit code {exitcode}"


def run_job(folder: str) -> None:
    """The child's side: the job in `folder`, its answer written beside it."""
    name, arguments = pickle.loads((Path(folder) / "job.pickle").read_bytes())
    try:
        answer = (True, {"_problem": _problem, "_vectors": _vectors}[name](*arguments))
    except Exception as error:  # the reader's own failure, said in the parent
        answer = (False, error_line(error))
    (Path(folder) / "answer.pickle").write_bytes(pickle.dumps(answer))


def _problem(index_dir: Path, name: str) -> str | None:
    from paperchat.assistant.index.store import VectorStore
    from paperchat.assistant.index.store_repair import read_problem

    embedded = SimpleNamespace(chroma_host=None, chroma_port=None, collection=name)  # all VectorStore reads
    return read_problem(VectorStore(embedded, index_dir, name))  # type: ignore[arg-type]


def _vectors(folder: Path, name: str, ids: list[str]) -> tuple[list[str], Any]:
    import chromadb
    import numpy as np

    from paperchat.assistant.config import offline_environment

    offline_environment()
    found: list[str] = []
    vectors: list[Any] = []
    try:
        client = chromadb.PersistentClient(path=str(folder), settings=chromadb.Settings(anonymized_telemetry=False))
        collection = client.get_collection(name)
        for start in range(0, len(ids), ID_BATCH):
            got = collection.get(ids=ids[start : start + ID_BATCH], include=["embeddings"])
            found += got["ids"]
            vectors += [np.asarray(vector, dtype=np.float32) for vector in got["embeddings"]]
    except BaseException as error:  # what was read before a failure still counts (a Rust panic included)
        if isinstance(error, (KeyboardInterrupt, SystemExit)):
            raise
    return found, vectors
