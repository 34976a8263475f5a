"""Errors a user can act on: each becomes one line that says what is wrong and, when it can, what to do."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from paperchat.assistant.errors import (
    REPAIR_HINT,
    USER_ERRORS,
    CatalogCorruptError,
    IndexMismatchError,
    QuestionError,
    StoreUnavailableError,
    user_message,
)
from tests.conftest import make_settings


@pytest.mark.parametrize(
    "error",
    [
        IndexMismatchError("x"),
        CatalogCorruptError("x"),
        StoreUnavailableError("x"),
        QuestionError("x"),
        sqlite3.DatabaseError("x"),
    ],
)
def test_every_user_error_is_caught_as_one(error: Exception) -> None:
    assert isinstance(error, USER_ERRORS)


def test_a_programming_error_is_not_a_user_error() -> None:
    assert not isinstance(KeyError("x"), USER_ERRORS)


def test_a_mismatch_or_question_error_is_its_own_message_on_one_line() -> None:
    assert user_message(IndexMismatchError("index built with\n  another model")) == "index built with another model"
    assert user_message(QuestionError("the question is empty")) == "the question is empty"
    assert user_message(StoreUnavailableError("cannot reach chroma")) == "cannot reach chroma"


def test_a_damaged_catalog_read_says_how_to_repair() -> None:
    message = user_message(sqlite3.DatabaseError("database disk image is malformed"))
    assert message == f"the paper catalog cannot be read (database disk image is malformed); {REPAIR_HINT}"
    assert "paperchat doctor --repair" in message


def test_a_corrupt_catalog_gets_the_repair_hint_once() -> None:
    assert user_message(CatalogCorruptError("catalog.sqlite: not a database")).endswith(REPAIR_HINT)
    already = "catalog.sqlite is damaged; run paperchat doctor"
    assert user_message(CatalogCorruptError(already)) == already


def test_an_error_without_text_is_named_by_its_type() -> None:
    assert user_message(QuestionError()) == "QuestionError"


# --- the hierarchy, as a user meets it: `from paperchat import ...` --------------------------------------------------
def test_every_error_paperchat_exports_is_a_paperchat_error() -> None:
    import paperchat

    errors = [getattr(paperchat, name) for name in paperchat.__all__ if name.endswith("Error")]
    assert len(errors) == 9 and all(issubclass(error, paperchat.PaperchatError) for error in errors)
    assert issubclass(paperchat.IndexNotFoundError, FileNotFoundError)
    assert all(issubclass(e, ValueError) for e in (paperchat.QuestionError, paperchat.FiltersError,
                                                   paperchat.SettingsError))
    assert all(isinstance(error("x"), USER_ERRORS) for error in errors)  # every shell prints each as one line


def closed_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_an_unreachable_answer_server_is_an_error_naming_its_url_and_setting(tiny_index_dir: Path) -> None:
    import openai

    from paperchat import AnswererUnavailableError, Assistant, PaperchatError

    url = f"http://127.0.0.1:{closed_port()}/v1"
    settings = make_settings(tiny_index_dir, answer={"backend": "openai-like", "base_url": url, "model": "m"})
    assistant = Assistant.open(tiny_index_dir, settings)
    with pytest.raises(AnswererUnavailableError, match=f"the model server at {url} cannot be reached") as raised:
        assistant.ask("How fast do kelp forests grow?")
    assert raised.value.url == url and raised.value.setting == "PAPERCHAT_ANSWER__BASE_URL"
    assert "PAPERCHAT_ANSWER__BASE_URL" in str(raised.value)
    assert isinstance(raised.value.__cause__, openai.APIConnectionError)  # the client's own error, chained
    assert isinstance(raised.value, PaperchatError)


def test_a_missing_key_is_found_when_the_assistant_opens(tiny_index_dir: Path) -> None:
    from paperchat import AnswererUnavailableError, Assistant

    settings = make_settings(tiny_index_dir, answer={"backend": "openai"}, openai_api_key=None, openai_base_url=None)
    with pytest.raises(AnswererUnavailableError, match="needs OPENAI_API_KEY") as raised:
        Assistant.open(tiny_index_dir, settings)
    assert raised.value.setting == "OPENAI_API_KEY"


def test_an_unreachable_embedding_server_is_an_error_naming_its_url(tmp_path: Path) -> None:
    from paperchat import Assistant, EmbedderUnavailableError

    url = f"http://127.0.0.1:{closed_port()}/v1"
    embedding = {"backend": "openai", "base_url": url, "openai_model": "nomic-embed-text"}
    assistant = Assistant.open(tmp_path / "index", make_settings(tmp_path / "index", embedding=embedding))
    papers = tmp_path / "papers.jsonl"
    papers.write_text('{"title": "Kelp", "abstract": "Kelp forests grow fast."}\n')
    with pytest.raises(EmbedderUnavailableError, match=f"{url} cannot be reached.*PAPERCHAT_EMBEDDING__BASE_URL"):
        assistant.ingest(papers)
