"""The bundled MiniLM model as a LlamaIndex `BaseEmbedding`, for LlamaIndex pipelines (VectorStoreIndex,
ingestion pipelines). paperchat's own index calls MiniLMEmbedding directly and never loads llama-index for it.
"""

from __future__ import annotations

from typing import Any

from paperchat.assistant.config import EmbeddingSettings, offline_environment

offline_environment()  # before llama_index loads tiktoken

from llama_index.core.bridge.pydantic import PrivateAttr  # noqa: E402
from llama_index.core.embeddings import BaseEmbedding  # noqa: E402

from paperchat.assistant.embedding.minilm import DEFAULT_BATCH_SIZE, MiniLMEmbedding  # noqa: E402


class LlamaMiniLMEmbedding(BaseEmbedding):
    """Delegates to MiniLMEmbedding; the ONNX session is shared with every other embedder in the process."""

    _minilm: MiniLMEmbedding = PrivateAttr()

    def __init__(
        self, settings: EmbeddingSettings | None = None, embed_batch_size: int = DEFAULT_BATCH_SIZE, **kwargs: Any
    ) -> None:
        minilm = MiniLMEmbedding(settings, embed_batch_size=embed_batch_size)
        super().__init__(model_name=minilm.model_name, embed_batch_size=embed_batch_size, **kwargs)
        self._minilm = minilm

    @classmethod
    def class_name(cls) -> str:
        return "LlamaMiniLMEmbedding"

    def _get_query_embedding(self, query: str) -> list[float]:
        return self._minilm.get_query_embedding(query)

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._minilm.get_text_embedding(text)

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return self._minilm.get_text_embedding_batch(texts)

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return await self._minilm.aget_query_embedding(query)

    async def _aget_text_embedding(self, text: str) -> list[float]:
        return (await self._minilm.aget_text_embedding_batch([text]))[0]

    async def _aget_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return await self._minilm.aget_text_embedding_batch(texts)
