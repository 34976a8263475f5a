"""Errors a user can act on; shells print them as one line instead of a traceback."""

from __future__ import annotations

from assistant.catalog import CatalogCorruptError
from assistant.manifest import IndexMismatchError
from assistant.store import StoreUnavailableError


class QuestionError(ValueError):
    """The question cannot be asked as given (empty, too long)."""


USER_ERRORS: tuple[type[Exception], ...] = (
    IndexMismatchError,
    CatalogCorruptError,
    StoreUnavailableError,
    QuestionError,
)
