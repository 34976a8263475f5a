"""One writer per index across processes: an exclusive lock on `<index>/write.lock`, held by ingest, remove and
rebuild. Readers never take it.

A writer that finds the lock taken says so, through its progress callback ("wait", seconds waited, seconds it will
wait) every second and in the log every WAIT_LOG_SECONDS, naming the process that holds it, and gives up with
IndexBusyError after settings.limits.write_wait_seconds. Where the platform has no `fcntl` (Windows), writers in
different processes are not kept apart (one process still has one writer at a time).
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from paperchat.assistant.errors import IndexBusyError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

LOCK_FILE = "write.lock"
POLL_SECONDS = 0.2
REPORT_SECONDS = 1.0  # progress("wait", ...) this often while waiting
WAIT_LOG_SECONDS = 30.0  # and a log line this often (the first at once)
log = logging.getLogger("paperchat")
Waiting = Callable[[str, int, int], None]


def holder(path: Path) -> str:
    """Who holds the lock, as its holder wrote it: 'process 1234 (paperchat ingest papers/) since 12:03:04'."""
    try:
        text = path.read_text().strip()
    except OSError:
        text = ""
    return text or "another process"


@contextlib.contextmanager
def write_lock(index_dir: Path, wait_seconds: float, progress: Waiting | None = None) -> Iterator[None]:
    """Hold the index's write lock for the `with` block, waiting for it (and saying so) when another process has it."""
    if fcntl is None:
        yield
        return
    path = index_dir / LOCK_FILE
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        _acquire(descriptor, path, index_dir, wait_seconds, progress)
        program = Path(sys.argv[0]).name if sys.argv and sys.argv[0] not in ("", "-c") else "python"
        command = " ".join([program, *sys.argv[1:3]]) if program != "python" else program
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, f"process {os.getpid()} ({command}) since {time.strftime('%H:%M:%S')}".encode(), 0)
        try:
            yield
        finally:
            os.ftruncate(descriptor, 0)
            fcntl.flock(descriptor, fcntl.LOCK_UN)
    finally:
        os.close(descriptor)


def _acquire(descriptor: int, path: Path, index_dir: Path, wait_seconds: float, progress: Waiting | None) -> None:
    started = time.monotonic()
    reported = logged = -float("inf")
    while True:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            if logged > -float("inf"):
                log.warning("paperchat: %s is free after %.0f s; writing", index_dir, time.monotonic() - started)
            return
        except BlockingIOError:
            pass
        waited = time.monotonic() - started
        if waited >= wait_seconds:
            raise IndexBusyError(
                f"{index_dir} is being written by {holder(path)}; gave up after waiting {waited:.0f} s "
                "(PAPERCHAT_LIMITS__WRITE_WAIT_SECONDS); try again when it has finished"
            )
        if progress is not None and waited - reported >= REPORT_SECONDS:
            progress("wait", int(waited), int(wait_seconds))
            reported = waited
        if waited - logged >= WAIT_LOG_SECONDS:
            log.warning(
                "paperchat: waiting for %s, which is writing %s; waited %.0f s (gives up after %.0f s: "
                "PAPERCHAT_LIMITS__WRITE_WAIT_SECONDS)",
                holder(path), index_dir, waited, wait_seconds,
            )
            logged = waited
        time.sleep(POLL_SECONDS)
