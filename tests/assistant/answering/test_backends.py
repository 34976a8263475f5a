"""Answer backends are registered in one place; each makes an Answerer."""

from __future__ import annotations

from pathlib import Path

import pytest

from paperchat import AnswererUnavailableError
from paperchat.assistant.answering.backends import ANSWERERS, make_answerer, make_planner
from paperchat.assistant.answering.extractive import ExtractiveAnswerer
from paperchat.assistant.answering.llm import LLMAnswerer
from paperchat.assistant.answering.planner import ModelPlanner
from tests.conftest import make_settings


def no_embedding(texts: list[str]) -> list[list[float]]:
    raise AssertionError("making an answerer embeds nothing")


def test_every_backend_is_registered() -> None:
    assert set(ANSWERERS) == {"extractive", "openai", "openai-like", "local"}


def test_the_default_is_the_offline_extractive_answerer(tmp_path: Path) -> None:
    answerer = make_answerer(make_settings(tmp_path), no_embedding)
    assert isinstance(answerer, ExtractiveAnswerer) and answerer.min_relevance == 0.33


def test_an_openai_compatible_backend_wraps_its_model(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, answer={"backend": "openai-like", "base_url": "http://127.0.0.1:9/v1"})
    answerer = make_answerer(settings, no_embedding)
    assert isinstance(answerer, LLMAnswerer) and answerer.llm.api_base == "http://127.0.0.1:9/v1"


def test_a_backend_without_its_server_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(AnswererUnavailableError, match="needs PAPERCHAT_ANSWER__BASE_URL or OPENAI_BASE_URL") as raised:
        make_answerer(make_settings(tmp_path, answer={"backend": "openai-like"}), no_embedding)
    assert raised.value.setting == "PAPERCHAT_ANSWER__BASE_URL"
    with pytest.raises(AnswererUnavailableError, match="needs OPENAI_API_KEY") as raised:
        make_answerer(make_settings(tmp_path, answer={"backend": "openai"}, openai_api_key=None), no_embedding)
    assert raised.value.url == "https://api.openai.com/v1"


def test_the_llm_backends_read_questions_with_their_own_model_and_offline_the_rules_do(tmp_path: Path) -> None:
    assert make_planner(make_settings(tmp_path)) is None  # extractive: no model to ask
    answer = {"backend": "openai-like", "base_url": "http://127.0.0.1:9/v1", "model": "served", "plan_timeout": 3}
    planner = make_planner(make_settings(tmp_path, answer=answer))
    assert isinstance(planner, ModelPlanner) and planner.model == "served" and planner.timeout == 3
    assert str(planner.client.base_url).rstrip("/") == "http://127.0.0.1:9/v1"
    assert make_planner(make_settings(tmp_path, answer={**answer, "plan_with_model": False})) is None
