"""The Embedder protocol: every backend make_embedding() returns implements it, and PaperIndex needs nothing else."""

from __future__ import annotations

import numpy as np
from llama_index.core.embeddings import MockEmbedding

from paperchat.assistant.config import Settings
from paperchat.assistant.embedding.backends import make_embedding
from paperchat.assistant.embedding.minilm import MiniLMEmbedding
from paperchat.assistant.embedding.protocol import Embedder, LlamaIndexEmbedder


def test_the_bundled_model_is_an_embedder() -> None:
    embedder = make_embedding(Settings(_env_file=None))
    assert isinstance(embedder, MiniLMEmbedding) and isinstance(embedder, Embedder)


def test_a_server_backend_is_wrapped_as_an_embedder() -> None:
    settings = Settings(_env_file=None, embedding={"backend": "openai", "base_url": "http://127.0.0.1:9/v1"})
    embedder = make_embedding(settings)
    assert isinstance(embedder, LlamaIndexEmbedder) and isinstance(embedder, Embedder)
    assert embedder.embed_batch_size > 0  # the wrapped embedding's own settings stay visible


def test_a_llama_index_embedding_gives_numpy_rows_and_query_lists() -> None:
    embedder = LlamaIndexEmbedder(MockEmbedding(embed_dim=4))
    vectors = embedder.embed_texts(["one", "two", "three"])
    assert vectors.shape == (3, 4) and vectors.dtype == np.float32
    assert embedder.embed_texts([]).shape[0] == 0
    query = embedder.get_query_embedding("a question")
    assert isinstance(query, list) and len(query) == 4


def test_an_object_without_the_methods_is_not_an_embedder() -> None:
    assert not isinstance(MockEmbedding(embed_dim=4), Embedder)  # LlamaIndex's own API is not ours
