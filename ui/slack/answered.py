"""Messages the bot has answered, kept on disk for Slack's retry window.

Slack delivers an event again when its first delivery was not acknowledged in time (up to three retries over about
five minutes). A retry that reaches a bot restarted in between must not be answered a second time, so what was
answered is written to a small SQLite file in the index directory and forgotten after `KEEP_SECONDS`. A message
taken but never answered (the bot stopped mid-answer) is not recorded: its retry is answered.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path

FILE_NAME = "slack-answered.sqlite"
KEEP_SECONDS = 3600.0  # well past Slack's retries (immediately, after 1 minute, after 5 minutes)


class AnsweredMessages:
    """`add(key)` once a message is answered; `contains(key)` for a delivery that arrives again. In memory only
    without a folder (a bot over an engine that has no index directory)."""

    def __init__(self, folder: Path | None, keep: float = KEEP_SECONDS, clock: Callable[[], float] = time.time) -> None:
        self.keep, self.clock = keep, clock
        self._lock = threading.Lock()
        self.path = Path(folder) / FILE_NAME if folder is not None else None
        self._db = sqlite3.connect(str(self.path) if self.path else ":memory:", check_same_thread=False,
                                   isolation_level=None, timeout=10)
        with self._lock:
            self._db.execute("CREATE TABLE IF NOT EXISTS answered (key TEXT PRIMARY KEY, at REAL NOT NULL)")

    def contains(self, key: str) -> bool:
        with self._lock:
            row = self._db.execute("SELECT at FROM answered WHERE key = ?", (key,)).fetchone()
        return row is not None and self.clock() - row[0] < self.keep

    def add(self, key: str) -> None:
        now = self.clock()
        with self._lock:
            self._db.execute("INSERT OR REPLACE INTO answered (key, at) VALUES (?, ?)", (key, now))
            self._db.execute("DELETE FROM answered WHERE at < ?", (now - self.keep,))

    def close(self) -> None:
        with self._lock:
            self._db.close()
