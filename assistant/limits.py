"""Per-user rate limit: at most N questions in any sliding minute."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable


class RateLimiter:
    """`allow(user)` is True and counts the question when the user is under the limit; 0 or less means no limit."""

    def __init__(self, per_minute: int, window: float = 60.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self.window = window
        self.clock = clock
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        hits = self._hits.setdefault(key, deque())
        while hits and now - hits[0] >= self.window:
            hits.popleft()
        return hits

    def allow(self, key: str) -> bool:
        if self.per_minute <= 0:
            return True
        with self._lock:
            now = self.clock()
            hits = self._recent(key, now)
            if len(hits) >= self.per_minute:
                return False
            hits.append(now)
            if len(self._hits) > 10_000:  # forget idle users so memory stays bounded
                for user in [u for u, h in self._hits.items() if not h or now - h[-1] >= self.window]:
                    del self._hits[user]
            return True

    def retry_after(self, key: str) -> float:
        """Seconds until `key` may ask again (0 when it may now)."""
        with self._lock:
            now = self.clock()
            hits = self._recent(key, now)
            if self.per_minute <= 0 or len(hits) < self.per_minute:
                return 0.0
            return max(0.0, self.window - (now - hits[0]))
