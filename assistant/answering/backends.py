"""Answer backends, registered in one place: name → factory(settings, embed) → Answerer.

`extractive` needs no model (the offline default); the others wrap a llama-index LLM in an LLMAnswerer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from paperchat.assistant.answering.base import Answerer, EmbedTexts
from paperchat.assistant.config import Settings
from paperchat.assistant.errors import AnswererUnavailableError

OPENAI_URL = "https://api.openai.com/v1"

if TYPE_CHECKING:
    from paperchat.assistant.answering.planner import ModelPlanner

LLMFactory = Callable[[Settings], object]
AnswererFactory = Callable[[Settings, EmbedTexts], Answerer]


def _api_key(settings: Settings) -> str:
    # Local OpenAI-compatible servers ignore the key, but the client insists on one.
    return settings.openai_api_key.get_secret_value() if settings.openai_api_key else "not-needed"


def answer_endpoint(settings: Settings) -> tuple[str | None, str]:
    """Where the answer model is served, and the setting that says so (named in errors)."""
    if settings.answer.backend == "local":
        return None, "PAPERCHAT_ANSWER__GGUF_PATH"
    if settings.answer.base_url:
        return settings.answer.base_url, "PAPERCHAT_ANSWER__BASE_URL"
    if settings.openai_base_url:
        return settings.openai_base_url, "OPENAI_BASE_URL"
    if settings.answer.backend == "openai":
        return OPENAI_URL, "OPENAI_API_KEY"
    return None, "PAPERCHAT_ANSWER__BASE_URL"


def _openai(settings: Settings) -> object:
    from llama_index.llms.openai import OpenAI

    if not settings.openai_api_key and not (settings.answer.base_url or settings.openai_base_url):
        raise AnswererUnavailableError(
            "the openai answer backend needs OPENAI_API_KEY (or OPENAI_BASE_URL for a compatible server)",
            url=OPENAI_URL,
            setting="OPENAI_API_KEY",
        )
    return OpenAI(
        model=settings.answer.model,
        api_key=_api_key(settings),
        temperature=settings.answer.temperature,
        api_base=settings.answer.base_url or settings.openai_base_url,
        max_retries=1,
        timeout=120,
    )


def _openai_like_url(settings: Settings) -> str:
    base_url = settings.answer.base_url or settings.openai_base_url
    if not base_url:
        raise AnswererUnavailableError(
            "the openai-like answer backend needs PAPERCHAT_ANSWER__BASE_URL or OPENAI_BASE_URL",
            setting="PAPERCHAT_ANSWER__BASE_URL",
        )
    return base_url


def _openai_like(settings: Settings) -> object:
    """vLLM, Ollama, llama.cpp's server, xllamacpp: any server speaking OpenAI's chat-completions protocol."""
    from llama_index.llms.openai_like import OpenAILike

    base_url = _openai_like_url(settings)
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


def _local_url(settings: Settings) -> str:
    from paperchat.assistant.answering.local_server import start_local_server

    return start_local_server(settings.answer.gguf_path, settings.answer.context_window)


def _local(settings: Settings) -> object:
    """A GGUF file run in-process by xllamacpp's OpenAI-compatible server (`pip install paperchat[local]`)."""
    base_url = _local_url(settings)
    return _openai_like(
        settings.model_copy(update={"answer": settings.answer.model_copy(update={"base_url": base_url})})
    )


LLM_BACKENDS: dict[str, LLMFactory] = {"openai": _openai, "openai-like": _openai_like, "local": _local}
# Where each LLM backend's chat model answers (None: OpenAI's own API), for the planner's structured requests.
CHAT_URLS: dict[str, Callable[[Settings], str | None]] = {
    "openai": lambda settings: settings.answer.base_url or settings.openai_base_url,
    "openai-like": _openai_like_url,
    "local": _local_url,
}


def _extractive(settings: Settings, embed: EmbedTexts) -> Answerer:
    from paperchat.assistant.answering.extractive import ExtractiveAnswerer

    return ExtractiveAnswerer(embed, settings.answer.min_relevance, settings.answer.max_sentences)


def _with_llm(make_llm: LLMFactory) -> AnswererFactory:
    def make(settings: Settings, embed: EmbedTexts) -> Answerer:
        from paperchat.assistant.answering.llm import LLMAnswerer

        llm = make_llm(settings)
        url, setting = answer_endpoint(settings)
        return LLMAnswerer(llm, settings.answer.prompts_dir, url=url or getattr(llm, "api_base", None), setting=setting)

    return make


ANSWERERS: dict[str, AnswererFactory] = {
    "extractive": _extractive,
    **{name: _with_llm(factory) for name, factory in LLM_BACKENDS.items()},
}


def make_answerer(settings: Settings, embed: EmbedTexts) -> Answerer:
    """The configured answer backend (settings.answer.backend). A backend that cannot be set up (no key, no
    server URL, no model file) is an AnswererUnavailableError naming the setting, raised here, when the
    Assistant opens, not at the first question."""
    backend = settings.answer.backend
    if backend not in ANSWERERS:
        raise AnswererUnavailableError(
            f"unknown answer backend {backend!r}; choose one of {', '.join(ANSWERERS)}",
            setting="PAPERCHAT_ANSWER__BACKEND",
        )
    return ANSWERERS[backend](settings, embed)


def make_planner(settings: Settings) -> ModelPlanner | None:
    """The model that reads questions into plans: the LLM backend's own chat model, unless
    settings.answer.plan_with_model is off. None offline (extractive): the rules read every question."""
    answer = settings.answer
    if answer.backend not in CHAT_URLS or not answer.plan_with_model:
        return None
    from paperchat.assistant.answering.planner import ChatEndpoint, ModelPlanner

    endpoint = ChatEndpoint(CHAT_URLS[answer.backend](settings), _api_key(settings), answer.model)
    return ModelPlanner(endpoint, answer.plan_timeout, answer.prompts_dir)
