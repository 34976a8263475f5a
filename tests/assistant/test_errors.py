"""Errors a user can act on: each becomes one line that says what is wrong and, when it can, what to do."""

from __future__ import annotations

import sqlite3

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
    assert user_message(IndexMismatchError()) == "IndexMismatchError"
