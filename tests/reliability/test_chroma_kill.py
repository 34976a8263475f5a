"""SIGKILL a real `paperchat ingest` at points inside Chroma's write, many times: after every kill the index opens,
or `paperchat doctor --repair` rebuilds its vector store, and once the ingest is run again no paper is lost.

Chroma writes its HNSW files when enough vectors have come in since the last save (a thousand by default); the
collection here saves every few vectors, so each ingest's write includes saves. Two ways to land inside them:
- at random moments of the write: Chroma's write holds the interpreter while it runs, so this process kills the
  child (never reaped before, so its id is still its own) a random delay after the child says the write began;
- at chosen system calls (with strace, where installed): the Nth write to each of Chroma's files, its SQLite log
  and the HNSW files, for instance the first write into the HNSW id map after Chroma truncated it, which leaves
  that map empty (what a kill left at 505k chunks: "Error deserializing pickle file").
"""

from __future__ import annotations

import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import make_settings
from tests.reliability.helpers import assert_consistent, cli_env, tiny_papers, write_jsonl

pytestmark = pytest.mark.slow
KILLS = 16  # at random moments
WRITES = (1, 3)  # the Nth write to each of Chroma's files, with strace
BASE, PER_RUN = 20, 30  # papers before the kills, and in each killed ingest (one chunk each)
HNSW = {"batch_size": 10, "sync_threshold": 20}  # save the HNSW files every twenty vectors
STRACE = shutil.which("strace")
WRAPPER = """
import os, sys, time
from paperchat.assistant.index.store import VectorStore

events, real = os.fdopen(int(os.environ["UPSERT_EVENTS"]), "w", buffering=1), VectorStore.upsert

def upsert(self, ids, vectors, metadatas):
    started = time.perf_counter()
    events.write("start\\n")
    real(self, ids, vectors, metadatas)
    events.write(f"done {time.perf_counter() - started:.4f}\\n")

VectorStore.upsert = upsert
from paperchat.ui.cli.main import main
sys.exit(main(sys.argv[1:]))
"""
CONFIGURE = """
import json, sys, chromadb
path, name, hnsw = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
client = chromadb.PersistentClient(path=path, settings=chromadb.Settings(anonymized_telemetry=False))
try:
    client.get_collection(name).modify(configuration={"hnsw": hnsw})
except Exception:  # no collection yet
    client.create_collection(name, configuration={"hnsw": {"space": "cosine", **hnsw}}, embedding_function=None)
"""
CLI = "import sys; from paperchat.ui.cli.main import main; sys.exit(main())"


