"""What the index needs from an embedding backend; every backend in backends.py implements it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import numpy as np

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
    """A LlamaIndex embedding (OpenAI, OpenAI-compatible servers) as an Embedder; other attributes pass through."""

    def __init__(self, embedding: BaseEmbedding) -> None:
        self.embedding = embedding

    def embed_texts(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        return np.asarray(self.embedding.get_text_embedding_batch(texts), dtype=np.float32)

    def get_query_embedding(self, query: str) -> list[float]:
        return list(self.embedding.get_query_embedding(query))

    def __getattr__(self, name: str) -> Any:  # noqa: ANN401 - whatever the wrapped embedding has
        return getattr(self.embedding, name)
