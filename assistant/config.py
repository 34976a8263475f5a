"""All settings in one place: env prefix PAPERCHAT_, nested with `__` (PAPERCHAT_RETRIEVAL__TOP_K=8), read from `.env`.

Defaults run offline. The usual outside names (OPENAI_API_KEY, OPENAI_BASE_URL, SLACK_*) are honoured too.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, BaseModel, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from paperchat.assistant.filters import Filters


class IngestSettings(BaseModel):
    chunk_tokens: int = Field(512, description="Maximum tokens per chunk of a full text (tiktoken cl100k).")
    chunk_overlap: int = Field(64, description="Tokens shared by neighbouring chunks of a full text.")
    max_file_mb: float = Field(25.0, description="Files larger than this are refused with an error, not read.")
    embed_batch_size: int | None = Field(
        None,
        ge=1,
        description="Chunks per embedding call. Default: 8 for the bundled model (fastest on CPU, least memory), "
        "32 per request to an OpenAI-compatible server.",
    )


class EmbeddingSettings(BaseModel):
    backend: Literal["minilm", "openai"] = Field(
        "minilm", description="minilm: bundled all-MiniLM-L6-v2 on onnxruntime (offline). openai: OpenAI or compatible."
    )
    model: str = Field("all-MiniLM-L6-v2", description="Model name recorded in the index manifest.")
    onnx_path: Path | None = Field(None, description="Another ONNX model file for the minilm backend.")
    tokenizer_path: Path | None = Field(None, description="Its tokenizer.json.")
    threads: int = Field(0, description="onnxruntime threads; 0 means all available cores.")
    openai_model: str = Field("text-embedding-3-small", description="Embedding model for the openai backend.")
    base_url: str | None = Field(None, description="OpenAI-compatible embeddings server; OPENAI_BASE_URL otherwise.")


class RetrievalSettings(BaseModel):
    top_k: int = Field(6, ge=1, le=50, description="Passages given to the answerer.")
    candidates: int = Field(50, ge=1, le=500, description="Candidates taken from each retriever before fusion.")
    mode: Literal["hybrid", "dense", "keyword"] = Field("hybrid", description="Which retrievers answer.")
    fusion: Literal["score", "rrf"] = Field(
        "score",
        description="score: dense_weight·cosine + keyword_weight·BM25/best BM25 (SciFact nDCG@10 0.736). "
        "rrf: reciprocal-rank fusion (0.715; use weights 1.0 and 1.0 with it).",
    )
    dense_weight: float = Field(0.7, description="Weight of the dense side in fusion.")
    keyword_weight: float = Field(0.3, description="Weight of the BM25 side in fusion.")
    rrf_k: int = Field(60, description="Reciprocal-rank fusion constant.")
    ocr_penalty: float = Field(
        0.5,
        ge=0.0,
        le=1.0,
        description="Score factor for a passage of a scanned page (text from OCR) that shares no keyword with the "
        "question: garbled text is close to everything in embedding space, so it must match a word to rank.",
    )


class AnswerSettings(BaseModel):
    backend: Literal["extractive", "openai", "openai-like", "local"] = Field(
        "extractive", description="extractive: offline, quotes the best supporting sentences with citations."
    )
    min_relevance: float = Field(
        0.33, description="Below this cosine similarity of the best passage the answer is a refusal."
    )
    max_sentences: int = Field(4, description="Sentences quoted by the extractive answerer.")
    max_question_chars: int = Field(2000, description="Longer questions are refused with a clear message.")
    model: str = Field("gpt-4o-mini", description="Chat model for the openai / openai-like backends.")
    base_url: str | None = Field(None, description="OpenAI-compatible server; OPENAI_BASE_URL otherwise.")
    temperature: float = 0.0
    max_tokens: int = Field(700, description="Longest answer an LLM may write, in tokens.")
    context_window: int = Field(8192, description="Context size of an OpenAI-compatible or local model.")
    gguf_path: Path | None = Field(None, description="GGUF model file for the local backend (paperchat[local]).")
    prompts_dir: Path | None = Field(None, description="Folder of prompt files; the bundled prompts/ otherwise.")
    plan_with_model: bool = Field(
        True,
        description="With an LLM backend, the model reads each question (and the conversation) into the plan too, "
        "checked against the catalog; false: the rules alone read it, as offline.",
    )
    plan_timeout: float = Field(
        10.0, gt=0, description="Seconds the model may take to read a question; slower, the rules' plan is used."
    )


class LimitsSettings(BaseModel):
    """Bounds every shell enforces, so one request or one user cannot take the whole machine."""

    max_results: int = Field(
        50, ge=1, description="Most passages one question may ask for (ask -k, the API's k); more is refused."
    )
    questions_per_minute: int = Field(
        20,
        ge=0,
        description="Questions one user (a web UI session or login, a Slack user) may ask per minute; 0: no limit.",
    )


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="PAPERCHAT_", env_nested_delimiter="__", env_file=".env", extra="ignore"
    )

    index_dir: Path = Field(Path(".paperchat"), description="Where the index lives.")
    chroma_host: str | None = Field(None, description="Use a Chroma server at this host instead of the embedded store.")
    chroma_port: int = 8000
    collection: str = Field("papers", description="Chroma collection name.")

    ingest: IngestSettings = IngestSettings()
    embedding: EmbeddingSettings = EmbeddingSettings()
    retrieval: RetrievalSettings = RetrievalSettings()
    answer: AnswerSettings = AnswerSettings()

    openai_api_key: SecretStr | None = Field(
        None, validation_alias=AliasChoices("OPENAI_API_KEY", "PAPERCHAT_OPENAI_API_KEY")
    )
    openai_base_url: str | None = Field(
        None, validation_alias=AliasChoices("OPENAI_BASE_URL", "PAPERCHAT_OPENAI_BASE_URL")
    )
    limits: LimitsSettings = LimitsSettings()
    filters: Filters = Field(
        Filters(),
        description="Filters applied to every question unless a question's own filters say otherwise "
        "(PAPERCHAT_FILTERS__YEAR_FROM=2024, PAPERCHAT_FILTERS__CATEGORY=CV).",
    )


def offline_environment() -> None:
    """Keep every library we use from phoning home. Called before chromadb, gradio or tiktoken load."""
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    if "TIKTOKEN_CACHE_DIR" not in os.environ:
        from importlib.util import find_spec

        spec = find_spec("llama_index.core")
        if spec and spec.submodule_search_locations:
            cache = Path(next(iter(spec.submodule_search_locations))) / "_static" / "tiktoken_cache"
            os.environ["TIKTOKEN_CACHE_DIR"] = str(cache)
