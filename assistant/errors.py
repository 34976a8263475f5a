"""Errors a user can act on; shells print them as one line instead of a traceback."""

from __future__ import annotations

import sqlite3
import sys


class IndexMismatchError(RuntimeError):
    """The index was built with other settings than the ones in use now."""


class CatalogCorruptError(RuntimeError):
    """The paper catalog cannot be read."""


class StoreUnavailableError(RuntimeError):
    """The Chroma server cannot be reached."""


class QuestionError(ValueError):
    """The question cannot be asked as given (empty, too long, too many results asked for).

    `reason` is what the asker is told; the message adds the setting that sets the bound, for whoever runs paperchat
    (a CLI user does; a Slack or web user cannot change the server's settings and is told the reason alone)."""

    def __init__(self, reason: str, setting: str | None = None) -> None:
        super().__init__(f"{reason} ({setting})" if setting else reason)
        self.reason, self.setting = reason, setting


USER_ERRORS: tuple[type[Exception], ...] = (
    IndexMismatchError,
    CatalogCorruptError,
    StoreUnavailableError,
    QuestionError,
    # A catalog damaged after it was opened ("database disk image is malformed") surfaces from any query.
    sqlite3.DatabaseError,
)

REPAIR_HINT = "run `paperchat doctor --repair` (it keeps a copy of the damaged file)"


def user_message(error: BaseException) -> str:
    """One line for a USER_ERRORS error, with what to do about it when the error itself does not say."""
    text = " ".join(str(error).split()) or type(error).__name__
    if isinstance(error, sqlite3.DatabaseError):
        return f"the paper catalog cannot be read ({text}); {REPAIR_HINT}"
    if isinstance(error, CatalogCorruptError) and "doctor" not in text:
        return f"{text}; {REPAIR_HINT}"
    return text


def model_server_problem(error: BaseException) -> str | None:
    """One line for a failure of an OpenAI-compatible model server (unreachable, refused key or model), else None.

    The openai client raises these from deep inside any backend; they are the user's setup, not a bug."""
    openai = sys.modules.get("openai")  # never imported here: no openai error can exist before the client is
    if openai is None or not isinstance(error, openai.OpenAIError):
        return None
    text = " ".join(str(error).split()) or type(error).__name__
    request = getattr(error, "request", None)
    where = f" at {request.url}" if request is not None else ""
    if isinstance(error, openai.APIConnectionError):
        return (
            f"the model server{where} cannot be reached ({text}); is it running? Check OPENAI_BASE_URL, "
            "or unset PAPERCHAT_ANSWER__BACKEND for the offline answerer"
        )
    if isinstance(error, openai.APIStatusError):
        return (
            f"the model server{where} refused the request ({error.status_code}: {text}); check OPENAI_API_KEY "
            "and PAPERCHAT_ANSWER__MODEL"
        )
    return f"the model server client failed ({text}); check OPENAI_API_KEY and OPENAI_BASE_URL"
