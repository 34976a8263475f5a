"""Errors a user can act on, one hierarchy: `except paperchat.PaperchatError` catches every one of them.

Each says what is wrong and, when it can, what to do; shells print them as one line instead of a traceback. A
failure of a library underneath (the openai client, pydantic, a type error in an argument) is raised as one of
these with the original chained as `__cause__`, so nothing is lost for debugging.
"""

from __future__ import annotations

import difflib
import sqlite3
import sys
from collections.abc import Iterable


class PaperchatError(Exception):
    """The base of every error paperchat raises on purpose."""


class QuestionError(PaperchatError, ValueError):
    """The question cannot be asked as given: empty, too long, not text, a bad `k` or conversation history.

    `reason` is what the asker is told; the message adds the setting that sets the bound, for whoever runs paperchat
    (a CLI user does; a Slack or web user cannot change the server's settings and is told the reason alone)."""

    def __init__(self, reason: str = "", setting: str | None = None) -> None:
        super().__init__(f"{reason} ({setting})" if setting else reason)
        self.reason, self.setting = reason, setting


class FiltersError(PaperchatError, ValueError):
    """The filters are not valid: an unknown name, a wrong type, years the wrong way round, an unknown category."""


class SettingsError(PaperchatError, ValueError):
    """A setting has a bad value, or a PAPERCHAT_* variable names no setting."""


class IndexNotFoundError(PaperchatError, FileNotFoundError):
    """There is no index at the path; only `ingest` creates one."""


class IndexMismatchError(PaperchatError, RuntimeError):
    """The index was built with other settings (embedding model, chunking, format) than the ones in use now."""


class IndexBusyError(PaperchatError, RuntimeError):
    """Another process kept the index's write lock for longer than this one would wait for it."""


class CatalogCorruptError(PaperchatError, RuntimeError):
    """The paper catalog cannot be read."""


class StoreUnavailableError(PaperchatError, RuntimeError):
    """The Chroma server cannot be reached."""


class BackendUnavailableError(PaperchatError, RuntimeError):
    """A model backend cannot be used: `url` is where it was looked for, `setting` the setting that chooses it."""

    def __init__(self, message: str, url: str | None = None, setting: str | None = None) -> None:
        super().__init__(message)
        self.url = url
        self.setting = setting


class AnswererUnavailableError(BackendUnavailableError):
    """The answer model (OpenAI, an OpenAI-compatible server, a local GGUF) is not set up or cannot be reached."""


class EmbedderUnavailableError(BackendUnavailableError):
    """The embedding model (OpenAI or an OpenAI-compatible server) is not set up or cannot be reached."""


USER_ERRORS: tuple[type[Exception], ...] = (
    PaperchatError,
    # A catalog damaged after it was opened ("database disk image is malformed") surfaces from any query.
    sqlite3.DatabaseError,
)

REPAIR_HINT = "run `paperchat doctor --repair` (it keeps a copy of the damaged file)"


def unknown_name(what: str, name: str, valid: Iterable[str]) -> str:
    """"unknown filter 'yeer_from' (did you mean 'year_from'?); valid: author, ..., year_to": the message for a
    name that is not one of `valid`, with the closest valid name when one is close."""
    valid = list(valid)
    close = difflib.get_close_matches(name.lower(), [v.lower() for v in valid], n=1, cutoff=0.6)
    suggestion = next((f" (did you mean {v!r}?)" for v in valid if close and v.lower() == close[0]), "")
    return f"unknown {what} {name!r}{suggestion}; valid: {', '.join(sorted(valid))}"


def user_message(error: BaseException) -> str:
    """One line for a USER_ERRORS error, with what to do about it when the error itself does not say."""
    text = " ".join(str(error).split()) or type(error).__name__
    if isinstance(error, sqlite3.DatabaseError):
        return f"the paper catalog cannot be read ({text}); {REPAIR_HINT}"
    if isinstance(error, CatalogCorruptError) and "doctor" not in text:
        return f"{text}; {REPAIR_HINT}"
    return text


# What to check for each kind of model server: the model's setting, and how to do without the server.
SERVER_HINTS = {
    "answer": ("PAPERCHAT_ANSWER__MODEL", "or unset PAPERCHAT_ANSWER__BACKEND for the offline answerer"),
    "embedding": (
        "PAPERCHAT_EMBEDDING__OPENAI_MODEL",
        "or use the bundled model (PAPERCHAT_EMBEDDING__BACKEND=minilm, then `paperchat ingest --rebuild`)",
    ),
}


def model_server_problem(
    error: BaseException, url: str | None = None, setting: str | None = None, kind: str = "answer"
) -> str | None:
    """One line for a failure of an OpenAI-compatible model server (unreachable, refused key or model), else None.

    The openai client raises these from deep inside any backend; they are the user's setup, not a bug. `url` and
    `setting` name the server and the setting that points at it, when the caller knows them; `kind` is "answer"
    or "embedding"."""
    openai = sys.modules.get("openai")  # never imported here: no openai error can exist before the client is
    if openai is None or not isinstance(error, openai.OpenAIError):
        return None
    text = " ".join(str(error).split()) or type(error).__name__
    request = getattr(error, "request", None)
    where = f" at {url or request.url}" if url or request is not None else ""
    check = setting or "OPENAI_BASE_URL"
    model_setting, without = SERVER_HINTS[kind]
    if isinstance(error, openai.APIConnectionError):
        return f"the model server{where} cannot be reached ({text}); is it running? Check {check}, {without}"
    if isinstance(error, openai.APIStatusError):
        return (
            f"the model server{where} refused the request ({error.status_code}: {text}); check OPENAI_API_KEY "
            f"and {model_setting}"
        )
    return f"the model server client failed ({text}); check OPENAI_API_KEY and {check}"


def backend_failure(
    error: BaseException, kind: str, url: str | None, setting: str
) -> BackendUnavailableError | None:
    """The typed error for a model server's failure (raise it `from error`), or None when `error` is not one."""
    message = model_server_problem(error, url, setting, kind)
    if message is None:
        return None
    typed = AnswererUnavailableError if kind == "answer" else EmbedderUnavailableError
    return typed(message, url=url, setting=setting)
