"""Embedding backends, chosen in one place: the bundled MiniLM model (minilm.py, offline) or OpenAI and
OpenAI-compatible servers (through llama-index, imported only when chosen); and the identity an index records.
"""

from __future__ import annotations

from typing import Any

from paperchat.assistant.config import Settings, offline_environment
from paperchat.assistant.embedding.minilm import (
    DEFAULT_BATCH_SIZE,
    DEFAULT_MODEL_NAME,
    MINILM_DIMENSION,
    MiniLMEmbedding,
)
from paperchat.assistant.embedding.protocol import Embedder, LlamaIndexEmbedder
from paperchat.assistant.errors import EmbedderUnavailableError

# Known output sizes of OpenAI's own embedding models, used only when talking to api.openai.com.
OPENAI_BATCH_SIZE = 32  # texts per request to an embedding server
OPENAI_DIMENSIONS = {"text-embedding-3-small": 1536, "text-embedding-3-large": 3072, "text-embedding-ada-002": 1536}


def _openai_base_url(settings: Settings) -> str | None:
    return settings.embedding.base_url or settings.openai_base_url


def make_embedding(settings: Settings) -> Embedder:
    """The embedder the settings ask for: bundled MiniLM, or OpenAI / an OpenAI-compatible server."""
    if settings.embedding.backend == "minilm":
        batch_size = settings.ingest.embed_batch_size or DEFAULT_BATCH_SIZE
        return MiniLMEmbedding(settings.embedding, embed_batch_size=batch_size)

    offline_environment()  # before llama_index loads tiktoken
    from llama_index.embeddings.openai import OpenAIEmbedding

    base_url = _openai_base_url(settings)
    if settings.openai_api_key is not None:
        api_key = settings.openai_api_key.get_secret_value()
    elif base_url:
        api_key = "unused"  # local servers (vLLM, Ollama, llama.cpp) ignore the key, but the client requires one
    else:
        raise EmbedderUnavailableError(
            "the openai embedding backend needs OPENAI_API_KEY, or PAPERCHAT_EMBEDDING__BASE_URL / OPENAI_BASE_URL "
            "for an OpenAI-compatible server",
            url="https://api.openai.com/v1",
            setting="OPENAI_API_KEY",
        )
    # `model=` accepts only OpenAI's own names; the `model_name` keyword is sent as-is, so any name a
    # compatible server knows (nomic-embed-text, bge-m3, ...) works.
    return LlamaIndexEmbedder(
        OpenAIEmbedding(
            model_name=settings.embedding.openai_model,
            api_key=api_key,
            api_base=base_url,
            embed_batch_size=settings.ingest.embed_batch_size or OPENAI_BATCH_SIZE,
            max_retries=3,
        ),
        url=base_url or "https://api.openai.com/v1",
        setting="PAPERCHAT_EMBEDDING__BASE_URL" if settings.embedding.base_url else "OPENAI_BASE_URL",
    )


def embedding_identity(settings: Settings, dimension: int | None = None) -> dict[str, Any]:
    """What the index manifest records, so an index is never queried with another model's vectors.

    `dimension` is the size of a vector already computed, when the caller has one; without it the size is
    given where known without a model call, and is None otherwise (compatible servers, user-chosen ONNX files).
    """
    emb = settings.embedding
    if emb.backend == "minilm":
        overridden = bool(emb.onnx_path or emb.tokenizer_path)
        model = emb.model if overridden else DEFAULT_MODEL_NAME
        known = None if overridden else MINILM_DIMENSION
    else:
        model = emb.openai_model
        known = None if _openai_base_url(settings) else OPENAI_DIMENSIONS.get(model)
    return {"backend": emb.backend, "model": model, "dimension": dimension if dimension is not None else known}
