"""The bundled model as a LlamaIndex BaseEmbedding, for LlamaIndex pipelines: the same vectors."""

from __future__ import annotations

import asyncio

import numpy as np
import pytest

from paperchat.assistant.config import offline_environment

offline_environment()

from paperchat.assistant.embedding.minilm import MiniLMEmbedding  # noqa: E402


@pytest.fixture(scope="module")
def embedder() -> MiniLMEmbedding:
    return MiniLMEmbedding()


@pytest.mark.slow
def test_llamaindex_adapter_gives_the_same_vectors(embedder: MiniLMEmbedding) -> None:
    from llama_index.core.embeddings import BaseEmbedding

    from paperchat.assistant.embedding.llama_adapter import LlamaMiniLMEmbedding

    adapter = LlamaMiniLMEmbedding(embed_batch_size=2)
    assert isinstance(adapter, BaseEmbedding)
    texts = ["Protein folding.", "Self-attention relates every token to every other token.", "Third text."]
    np.testing.assert_allclose(
        np.array(adapter.get_text_embedding_batch(texts)), embedder.embed_texts(texts), atol=1e-4
    )

    async def run() -> list[float]:
        return await adapter.aget_query_embedding(texts[0])

    np.testing.assert_allclose(np.array(asyncio.run(run())), embedder.embed_texts(texts[:1])[0], atol=1e-4)