def run(args: list[str], env: dict) -> subprocess.CompletedProcess:
    """The real command line, beside the index (not in the repo, whose .env must not count)."""
    return subprocess.run(
        [sys.executable, "-c", CLI, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        cwd=Path(env["PAPERCHAT_INDEX_DIR"]).parent,
    )


def ingest_killed(file: Path, env: dict, delay: float | None) -> tuple[int, list[str]]:
    """`paperchat ingest FILE`, SIGKILLed `delay` seconds after its first vector write began (None: not killed);
    (exit code, the write events it reported). The kill comes from this process, which has not reaped the child,
    so its process id cannot belong to anyone else."""
    read_end, write_end = os.pipe()
    child = subprocess.Popen(
        [sys.executable, "-c", WRAPPER, "ingest", str(file)],
        env={**env, "UPSERT_EVENTS": str(write_end)},
        pass_fds=(write_end,),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=file.parent,
    )
    os.close(write_end)
    with os.fdopen(read_end) as events:
        first = events.readline()
        if first.startswith("start") and delay is not None:
            time.sleep(delay)
            child.kill()
        reported = [first.strip(), *events.read().split("\n")]
    _, err = child.communicate(timeout=600)
    assert child.returncode in (0, -9), err[-2000:]
    return child.returncode, [line for line in reported if line]


def store_finding(env: dict, *options: str) -> dict:
    """The doctor's finding on the vector store (with --repair: after repairing it)."""
    result = run(["doctor", "--json", *options], env)
    assert result.stdout.strip(), f"doctor --json printed nothing (exit {result.returncode}): {result.stderr[-2000:]}"
    return next(f for f in json.loads(result.stdout)["findings"] if f["check"] == "store")


class Library:
    """An index under repeated kills: each killed ingest adds a file; after each kill the store must open, or be
    repaired; at the end one ingest of every file must leave every paper indexed."""

    def __init__(self, folder: Path) -> None:
        self.folder, self.index = folder, folder / "index"
        self.env, self.settings = cli_env(self.index), make_settings(self.index)
        self.configure = [
            sys.executable,
            "-c",
            CONFIGURE,
            str(self.index / "chroma"),
            self.settings.collection,
            json.dumps(HNSW),
        ]
        subprocess.run(self.configure, check=True, capture_output=True, timeout=300)
        self.files = [write_jsonl(folder / "base.jsonl", tiny_papers(BASE, prefix="Base"))]
        self.kills = self.opens = self.repairs = 0

    def next_file(self) -> Path:
        n = len(self.files)
        self.files.append(write_jsonl(self.folder / f"run{n}.jsonl", tiny_papers(PER_RUN, start=PER_RUN * n)))
        return self.files[-1]

    def after(self, status: int) -> None:
        """After an ingest that ended with `status`: the store opens, or is repaired and then opens."""
        self.kills += status == -9
        if store_finding(self.env)["ok"]:
            self.opens += 1
            return
        repaired = store_finding(self.env, "--repair")
        assert repaired["repaired"] and "chunks re-embedded" in repaired["detail"], repaired
        assert store_finding(self.env)["ok"], "the store opens after the repair"
        subprocess.run(self.configure, check=True, capture_output=True, timeout=300)  # the new store saves as often
        self.repairs += 1

    def papers_lost(self) -> int:
        """Papers of the files that are not indexed once every file is ingested again (and the index is sound)."""
        from paperchat.assistant import Assistant

        final = run(["ingest", *map(str, self.files)], self.env)
        assert final.returncode == 0, final.stderr[-2000:]
        assistant = Assistant.open(self.index, self.settings)
        assert_consistent(assistant)
        assert assistant.ask("How do honey bees navigate?").citations
        return BASE + PER_RUN * (len(self.files) - 1) - len(assistant.papers())


def test_kills_at_random_moments_of_chromas_write_leave_an_index_that_opens_or_is_repaired(tmp_path: Path) -> None:
    library = Library(tmp_path)
    lengths = []
    for file in (library.files[0], library.next_file()):  # whole writes, to measure how long one takes
        status, events = ingest_killed(file, library.env, None)
        assert status == 0
        lengths += [float(event.split()[1]) for event in events if event.startswith("done")]
    length = statistics.median(lengths)
    rng, inside = random.Random(24), 0
    for _ in range(KILLS):
        status, events = ingest_killed(library.next_file(), library.env, rng.uniform(0, 1.2 * length))
        inside += status == -9 and not any(event.startswith("done") for event in events)
        library.after(status)
    lost = library.papers_lost()
    print(
        f"\nrandom moments: kills {library.kills} ({inside} inside Chroma's write, {length:.3f} s long), "
        f"opens {library.opens}, repairs {library.repairs}, papers lost {lost}"
    )
    assert library.opens + library.repairs == KILLS and lost == 0
    assert inside >= 1, "no kill landed inside Chroma's write: the test showed nothing"


@pytest.mark.skipif(STRACE is None, reason="kills at chosen system calls need strace (apt-get install strace)")
def test_kills_at_each_write_to_chromas_files_leave_an_index_that_opens_or_is_repaired(tmp_path: Path) -> None:
    library = Library(tmp_path)
    assert run(["ingest", str(library.files[0])], library.env).returncode == 0  # the HNSW files exist from here
    points = []
    for name in (
        "chroma.sqlite3",
        "header.bin",
        "data_level0.bin",
        "length.bin",
        "link_lists.bin",
        "index_metadata.pickle",
    ):
        for n in WRITES:
            found = [*(library.index / "chroma").glob(name), *(library.index / "chroma").glob(f"*/{name}")]
            if not found:  # a rebuilt store writes its HNSW files at its first saves: an ingest makes them
                assert run(["ingest", str(library.next_file())], library.env).returncode == 0
                found = [*(library.index / "chroma").glob(f"*/{name}")]
            [path] = found
            syscalls = "write,pwrite64,writev"
            strace = [
                STRACE,
                "-f",
                "-qq",
                "-o",
                "/dev/null",
                "-P",
                str(path),
                "-e",
                f"trace={syscalls}",
                "-e",
                f"inject={syscalls}:signal=KILL:when={n}",
            ]
            file = library.next_file()
            killed = subprocess.run(
                [*strace, sys.executable, "-c", CLI, "ingest", str(file)],
                env=library.env,
                capture_output=True,
                text=True,
                timeout=600,
                cwd=tmp_path,
            )
            assert killed.returncode in (0, -9), killed.stderr[-2000:]  # 0: fewer than n writes to that file
            points.append(f"{name}#{n}" + ("" if killed.returncode else " (not reached)"))
            library.after(killed.returncode)
    lost = library.papers_lost()
    print(
        f"\nwrite points: {', '.join(points)}\nkills {library.kills}, opens {library.opens}, "
        f"repairs {library.repairs}, papers lost {lost}"
    )
    assert library.opens + library.repairs == len(points) and lost == 0
    assert library.repairs >= 1, "no kill broke the store: the repair was never shown"
