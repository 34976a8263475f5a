"""Small bounded, thread-safe maps the bot keeps in memory: answers behind buttons, questions already taken."""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any


class BoundedMap(OrderedDict):
    """A bounded, thread-safe map: the oldest entries go first."""

    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size
        self.lock = threading.Lock()

    def put(self, key: Any, value: Any) -> bool:
        """Store; False when the key was already there (used to drop duplicate deliveries)."""
        with self.lock:
            fresh = key not in self
            self[key] = value
            self.move_to_end(key)
            while len(self) > self.size:
                self.popitem(last=False)
            return fresh

    def fetch(self, key: Any) -> Any:
        with self.lock:
            return self.get(key)
