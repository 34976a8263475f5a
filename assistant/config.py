"""All settings in one place: env prefix PAPERCHAT_, nested with `__` (PAPERCHAT_RETRIEVAL__TOP_K=8), read from `.env`.

Defaults run offline. The usual outside names (OPENAI_API_KEY, OPENAI_BASE_URL, SLACK_*) are honoured too.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, SecretStr, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from paperchat.assistant.errors import SettingsError, unknown_name
from paperchat.assistant.filters import Filters

PREFIX = "PAPERCHAT_"
# PAPERCHAT_* names that other parts of paperchat read: the web UI's and Slack bot's own settings, the benchmarks'.
OWNED_ELSEWHERE = ("PAPERCHAT_UI__", "PAPERCHAT_SLACK__", "PAPERCHAT_BENCH_", "PAPERCHAT_UPDATE_SCREENSHOTS")
STRICT = ConfigDict(extra="forbid")  # a misspelt setting is an error, never silently ignored


class IngestSettings(BaseModel):
    model_config = STRICT

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
    model_config = STRICT

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
    model_config = STRICT

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
    model_config = STRICT

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

    model_config = STRICT

    max_results: int = Field(
        50, ge=1, description="Most passages one question may ask for (ask -k, the API's k); more is refused."
    )
    questions_per_minute: int = Field(
        20,
        ge=0,
        description="Questions one user (a web UI session or login, a Slack user) may ask per minute; 0: no limit.",
    )
    async_threads: int = Field(
        16,
        ge=1,
        description="Worker threads of the async API (aask, achat, astream, ...), one per Assistant: questions "
        "answered at once; more wait for a free thread. Waiting on a model server costs a thread no CPU.",
    )
    write_wait_seconds: float = Field(
        600.0,
        ge=0,
        description="How long an ingest or remove waits for another process writing the same index (it says that "
        "it waits, and for how long) before giving up with IndexBusyError.",
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

    def __init__(self, **values: Any) -> None:  # noqa: ANN401 - pydantic-settings' keyword arguments
        """Settings from keyword arguments over PAPERCHAT_* variables over `.env` over the defaults. A bad value, an
        unknown keyword or a PAPERCHAT_* variable that names no setting is a SettingsError listing the valid
        names, with the closest one."""
        fields = type(self).model_fields
        aliases = {alias for field in fields.values() for alias in getattr(field.validation_alias, "choices", [])}
        if unknown := [name for name in values if not name.startswith("_") and name not in {*fields, *aliases}]:
            raise SettingsError(unknown_name("setting", unknown[0], fields))
        env_file = values.get("_env_file", self.model_config.get("env_file"))
        check_environment(os.environ, env_file)
        try:
            super().__init__(**values)
        except ValidationError as error:
            raise SettingsError(validation_message(error)) from error


def setting_names(model: type[BaseModel] = Settings, prefix: str = PREFIX) -> list[str]:  # type: ignore[has-type]
    """Every variable a setting is read from: PAPERCHAT_INDEX_DIR, PAPERCHAT_RETRIEVAL, PAPERCHAT_RETRIEVAL__TOP_K..."""
    names = []
    for name, field in model.model_fields.items():
        names.append(prefix + name.upper())
        if isinstance(field.annotation, type) and issubclass(field.annotation, BaseModel):
            names += setting_names(field.annotation, f"{prefix}{name.upper()}__")
    return names


def check_environment(environ: Any, env_file: Any = None) -> None:  # noqa: ANN401 - a mapping, a path or None
    """Raise SettingsError for a PAPERCHAT_* variable (in the environment or the .env file) that no setting reads."""
    given = [key.upper() for key in environ]
    if env_file and Path(str(env_file)).is_file():
        from dotenv import dotenv_values

        given += [key.upper() for key in dotenv_values(env_file)]
    valid = set(setting_names())
    for key in given:
        if key.startswith(PREFIX) and key not in valid and not key.startswith(OWNED_ELSEWHERE):
            section = key.rsplit("__", 1)[0] + "__" if "__" in key else PREFIX
            siblings = [name for name in valid if name.startswith(section) and "__" not in name[len(section) :]]
            raise SettingsError(unknown_name("variable", key, siblings or valid))


def validation_message(error: ValidationError) -> str:
    """'PAPERCHAT_RETRIEVAL__TOP_K (retrieval.top_k): Input should be less than or equal to 50, got 500; ...'"""
    parts = []
    for problem in error.errors():
        location = [str(part) for part in problem["loc"]]
        variable = PREFIX + "__".join(location).upper()
        got = f", got {problem['input']!r}" if problem.get("type") != "missing" else ""
        parts.append(f"{variable} ({'.'.join(location)}): {problem['msg']}{got}")
    return "invalid settings: " + "; ".join(parts)


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
