"""What the index needs from an embedding backend; every backend in backends.py implements it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import numpy as np

from paperchat.assistant.errors import backend_failure

if TYPE_CHECKING:
    from llama_index.core.embeddings import BaseEmbedding


@runtime_checkable
class Embedder(Protocol):
    def embed_texts(self, texts: list[str]) -> np.ndarray:
        """One float32 row per text, in order (passages: chunks when ingesting, sentences when answering)."""
        ...

    def get_query_embedding(self, query: str) -> list[float]:
        """The vector a question is searched with (some models embed queries differently from passages)."""
        ...


class LlamaIndexEmbedder:
    """A LlamaIndex embedding (OpenAI, OpenAI-compatible servers) as an Embedder; other attributes pass through.
    A server that cannot be reached or refuses is an EmbedderUnavailableError naming `url` and `setting`."""

    def __init__(self, embedding: BaseEmbedding, url: str | None = None, setting: str = "OPENAI_BASE_URL") -> None:
        self.embedding = embedding
        self.url = url
        self.setting = setting

    def embed_texts(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        return np.asarray(self._call(self.embedding.get_text_embedding_batch, texts), dtype=np.float32)

    def get_query_embedding(self, query: str) -> list[float]:
        return list(self._call(self.embedding.get_query_embedding, query))

    def _call(self, method: Any, argument: Any) -> Any:  # noqa: ANN401 - whatever the embedding returns
        try:
            return method(argument)
        except Exception as error:
            if typed := backend_failure(error, "embedding", self.url, self.setting):
                raise typed from error
            raise

    def __getattr__(self, name: str) -> Any:  # noqa: ANN401 - whatever the wrapped embedding has
        return getattr(self.embedding, name)


def embed_in_slices(
    embed: Callable[[list[str]], list[list[float]]], texts: list[str], step: int, done: Callable[[int], None]
) -> list[list[float]]:
    """embed(texts), `step` texts at a time, calling `done(texts embedded so far)` after each slice, so a long embed
    reports as it goes. Slices follow the texts sorted by length: each pads little. Vectors come back in order."""
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    vectors: list[list[float]] = [[] for _ in texts]
    for start in range(0, len(order), step):
        rows = order[start : start + step]
        for row, vector in zip(rows, embed([texts[i] for i in rows]), strict=True):
            vectors[row] = vector
        done(min(start + step, len(order)))
    return vectors


def embed_step(embedder: object) -> int:
    """Texts per progress report while embedding: the backend's own batch, at least 8."""
    return max(8, getattr(embedder, "embed_batch_size", None) or 32)
