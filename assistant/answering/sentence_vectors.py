"""Sentence vectors for choosing what to quote, remembered: a conversation quotes the same papers turn after turn
(a narrowing, a superlative and a follow-up on one list), and the extractive answerer's cost is embedding sentences."""

from __future__ import annotations

import threading
from collections import OrderedDict

from paperchat.assistant.answering.base import EmbedTexts

REMEMBERED = 8192  # sentences (~12 MB of 384-d vectors): a few hundred papers' abstracts


class RememberedEmbed:
    """An EmbedTexts that embeds only the texts it has not seen lately; thread-safe, bounded, least recent first out.
    The question (the first text of each call) is embedded too: it is as cheap to keep as to recompute."""

    def __init__(self, embed: EmbedTexts, size: int = REMEMBERED) -> None:
        self._embed = embed
        self._size = size
        self._vectors: OrderedDict[str, list[float]] = OrderedDict()
        self._lock = threading.Lock()

    def __call__(self, texts: list[str]) -> list[list[float]]:
        with self._lock:
            missing = list(dict.fromkeys(text for text in texts if text not in self._vectors))
        fresh = dict(zip(missing, self._embed(missing), strict=True)) if missing else {}
        with self._lock:
            self._vectors.update(fresh)
            found = [fresh[text] if text in fresh else self._vectors[text] for text in texts]
            for text in texts:
                if text in self._vectors:
                    self._vectors.move_to_end(text)
            while len(self._vectors) > self._size:
                self._vectors.popitem(last=False)
        return [list(vector) for vector in found]
