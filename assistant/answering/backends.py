"""Answer backends, registered in one place. `extractive` needs no model; the others are llama-index LLMs."""

from __future__ import annotations

from collections.abc import Callable

from paperchat.assistant.config import Settings

LLMFactory = Callable[[Settings], object]


def _api_key(settings: Settings) -> str:
    # Local OpenAI-compatible servers ignore the key, but the client insists on one.
    return settings.openai_api_key.get_secret_value() if settings.openai_api_key else "not-needed"


def _openai(settings: Settings) -> object:
    from llama_index.llms.openai import OpenAI

    if not settings.openai_api_key and not (settings.answer.base_url or settings.openai_base_url):
        raise ValueError("the openai answer backend needs OPENAI_API_KEY (or OPENAI_BASE_URL for a compatible server)")
    return OpenAI(
        model=settings.answer.model,
        api_key=_api_key(settings),
        temperature=settings.answer.temperature,
        api_base=settings.answer.base_url or settings.openai_base_url,
        max_retries=1,
        timeout=120,
    )


def _openai_like(settings: Settings) -> object:
    """vLLM, Ollama, llama.cpp's server, xllamacpp: any server speaking OpenAI's chat-completions protocol."""
    from llama_index.llms.openai_like import OpenAILike

    base_url = settings.answer.base_url or settings.openai_base_url
    if not base_url:
        raise ValueError("the openai-like answer backend needs PAPERCHAT_ANSWER__BASE_URL or OPENAI_BASE_URL")
    return OpenAILike(
        model=settings.answer.model,
        api_base=base_url,
        api_key=_api_key(settings),
        is_chat_model=True,
        context_window=settings.answer.context_window,
        temperature=settings.answer.temperature,
        max_retries=1,
        timeout=300,
    )


def _local(settings: Settings) -> object:
    """A GGUF file run in-process by xllamacpp's OpenAI-compatible server (`pip install paperchat[local]`)."""
    from paperchat.assistant.answering.local_server import start_local_server

    base_url = start_local_server(settings.answer.gguf_path, settings.answer.context_window)
    return _openai_like(
        settings.model_copy(update={"answer": settings.answer.model_copy(update={"base_url": base_url})})
    )


LLM_BACKENDS: dict[str, LLMFactory] = {"openai": _openai, "openai-like": _openai_like, "local": _local}
ANSWER_BACKENDS = ("extractive", *LLM_BACKENDS)


def make_llm(settings: Settings) -> object | None:
    """The configured LLM, or None for the offline extractive answerer."""
    backend = settings.answer.backend
    if backend == "extractive":
        return None
    if backend not in LLM_BACKENDS:
        raise ValueError(f"unknown answer backend {backend!r}; choose one of {', '.join(ANSWER_BACKENDS)}")
    return LLM_BACKENDS[backend](settings)


def describe_llm(settings: Settings) -> str:
    backend = settings.answer.backend
    if backend == "extractive":
        return "extractive (offline, quotes the papers)"
    if backend == "local":
        return f"local GGUF {settings.answer.gguf_path}"
    base = settings.answer.base_url or settings.openai_base_url or "api.openai.com"
    return f"{backend} {settings.answer.model} at {base}"
